// appload: the load bench/appbench.sh puts on a board the real app has open (issue #14).
//   --seed:  creates items <B>-0 .. <B>-<N-1> in board B (ranks in that order; status to do,
//            doing, done in turn; a due date in 2026), W writers
//            each keeping 32 commands in flight: the fastest supported way to fill a board
//   else:    R item.update commands/s (titles) round-robin over those items for S seconds
// Needs --server (the app's server) and --board. Reports commands/s, acks and rejects.
#include "benchcommon.h"
#include "writerpool.h"

namespace Tessera::Bench {

int runAppLoad(const Args &args)
{
    const QString board = args.value(QStringLiteral("board"));
    const int items = int(std::clamp<qint64>(args.integer(QStringLiteral("items"), 1000), 1, 5'000'000));
    const int writers = int(std::clamp<qint64>(args.integer(QStringLiteral("writers"), 4), 1, 64));
    const bool seed = args.has(QStringLiteral("seed"));
    const double rate = args.number(QStringLiteral("rate"), 1000);
    const double seconds = std::clamp(args.number(QStringLiteral("seconds"), 10), 1.0, 600.0);
    if (!args.has(QStringLiteral("server")) || board.isEmpty()) {
        qCritical("appload: give --server URL and --board ID (the board the app has open)");
        return 2;
    }
    BenchServer server;
    QString error;
    if (!server.start(args, &error)) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    WriterPool pool(server, writers);
    if (!pool.connectAll()) {
        qCritical("appload: writers could not connect");
        return 1;
    }
    // Item ids are unique across the server: "<first 8 characters of the board id>-<n>".
    const auto idOf = [prefix = board.left(8)](qint64 n) { return prefix + QStringLiteral("-%1").arg(n); };
    const qint64 t0 = nowNs();
    if (seed) {
        const QString statuses[] = { QStringLiteral("todo"), QStringLiteral("doing"), QStringLiteral("done") };
        pool.setLimit(items);
        pool.startWindow(32, [&](qint64 rid, qint64 n) {
            QJsonObject frame = itemCreateFrame(rid, board, idOf(n), QStringLiteral("Item %1").arg(n), rankFor(int(n)));
            QJsonObject op = frame.value(QStringLiteral("op")).toObject();
            QJsonObject fields = op.value(QStringLiteral("fields")).toObject();
            fields.insert(QStringLiteral("status"), statuses[n % 3]); // three kanban lanes
            fields.insert(QStringLiteral("due"), QStringLiteral("2026-%1-%2").arg(n % 12 + 1, 2, 10, QLatin1Char('0'))
                                                         .arg(n % 28 + 1, 2, 10, QLatin1Char('0')));
            op.insert(QStringLiteral("fields"), fields);
            frame.insert(QStringLiteral("op"), op);
            return frame;
        });
        waitUntil([&] { return pool.sent() >= items; }, 60000 + items); // bounded: 1 ms per item on top
    } else {
        qint64 counter = 0;
        pool.startRate(rate, [&](qint64 rid, qint64) {
            const qint64 n = counter++;
            return itemUpdateFrame(rid, board, idOf(n % items), QStringLiteral("t%1").arg(nowNs()));
        });
        waitUntil([] { return false; }, int(seconds * 1000));
    }
    pool.stop();
    const double sendWall = double(nowNs() - t0) / 1e9;
    const bool allAnswered = pool.waitIdle(60000);
    const QJsonObject params { { QStringLiteral("board"), board }, { QStringLiteral("items"), items },
                               { QStringLiteral("writers"), writers },
                               { QStringLiteral("mode"), seed ? QStringLiteral("seed") : QStringLiteral("rate") },
                               { QStringLiteral("rate"), seed ? QJsonValue() : QJsonValue(rate) },
                               { QStringLiteral("seconds"), seed ? QJsonValue() : QJsonValue(seconds) } };
    const QJsonObject results { { QStringLiteral("sent"), double(pool.sent()) },
                                { QStringLiteral("acked"), double(pool.acked()) },
                                { QStringLiteral("rejected"), double(pool.rejected()) },
                                { QStringLiteral("commandsPerSecond"), double(pool.acked()) / sendWall },
                                { QStringLiteral("ackLatencyMs"), pool.ackLatencyMs().summary() } };
    print(QStringLiteral("appload"), params, results, server);
    return allAnswered && pool.rejected() == 0 && (!seed || pool.acked() >= items) ? 0 : 1;
}

} // namespace Tessera::Bench
