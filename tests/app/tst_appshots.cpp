// The main window connected to a real demo server, light and dark, written to
// <build>/screenshots/ (next to tst_screenshots' views and dialogs) so people look at it.
#include "app/shell/appcontroller.h"
#include "app/settings/appearance.h"
#include "app/board/boardwidget.h"
#include "app/shell/connectdialog.h"
#include "app/item/itempanel.h"
#include "app/settings/adminpage.h"
#include "app/shell/mainwindow.h"
#include "app/settings/settingscontroller.h"
#include "app/settings/settingsdialog.h"
#include "core/models/inboxmodel.h"

#include <QTableWidget>
#include "core/client/memorytokenstore.h"
#include "core/client/syncclient.h"
#include "support/serverprocess.h"

#include <QDir>
#include <QFrame>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;

#ifndef TESSERA_SCREENSHOT_DIR
#define TESSERA_SCREENSHOT_DIR "screenshots"
#endif

class TstAppShots : public QObject
{
    Q_OBJECT

private:
    static void save(QWidget *widget, const QString &name, const QString &mode)
    {
        QTest::qWait(150);
        const QString file = QDir(QStringLiteral(TESSERA_SCREENSHOT_DIR)).filePath(QStringLiteral("%1-%2.png").arg(name, mode));
        QVERIFY2(widget->grab().save(file), qPrintable(file));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir().mkpath(QStringLiteral(TESSERA_SCREENSHOT_DIR)));
    }

    void mainWindow_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("light") << QStringLiteral("light");
        QTest::newRow("dark") << QStringLiteral("dark");
    }

    void mainWindow()
    {
        QFETCH(QString, mode);
        App::Appearance::apply(App::Appearance::modeFromName(mode));
        Test::ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        QTemporaryDir dir;
        Core::MemoryTokenStore tokens;
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        App::AppController app({ dir.path(), &tokens, &settings });
        App::MainWindow window(&app);
        window.resize(1360, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        app.connectTo(server.url(), QStringLiteral("ben"), QStringLiteral("tessera-demo"));
        QTRY_VERIFY_WITH_TIMEOUT(window.boardWidget() && window.boardWidget()->store()->confirmed().seq > 0, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(app.sync()->state() == Core::SyncClient::State::Live, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(app.sync()->inbox()->rowCount() > 0, 10000); // ana's demo comment mentions ben
        save(&window, QStringLiteral("main-table"), mode);

        window.boardWidget()->setView(App::BoardWidget::View::Kanban);
        save(&window, QStringLiteral("main-kanban"), mode);
        window.boardWidget()->setView(App::BoardWidget::View::Calendar);
        save(&window, QStringLiteral("main-calendar"), mode);

        window.showInbox();
        QTRY_VERIFY(window.inboxPopup()->isVisible());
        save(window.inboxPopup(), QStringLiteral("main-inbox"), mode);
        window.inboxPopup()->hide();

        const QString itemId = app.sync()->inbox()->index(0, 0).data(Core::InboxModel::ItemIdRole).toString();
        window.boardWidget()->setView(App::BoardWidget::View::Table);
        window.boardWidget()->openItem(itemId);
        save(&window, QStringLiteral("main-item"), mode);

        App::SettingsDialog *dialog = window.settingsController()->open();
        save(dialog, QStringLiteral("main-settings"), mode);
        dialog->close();

        app.signOut();
        QTRY_VERIFY_WITH_TIMEOUT(window.connectDialog() && window.connectDialog()->isVisible(), 10000);
        save(window.connectDialog(), QStringLiteral("connect-dialog"), mode);
        window.connectDialog()->close();
    }

    void adminSettings_data() { mainWindow_data(); }

    void adminSettings()
    {
        QFETCH(QString, mode);
        App::Appearance::apply(App::Appearance::modeFromName(mode));
        Test::ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        QTemporaryDir dir;
        Core::MemoryTokenStore tokens;
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        App::AppController app({ dir.path(), &tokens, &settings });
        App::MainWindow window(&app);
        window.show();
        app.connectTo(server.url(), QStringLiteral("ana"), QStringLiteral("tessera-demo"));
        QTRY_VERIFY_WITH_TIMEOUT(window.boardWidget() && app.sync()->state() == Core::SyncClient::State::Live, 15000);
        App::SettingsDialog *dialog = window.settingsController()->open();
        dialog->showPage(App::SettingsDialog::Admin);
        // the admin API answers: users, then connected clients and board activity
        const auto *admin = dialog->findChild<App::AdminPage *>();
        QVERIFY(admin);
        QTRY_VERIFY_WITH_TIMEOUT(admin->usersTable()->rowCount() >= 3 && admin->boardsTable()->rowCount() >= 1, 10000);
        save(dialog, QStringLiteral("main-admin"), mode);
        dialog->close();
    }
};

QTEST_MAIN(TstAppShots)
#include "tst_appshots.moc"
