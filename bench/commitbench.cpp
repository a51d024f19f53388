// commit: W writers over the WebSocket, each keeping D commands in flight, for S seconds.
// Every ack means the event is committed (WAL, synchronous=FULL); commands arriving
// together share a transaction (group commit). Reports acks/s and send->ack latency.
#include "benchcommon.h"
#include "procstats.h"
#include "writerpool.h"

namespace Tessera::Bench {

int runCommit(const Args &args)
{
    const int writers = int(std::clamp<qint64>(args.integer(QStringLiteral("writers"), 32), 1, 1000));
    const int window = int(std::clamp<qint64>(args.integer(QStringLiteral("window"), 32), 1, 10000));
    const double seconds = std::clamp(args.number(QStringLiteral("seconds"), 10), 1.0, 600.0);
    const int items = int(std::clamp<qint64>(args.integer(QStringLiteral("items"), 1000), 1, 100000));

    BenchServer server;
    QString error;
    if (!server.start(args, &error)) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    const QByteArray token = server.login();
    const QString board = server.createBoard(token, QStringLiteral("commit bench"));
    WriterPool pool(server, writers);
    if (board.isEmpty() || !pool.connectAll()) {
        qCritical("setup failed");
        return 1;
    }
    QStringList itemIds;
    for (int i = 0; i < items; ++i)
        itemIds.append(QStringLiteral("cm-%1").arg(i));
    pool.setLimit(items);
    pool.startWindow(16, [&](qint64 rid, qint64 n) {
        return itemCreateFrame(rid, board, itemIds.at(int(n % items)), QStringLiteral("seed"), rankFor(int(n)));
    });
    waitUntil([&] { return pool.sent() >= items; }, 120000);
    pool.stop();
    pool.waitIdle(60000);

    const qint64 ackedBefore = pool.acked();
    pool.resetCounters();
    pool.setLimit(0);
    const ProcSample serverBefore = readProc(server.pid());
    qint64 counter = 0;
    const qint64 t0 = nowNs();
    pool.startWindow(window, [&](qint64 rid, qint64) {
        const qint64 n = counter++;
        return itemUpdateFrame(rid, board, itemIds.at(int(n % items)), QStringLiteral("v%1").arg(n));
    });
    waitUntil([] { return false; }, int(seconds * 1000));
    const qint64 ackedAtEnd = pool.acked();
    const double wall = double(nowNs() - t0) / 1e9;
    pool.stop();
    pool.waitIdle(60000);
    const ProcSample serverAfter = readProc(server.pid());

    const QJsonObject params { { QStringLiteral("writers"), writers }, { QStringLiteral("window"), window },
                               { QStringLiteral("seconds"), seconds }, { QStringLiteral("items"), items } };
    QJsonObject results { { QStringLiteral("acked"), double(ackedAtEnd - ackedBefore) },
                          { QStringLiteral("durableCommandsPerSecond"), double(ackedAtEnd - ackedBefore) / wall },
                          { QStringLiteral("rejected"), double(pool.rejected()) },
                          { QStringLiteral("commitLatencyMs"), pool.ackLatencyMs().summary() } };
    if (server.isOwn()) {
        results.insert(QStringLiteral("serverCpuPercent"), double(serverAfter.cpuMicros - serverBefore.cpuMicros) / 1e4 / wall);
        results.insert(QStringLiteral("serverRssMiB"), double(serverAfter.rssBytes) / 1048576.0);
    }
    print(QStringLiteral("commit"), params, results, server);
    return pool.rejected() == 0 ? 0 : 1;
}

} // namespace Tessera::Bench
