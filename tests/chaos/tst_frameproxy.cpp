// SyncClients behind a frame proxy that duplicates, reorders, delays and drops the
// server's data messages: they still converge on the same socket (a dropped batch is a
// gap the client notices on the next one and resubscribes from), and nothing is applied
// twice (an item.created applied twice would not apply and be logged).
//
// With TESSERA_TEST_NODES=2 and TESSERA_TEST_DATABASE=postgresql (tst_frameproxy_pg2) the
// server is two nodes on one database (support/servernodes.h), a relay in front of each:
// writers and readers are spread over both nodes, so what a reader gets through its relay
// was mostly written on the other node and reached its own through the database.
#include "support/chaosharness.h"
#include "support/frameproxy.h"
#include "support/servernodes.h"

using namespace Tessera::Core;
using namespace Tessera::Test;

namespace {

QStringList g_applyFailures;
QtMessageHandler g_previous = nullptr;

void watchWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("does not apply")))
        g_applyFailures.append(message);
    if (g_previous)
        g_previous(type, context, message);
}

// A FrameProxy in front of each node of the server.
struct Relays
{
    std::vector<std::unique_ptr<FrameProxy>> proxies;

    bool start(const ServerNodes &nodes)
    {
        for (int i = 0; i < nodes.count(); ++i) {
            proxies.push_back(std::make_unique<FrameProxy>(nodes.node(i).port()));
            if (!proxies.back()->listen())
                return false;
        }
        return true;
    }
    QList<quint16> ports() const
    {
        QList<quint16> list;
        for (const auto &proxy : proxies)
            list.append(proxy->port());
        return list;
    }
    void setChaos(const FrameProxy::Chaos &chaos)
    {
        for (const auto &proxy : proxies)
            proxy->setChaos(chaos);
    }
    void setRewrite(const std::function<QByteArray(const QByteArray &)> &rewrite)
    {
        for (const auto &proxy : proxies)
            proxy->setRewrite(rewrite);
    }
    FrameProxy::Counters counters() const // summed over the relays
    {
        FrameProxy::Counters sum;
        for (const auto &proxy : proxies) {
            const FrameProxy::Counters &c = proxy->counters();
            sum.messages += c.messages;
            sum.duplicated += c.duplicated;
            sum.dropped += c.dropped;
            sum.reordered += c.reordered;
        }
        return sum;
    }
};

} // namespace

class TestFrameProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void convergesThroughDuplicatesReorderingDelaysAndDrops()
    {
        g_previous = qInstallMessageHandler(watchWarnings);
        ServerNodes nodes;
        QVERIFY2(nodes.start({ QStringLiteral("--demo") }), qPrintable(nodes.error()));
        const ServerProcess &server = nodes.node(0);
        Relays proxy;
        QVERIFY(proxy.start(nodes));

        const QByteArray token = httpToken(server, QStringLiteral("ana"));
        const QString boardId = firstBoardId(server, token);
        // The writers talk to the server directly (behind a lossy proxy their views would
        // lag and their edits conflict, correctly); the watchers are behind the proxy. On two
        // nodes Ana and Cy start on the first, Ben and his second client on the second.
        Peer ana, ben, cy, ben2;
        std::vector<Peer *> peers { &ana, &ben, &cy, &ben2 };
        const QStringList logins { QStringLiteral("ana"), QStringLiteral("ben"), QStringLiteral("cy"), QStringLiteral("ben") };
        QList<BoardStore *> stores;
        for (size_t i = 0; i < peers.size(); ++i) {
            const int node = int(i % 2);
            SyncClient *c = peers[i]->make(i < 2 ? nodes.urls(node) : nodes.urls(node, proxy.ports()));
            QVERIFY(signIn(c, logins.at(int(i))));
            stores.append(c->openBoard(boardId));
            QTRY_VERIFY_WITH_TIMEOUT(stores.last()->itemCount() >= 10 && c->state() == SyncClient::State::Live, 15000);
        }
        const QStringList items = stores.first()->itemIds();

        proxy.setChaos({ 0.2, 0.08, 3, 30 });
        const int rounds = chaosLong() ? 30 : 6;
        int created = 0;
        // At least `rounds`, and on until every kind of chaos happened at least once (a
        // drop has a chance of 8 % per message: a short run may see none), bounded.
        const auto sawEveryKind = [&proxy] {
            const FrameProxy::Counters c = proxy.counters();
            return c.duplicated > 0 && c.dropped > 0 && c.reordered > 0;
        };
        for (int round = 0; round < 4 * rounds && (round < rounds || !sawEveryKind()); ++round) {
            for (int k = 0; k < 10; ++k) {
                ana.client->submit(boardId, itemUpdate(items.at(k % 5), { { QStringLiteral("title"), QStringLiteral("a%1-%2").arg(round).arg(k) } }));
                ben.client->submit(boardId, itemUpdate(items.at(5 + k % 5), { { QStringLiteral("title"), QStringLiteral("b%1-%2").arg(round).arg(k) } }));
            }
            ana.client->submit(boardId, { OpKind::ItemCreate,
                                          { { QStringLiteral("itemId"), QStringLiteral("proxy-%1").arg(created++) },
                                            { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("new") } } },
                                            { QStringLiteral("rank"), QStringLiteral("z%1V").arg(round) } } });
            QTRY_VERIFY_WITH_TIMEOUT(ana.client->outboxSize() == 0 && ben.client->outboxSize() == 0, 30000);
        }
        // A last write on a clean line: whoever lost the final batch sees the gap now.
        proxy.setChaos({});
        ana.client->submit(boardId, itemUpdate(items.at(0), { { QStringLiteral("title"), QStringLiteral("final") } }));
        QTRY_COMPARE_WITH_TIMEOUT(ana.client->outboxSize(), 0, 15000);

        const QString digest = serverDigest(server, token, boardId);
        const qint64 head = serverHead(server, token, boardId);
        for (int i = 1; i < nodes.count(); ++i)
            QCOMPARE(serverDigest(nodes.node(i), token, boardId), digest);
        for (BoardStore *s : stores) {
            QTRY_COMPARE_WITH_TIMEOUT(s->confirmed().seq, head, 20000);
            QCOMPARE(s->confirmed().digest(), digest);
            QCOMPARE(s->itemCount(), 10 + created);
        }
        for (Peer *p : { &cy, &ben2 }) {
            QCOMPARE(p->client->socketsOpened(), 1); // healed by resubscribing, not by reconnecting
            QCOMPARE(p->client->digestMismatches(), 0);
        }
        const FrameProxy::Counters c = proxy.counters();
        qInfo("proxy: %d data messages, %d duplicated, %d dropped, %d reordered flushes", c.messages, c.duplicated,
              c.dropped, c.reordered);
        QVERIFY(c.duplicated > 0);
        QVERIFY(c.dropped > 0);
        QVERIFY(c.reordered > 0);
        QVERIFY2(g_applyFailures.isEmpty(), qPrintable(g_applyFailures.join(QLatin1Char('\n'))));
        qInstallMessageHandler(g_previous);
    }

    // A client talking to a newer server: the proxy plays one, turning a real event into a
    // kind this version does not know and adding an unknown field to others. The client
    // skips the unknown event, applies the rest, stays on its socket (no reload or
    // reconnect loop) and says an update is available. On two nodes the writer is on the
    // first and the reader on the second.
    void newerServersEventsAreSkippedAndAnnounced()
    {
        ServerNodes nodes;
        QVERIFY2(nodes.start({ QStringLiteral("--demo") }), qPrintable(nodes.error()));
        const ServerProcess &server = nodes.node(0);
        Relays proxy;
        QVERIFY(proxy.start(nodes));
        proxy.setRewrite([](const QByteArray &payload) {
            QJsonObject batch = QJsonDocument::fromJson(payload).object();
            if (batch.value(QStringLiteral("type")).toString() != QLatin1String("batch"))
                return payload;
            QJsonArray events = batch.value(QStringLiteral("events")).toArray();
            for (qsizetype i = 0; i < events.size(); ++i) {
                QJsonObject e = events.at(i).toObject();
                const QJsonObject fields = e.value(QStringLiteral("fields")).toObject();
                if (fields.value(QStringLiteral("title")).toString() == QLatin1String("from the future"))
                    e.insert(QStringLiteral("kind"), QStringLiteral("item.archived"));
                e.insert(QStringLiteral("colour"), QStringLiteral("teal")); // a field added later
                events.replace(i, e);
            }
            batch.insert(QStringLiteral("events"), events);
            return QJsonDocument(batch).toJson(QJsonDocument::Compact);
        });
        const QByteArray token = httpToken(server, QStringLiteral("ana"));
        const QString boardId = firstBoardId(server, token);

        Peer ana, ben;
        SyncClient *writer = ana.make(nodes.urls(0));
        SyncClient *reader = ben.make(nodes.urls(1, proxy.ports()));
        QVERIFY(signIn(writer, QStringLiteral("ana")) && signIn(reader, QStringLiteral("ben")));
        BoardStore *source = writer->openBoard(boardId);
        BoardStore *view = reader->openBoard(boardId);
        QTRY_VERIFY_WITH_TIMEOUT(source->itemCount() >= 10 && view->itemCount() >= 10
                                         && reader->state() == SyncClient::State::Live,
                                 15000);
        QVERIFY(reader->updateNotice().isEmpty());
        QSignalSpy update(reader, &SyncClient::updateAvailable);
        const QStringList items = source->itemIds();
        const QString before = titleOf(view, items.at(0));

        writer->submit(boardId, itemUpdate(items.at(0), { { QStringLiteral("title"), QStringLiteral("from the future") } }));
        QTRY_COMPARE_WITH_TIMEOUT(writer->outboxSize(), 0, 15000);
        writer->submit(boardId, itemUpdate(items.at(1), { { QStringLiteral("title"), QStringLiteral("after") } }));
        QTRY_COMPARE_WITH_TIMEOUT(writer->outboxSize(), 0, 15000);

        const qint64 head = serverHead(server, token, boardId);
        QTRY_COMPARE_WITH_TIMEOUT(view->confirmed().seq, head, 15000);
        QCOMPARE(titleOf(view, items.at(1)), QStringLiteral("after")); // known events with new fields apply
        QCOMPARE(titleOf(view, items.at(0)), before); // the unknown one is left out
        QCOMPARE(update.size(), 1);
        QVERIFY2(reader->updateNotice().contains(QLatin1String("item.archived")), qPrintable(reader->updateNotice()));
        QCOMPARE(reader->state(), SyncClient::State::Live);
        QCOMPARE(reader->socketsOpened(), 1);
    }
};

QTEST_GUILESS_MAIN(TestFrameProxy)
#include "tst_frameproxy.moc"
