// Presence over WebSocket against the real server: full set on subscribe, joined /
// changed / left deltas, throttling, item streams, expiry after presence_ttl_s and
// removal at disconnect.
#include "support/wsclient.h"

using namespace Tessera::Test;

class TestWsPresence : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    QByteArray m_ana, m_ben;
    QString m_anaId;
    QString m_board, m_stream;

    QJsonObject presence(const QString &state, const QString &itemId = {}, const QString &field = {}) const
    {
        QJsonObject f { { QStringLiteral("type"), QStringLiteral("presence") }, { QStringLiteral("board"), m_board },
                        { QStringLiteral("state"), state } };
        if (!itemId.isEmpty())
            f.insert(QStringLiteral("itemId"), itemId);
        if (!field.isEmpty())
            f.insert(QStringLiteral("field"), field);
        return f;
    }
    // The next presence.delta on `c` whose `list` has an entry for ana matching `pred`.
    QJsonObject waitDelta(WsClient &c, const char *list, const std::function<bool(const QJsonObject &)> &pred, int timeoutMs = 10000)
    {
        const QString key = QLatin1String(list);
        const QString anaId = m_anaId;
        return c.waitFor([=](const QJsonObject &f) {
            if (frameType(f) != QLatin1String("presence.delta"))
                return false;
            for (const QJsonValue &v : f.value(key).toArray()) {
                if (v.isString() ? v.toString() == anaId : (v.toObject().value(QStringLiteral("userId")).toString() == anaId && pred(v.toObject())))
                    return true;
            }
            return false;
        }, timeoutMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass"), true));
        QVERIFY(m_server.addUser(QStringLiteral("ben"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.start());
        m_ana = BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass"));
        m_ben = BoardClient::login(m_server, QStringLiteral("ben"), QStringLiteral("tessera-test-pass"));
        m_anaId = userIdOf(m_server, m_ana);
        BoardClient ana(&m_server, m_ana);
        QCOMPARE(httpRequest("PATCH", ana.api(QStringLiteral("/api/v1/admin/settings")), R"({"presence_ttl_s":5})", m_ana).status, 200);
        m_board = ana.createBoard(QStringLiteral("Presence"));
        m_stream = QStringLiteral("board:") + m_board;
        QCOMPARE(ana.mutate(m_board, op("member.add", { { QStringLiteral("userId"), userIdOf(m_server, m_ben) }, { QStringLiteral("role"), QStringLiteral("viewer") } })).status, 200);
        QCOMPARE(ana.mutate(m_board, op("item.create", { { QStringLiteral("itemId"), QStringLiteral("i1") },
                                                          { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("a") } } },
                                                          { QStringLiteral("rank"), QStringLiteral("U") } })).status, 200);
    }

    void joinChangeThrottleDisconnect()
    {
        WsClient ana, ben;
        QCOMPARE(frameType(ana.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        QCOMPARE(frameType(ben.connectAs(m_server.url(), m_ben)), QStringLiteral("welcome"));
        // presence before subscribing is refused
        ana.send(presence(QStringLiteral("viewing")));
        QCOMPARE(ana.waitType(QStringLiteral("error")).value(QStringLiteral("code")).toString(), QStringLiteral("stream.forbidden"));
        QCOMPARE(frameType(ana.subscribe(m_stream)), QStringLiteral("subscribed"));
        QCOMPARE(frameType(ben.subscribe(m_stream)), QStringLiteral("subscribed"));
        QCOMPARE(ben.waitType(QStringLiteral("presence")).value(QStringLiteral("users")).toArray().size(), 0);

        ana.send(presence(QStringLiteral("viewing"), QStringLiteral("i1")));
        const QJsonObject joined = waitDelta(ben, "joined", [](const QJsonObject &p) {
            return p.value(QStringLiteral("state")).toString() == QLatin1String("viewing");
        });
        QCOMPARE(joined.value(QStringLiteral("stream")).toString(), m_stream);

        ana.send(presence(QStringLiteral("editing"), QStringLiteral("i1"), QStringLiteral("title")));
        QVERIFY(!waitDelta(ben, "changed", [](const QJsonObject &p) {
                     return p.value(QStringLiteral("state")).toString() == QLatin1String("editing")
                             && p.value(QStringLiteral("field")).toString() == QLatin1String("title");
                 }).isEmpty());

        // A burst is throttled; the last state wins.
        ben.frames().clear();
        for (int i = 0; i < 40; ++i)
            ana.send(presence(QStringLiteral("editing"), QStringLiteral("i1"), QStringLiteral("f%1").arg(i)));
        QVERIFY(!waitDelta(ben, "changed", [](const QJsonObject &p) { return p.value(QStringLiteral("field")).toString() == QLatin1String("f39"); }).isEmpty());
        const qsizetype deltas = ben.frames().size() + 1;
        qDebug() << "40 presence updates arrived as" << deltas << "deltas";
        QVERIFY(deltas < 10);

        // A late subscriber gets the full set; an item stream gets its part.
        WsClient ben2;
        QCOMPARE(frameType(ben2.connectAs(m_server.url(), m_ben)), QStringLiteral("welcome"));
        QCOMPARE(frameType(ben2.subscribe(m_stream)), QStringLiteral("subscribed"));
        const QJsonArray users = ben2.waitType(QStringLiteral("presence")).value(QStringLiteral("users")).toArray();
        QCOMPARE(users.size(), 1);
        QCOMPARE(users.first().toObject().value(QStringLiteral("userId")).toString(), m_anaId);
        QCOMPARE(users.first().toObject().value(QStringLiteral("field")).toString(), QStringLiteral("f39"));
        QCOMPARE(ben2.subscribe(QStringLiteral("item:i1")).value(QStringLiteral("mode")).toString(), QStringLiteral("live"));
        const QJsonObject itemSet = ben2.waitFor([](const QJsonObject &f) {
            return frameType(f) == QLatin1String("presence") && f.value(QStringLiteral("stream")).toString() == QLatin1String("item:i1");
        });
        QCOMPARE(itemSet.value(QStringLiteral("users")).toArray().size(), 1);

        // Disconnect: left.
        ana.socket().close();
        QVERIFY(!waitDelta(ben, "left", nullptr).isEmpty());
    }

    void expiresAfterTtl()
    {
        WsClient ana, ben;
        QCOMPARE(frameType(ana.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        QCOMPARE(frameType(ben.connectAs(m_server.url(), m_ben)), QStringLiteral("welcome"));
        QCOMPARE(frameType(ana.subscribe(m_stream)), QStringLiteral("subscribed"));
        QCOMPARE(frameType(ben.subscribe(m_stream)), QStringLiteral("subscribed"));
        QElapsedTimer clock;
        clock.start();
        ana.send(presence(QStringLiteral("viewing")));
        QVERIFY(!waitDelta(ben, "joined", [](const QJsonObject &) { return true; }).isEmpty());
        // ana stays connected but silent: after presence_ttl_s (5 s) she is gone
        QVERIFY(!waitDelta(ben, "left", nullptr, 12000).isEmpty());
        QVERIFY(clock.elapsed() >= 4500);
        QVERIFY(ana.isOpen());
    }
};

QTEST_GUILESS_MAIN(TestWsPresence)
#include "tst_wspresence.moc"
