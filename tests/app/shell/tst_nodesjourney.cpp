// A server with several nodes through the real app (#16, item 4): the Server field takes
// a comma-separated list, a dead first node is passed by, the connection's tooltip names
// the node in use, and Settings edits the list of the server in use. Real input on the
// real widgets; the real server behind a FrameProxy and a port nobody listens on.
#include "support/appjourney.h"
#include "support/frameproxy.h"

#include "app/board/connectionindicator.h"
#include "app/settings/settingscontroller.h"
#include "app/settings/settingsdialog.h"

#include <QTcpServer>
#include <QToolButton>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

QString nodeText(quint16 port)
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port);
}

quint16 closedPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 1;
}

// Replaces a line edit's text the way a person does: click, select all, type.
void retype(QLineEdit *edit, const QString &text)
{
    QTest::mouseClick(edit, Qt::LeftButton);
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(edit, text);
}

} // namespace

class TstNodesJourney : public JourneySuite
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
    }

    void signInWithADeadFirstNode()
    {
        const quint16 dead = closedPort();
        const QString live = nodeText(m_server.port());
        const QString typed = nodeText(dead) + QStringLiteral(", ") + live;
        Person ana;
        // Any backoff would outlast the test: the board opening proves none was waited.
        connect(&ana.app, &App::AppController::syncClientChanged, this,
                [](Core::SyncClient *sync) { sync->setBackoffLimits(120000, 120000, 120000); });

        // What --server does with the list: the health check goes on to the node that answers.
        QSignalSpy checked(&ana.window, &App::MainWindow::connectionChecked);
        ana.window.setServer(Core::ServerList({ QUrl(nodeText(dead)), QUrl(live) }));
        QVERIFY(checked.wait(15000));
        QCOMPARE(checked.first().at(0).toBool(), true);

        QVERIFY(signIn(ana, QStringLiteral("ana"), typed));
        QVERIFY(ana.live());
        QCOMPARE(ana.sync()->currentServer(), QUrl(live));
        QCOMPARE(ana.app.server(), QUrl(nodeText(dead))); // the first names the server
        const QString connectedTo = QStringLiteral("Connected to 127.0.0.1:%1").arg(m_server.port());
        QVERIFY2(ana.board()->connectionIndicator()->details().contains(connectedTo),
                 qPrintable(ana.board()->connectionIndicator()->details()));
        // Remembered as one server, every node in order.
        QCOMPARE(ana.app.knownServers().value(0), nodeText(dead) + QLatin1Char(',') + live);
        QCOMPARE(ana.app.lastServers().size(), 2);

        // Settings: the list of the server in use, one line; a bad entry is named, the first
        // address cannot change, a third node is taken at once.
        clickButton(&ana.window, QStringLiteral("settingsButton"));
        App::SettingsDialog *settings = ana.window.settingsController()->dialog();
        QVERIFY(settings);
        QTRY_VERIFY(settings->isVisible());
        QLineEdit *addresses = settings->serverAddressesEdit();
        QCOMPARE(addresses->text(), nodeText(dead) + QLatin1Char(',') + live);
        QCOMPARE(addresses->accessibleName(), QStringLiteral("Server addresses"));
        retype(addresses, nodeText(dead) + QStringLiteral(",not a host"));
        clickButton(settings, QStringLiteral("saveServerAddresses"));
        QVERIFY2(settings->serverAddressesMessage().contains(QStringLiteral("\"not a host\"")),
                 qPrintable(settings->serverAddressesMessage()));
        retype(addresses, live);
        clickButton(settings, QStringLiteral("saveServerAddresses"));
        QVERIFY2(settings->serverAddressesMessage().contains(QStringLiteral("first address")),
                 qPrintable(settings->serverAddressesMessage()));
        QCOMPARE(ana.sync()->servers().size(), 2);

        FrameProxy third(m_server.port());
        QVERIFY(third.listen());
        retype(addresses, nodeText(dead) + QLatin1Char(',') + live + QStringLiteral(",127.0.0.1:") + QString::number(third.port()));
        QTest::keyClick(addresses, Qt::Key_Return);
        QVERIFY2(settings->serverAddressesMessage().contains(QStringLiteral("Saved")), qPrintable(settings->serverAddressesMessage()));
        QCOMPARE(ana.sync()->servers().size(), 3);
        QCOMPARE(ana.sync()->servers().at(2), QUrl(nodeText(third.port()))); // the server's scheme
        QCOMPARE(ana.sync()->currentServer(), QUrl(live)); // still on the node in use
        QCOMPARE(ana.app.knownServers().size(), 1); // the same server, its new list
        QCOMPARE(ana.app.knownServers().first(), ana.sync()->servers().toText());
        QCOMPARE(ana.sync()->state(), Core::SyncClient::State::Live);
        settings->close();
    }

    void aBadEntryIsNamedInTheConnectDialog()
    {
        Person ben;
        ben.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&ben.window));
        ben.window.showConnectDialog();
        QTRY_VERIFY(ben.window.connectDialog() && ben.window.connectDialog()->isVisible());
        App::ConnectDialog *dialog = ben.window.connectDialog();
        retype(dialog->serverBox()->lineEdit(), nodeText(m_server.port()) + QStringLiteral(",,127.0.0.1:1"));
        retype(dialog->loginEdit(), QStringLiteral("ben"));
        retype(dialog->passwordEdit(), DemoPassword);
        QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
        QVERIFY2(dialog->message().contains(QStringLiteral("2 of 3 is empty")), qPrintable(dialog->message()));
        retype(dialog->serverBox()->lineEdit(), QStringLiteral("127.0.0.1:1, ftp://x"));
        QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
        QVERIFY2(dialog->message().contains(QStringLiteral("\"ftp://x\"")), qPrintable(dialog->message()));
        QVERIFY(!ben.sync()); // nothing was tried
    }
};

QTEST_MAIN(TstNodesJourney)
#include "tst_nodesjourney.moc"
