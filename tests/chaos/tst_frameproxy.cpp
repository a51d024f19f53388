// SyncClients behind a frame proxy that duplicates, reorders, delays and drops the
// server's data messages: they still converge on the same socket (a dropped batch is a
// gap the client notices on the next one and resubscribes from), and nothing is applied
// twice (an item.created applied twice would not apply and be logged).
#include "support/chaosharness.h"
#include "support/frameproxy.h"

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

} // namespace

class TestFrameProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void convergesThroughDuplicatesReorderingDelaysAndDrops()
    {
        g_previous = qInstallMessageHandler(watchWarnings);
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        FrameProxy proxy(server.port());
        QVERIFY(proxy.listen());
        QUrl proxied = server.url();
        proxied.setPort(proxy.port());

        const QByteArray token = httpToken(server, QStringLiteral("ana"));
        const QString boardId = firstBoardId(server, token);
        // The writers talk to the server directly (behind a lossy proxy their views would
        // lag and their edits conflict, correctly); the watchers are behind the proxy.
        Peer ana, ben, cy, ben2;
        std::vector<Peer *> peers { &ana, &ben, &cy, &ben2 };
        const QStringList logins { QStringLiteral("ana"), QStringLiteral("ben"), QStringLiteral("cy"), QStringLiteral("ben") };
        QList<BoardStore *> stores;
        for (size_t i = 0; i < peers.size(); ++i) {
            SyncClient *c = peers[i]->make(i < 2 ? server.url() : proxied);
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
            const FrameProxy::Counters &c = proxy.counters();
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
        for (BoardStore *s : stores) {
            QTRY_COMPARE_WITH_TIMEOUT(s->confirmed().seq, head, 20000);
            QCOMPARE(s->confirmed().digest(), digest);
            QCOMPARE(s->itemCount(), 10 + created);
        }
        for (Peer *p : { &cy, &ben2 }) {
            QCOMPARE(p->client->socketsOpened(), 1); // healed by resubscribing, not by reconnecting
            QCOMPARE(p->client->digestMismatches(), 0);
        }
        const FrameProxy::Counters &c = proxy.counters();
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
    // reconnect loop) and says an update is available.
    void newerServersEventsAreSkippedAndAnnounced()
    {
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        FrameProxy proxy(server.port());
        QVERIFY(proxy.listen());
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
        QUrl proxied = server.url();
        proxied.setPort(proxy.port());
        const QByteArray token = httpToken(server, QStringLiteral("ana"));
        const QString boardId = firstBoardId(server, token);

        Peer ana, ben;
        SyncClient *writer = ana.make(server.url());
        SyncClient *reader = ben.make(proxied);
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
