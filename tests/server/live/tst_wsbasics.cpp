// WebSocket live plane basics against the real server: hello/welcome, auth and protocol
// close codes, the hello deadline, malformed/oversized frames and floods, mutate over
// WebSocket, heads, Origin, session revocation, and the SIGTERM close frame.
#include "support/wsclient.h"

#include <QNetworkRequest>

using namespace Tessera::Test;

class TestWsBasics : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    QByteArray m_ana;
    QString m_board;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("TESSERA_WS_HELLO_TIMEOUT_MS", "400");
        qputenv("TESSERA_WS_RATE_PER_SECOND", "20");
        qputenv("TESSERA_WS_RATE_BURST", "40");
        qputenv("TESSERA_WS_PING_INTERVAL_MS", "300");
        qputenv("TESSERA_WS_PONG_TIMEOUT_MS", "300");
        QVERIFY(m_server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.addUser(QStringLiteral("root"), QStringLiteral("tessera-test-pass"), true));
        QVERIFY(m_server.start());
        m_ana = BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass"));
        QVERIFY(!m_ana.isEmpty());
        m_board = BoardClient(&m_server, m_ana).createBoard(QStringLiteral("Basics"));
        QVERIFY(!m_board.isEmpty());
    }

    void helloWelcome()
    {
        WsClient c;
        const QJsonObject welcome = c.connectAs(m_server.url(), m_ana);
        QCOMPARE(frameType(welcome), QStringLiteral("welcome"));
        QCOMPARE(welcome.value(QStringLiteral("protocol")).toInt(), 1);
        QCOMPARE(welcome.value(QStringLiteral("user")).toObject().value(QStringLiteral("login")).toString(), QStringLiteral("ana"));
        QCOMPARE(welcome.value(QStringLiteral("limits")).toObject().value(QStringLiteral("maxMessageBytes")).toInt(), 262144);
    }

    void badTokenCloses4001()
    {
        WsClient c;
        const QJsonObject reply = c.connectAs(m_server.url(), "not-a-token");
        QCOMPARE(reply.value(QStringLiteral("code")).toString(), QStringLiteral("auth.invalid_token"));
        QVERIFY(c.waitClosed());
        QCOMPARE(c.closeCode(), 4001);
    }

    void anythingBeforeHelloCloses4001()
    {
        WsClient c;
        QVERIFY(c.open(m_server.url()));
        c.send({ { QStringLiteral("type"), QStringLiteral("heads") }, { QStringLiteral("streams"), QJsonArray() } });
        QCOMPARE(c.waitType(QStringLiteral("error")).value(QStringLiteral("code")).toString(), QStringLiteral("auth.required"));
        QVERIFY(c.waitClosed());
        QCOMPARE(c.closeCode(), 4001);
    }

    void wrongProtocolCloses4002()
    {
        WsClient c;
        QVERIFY(c.open(m_server.url()));
        c.hello(m_ana, 2);
        QVERIFY(c.waitClosed());
        QCOMPARE(c.closeCode(), 4002);
    }

    void noHelloInTimeCloses()
    {
        WsClient c;
        QVERIFY(c.open(m_server.url()));
        QVERIFY(c.waitClosed(5000));
        QCOMPARE(c.closeCode(), 4001);
    }

    void peerThatNeverPongsIsDropped()
    {
        RawWsClient silent; // never answers pings
        QVERIFY(silent.open(m_server.url(), 0));
        silent.send({ { QStringLiteral("type"), QStringLiteral("hello") }, { QStringLiteral("protocol"), 1 },
                      { QStringLiteral("token"), QString::fromLatin1(m_ana) } });
        QCOMPARE(frameType(silent.waitType(QStringLiteral("welcome"))), QStringLiteral("welcome"));
        WsClient polite; // QWebSocket answers pings by itself
        QCOMPARE(frameType(polite.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        QVERIFY(silent.waitDisconnected(5000));
        QVERIFY(polite.isOpen());
    }

    void malformedKeepsConnectionOversizedCloses()
    {
        WsClient other;
        QCOMPARE(frameType(other.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        WsClient c;
        QCOMPARE(frameType(c.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        c.sendRaw(QStringLiteral("this is not json"));
        QCOMPARE(c.waitType(QStringLiteral("error")).value(QStringLiteral("code")).toString(), QStringLiteral("request.malformed"));
        c.sendRaw(QStringLiteral("{\"type\":\"warp\"}"));
        QCOMPARE(c.waitType(QStringLiteral("error")).value(QStringLiteral("code")).toString(), QStringLiteral("request.unknown_value"));
        // still usable
        const QJsonObject heads = c.request({ { QStringLiteral("type"), QStringLiteral("heads") },
                                              { QStringLiteral("streams"), QJsonArray { QStringLiteral("inbox") } } });
        QCOMPARE(frameType(heads), QStringLiteral("heads"));
        // oversized: error and 4009
        c.sendRaw(QStringLiteral("{\"type\":\"heads\",\"x\":\"%1\"}").arg(QString(300 * 1024, QLatin1Char('a'))));
        QCOMPARE(c.waitType(QStringLiteral("error")).value(QStringLiteral("code")).toString(), QStringLiteral("request.too_large"));
        QVERIFY(c.waitClosed());
        QCOMPARE(c.closeCode(), 4009);
        // the other client is still served
        QCOMPARE(frameType(other.request({ { QStringLiteral("type"), QStringLiteral("heads") },
                                           { QStringLiteral("streams"), QJsonArray { QStringLiteral("inbox") } } })),
                 QStringLiteral("heads"));
    }

    void floodCloses4008()
    {
        WsClient c;
        QCOMPARE(frameType(c.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        for (int i = 0; i < 600; ++i) // past ten buckets (burst 40) of refusals
            c.sendRaw(QStringLiteral("{\"type\":\"heads\",\"streams\":[]}"));
        QCOMPARE(c.waitFor([](const QJsonObject &f) { return f.value(QStringLiteral("code")).toString() == QLatin1String("rate.limited"); })
                         .value(QStringLiteral("code"))
                         .toString(),
                 QStringLiteral("rate.limited"));
        QVERIFY(c.waitClosed());
        QCOMPARE(c.closeCode(), 4008);
    }

    void mutateAckRejectDuplicate()
    {
        WsClient c;
        QCOMPARE(frameType(c.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        const QString mutationId = newId();
        const QJsonObject create = op("item.create", { { QStringLiteral("itemId"), QStringLiteral("b1") },
                                                       { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("x") } } },
                                                       { QStringLiteral("rank"), QStringLiteral("U") } });
        const QJsonObject ack = c.mutate(m_board, create, mutationId);
        QCOMPARE(frameType(ack), QStringLiteral("ack"));
        QCOMPARE(ack.value(QStringLiteral("mutationId")).toString(), mutationId);
        QVERIFY(ack.value(QStringLiteral("seq")).toInteger() >= 1);
        QCOMPARE(ack.value(QStringLiteral("duplicate")).toBool(), false);
        const QJsonObject again = c.mutate(m_board, create, mutationId);
        QCOMPARE(frameType(again), QStringLiteral("ack"));
        QCOMPARE(again.value(QStringLiteral("duplicate")).toBool(), true);
        QCOMPARE(again.value(QStringLiteral("seq")).toInteger(), ack.value(QStringLiteral("seq")).toInteger());
        const QJsonObject reject = c.mutate(m_board, op("item.delete", { { QStringLiteral("itemId"), QStringLiteral("nope") } }));
        QCOMPARE(frameType(reject), QStringLiteral("reject"));
        QCOMPARE(reject.value(QStringLiteral("code")).toString(), QStringLiteral("not_found"));
        const QJsonObject heads = c.request({ { QStringLiteral("type"), QStringLiteral("heads") },
                                              { QStringLiteral("streams"), QJsonArray { QString(QStringLiteral("board:") + m_board) } } });
        QCOMPARE(heads.value(QStringLiteral("heads")).toObject().value(QStringLiteral("board:") + m_board).toInteger(),
                 ack.value(QStringLiteral("seq")).toInteger());
        const HttpResult metrics = httpRequest("GET", m_server.url().resolved(QUrl(QStringLiteral("/metrics"))));
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.body.contains("tessera_mutations_duplicate_total 1"));
        QVERIFY(metrics.body.contains("tessera_ws_connected_clients"));
    }

    void foreignOriginRefused()
    {
        QWebSocket ws;
        QSignalSpy connected(&ws, &QWebSocket::connected);
        QSignalSpy disconnected(&ws, &QWebSocket::disconnected);
        QNetworkRequest request(WsClient::wsUrl(m_server.url()));
        request.setRawHeader("Origin", "http://evil.example");
        ws.open(request);
        QVERIFY(disconnected.wait(10000));
        QCOMPARE(connected.count(), 0);
    }

    void plainGetIsAnswered()
    {
        QCOMPARE(httpRequest("GET", m_server.url().resolved(QUrl(QStringLiteral("/ws")))).status, 426);
    }

    void allowedOriginIsAccepted()
    {
        const QByteArray admin = BoardClient::login(m_server, QStringLiteral("root"), QStringLiteral("tessera-test-pass"));
        QCOMPARE(httpRequest("PATCH", m_server.url().resolved(QUrl(QStringLiteral("/api/v1/admin/settings"))),
                             jsonBytes({ { QStringLiteral("origin_allowlist"), QJsonArray { QStringLiteral("https://app.example") } } }),
                             admin).status,
                 200);
        QWebSocket ws;
        QSignalSpy connected(&ws, &QWebSocket::connected);
        QNetworkRequest request(WsClient::wsUrl(m_server.url()));
        request.setRawHeader("Origin", "https://app.example");
        ws.open(request);
        QVERIFY(connected.wait(10000));
    }

    void logoutClosesSocket()
    {
        const QByteArray token = BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass"));
        WsClient c;
        QCOMPARE(frameType(c.connectAs(m_server.url(), token)), QStringLiteral("welcome"));
        QCOMPARE(httpRequest("POST", m_server.url().resolved(QUrl(QStringLiteral("/api/v1/logout"))), "{}", token).status, 200);
        QVERIFY(c.waitClosed());
        QCOMPARE(c.closeCode(), 4001);
    }

    void sigtermSendsRetryHint()
    {
        WsClient c;
        QCOMPARE(frameType(c.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        m_server.process().terminate();
        QVERIFY(c.waitClosed());
        QCOMPARE(c.closeCode(), 1001);
        const QJsonObject hint = QJsonDocument::fromJson(c.closeReason().toUtf8()).object();
        QVERIFY(hint.contains(QStringLiteral("retryAfterMs")));
        QVERIFY(hint.value(QStringLiteral("retryAfterMs")).toInt() <= 10000);
        m_server.stop();
    }
};

QTEST_GUILESS_MAIN(TestWsBasics)
#include "tst_wsbasics.moc"
