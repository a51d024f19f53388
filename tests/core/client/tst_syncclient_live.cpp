// The sync engine over the WebSocket against the real server.
#include "support/syncharness.h"

#include "core/models/inboxmodel.h"
#include "core/models/itemtablemodel.h"
#include "core/models/presencemodel.h"

#include <QAbstractItemModelTester>
#include <QUuid>

using namespace Tessera::Core;
using namespace Tessera::Test;

class TestSyncClientLive : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QString m_boardId;
    QByteArray m_anaToken;

    SyncClient *live(Peer &peer, const QString &login, bool manualClock = false)
    {
        SyncClient *c = peer.make(m_server.url(), manualClock);
        c->setPollingIntervalSeconds(1);
        c->setProbeIntervalMs(300);
        c->setPingIntervalMs(1000);
        if (!signIn(c, login))
            return nullptr;
        return c;
    }
    BoardStore *openLive(SyncClient *c)
    {
        BoardStore *store = c->openBoard(m_boardId);
        [[maybe_unused]] const bool ready =
                QTest::qWaitFor([&] { return store->itemCount() >= 10 && c->state() == SyncClient::State::Live; }, 10000);
        return store->itemCount() >= 10 && c->state() == SyncClient::State::Live ? store : nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
        m_anaToken = httpToken(m_server, QStringLiteral("ana"));
        m_boardId = firstBoardId(m_server, m_anaToken);
        QVERIFY(!m_boardId.isEmpty());
    }

    void liveConvergenceWithPresenceAndInbox()
    {
        Peer ana, ben;
        SyncClient *a = live(ana, QStringLiteral("ana"));
        SyncClient *b = live(ben, QStringLiteral("ben"));
        QVERIFY(a && b);
        QTRY_COMPARE(a->state(), SyncClient::State::Live);
        BoardStore *sa = openLive(a);
        BoardStore *sb = openLive(b);
        QVERIFY(sa && sb);
        ItemTableModel table(sb);
        QAbstractItemModelTester tableTester(&table);
        PresenceModel presence(sb);
        QAbstractItemModelTester presenceTester(&presence);
        QAbstractItemModelTester inboxTester(b->inbox());

        const QStringList items = sa->itemIds();
        for (int i = 0; i < 5; ++i) {
            a->submit(m_boardId, itemUpdate(items.at(i), { { QStringLiteral("title"), QStringLiteral("live-a-%1").arg(i) } }));
            b->submit(m_boardId, itemUpdate(items.at(i), { { QStringLiteral("status"), QStringLiteral("done") } }));
            b->submit(m_boardId, itemUpdate(items.at(i + 5), { { QStringLiteral("title"), QStringLiteral("live-b-%1").arg(i) } }));
        }
        QTRY_VERIFY_WITH_TIMEOUT(a->outboxSize() == 0 && b->outboxSize() == 0, 15000);
        const QString digest = serverDigest(m_server, m_anaToken, m_boardId);
        QTRY_COMPARE(sa->confirmed().digest(), digest);
        QTRY_COMPARE(sb->confirmed().digest(), digest);
        QCOMPARE(titleOf(sb, items.at(0)), QStringLiteral("live-a-0"));
        QCOMPARE(titleOf(sa, items.at(5)), QStringLiteral("live-b-0"));
        QTRY_COMPARE(sa->mutations().size(), 0);

        a->setPresence(m_boardId, items.at(1), Tessera::Core::PresenceState::Editing, QStringLiteral("title"));
        QTRY_COMPARE(sb->presentUsers(items.at(1)), QStringList { a->user().id });
        b->setPresence(m_boardId, QString(), Tessera::Core::PresenceState::Viewing);
        QTRY_COMPARE(sa->presentUsers(QString()), QStringList { b->user().id });
        // Everyone on the board as ben sees it: ana editing, ben himself viewing (this passed
        // as 1 only while the store did not signal presence without an item).
        QTRY_COMPARE(presence.rowCount(), 2);
        const int anaRow = presence.data(presence.index(0), PresenceModel::UserIdRole).toString() == a->user().id ? 0 : 1;
        QCOMPARE(presence.data(presence.index(anaRow), PresenceModel::StateRole).toString(), QStringLiteral("editing"));
        QCOMPARE(presence.data(presence.index(1 - anaRow), PresenceModel::StateRole).toString(), QStringLiteral("viewing"));

        QSignalSpy arrived(b, &SyncClient::notificationArrived);
        const int before = b->inbox()->rowCount();
        a->submit(m_boardId, { OpKind::CommentCreate,
                               { { QStringLiteral("itemId"), items.at(2) },
                                 { QStringLiteral("commentId"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                                 { QStringLiteral("body"), QStringLiteral("@ben live ping") } } });
        QVERIFY(arrived.wait(10000));
        QCOMPARE(b->inbox()->rowCount(), before + 1);
        QCOMPARE(a->socketsOpened(), 1);
        QCOMPARE(b->socketsOpened(), 1);
        QCOMPARE(a->state(), SyncClient::State::Live);
    }

    void serverKilledMidBurstThenRestarted()
    {
        Peer ana, ben;
        SyncClient *a = live(ana, QStringLiteral("ana"));
        SyncClient *b = live(ben, QStringLiteral("ben"));
        QVERIFY(a && b);
        BoardStore *sa = openLive(a);
        BoardStore *sb = openLive(b);
        QVERIFY(sa && sb);
        const qint64 startSeq = sa->confirmed().seq;
        const QStringList items = sa->itemIds();
        QSet<QString> mutationIds;
        const quint16 port = m_server.port();
        for (int k = 0; k < 30; ++k) {
            if (k == 15) {
                QTest::qWait(20); // let some of the burst reach the server
                m_server.kill();
            }
            mutationIds.insert(a->submit(m_boardId, itemUpdate(items.at(k % 10), { { QStringLiteral("title"), QStringLiteral("burst-%1").arg(k) } })));
        }
        QTRY_VERIFY_WITH_TIMEOUT(a->state() != SyncClient::State::Live, 10000);
        QVERIFY(m_server.start({ QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) }));
        QTRY_COMPARE_WITH_TIMEOUT(a->outboxSize(), 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(a->state(), SyncClient::State::Live, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(b->state(), SyncClient::State::Live, 15000);
        const QByteArray token = httpToken(m_server, QStringLiteral("ana"));
        const QString digest = serverDigest(m_server, token, m_boardId);
        QTRY_COMPARE_WITH_TIMEOUT(sa->confirmed().digest(), digest, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(sb->confirmed().digest(), digest, 15000);
        for (int i = 0; i < 10; ++i) {
            QCOMPARE(titleOf(sa, items.at(i)), QStringLiteral("burst-%1").arg(20 + i));
            QCOMPARE(titleOf(sb, items.at(i)), QStringLiteral("burst-%1").arg(20 + i));
        }
        // Exactly one live socket per client after all the reconnects.
        QTRY_VERIFY_WITH_TIMEOUT(httpCall(m_server, "GET", QStringLiteral("/metrics"), token)
                                         .body.contains("\ntessera_ws_connected_clients 2\n"),
                                 10000);
        // Nothing applied twice: each mutationId has exactly one event in the log.
        const QJsonArray events = httpCall(m_server, "GET",
                                           QStringLiteral("/api/v1/streams/board:%1/changes?sinceSeq=%2&limit=1000").arg(m_boardId).arg(startSeq),
                                           token)
                                          .json()
                                          .value(QStringLiteral("events"))
                                          .toArray();
        QMultiHash<QString, qint64> seen;
        for (const QJsonValue &v : events) {
            const QString id = v.toObject().value(QStringLiteral("mutationId")).toString();
            if (mutationIds.contains(id))
                seen.insert(id, qint64(v.toObject().value(QStringLiteral("seq")).toDouble()));
        }
        QCOMPARE(seen.size(), 30);
        QCOMPARE(QSet<QString>(seen.keyBegin(), seen.keyEnd()).size(), 30);
    }

    void refusedSocketFallsBackToPollingAndBack()
    {
        Peer ana;
        SyncClient *a = ana.make(m_server.url());
        a->setPollingIntervalSeconds(1);
        a->setProbeIntervalMs(300);
        a->setSocketPath(QStringLiteral("/no-socket-here")); // as behind a proxy that refuses the upgrade
        QVERIFY(signIn(a, QStringLiteral("ana")));
        QTRY_COMPARE_WITH_TIMEOUT(a->state(), SyncClient::State::Polling, 15000);
        BoardStore *s = a->openBoard(m_boardId);
        QTRY_VERIFY(s->itemCount() >= 10);
        const QString item = s->itemIds().at(7);
        QSignalSpy acked(a, &SyncClient::commandAcked);
        a->submit(m_boardId, itemUpdate(item, { { QStringLiteral("title"), QStringLiteral("via http") } }));
        QVERIFY(acked.wait(10000));
        QTRY_COMPARE(s->itemState(item), ItemState::Synced);
        a->setSocketPath(QStringLiteral("/ws")); // the proxy lets it through again
        QTRY_COMPARE_WITH_TIMEOUT(a->state(), SyncClient::State::Live, 10000);
        a->submit(m_boardId, itemUpdate(item, { { QStringLiteral("title"), QStringLiteral("via socket") } }));
        QTRY_COMPARE(a->outboxSize(), 0);
        QTRY_COMPARE(titleOf(s, item), QStringLiteral("via socket"));
        QTRY_COMPARE(s->confirmed().digest(), serverDigest(m_server, httpToken(m_server, QStringLiteral("ana")), m_boardId));
    }

    void wakeChecksHeadsAndStaysCurrent()
    {
        Peer ana;
        SyncClient *a = live(ana, QStringLiteral("ana"), /*manualClock*/ true);
        QVERIFY(a);
        a->setWakeCheckIntervalMs(50);
        BoardStore *s = openLive(a);
        QVERIFY(s);
        const int checks = a->headsChecks();
        ana.clock->sleep(30 * 60 * 1000);
        QTRY_VERIFY(a->headsChecks() > checks);
        QTRY_COMPARE(a->state(), SyncClient::State::Live);
        QCOMPARE(s->confirmed().digest(), serverDigest(m_server, httpToken(m_server, QStringLiteral("ana")), m_boardId));
    }

    void hiddenWindowDefersTheWakeCatchUp()
    {
        Peer ana;
        SyncClient *a = live(ana, QStringLiteral("ana"), /*manualClock*/ true);
        QVERIFY(a);
        a->setWakeCheckIntervalMs(50);
        QVERIFY(openLive(a));
        const int checks = a->headsChecks();
        a->setVisible(false);
        ana.clock->sleep(30 * 60 * 1000);
        QTest::qWait(300); // several wake ticks
        QCOMPARE(a->headsChecks(), checks); // deferred while hidden
        a->setVisible(true);
        QTRY_COMPARE(a->headsChecks(), checks + 1);
        QTRY_COMPARE(a->state(), SyncClient::State::Live);
    }

    void revokedSessionClosesWith4001AndSignsOut()
    {
        Peer cy;
        SyncClient *c = live(cy, QStringLiteral("cy"));
        QVERIFY(c);
        QTRY_COMPARE(c->state(), SyncClient::State::Live);
        const QString id = c->user().id;
        QSignalSpy out(c, &SyncClient::signedOut);
        QCOMPARE(httpCall(m_server, "PATCH", QStringLiteral("/api/v1/admin/users/%1").arg(id), httpToken(m_server, QStringLiteral("ana")),
                          { { QStringLiteral("disabled"), true } })
                         .status,
                 200);
        QTRY_COMPARE(out.size(), 1); // may already have happened while the request ran
        QCOMPARE(c->state(), SyncClient::State::SignedOut);
        QTest::qWait(500);
        QCOMPARE(c->state(), SyncClient::State::SignedOut);
        QCOMPARE(c->socketsOpened(), 1); // no reconnect loop
    }
};

QTEST_GUILESS_MAIN(TestSyncClientLive)
#include "tst_syncclient_live.moc"
