// The main window opens offscreen, reports the real server's health and signs in through
// the AppController (real SyncClient, temp cache, in-memory tokens).
#include "app/shell/appcontroller.h"
#include "app/board/boardwidget.h"
#include "app/item/itempanel.h"
#include "app/shell/connectdialog.h"
#include "app/shell/localserver.h"
#include "app/platform/sessiontokenstore.h"
#include "app/shell/mainwindow.h"
#include "core/models/boardstore.h"
#include "core/client/memorytokenstore.h"
#include "support/serverprocess.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QLabel>
#include <QScreen>
#include <QListWidget>
#include <QPointer>
#include <QSignalSpy>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QDir>
#include <QFileInfo>

using namespace Tessera;

namespace {
// A keychain that is not there (as under xvfb without a Secret Service).
class NoKeychain final : public Core::TokenStore
{
public:
    void read(const QString &, ReadDone done) override { done(std::nullopt, QStringLiteral("no keychain")); }
    void write(const QString &, const QString &, WriteDone done = {}) override
    {
        if (done)
            done(false, QStringLiteral("no keychain"));
    }
    void remove(const QString &, WriteDone done = {}) override
    {
        if (done)
            done(false, QStringLiteral("no keychain"));
    }
};

struct Session
{
    QTemporaryDir dir;
    Core::MemoryTokenStore tokens;
    QSettings settings { dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat };
    App::AppController app { { dir.path(), &tokens, &settings } };
};
}

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void opens()
    {
        Session s;
        App::MainWindow window(&s.app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QStringLiteral("Tessera"));
        QVERIFY(window.findChild<QListWidget *>(QStringLiteral("boardList")));
        QCOMPARE(window.connectionText(), QStringLiteral("Not connected"));
        // The welcome page reopens the Connect dialog (e.g. after it was cancelled).
        auto *connectButton = window.findChild<QPushButton *>(QStringLiteral("welcomeConnect"));
        QVERIFY(connectButton);
        QTest::mouseClick(connectButton, Qt::LeftButton);
        QTRY_VERIFY(window.connectDialog() && window.connectDialog()->isVisible());
        window.connectDialog()->reject();
    }

    void reportsServerReachableThenOffline()
    {
        Test::ServerProcess server;
        QVERIFY(server.start());
        Session s;
        App::MainWindow window(&s.app);
        QSignalSpy checked(&window, &App::MainWindow::connectionChecked);
        window.setServer(server.url());
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.takeFirst().at(0).toBool(), true);
        QVERIFY(window.connectionText().contains(QStringLiteral("reachable")));
        server.stop();
        window.setServer(server.url());
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.takeFirst().at(0).toBool(), false);
        QVERIFY(window.connectionText().startsWith(QStringLiteral("Offline")));
    }

    void signsInAndListsBoards()
    {
        Test::ServerProcess server;
        QVERIFY(server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        QVERIFY(server.start());
        const QUrl api = server.url();
        const auto login = Test::httpRequest("POST", api.resolved(QUrl(QStringLiteral("/api/v1/login"))),
                                             R"({"login":"ana","password":"tessera-test-pass"})");
        const QByteArray token = login.json().value(QStringLiteral("token")).toString().toLatin1();
        QCOMPARE(Test::httpRequest("POST", api.resolved(QUrl(QStringLiteral("/api/v1/boards"))), R"({"name":"Launch plan"})", token).status, 201);

        Session s;
        App::MainWindow window(&s.app);
        window.show();
        QSignalSpy shown(&window, &App::MainWindow::boardsShown);
        window.setServer(api);
        window.signIn(QStringLiteral("ana"), QStringLiteral("wrong password"));
        QVERIFY(shown.wait(10000));
        QCOMPARE(shown.takeFirst().at(0).toInt(), -1);
        QVERIFY(window.connectionText().startsWith(QStringLiteral("Not signed in")));
        window.signIn(QStringLiteral("ana"), QStringLiteral("tessera-test-pass"));
        QVERIFY(shown.wait(10000));
        QCOMPARE(shown.takeFirst().at(0).toInt(), 1);
        QCOMPARE(window.boardNames(), QStringList { QStringLiteral("Launch plan") });
        QVERIFY(window.connectionText().contains(QStringLiteral("Signed in as ana")));
        QTRY_VERIFY(window.boardWidget()); // the first board opens
        QCOMPARE(s.app.knownServers(), QStringList { api.toString() }); // remembered, never the token
        QVERIFY(!s.settings.allKeys().join(QLatin1Char(' ')).contains(QStringLiteral("token")));
    }

    void tokenKeptInMemoryWhenNoKeychain()
    {
        App::SessionTokenStore store(std::make_unique<NoKeychain>());
        QStringList told;
        store.setKeychainUnavailableHandler([&told](const QString &error) { told << error; });
        store.write(QStringLiteral("http://a"), QStringLiteral("secret-1"));
        store.write(QStringLiteral("http://a"), QStringLiteral("secret-2"));
        QCOMPARE(told, QStringList { QStringLiteral("no keychain") }); // said once
        QVERIFY(!store.keychainAvailable());
        std::optional<QString> read;
        store.read(QStringLiteral("http://a"), [&read](std::optional<QString> secret, const QString &) { read = secret; });
        QCOMPARE(read.value_or(QString()), QStringLiteral("secret-2"));
        store.remove(QStringLiteral("http://a"));
        store.read(QStringLiteral("http://a"), [&read](std::optional<QString> secret, const QString &) { read = secret; });
        QVERIFY(!read);
    }

    void runsALocalServerAndSignsIn()
    {
        QStandardPaths::setTestModeEnabled(true);
        QDir(App::LocalServer::defaultDataDir()).removeRecursively();
        QVERIFY(!App::LocalServer::binary().isEmpty()); // TESSERA_SERVER_BIN
        Session s;
        App::MainWindow window(&s.app);
        window.show();
        window.showConnectDialog();
        QTRY_VERIFY(window.connectDialog() && window.connectDialog()->isVisible());
        QVERIFY(window.connectDialog()->localButton()->isEnabled());
        QTest::mouseClick(window.connectDialog()->localButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.boardWidget(), 30000);
        QCOMPARE(s.app.server().host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(s.app.user().login, QStringLiteral("ana"));
        QCOMPARE(window.boardNames(), QStringList { QStringLiteral("Product launch") });
        QVERIFY(window.localServer()->isRunning());
        QVERIFY(QFileInfo::exists(App::LocalServer::defaultDataDir()));
        window.localServer()->stop(); // what quitting the app does (its destructor)
        QVERIFY(!window.localServer()->isRunning());
        QDir(App::LocalServer::defaultDataDir()).removeRecursively();
    }

    void resumeWithoutStoredTokenOffersTheConnectDialog()
    {
        Test::ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        Session s;
        App::MainWindow window(&s.app);
        window.show();
        s.app.resume(server.url());
        QTRY_VERIFY_WITH_TIMEOUT(window.connectDialog() && window.connectDialog()->isVisible(), 10000);
    }

    void resumeWithStoredTokenSignsInWithoutDialog()
    {
        Test::ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        QTemporaryDir dir;
        Core::MemoryTokenStore tokens;
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        {
            App::AppController first({ dir.path(), &tokens, &settings });
            App::MainWindow window(&first);
            first.connectTo(server.url(), QStringLiteral("cy"), QStringLiteral("tessera-demo"));
            QTRY_VERIFY_WITH_TIMEOUT(window.boardWidget(), 10000);
        }
        // A restart: a new controller over the same token store and settings.
        App::AppController again({ dir.path(), &tokens, &settings });
        App::MainWindow window(&again);
        window.show();
        QCOMPARE(again.lastServer(), server.url());
        again.resume(again.lastServer());
        QTRY_VERIFY_WITH_TIMEOUT(window.boardWidget(), 10000);
        QVERIFY(!window.connectDialog());
        QCOMPARE(again.user().login, QStringLiteral("cy"));
    }

    // First run as a newcomer: --server fills the Server field, "host:port" without a
    // scheme works (https tried first, then http with a warning), nothing claims a
    // connection or offers boards before signing in, and the dialog sits on the screen.
    void firstRunTakesHostAndPortAndShowsNothingBeforeSignIn()
    {
        Test::ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        Session s;
        App::MainWindow window(&s.app);
        window.resize(1024, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *indicator = window.findChild<QWidget *>(QStringLiteral("connectionIndicator"));
        QVERIFY(indicator);
        QVERIFY(!indicator->isVisible()); // no "Offline" before there is a connection
        auto *welcome = window.findChild<QLabel *>(QStringLiteral("welcomeText"));
        QVERIFY(welcome && !welcome->text().contains(QStringLiteral("Choose a board")));

        window.setServer(server.url()); // what --server URL does
        s.app.resume(server.url()); // no stored token: the dialog
        QTRY_VERIFY_WITH_TIMEOUT(window.connectDialog() && window.connectDialog()->isVisible(), 10000);
        App::ConnectDialog *dialog = window.connectDialog();
        QCOMPARE(dialog->serverText(), server.url().toString());
        const QRect screen = window.screen()->availableGeometry();
        QVERIFY2(screen.contains(dialog->frameGeometry()), "the dialog is clipped by the screen");
        QVERIFY(qAbs(dialog->frameGeometry().center().x() - window.frameGeometry().center().x()) <= 2);

        // Type host:port, no scheme.
        QLineEdit *serverEdit = dialog->serverBox()->lineEdit();
        QTest::mouseClick(serverEdit, Qt::LeftButton);
        serverEdit->selectAll();
        QTest::keyClick(serverEdit, Qt::Key_Backspace);
        QTest::keyClicks(serverEdit, QStringLiteral("127.0.0.1:%1").arg(server.port()));
        QTest::mouseClick(dialog->loginEdit(), Qt::LeftButton);
        dialog->loginEdit()->selectAll();
        QTest::keyClicks(dialog->loginEdit(), QStringLiteral("ben"));
        QTest::mouseClick(dialog->passwordEdit(), Qt::LeftButton);
        QTest::keyClicks(dialog->passwordEdit(), QStringLiteral("tessera-demo"));
        QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.boardWidget(), 15000);
        QCOMPARE(s.app.server().scheme(), QStringLiteral("http"));
        QCOMPARE(s.app.user().login, QStringLiteral("ben"));
        QVERIFY(welcome->text().contains(QStringLiteral("Choose a board")) || window.boardWidget()->isVisible());
    }

    // The window works at 1024x768 with the item panel open: nothing demands more width,
    // and the panel, the views and the toolbar all get their room.
    void fitsA1024ScreenWithThePanelOpen()
    {
        Test::ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        Session s;
        App::MainWindow window(&s.app);
        window.resize(1024, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        s.app.connectTo(server.url(), QStringLiteral("ana"), QStringLiteral("tessera-demo"));
        QTRY_VERIFY_WITH_TIMEOUT(window.boardWidget() && window.boardWidget()->store()->itemCount() > 0, 15000);
        App::BoardWidget *board = window.boardWidget();
        board->openItem(board->store()->itemIds().first());
        for (const auto view : { App::BoardWidget::View::Table, App::BoardWidget::View::Kanban, App::BoardWidget::View::Calendar,
                                 App::BoardWidget::View::Dashboard }) {
            board->setView(view);
            QTRY_VERIFY(board->itemPanel()->isVisible());
            QVERIFY2(window.minimumSizeHint().width() <= 960, // room for wider fonts than offscreen has
                     qPrintable(QStringLiteral("minimum width %1 in view %2").arg(window.minimumSizeHint().width()).arg(int(view))));
            QVERIFY2(window.minimumSizeHint().height() <= 740,
                     qPrintable(QStringLiteral("minimum height %1").arg(window.minimumSizeHint().height())));
            QCOMPARE(window.width(), 1024);
            QVERIFY(board->itemPanel()->width() >= board->itemPanel()->minimumWidth());
            // Every toolbar control is inside the board's width, none pushed out of sight.
            for (QWidget *control : board->findChildren<QAbstractButton *>()) {
                if (control->isVisible() && control->parentWidget() == board)
                    QVERIFY2(board->rect().contains(QRect(control->mapTo(board, QPoint(0, 0)), control->size())),
                             qPrintable(control->toolTip()));
            }
        }
    }

    void connectDialogSignsInAndSignOutBringsItBack()
    {
        Test::ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        Session s;
        App::MainWindow window(&s.app);
        window.show();
        window.showConnectDialog();
        App::ConnectDialog *dialog = window.connectDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->setServer(server.url().toString());
        dialog->loginEdit()->setText(QStringLiteral("ben"));
        dialog->passwordEdit()->setText(QStringLiteral("wrong"));
        QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->message().isEmpty() && dialog->connectButton()->isEnabled(), 10000);
        dialog->passwordEdit()->setText(QStringLiteral("tessera-demo"));
        QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window.connectDialog(), 10000); // accepted and gone
        QTRY_VERIFY_WITH_TIMEOUT(window.boardWidget(), 10000);
        // The board view (and its models) must go while the store it shows still exists:
        // sign-out used to destroy the store first (a use-after-free found by ASan).
        QPointer<Core::BoardStore> store(window.boardWidget()->store());
        bool storeAliveWhenViewWent = false;
        connect(window.boardWidget(), &QObject::destroyed, this, [&] { storeAliveWhenViewWent = !store.isNull(); });
        s.app.signOut();
        QVERIFY(storeAliveWhenViewWent);
        QTRY_VERIFY_WITH_TIMEOUT(window.connectDialog() && window.connectDialog()->isVisible(), 10000);
        QVERIFY(!window.boardWidget());
        QCOMPARE(window.boardNames(), QStringList());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
