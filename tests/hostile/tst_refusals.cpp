// Finding 6: refusals must be answered. A mutate dropped by the per-connection flood
// limit got only an occasional error without rid (the client could not tell which change
// was lost, and ignored rate.limited anyway), and a mutate whose field failed to decode
// got an error without its rid.
//  - every refused mutate gets a reject with its rid and mutationId: rate_limited (with
//    retryAfterMs) for the flood limit, invalid for a field that does not decode;
//  - 2,000 quick edits from one SyncClient against a tight rate limit all end acked, none
//    stuck pending: the outbox waits retryAfterMs and resends under the same mutationId.
#include "hostile.h"

#include "support/syncharness.h"

using namespace Tessera::Core;
using namespace Tessera::Test;

class TestRefusals : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("TESSERA_WS_RATE_PER_SECOND", "400");
        qputenv("TESSERA_WS_RATE_BURST", "100");
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
    }

    void everyRefusedMutateIsAnsweredWithItsRid()
    {
        const QByteArray token = httpToken(m_server, QStringLiteral("ana"));
        const QString board = firstBoardId(token);
        WsClient ws;
        QCOMPARE(frameType(ws.connectAs(m_server.url(), token)), QStringLiteral("welcome"));

        // A field that does not decode (an item id of 65 characters).
        QJsonObject bad = WsClient::mutateFrame(board, op("item.create", { { QStringLiteral("itemId"), QString(65, QLatin1Char('x')) },
                                                                           { QStringLiteral("rank"), QStringLiteral("V") } }));
        const QJsonObject invalid = ws.request(bad);
        QCOMPARE(frameType(invalid), QStringLiteral("reject"));
        QCOMPARE(invalid.value(QStringLiteral("code")).toString(), QStringLiteral("invalid"));
        QCOMPARE(invalid.value(QStringLiteral("mutationId")).toString(), bad.value(QStringLiteral("mutationId")).toString());
        QVERIFY(invalid.value(QStringLiteral("message")).toString().contains(QStringLiteral("itemId")));

        // A flood: 300 mutates at once against a burst of 100.
        QSet<qint64> rids;
        for (int i = 0; i < 300; ++i) {
            QJsonObject f = WsClient::mutateFrame(board, op("item.create", { { QStringLiteral("itemId"), QStringLiteral("flood-%1").arg(i) },
                                                                             { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("F") } } },
                                                                             { QStringLiteral("rank"), QStringLiteral("F%1V").arg(i) } }));
            f.insert(QStringLiteral("rid"), 5000 + i);
            rids.insert(5000 + i);
            ws.send(f);
        }
        int acked = 0;
        int limited = 0;
        while (!rids.isEmpty()) {
            const QJsonObject reply = ws.waitFor([&rids](const QJsonObject &f) { return rids.contains(f.value(QStringLiteral("rid")).toInteger()); });
            QVERIFY2(!reply.isEmpty(), qPrintable(QStringLiteral("%1 mutates got no answer").arg(rids.size())));
            rids.remove(reply.value(QStringLiteral("rid")).toInteger());
            QVERIFY(reply.contains(QStringLiteral("mutationId")));
            if (frameType(reply) == QLatin1String("ack")) {
                ++acked;
            } else {
                QCOMPARE(frameType(reply), QStringLiteral("reject"));
                QCOMPARE(reply.value(QStringLiteral("code")).toString(), QStringLiteral("rate_limited"));
                QVERIFY(reply.value(QStringLiteral("retryAfterMs")).toInteger() > 0);
                ++limited;
            }
        }
        qInfo("flood of 300 mutates: %d acked, %d rejected rate_limited, every one with its rid", acked, limited);
        QVERIFY(limited > 0);
        QVERIFY(ws.isOpen()); // refused, not disconnected
    }

    void twoThousandQuickEditsAllEndAcked()
    {
        Peer ana;
        SyncClient *c = ana.make(m_server.url());
        QVERIFY(signIn(c, QStringLiteral("ana")));
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), SyncClient::State::Live, 10000);
        QTRY_VERIFY(!c->boards().isEmpty());
        const QString board = c->boards().first().board.id;
        BoardStore *store = c->openBoard(board);
        QTRY_VERIFY_WITH_TIMEOUT(store->itemCount() >= 10, 10000);

        QSignalSpy acked(c, &SyncClient::commandAcked);
        QSignalSpy failed(c, &SyncClient::commandFailed);
        const double throttledBefore = metricOr0(m_server, "tessera_throttled_total{what=\"ws_frame\"}");
        QElapsedTimer clock;
        clock.start();
        // 1,000 new items and an edit of each: 2,000 commands submitted at once.
        for (int i = 0; i < 1000; ++i) {
            c->submit(board, Op { OpKind::ItemCreate, { { QStringLiteral("itemId"), QStringLiteral("quick-%1").arg(i) },
                                                                    { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("New %1").arg(i) } } },
                                                                    { QStringLiteral("rank"), QStringLiteral("q%1V").arg(i, 4, 10, QLatin1Char('0')) } } });
        }
        for (int i = 0; i < 1000; ++i)
            c->submit(board, itemUpdate(QStringLiteral("quick-%1").arg(i), { { QStringLiteral("title"), QStringLiteral("Edited %1").arg(i) } }));
        QCOMPARE(c->outboxSize(), 2000);
        QTRY_VERIFY_WITH_TIMEOUT(c->outboxSize() == 0, 60000);
        const double throttled = metricOr0(m_server, "tessera_throttled_total{what=\"ws_frame\"}") - throttledBefore;
        qInfo("2,000 edits acked in %lld ms; the server refused %g frames as rate limited, all resent", qlonglong(clock.elapsed()),
              throttled);
        QCOMPARE(acked.size(), 2000);
        QCOMPARE(failed.size(), 0);
        QVERIFY2(throttled > 0, "the rate limit never refused anything: nothing was tested");
        QCOMPARE(c->state(), SyncClient::State::Live); // paced, not disconnected for flooding
        QTRY_COMPARE_WITH_TIMEOUT(titleOf(store, QStringLiteral("quick-999")), QStringLiteral("Edited 999"), 10000);
        const QJsonObject item = serverItem(m_server, httpToken(m_server, QStringLiteral("ana")), board, QStringLiteral("quick-500"));
        QCOMPARE(item.value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(), QStringLiteral("Edited 500"));
    }

private:
    QString firstBoardId(const QByteArray &token)
    {
        return httpCall(m_server, "GET", QStringLiteral("/api/v1/boards"), token)
                .json().value(QStringLiteral("boards")).toArray().first().toObject().value(QStringLiteral("id")).toString();
    }
};

QTEST_GUILESS_MAIN(TestRefusals)
#include "tst_refusals.moc"
