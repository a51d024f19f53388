// The main window opens offscreen and reports the real server's health.
#include "app/mainwindow.h"
#include "support/serverprocess.h"

#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>

using namespace Tessera;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void opens()
    {
        App::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QStringLiteral("Tessera"));
        QVERIFY(window.findChild<QListWidget *>(QStringLiteral("boardList")));
        QCOMPARE(window.connectionText(), QStringLiteral("Offline"));
    }

    void reportsServerReachableThenOffline()
    {
        Test::ServerProcess server;
        QVERIFY(server.start());
        App::MainWindow window;
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
        QVERIFY(server.addUser(QStringLiteral("ana"), QStringLiteral("password-1")));
        QVERIFY(server.start());
        const QUrl api = server.url();
        const auto login = Test::httpRequest("POST", api.resolved(QUrl(QStringLiteral("/api/v1/login"))),
                                             R"({"login":"ana","password":"password-1"})");
        const QByteArray token = login.json().value(QStringLiteral("token")).toString().toLatin1();
        QCOMPARE(Test::httpRequest("POST", api.resolved(QUrl(QStringLiteral("/api/v1/boards"))), R"({"name":"Launch plan"})", token).status, 201);

        App::MainWindow window;
        window.show();
        QSignalSpy shown(&window, &App::MainWindow::boardsShown);
        window.setServer(api);
        window.signIn(QStringLiteral("ana"), QStringLiteral("wrong password"));
        QVERIFY(shown.wait(10000));
        QCOMPARE(shown.takeFirst().at(0).toInt(), -1);
        QVERIFY(window.connectionText().startsWith(QStringLiteral("Not signed in")));
        window.signIn(QStringLiteral("ana"), QStringLiteral("password-1"));
        QVERIFY(shown.wait(10000));
        QCOMPARE(shown.takeFirst().at(0).toInt(), 1);
        QCOMPARE(window.boardNames(), QStringList { QStringLiteral("Launch plan") });
        QVERIFY(window.connectionText().contains(QStringLiteral("Signed in as ana")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
