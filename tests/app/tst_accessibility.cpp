// The accessibility tree: what screen readers and GUI automation (AT-SPI) see of the
// app. Walks the QAccessible tree of the main window in every view, with the item panel
// open, and of the dialogs, and fails on any interactive control without a name; cards,
// cells, calendar chips and inbox rows must expose their text.
#include "support/appjourney.h"

#include "app/shell/appcontroller.h"
#include "app/board/boardwidget.h"
#include "app/calendar/calendargrid.h"
#include "app/calendar/calendarview.h"
#include "app/shell/connectdialog.h"
#include "app/inbox/inboxview.h"
#include "app/item/itempanel.h"
#include "app/shell/mainwindow.h"
#include "app/inbox/notificationbell.h"
#include "app/settings/settingscontroller.h"
#include "app/settings/settingsdialog.h"

#include <QAccessible>
#include <QMetaEnum>
#include <QListView>
#include <QSettings>

using namespace Tessera;
using namespace Tessera::Test;

class TstAccessibility : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
    }

    void everyControlOfTheMainWindowHasAName()
    {
        QTemporaryDir dir;
        Core::MemoryTokenStore tokens;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        App::AppController app({ dir.path(), &tokens, &settings });
        App::MainWindow window(&app);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Before signing in, and the Connect dialog.
        QStringList problems; // every unnamed control, all reported at the end
        const auto check = [&problems](const QString &where, const AccessibleWalk &w) {
            for (const QString &u : w.unnamed)
                problems.append(where + QStringLiteral(": ") + u);
        };
        check(QStringLiteral("before sign-in"), walkWindow(&window));
        window.showConnectDialog();
        QTRY_VERIFY(window.connectDialog() && window.connectDialog()->isVisible());
        check(QStringLiteral("connect dialog"), walkWindow(window.connectDialog()));
        window.connectDialog()->reject();

        app.connectTo(m_server.url(), QStringLiteral("ana"), DemoPassword);
        QTRY_VERIFY_WITH_TIMEOUT(window.boardWidget() && window.boardWidget()->store()->confirmed().seq > 0, 15000);
        App::BoardWidget *board = window.boardWidget();
        QString id; // an item with a date, so the calendar shows it too
        for (const QString &candidate : board->store()->itemIds())
            if (id.isEmpty() && board->store()->item(candidate)->fields.contains(QStringLiteral("due")))
                id = candidate;
        QVERIFY(!id.isEmpty());
        const QString title = board->store()->item(id)->fields.value(QStringLiteral("title")).toString();
        board->openItem(id);
        // Something in the inbox: a mention from ben.
        Peer ben;
        Core::SyncClient *b = ben.make(m_server.url());
        QVERIFY(Test::signIn(b, QStringLiteral("ben")));
        b->openBoard(window.currentBoardId());
        QTRY_VERIFY_WITH_TIMEOUT(b->board(window.currentBoardId())->confirmed().seq > 0, 10000);
        b->submit(window.currentBoardId(), { Core::OpKind::CommentCreate,
                                             { { QStringLiteral("itemId"), id },
                                               { QStringLiteral("commentId"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                                               { QStringLiteral("body"), QStringLiteral("@ana have a look") } } });
        QTRY_VERIFY_WITH_TIMEOUT(window.bell()->unreadCount() > 0, 10000);
        QTRY_VERIFY(!board->itemPanel()->commentHtml().isEmpty());

        for (const auto view : { App::BoardWidget::View::Table, App::BoardWidget::View::Kanban, App::BoardWidget::View::Calendar,
                                 App::BoardWidget::View::Dashboard }) {
            board->setView(view);
            QTRY_VERIFY(board->itemPanel()->isVisible());
            if (view == App::BoardWidget::View::Calendar) { // the month that shows the item's date, if it has one
                if (const auto due = Core::dateOf(board->store()->item(id)->fields.value(QStringLiteral("due"))))
                    board->calendarView()->setDate(*due);
            }
            AccessibleWalk w = walkWindow(&window);
            check(QStringLiteral("view %1").arg(int(view)), w);
            // The item's text is there for a screen reader: as a cell, a card or a calendar chip,
            // and in the panel (the Dashboard lists only overdue items).
            if (view != App::BoardWidget::View::Dashboard && w.names.filter(title).size() < 2)
                problems.append(QStringLiteral("view %1: the item's title is not exposed as a cell, card or chip").arg(int(view)));
        }

        // The inbox popup's rows read as their text.
        QTest::mouseClick(window.bell(), Qt::LeftButton);
        QTRY_VERIFY(window.inboxPopup()->isVisible());
        AccessibleWalk inbox = walkWindow(window.inboxPopup());
        check(QStringLiteral("inbox"), inbox);
        if (inbox.names.filter(QStringLiteral("have a look")).isEmpty())
            problems.append(QStringLiteral("inbox: rows do not expose their text: ") + inbox.names.join(QLatin1Char('|')));
        window.inboxPopup()->hide();

        // Every page of the settings dialog (the admin page too: ana is a server admin).
        App::SettingsDialog *settingsDialog = window.settingsController()->open();
        QVERIFY(settingsDialog);
        QTRY_VERIFY(settingsDialog->isVisible());
        for (const auto page : { App::SettingsDialog::General, App::SettingsDialog::Notifications, App::SettingsDialog::AppearancePage,
                                 App::SettingsDialog::Account, App::SettingsDialog::Admin }) {
            settingsDialog->showPage(page);
            check(QStringLiteral("settings page %1").arg(int(page)), walkWindow(settingsDialog));
        }
        settingsDialog->close();
        problems.removeDuplicates();
        for (const QString &p : std::as_const(problems))
            qWarning("unnamed: %s", qPrintable(p));
        QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 accessibility problems, listed above").arg(problems.size())));
    }
};

QTEST_MAIN(TstAccessibility)
#include "tst_accessibility.moc"
