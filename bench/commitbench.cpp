// commit: W writers over the WebSocket, each keeping D commands in flight (--window D) or
// all together offering R commands/s (--rate R), for S seconds. Every ack means the event
// is committed (WAL, synchronous=FULL; on PostgreSQL its commit); commands arriving together
// share a transaction (group commit). With --nodes N the writers are spread over N nodes of
// one PostgreSQL database, all on one board (its row lock orders them) unless --boards B
// gives writer w board w % B of its own (B = N: no two nodes share a board). Reports acks/s and
// send->ack latency, server (and own cluster's) CPU per command; fails on a reject, a command
// never answered (lost ack) or a server that exited.
#include "benchcommon.h"
#include "writerpool.h"

namespace Tessera::Bench {

int runCommit(const Args &args)
{
    const int writers = int(std::clamp<qint64>(args.integer(QStringLiteral("writers"), 32), 1, 1000));
    const int window = int(std::clamp<qint64>(args.integer(QStringLiteral("window"), 32), 1, 10000));
    const double seconds = std::clamp(args.number(QStringLiteral("seconds"), 10), 1.0, 600.0);
    const int items = int(std::clamp<qint64>(args.integer(QStringLiteral("items"), 1000), 1, 100000));
    const int boardCount = int(std::clamp<qint64>(args.integer(QStringLiteral("boards"), 1), 1, 1000));
    const bool paced = args.has(QStringLiteral("rate"));
    const double rate = args.number(QStringLiteral("rate"), 1000);
    if (paced && args.has(QStringLiteral("window"))) {
        qCritical("commit: give --window (saturation) or --rate (offered load), not both");
        return 2;
    }
    if (items < boardCount) {
        qCritical("commit: --items %d is fewer than --boards %d (every board needs an item)", items, boardCount);
        return 2;
    }

    BenchServer server;
    QString error;
    if (!server.start(args, &error)) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    const QByteArray token = server.login();
    QStringList boards; // item i lives on board i % boardCount; writer w writes to board w % boardCount
    for (int b = 0; b < boardCount; ++b)
        boards.append(server.createBoard(token, QStringLiteral("commit bench %1").arg(b)));
    WriterPool pool(server, writers);
    if (boards.contains(QString()) || !pool.connectAll()) {
        qCritical("setup failed");
        return 1;
    }
    QStringList itemIds;
    for (int i = 0; i < items; ++i)
        itemIds.append(QStringLiteral("cm-%1").arg(i));
    // One board after the other: a group of commands on several boards locks them in the
    // order it meets them, and two nodes meeting them in opposite orders deadlock.
    for (int b = 0; b < boardCount && pool.rejected() == 0; ++b) {
        const qint64 first = pool.sent();
        const int count = (items - b + boardCount - 1) / boardCount;
        pool.setLimit(first + count);
        pool.startWindow(16, [&](qint64 rid, qint64 n) {
            const int i = b + boardCount * int(n - first);
            return itemCreateFrame(rid, boards.at(b), itemIds.at(i), QStringLiteral("seed"), rankFor(i));
        });
        waitUntil([&] { return pool.sent() >= first + count; }, 120000);
        pool.stop();
        pool.waitIdle(60000);
    }
    if (pool.sent() < items || !pool.waitIdle(60000) || pool.rejected() > 0) {
        qCritical("commit: seeding %d items failed (%lld sent, %lld acked, %lld rejected; first: %s)", items, pool.sent(),
                  pool.acked(), pool.rejected(), pool.firstReject().constData());
        return 1;
    }

    const qint64 ackedBefore = pool.acked();
    pool.resetCounters();
    pool.setLimit(0);
    const qint64 serverCpuBefore = server.serverCpuMicros();
    const qint64 databaseCpuBefore = server.databaseCpuMicros();
    qint64 counter = 0;
    const qint64 t0 = nowNs();
    const auto maker = [&](qint64 rid, qint64) {
        const qint64 n = counter++;
        const int b = pool.currentWriter() % boardCount;
        const int perBoard = (items - b + boardCount - 1) / boardCount; // items i with i % boardCount == b
        return itemUpdateFrame(rid, boards.at(b), itemIds.at(b + boardCount * int(n % perBoard)), QStringLiteral("v%1").arg(n));
    };
    if (paced)
        pool.startRate(rate, maker);
    else
        pool.startWindow(window, maker);
    waitUntil([] { return false; }, int(seconds * 1000));
    const qint64 ackedAtEnd = pool.acked();
    const double wall = double(nowNs() - t0) / 1e9;
    pool.stop();
    const bool allAnswered = pool.waitIdle(60000);
    const qint64 serverCpuAfter = server.serverCpuMicros();
    const qint64 databaseCpuAfter = server.databaseCpuMicros();
    const qint64 lostAcks = pool.sent() - pool.acked() - pool.rejected();
    const bool serverAlive = server.alive();

    const QJsonObject params { { QStringLiteral("writers"), writers },
                               { QStringLiteral("mode"), paced ? QStringLiteral("rate") : QStringLiteral("window") },
                               { QStringLiteral("window"), paced ? QJsonValue() : QJsonValue(window) },
                               { QStringLiteral("rate"), paced ? QJsonValue(rate) : QJsonValue() },
                               { QStringLiteral("seconds"), seconds }, { QStringLiteral("items"), items },
                               { QStringLiteral("boards"), boardCount } };
    const qint64 acked = ackedAtEnd - ackedBefore;
    const QString firstReject = QString::fromUtf8(pool.firstReject());
    QJsonObject results { { QStringLiteral("acked"), double(acked) },
                          { QStringLiteral("durableCommandsPerSecond"), double(acked) / wall },
                          { QStringLiteral("rejected"), double(pool.rejected()) },
                          { QStringLiteral("lostAcks"), double(lostAcks) },
                          { QStringLiteral("serverAlive"), serverAlive },
                          { QStringLiteral("commitLatencyMs"), pool.ackLatencyMs().summary() } };
    if (!firstReject.isEmpty())
        results.insert(QStringLiteral("firstReject"), firstReject);
    if (server.isOwn()) { // all nodes together
        const double serverCpu = double(serverCpuAfter - serverCpuBefore);
        const double commands = double(pool.acked() - ackedBefore);
        results.insert(QStringLiteral("serverCpuPercent"), serverCpu / 1e4 / wall);
        results.insert(QStringLiteral("serverCpuMicrosPerCommand"), commands > 0 ? serverCpu / commands : 0.0);
        results.insert(QStringLiteral("serverRssMiB"), double(server.serverRssBytes()) / 1048576.0);
        if (server.ownsDatabase()) { // the private PostgreSQL cluster: postmaster and backends
            const double databaseCpu = double(databaseCpuAfter - databaseCpuBefore);
            results.insert(QStringLiteral("databaseCpuPercent"), databaseCpu / 1e4 / wall);
            results.insert(QStringLiteral("databaseCpuMicrosPerCommand"), commands > 0 ? databaseCpu / commands : 0.0);
        }
    }
    print(QStringLiteral("commit"), params, results, server);
    return allAnswered && lostAcks == 0 && pool.rejected() == 0 && serverAlive && acked > 0 ? 0 : 1;
}

} // namespace Tessera::Bench
