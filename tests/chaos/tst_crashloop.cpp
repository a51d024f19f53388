// Crash loop: K SyncClients keep writing while the server is SIGKILLed at random moments
// and restarted on the same data dir and port. Afterwards every acked mutation is in the
// log exactly once and every client's digest equals the server's.
#include "support/chaosharness.h"

#include <QRandomGenerator>

using namespace Tessera::Core;
using namespace Tessera::Test;

class TestCrashLoop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedAndRestartedManyTimes()
    {
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        const quint16 port = server.port();
        QByteArray token = httpToken(server, QStringLiteral("ana"));
        const QString boardId = firstBoardId(server, token);
        QVERIFY(!boardId.isEmpty());
        const qint64 startSeq = serverHead(server, token, boardId);

        const QStringList logins { QStringLiteral("ana"), QStringLiteral("ben"), QStringLiteral("ana") };
        std::vector<std::unique_ptr<Peer>> peers;
        QList<BoardStore *> stores;
        QSet<QString> submitted, acked;
        for (const QString &login : logins) {
            auto peer = std::make_unique<Peer>();
            SyncClient *c = peer->make(server.url());
            c->setPingIntervalMs(1000);
            QVERIFY(signIn(c, login));
            connect(c, &SyncClient::commandAcked, this, [&acked](const QString &id) { acked.insert(id); });
            stores.append(c->openBoard(boardId));
            peers.push_back(std::move(peer));
        }
        for (BoardStore *s : stores)
            QTRY_VERIFY_WITH_TIMEOUT(s->itemCount() >= 10, 15000);
        const QStringList items = stores.first()->itemIds();

        QRandomGenerator random(QRandomGenerator::global()->generate());
        const int rounds = chaosLong() ? 100 : 20;
        for (int round = 0; round < rounds; ++round) {
            // A burst from every client; the kill lands somewhere inside or just after it.
            for (int k = 0; k < 4; ++k) {
                for (size_t p = 0; p < peers.size(); ++p) {
                    // each client its own items: base versions then never conflict across clients
                    const int slot = int(p) + 3 * int(random.bounded(3));
                    const QString item = items.at(slot);
                    submitted.insert(peers[p]->client->submit(
                            boardId, itemUpdate(item, { { QStringLiteral("title"), QStringLiteral("r%1-p%2-k%3").arg(round).arg(p).arg(k) } })));
                }
            }
            letTimePass(int(random.bounded(150))); // the random moment is the point
            server.kill();
            QVERIFY2(server.start(listenArgs(port)), qPrintable(server.output()));
        }

        for (const auto &peer : peers) {
            QTRY_COMPARE_WITH_TIMEOUT(peer->client->outboxSize(), 0, 60000);
            QTRY_COMPARE_WITH_TIMEOUT(peer->client->state(), SyncClient::State::Live, 30000);
        }
        token = httpToken(server, QStringLiteral("ana"));
        const QString digest = serverDigest(server, token, boardId);
        for (BoardStore *s : stores)
            QTRY_COMPARE_WITH_TIMEOUT(s->confirmed().digest(), digest, 30000);

        // Every submitted command was acked in the end, and each is in the log once.
        QCOMPARE(acked.size(), submitted.size());
        const QHash<QString, int> counts = mutationCounts(server, token, boardId, startSeq);
        for (const QString &id : std::as_const(acked))
            QVERIFY2(counts.value(id) == 1, qPrintable(QStringLiteral("%1 is in the log %2 times").arg(id).arg(counts.value(id))));
    }
};

QTEST_GUILESS_MAIN(TestCrashLoop)
#include "tst_crashloop.moc"
