// The client across several nodes of one server (#16, item 4): one real tessera-server
// reached through two FrameProxy relays is two "nodes" with different URLs. A dead first
// node costs no backoff, a node that dies under a live client is left for the next one with
// a catch-up from the client's seq, and commands queued while every node is down go out
// once one is back, each acked once.
#include "support/frameproxy.h"
#include "support/syncharness.h"

#include "core/client/localcache.h"

#include <QTcpServer>

using namespace Tessera::Core;
using namespace Tessera::Test;

namespace {

QUrl nodeUrl(quint16 port)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

// A port nothing listens on (a node that is down): taken, then given back.
quint16 closedPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 1;
}

std::unique_ptr<FrameProxy> startNode(quint16 serverPort)
{
    auto proxy = std::make_unique<FrameProxy>(serverPort);
    return proxy->listen() ? std::move(proxy) : nullptr;
}

// A backoff no test waits out: going live within seconds proves no backoff was waited.
constexpr qint64 LongBackoffMs = 120000;

Op itemCreate(const QString &itemId, const QString &title, int rank)
{
    return { OpKind::ItemCreate,
             { { QStringLiteral("itemId"), itemId },
               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } },
               { QStringLiteral("rank"), QStringLiteral("N%1N").arg(rank, 6, 10, QLatin1Char('0')) } } };
}

} // namespace

