// Fan-out over WebSocket against the real server: two clients see each other's edits
// in order, a burst is coalesced into few frames with the same final state, board
// streams are members-only (also right after a removal), mentions of non-members
// notify nobody, and the inbox reaches every connection of a user.
#include "support/wsclient.h"

using namespace Tessera::Test;

namespace {

QJsonObject updateTitle(const QString &itemId, const QString &title)
{
    return op("item.update", { { QStringLiteral("itemId"), itemId },
                               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } } });
}

QJsonObject createItem(const QString &itemId)
{
    return op("item.create", { { QStringLiteral("itemId"), itemId },
                               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), itemId } } },
                               { QStringLiteral("rank"), QStringLiteral("U") } });
}

} // namespace

class TestWsFanout : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    QByteArray m_ana, m_ben, m_cy;
    QString m_benId, m_cyId;
    QString m_board;
    QString m_stream;

    qint64 head()
    {
        return BoardClient(&m_server, m_ana).snapshot(m_board).value(QStringLiteral("seq")).toInteger();
    }
    // A round trip on `c`: every frame the server sent it before the reply has arrived.
    static void roundTrip(WsClient &c)
    {
        QCOMPARE(frameType(c.request({ { QStringLiteral("type"), QStringLiteral("heads") },
                                       { QStringLiteral("streams"), QJsonArray { QStringLiteral("inbox") } } })),
                 QStringLiteral("heads"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *login : { "ana", "ben", "cy" })
            QVERIFY(m_server.addUser(QLatin1String(login), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.start());
        m_ana = BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass"));
        m_ben = BoardClient::login(m_server, QStringLiteral("ben"), QStringLiteral("tessera-test-pass"));
        m_cy = BoardClient::login(m_server, QStringLiteral("cy"), QStringLiteral("tessera-test-pass"));
        m_benId = userIdOf(m_server, m_ben);
        m_cyId = userIdOf(m_server, m_cy);
        BoardClient ana(&m_server, m_ana);
        m_board = ana.createBoard(QStringLiteral("Fanout"));
        m_stream = QStringLiteral("board:") + m_board;
        QCOMPARE(ana.mutate(m_board, op("member.add", { { QStringLiteral("userId"), m_benId }, { QStringLiteral("role"), QStringLiteral("editor") } })).status, 200);
    }

    void twoClientsSeeEachOthersEditsInOrder()
    {
        WsClient a, b;
        QCOMPARE(frameType(a.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        QCOMPARE(frameType(b.connectAs(m_server.url(), m_ben)), QStringLiteral("welcome"));
        const QJsonObject subA = a.subscribe(m_stream);
        QCOMPARE(subA.value(QStringLiteral("mode")).toString(), QStringLiteral("live"));
        const QJsonObject subB = b.subscribe(m_stream);
        StreamTracker ta { m_stream, subA.value(QStringLiteral("headSeq")).toInteger() };
        StreamTracker tb { m_stream, subB.value(QStringLiteral("headSeq")).toInteger() };
        QCOMPARE(frameType(a.mutate(m_board, createItem(QStringLiteral("i1")))), QStringLiteral("ack"));
        QCOMPARE(frameType(b.mutate(m_board, updateTitle(QStringLiteral("i1"), QStringLiteral("from ben")))), QStringLiteral("ack"));
        QCOMPARE(frameType(a.mutate(m_board, updateTitle(QStringLiteral("i1"), QStringLiteral("from ana")))), QStringLiteral("ack"));
        const qint64 h = head();
        QVERIFY(a.follow(ta, h));
        QVERIFY(b.follow(tb, h));
        QCOMPARE(ta.gaps + ta.duplicates + tb.gaps + tb.duplicates, 0);
        QCOMPARE(ta.events, tb.events);
        QCOMPARE(ta.events.last().value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(), QStringLiteral("from ana"));
        QVERIFY(a.binaryFrames > 0); // batches are shared binary frames
    }

    void burstIsCoalesced()
    {
        WsClient a, b;
        QCOMPARE(frameType(a.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        QCOMPARE(frameType(b.connectAs(m_server.url(), m_ben)), QStringLiteral("welcome"));
        const QJsonObject sub = b.subscribe(m_stream);
        StreamTracker tb { m_stream, sub.value(QStringLiteral("headSeq")).toInteger() };
        const qint64 start = tb.applied;
        for (int i = 0; i < 500; ++i)
            a.send(WsClient::mutateFrame(m_board, updateTitle(QStringLiteral("i1"), QStringLiteral("v%1").arg(i))));
        QVERIFY(b.follow(tb, start + 500, 30000));
        QCOMPARE(tb.gaps + tb.duplicates, 0);
        QCOMPARE(tb.applied, start + 500);
        qDebug() << "500 updates arrived in" << tb.frames << "frames," << tb.events.size() << "events";
        QVERIFY(tb.frames < 100);
        QVERIFY(tb.events.size() < 500);
        const QJsonObject last = tb.events.last();
        QCOMPARE(last.value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(), QStringLiteral("v499"));
        QCOMPARE(last.value(QStringLiteral("versions")).toObject().value(QStringLiteral("title")).toInteger(), start + 500);
        const QJsonObject snap = BoardClient(&m_server, m_ana).snapshot(m_board);
        for (const QJsonValue &item : snap.value(QStringLiteral("items")).toArray()) {
            if (item.toObject().value(QStringLiteral("id")).toString() == QLatin1String("i1"))
                QCOMPARE(item.toObject().value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(), QStringLiteral("v499"));
        }
    }

    void nonMemberIsForbidden()
    {
        WsClient c;
        QCOMPARE(frameType(c.connectAs(m_server.url(), m_cy)), QStringLiteral("welcome"));
        const QJsonObject reply = c.subscribe(m_stream);
        QCOMPARE(frameType(reply), QStringLiteral("error"));
        QCOMPARE(reply.value(QStringLiteral("code")).toString(), QStringLiteral("stream.forbidden"));
    }

    void removedMemberStopsReceiving()
    {
        BoardClient ana(&m_server, m_ana);
        QCOMPARE(ana.mutate(m_board, op("member.add", { { QStringLiteral("userId"), m_cyId }, { QStringLiteral("role"), QStringLiteral("viewer") } })).status, 200);
        WsClient cy, ben;
        QCOMPARE(frameType(cy.connectAs(m_server.url(), m_cy)), QStringLiteral("welcome"));
        QCOMPARE(frameType(ben.connectAs(m_server.url(), m_ben)), QStringLiteral("welcome"));
        QCOMPARE(cy.subscribe(m_stream).value(QStringLiteral("mode")).toString(), QStringLiteral("live"));
        const QJsonObject subB = ben.subscribe(m_stream);
        StreamTracker tb { m_stream, subB.value(QStringLiteral("headSeq")).toInteger() };
        QCOMPARE(ana.mutate(m_board, op("member.remove", { { QStringLiteral("userId"), m_cyId } })).status, 200);
        const QJsonObject ended = cy.waitType(QStringLiteral("error"));
        QCOMPARE(ended.value(QStringLiteral("code")).toString(), QStringLiteral("stream.forbidden"));
        QCOMPARE(ended.value(QStringLiteral("stream")).toString(), m_stream);
        QCOMPARE(ana.mutate(m_board, updateTitle(QStringLiteral("i1"), QStringLiteral("secret"))).status, 200);
        QVERIFY(ben.follow(tb, head()));
        roundTrip(cy);
        for (const QJsonObject &f : cy.frames())
            QVERIFY2(frameType(f) != QLatin1String("batch"), "a removed member received board events");
        QCOMPARE(frameType(cy.subscribe(m_stream)), QStringLiteral("error"));
    }

    void mentionOfNonMemberNotifiesNobody()
    {
        WsClient cy;
        QCOMPARE(frameType(cy.connectAs(m_server.url(), m_cy)), QStringLiteral("welcome"));
        const QJsonObject sub = cy.subscribe(QStringLiteral("inbox"));
        QCOMPARE(sub.value(QStringLiteral("mode")).toString(), QStringLiteral("live"));
        QCOMPARE(sub.value(QStringLiteral("unread")).toInt(), 0);
        BoardClient ana(&m_server, m_ana);
        QCOMPARE(ana.mutate(m_board, op("comment.create", { { QStringLiteral("itemId"), QStringLiteral("i1") },
                                                            { QStringLiteral("commentId"), newId() },
                                                            { QStringLiteral("body"), QStringLiteral("@cy are you there?") } })).status, 200);
        roundTrip(cy);
        for (const QJsonObject &f : cy.frames())
            QVERIFY(frameType(f) != QLatin1String("batch"));
        QCOMPARE(BoardClient(&m_server, m_cy).get(QStringLiteral("/api/v1/inbox")).json().value(QStringLiteral("notifications")).toArray().size(), 0);
    }

    void inboxReachesEveryConnection()
    {
        WsClient b1, b2;
        QCOMPARE(frameType(b1.connectAs(m_server.url(), m_ben)), QStringLiteral("welcome"));
        QCOMPARE(frameType(b2.connectAs(m_server.url(), m_ben)), QStringLiteral("welcome"));
        const QJsonObject s1 = b1.subscribe(QStringLiteral("inbox"));
        const QJsonObject s2 = b2.subscribe(QStringLiteral("inbox"));
        QVERIFY(s1.contains(QStringLiteral("unread")));
        StreamTracker t1 { QStringLiteral("inbox"), s1.value(QStringLiteral("headSeq")).toInteger() };
        StreamTracker t2 { QStringLiteral("inbox"), s2.value(QStringLiteral("headSeq")).toInteger() };
        BoardClient ana(&m_server, m_ana);
        QCOMPARE(ana.mutate(m_board, op("comment.create", { { QStringLiteral("itemId"), QStringLiteral("i1") },
                                                            { QStringLiteral("commentId"), newId() },
                                                            { QStringLiteral("body"), QStringLiteral("@ben please look") } })).status, 200);
        QVERIFY(b1.follow(t1, t1.applied + 1));
        QVERIFY(b2.follow(t2, t2.applied + 1));
        QCOMPARE(t1.events.last().value(QStringLiteral("kind")).toString(), QStringLiteral("notification.created"));
        QCOMPARE(t1.events, t2.events);
        // read on one device (HTTP here), both connections learn it
        const HttpResult read = BoardClient(&m_server, m_ben).post(QStringLiteral("/api/v1/inbox/read"), { { QStringLiteral("all"), true } });
        QCOMPARE(read.status, 200);
        QVERIFY(b1.follow(t1, t1.applied + 1));
        QVERIFY(b2.follow(t2, t2.applied + 1));
        QCOMPARE(t2.events.last().value(QStringLiteral("kind")).toString(), QStringLiteral("notification.read"));
        QCOMPARE(t1.gaps + t1.duplicates + t2.gaps + t2.duplicates, 0);
    }
};

QTEST_GUILESS_MAIN(TestWsFanout)
#include "tst_wsfanout.moc"
