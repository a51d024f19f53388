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
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