class TestSyncClientNodes : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QString m_boardId;

    // A client of the server whose nodes are `urls` (the first is its identity), in the
    // peer's cache dir and token store.
    static SyncClient *make(Peer &peer, const QList<QUrl> &urls)
    {
        peer.client.reset();
        peer.client = std::make_unique<SyncClient>(
                SyncClient::Options { urls.first(), peer.cacheDir.path(), &peer.tokens, nullptr, urls.mid(1) });
        peer.client->setPingIntervalMs(1000);
        return peer.client.get();
    }
    QByteArray token() const { return httpToken(m_server, QStringLiteral("ana")); }
    qint64 serverHead()
    {
        return httpCall(m_server, "GET", QStringLiteral("/api/v1/boards/%1/digest").arg(m_boardId), token())
                .json()
                .value(QStringLiteral("seq"))
                .toInteger();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
        m_boardId = firstBoardId(m_server, token());
        QVERIFY(!m_boardId.isEmpty());
    }

    void deadFirstNodeCostsNoBackoff()
    {
        auto second = startNode(m_server.port());
        QVERIFY(second);
        const QUrl dead = nodeUrl(closedPort());
        const QUrl live = nodeUrl(second->port());

        Peer ana;
        SyncClient *client = make(ana, { dead, live });
        client->setBackoffLimits(LongBackoffMs, LongBackoffMs, LongBackoffMs);
        QCOMPARE(client->currentServer(), dead);
        QSignalSpy moved(client, &SyncClient::serverChanged);
        QVERIFY(signIn(client, QStringLiteral("ana"))); // the first node refuses: signed in by the second
        QCOMPARE(client->currentServer(), live);
        QCOMPARE(moved.count(), 1);
        BoardStore *store = client->openBoard(m_boardId);
        QTRY_VERIFY_WITH_TIMEOUT(client->state() == SyncClient::State::Live && store->confirmed().seq > 0, 5000);
        QCOMPARE(store->confirmed().digest(), serverDigest(m_server, token(), m_boardId));
        // One cache for the server, keyed by its first URL though that node never answered.
        const QString cache = client->cacheFilePath();
        QCOMPARE(cache, LocalCache::filePathFor(ana.cacheDir.path(), dead, client->user().id));

        // A restart with the stored token: straight past the dead node again, on the same cache.
        client = make(ana, { dead, live });
        client->setBackoffLimits(LongBackoffMs, LongBackoffMs, LongBackoffMs);
        client->start();
        store = client->openBoard(m_boardId);
        QVERIFY(store->confirmed().seq > 0); // from the cache at once
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), SyncClient::State::Live, 5000);
        QCOMPARE(client->currentServer(), live);
        QCOMPARE(client->cacheFilePath(), cache);
        QCOMPARE(client->socketsOpened(), 2); // the refused one and the live one
    }

    void nodeDiesUnderALiveClient()
    {
        auto first = startNode(m_server.port());
        auto second = startNode(m_server.port());
        QVERIFY(first && second);
        const QUrl secondUrl = nodeUrl(second->port());

        Peer ana, ben;
        SyncClient *a = make(ana, { nodeUrl(first->port()), secondUrl });
        a->setBackoffLimits(LongBackoffMs, LongBackoffMs, LongBackoffMs);
        QVERIFY(signIn(a, QStringLiteral("ana")));
        BoardStore *store = a->openBoard(m_boardId);
        QTRY_VERIFY_WITH_TIMEOUT(a->state() == SyncClient::State::Live && store->confirmed().seq > 0, 10000);
        QCOMPARE(a->currentServer(), nodeUrl(first->port()));
        const qint64 startSeq = store->confirmed().seq;
        const int startItems = store->itemCount();

        // Every server batch Ana's store applies: its seq after the batch and what it inserted.
        QList<qint64> seqs;
        int inserted = 0;
        connect(store, &BoardStore::batchApplied, this, [&](const BatchChanges &changes) {
            if (changes.origin != BatchChanges::Origin::Server)
                return;
            seqs.append(store->confirmed().seq);
            inserted += int(changes.inserted.size());
        });
        QSignalSpy reloads(store, &BoardStore::aboutToReset);

        SyncClient *b = ben.make(m_server.url());
        QVERIFY(signIn(b, QStringLiteral("ben")));
        b->openBoard(m_boardId);
        QTRY_COMPARE_WITH_TIMEOUT(b->state(), SyncClient::State::Live, 10000);

        // The first node goes for good (its port closed, its connections dropped) while Ben
        // writes 200 new items.
        first.reset();
        constexpr int Writes = 200;
        for (int i = 0; i < Writes; ++i)
            b->submit(m_boardId, itemCreate(QStringLiteral("node-%1").arg(i), QStringLiteral("from ben %1").arg(i), i));
        QTRY_COMPARE_WITH_TIMEOUT(b->outboxSize(), 0, 20000);
        const qint64 head = serverHead();
        QCOMPARE(head, startSeq + Writes);

        QTRY_COMPARE_WITH_TIMEOUT(store->confirmed().seq, head, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(a->state(), SyncClient::State::Live, 5000);
        QCOMPARE(a->currentServer(), secondUrl);
        QCOMPARE(a->socketsOpened(), 2);
        QCOMPARE(store->confirmed().digest(), serverDigest(m_server, token(), m_boardId));
        QCOMPARE(store->itemCount(), startItems + Writes);
        // Caught up from its seq (no reload), every change applied once: the seqs only grow,
        // to the head, and the 200 items were inserted once each.
        QCOMPARE(reloads.count(), 0);
        QVERIFY(!seqs.isEmpty());
        for (qsizetype i = 1; i < seqs.size(); ++i)
            QVERIFY2(seqs.at(i) > seqs.at(i - 1), qPrintable(QStringLiteral("batch %1 at seq %2 after %3").arg(i).arg(seqs.at(i)).arg(seqs.at(i - 1))));
        QCOMPARE(seqs.last(), head);
        QCOMPARE(inserted, Writes);
        for (int i = 0; i < Writes; i += 37)
            QCOMPARE(titleOf(store, QStringLiteral("node-%1").arg(i)), QStringLiteral("from ben %1").arg(i));
        QCOMPARE(a->digestMismatches(), 0);
    }

    // Every node down: one attempt per node, then the backoff (not a spin over the list).
    void aWholeRoundFailedWaitsTheBackoff()
    {
        auto first = startNode(m_server.port());
        auto second = startNode(m_server.port());
        QVERIFY(first && second);
        Peer ana;
        SyncClient *a = make(ana, { nodeUrl(first->port()), nodeUrl(second->port()) });
        a->setBackoffLimits(LongBackoffMs, LongBackoffMs, LongBackoffMs);
        QVERIFY(signIn(a, QStringLiteral("ana")));
        a->openBoard(m_boardId);
        QTRY_COMPARE_WITH_TIMEOUT(a->state(), SyncClient::State::Live, 10000);
        QCOMPARE(a->socketsOpened(), 1);

        first.reset();
        second.reset();
        // The drop sends it to the second node at once; that fails too: a round is over.
        QTRY_VERIFY_WITH_TIMEOUT(a->stateReason().contains(QStringLiteral("retrying in 120 s")), 10000);
        QCOMPARE(a->state(), SyncClient::State::Offline);
        QCOMPARE(a->socketsOpened(), 2);
        QCOMPARE(a->currentServer(), a->servers().identity()); // the next round starts at the first
    }

    // Last: it restarts the server.
    void commandsQueuedWhileEveryNodeIsDown()
    {
        auto first = startNode(m_server.port());
        auto second = startNode(m_server.port());
        QVERIFY(first && second);

        Peer ana;
        SyncClient *a = make(ana, { nodeUrl(first->port()), nodeUrl(second->port()) });
        a->setBackoffLimits(50, 200, 500);
        QVERIFY(signIn(a, QStringLiteral("ana")));
        BoardStore *store = a->openBoard(m_boardId);
        QTRY_VERIFY_WITH_TIMEOUT(a->state() == SyncClient::State::Live && store->confirmed().seq > 0, 10000);
        const QStringList items = store->itemIds();
        QVERIFY(items.size() >= 5);

        // Both nodes down: the first for good, the second's server killed.
        const quint16 port = m_server.port();
        first.reset();
        m_server.kill();
        QTRY_VERIFY_WITH_TIMEOUT(a->state() == SyncClient::State::Offline, 10000);
        const qint64 before = store->confirmed().seq;
        QSignalSpy acked(a, &SyncClient::commandAcked);
        QStringList sent;
        for (int i = 0; i < 5; ++i)
            sent.append(a->submit(m_boardId, itemUpdate(items.at(i), { { QStringLiteral("title"), QStringLiteral("offline %1").arg(i) } })));
        QCOMPARE(a->outboxSize(), 5); // nobody to send them to

        // The second node's server is back: the outbox drains there, each command acked once.
        QVERIFY(m_server.start({ QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) }));
        QTRY_COMPARE_WITH_TIMEOUT(a->outboxSize(), 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(store->confirmed().seq, before + 5, 10000);
        QCOMPARE(a->currentServer(), nodeUrl(second->port()));
        QStringList ackedIds;
        for (const QList<QVariant> &args : acked)
            ackedIds.append(args.at(0).toString());
        ackedIds.sort();
        sent.sort();
        QCOMPARE(ackedIds, sent);
        QCOMPARE(serverHead(), before + 5); // each applied once on the server
        for (int i = 0; i < 5; ++i)
            QCOMPARE(serverItem(m_server, token(), m_boardId, items.at(i)).value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(),
                     QStringLiteral("offline %1").arg(i));
        QCOMPARE(store->confirmed().digest(), serverDigest(m_server, token(), m_boardId));
    }
};

QTEST_GUILESS_MAIN(TestSyncClientNodes)
#include "tst_syncclient_nodes.moc"
