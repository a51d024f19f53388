// catchup: a subscriber at the head goes away; P item.create commands land (optionally
// followed by a server restart); it reconnects with sinceSeq+epoch and is timed until it
// has applied up to the head. Every batch is parsed as a real client would, and checked:
// no gap, no duplicate, in order, each missed mutation exactly once.
#include "benchcommon.h"
#include "stats.h"
#include "writerpool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <cstdio>

namespace Tessera::Bench {

int runCatchup(const Args &args)
{
    const int missed = int(std::clamp<qint64>(args.integer(QStringLiteral("missed"), 5000), 1, 1'000'000));
    const bool afterRestart = args.has(QStringLiteral("after-restart"));
    const int rounds = int(std::clamp<qint64>(args.integer(QStringLiteral("rounds"), 5), 1, 100));
    // Events per catch-up batch the client asks for (subscribe's replayBatchMax); 0 (the
    // default) asks for nothing: the server's page of 500. Larger batches measured no faster
    // here and at 5,000 missed a few ms slower (docs/benchmarks.md, catch-up).
    const qint64 replayBatch = std::clamp<qint64>(args.integer(QStringLiteral("replay-batch"), 0), 0, 1'000'000);

    BenchServer server;
    QString error;
    if (!server.start(args, &error)) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    if (afterRestart && !server.isOwn()) {
        qCritical("--after-restart needs the bench's own server");
        return 1;
    }
    const QByteArray token = server.login();
    const QString board = server.createBoard(token, QStringLiteral("catchup bench"));
    const QString stream = QStringLiteral("board:") + board;
    // Every round adds `missed` items to one board: past the default quota of 20,000 items
    // per board the admin (ana, in the demo) raises it, as an admin of a big board would.
    const qint64 items = qint64(missed) * rounds;
    if (items > 20000) {
        const QJsonObject quota { { QStringLiteral("max_items_per_board"), double(items + 1000) } };
        const Test::HttpResult r = Test::httpRequest("PATCH", server.url().resolved(QUrl(QStringLiteral("/api/v1/admin/settings"))),
                                                     QJsonDocument(quota).toJson(QJsonDocument::Compact), token);
        if (r.status != 200) {
            qCritical("catchup: could not raise max_items_per_board to %lld (HTTP %d)", items + 1000, r.status);
            return 1;
        }
    }

    Samples totalMs, subscribeMs;
    qint64 gaps = 0, duplicates = 0, outOfOrder = 0, lost = 0, twice = 0, created = 0;
    qint64 head = 0;
    QString epoch;
    for (int round = 0; round < rounds; ++round) {
        // Where the subscriber was when it went away.
        {
            BenchSocket probe;
            QByteArray welcome, subscribed;
            probe.onConnected = [&] { probe.hello(token); };
            probe.onFrame = [&](const QByteArray &f) {
                if (isType(f, "welcome")) {
                    welcome = f;
                    probe.send({ { QStringLiteral("type"), QStringLiteral("subscribe") }, { QStringLiteral("rid"), 1 },
                                 { QStringLiteral("stream"), stream } });
                } else if (isType(f, "subscribed")) {
                    subscribed = f;
                }
            };
            probe.open(server.url());
            if (!waitUntil([&] { return !subscribed.isEmpty(); }, 20000)) {
                qCritical("could not subscribe");
                return 1;
            }
            head = intField(subscribed, "headSeq", 0);
            epoch = QString::fromUtf8(stringField(subscribed, "epoch"));
        }
        // What it misses.
        QSet<QString> expected;
        expected.reserve(missed);
        {
            WriterPool pool(server, 4);
            if (!pool.connectAll()) {
                qCritical("writers could not connect");
                return 1;
            }
            pool.setLimit(missed);
            pool.startWindow(64, [&](qint64 rid, qint64 n) {
                const QJsonObject f = itemCreateFrame(rid, board, QStringLiteral("cu-%1-%2").arg(round).arg(n),
                                                      QStringLiteral("missed %1").arg(n), rankFor(int(created + n)));
                expected.insert(f.value(QStringLiteral("mutationId")).toString());
                return f;
            });
            waitUntil([&] { return pool.sent() >= missed; }, 300000);
            pool.stop();
            if (pool.sent() < missed || !pool.waitIdle(60000) || pool.rejected() > 0) {
                qCritical("catchup: writing %d missed commands failed (%lld sent, %lld acked, %lld rejected)", missed,
                          pool.sent(), pool.acked(), pool.rejected());
                return 1;
            }
            created += missed;
        }
        if (afterRestart && !server.restart()) {
            qCritical("server did not restart");
            return 1;
        }

        // Back: connect, hello, subscribe from where it was, apply until the head.
        BenchSocket client;
        qint64 applied = head, lastSeq = head, target = -1;
        QSet<QString> seen; // the bench's own check, sized once: rehashing it was 9 % of the client's CPU
        seen.reserve(missed);
        qint64 subscribeSentNs = 0, welcomeNs = 0, firstBatchNs = 0;
        client.onConnected = [&] { client.hello(token); };
        client.onFrame = [&](const QByteArray &bytes) {
            const QJsonObject f = QJsonDocument::fromJson(bytes).object();
            const QString type = f.value(QStringLiteral("type")).toString();
            if (type == QLatin1String("welcome")) {
                welcomeNs = subscribeSentNs = nowNs();
                QJsonObject subscribe { { QStringLiteral("type"), QStringLiteral("subscribe") }, { QStringLiteral("rid"), 1 },
                                        { QStringLiteral("stream"), stream }, { QStringLiteral("sinceSeq"), double(head) },
                                        { QStringLiteral("epoch"), epoch } };
                if (replayBatch > 0)
                    subscribe.insert(QStringLiteral("replayBatchMax"), double(replayBatch));
                client.send(subscribe);
            } else if (type == QLatin1String("subscribed")) {
                target = f.value(QStringLiteral("headSeq")).toInteger();
            } else if (type == QLatin1String("batch")) {
                if (firstBatchNs == 0)
                    firstBatchNs = nowNs();
                const qint64 from = f.value(QStringLiteral("fromSeq")).toInteger();
                const qint64 to = f.value(QStringLiteral("toSeq")).toInteger();
                if (to <= applied) {
                    ++duplicates;
                    return;
                }
                if (from != applied + 1)
                    ++gaps;
                for (const QJsonValue &v : f.value(QStringLiteral("events")).toArray()) {
                    const QJsonObject e = v.toObject();
                    const qint64 seq = e.value(QStringLiteral("seq")).toInteger();
                    if (seq <= lastSeq || seq > to)
                        ++outOfOrder;
                    lastSeq = seq;
                    const qsizetype before = seen.size();
                    seen.insert(e.value(QStringLiteral("mutationId")).toString());
                    if (seen.size() == before)
                        ++twice;
                }
                applied = to;
            }
        };
        const qint64 startNs = nowNs();
        client.open(server.url());
        const auto caughtUp = [&] { return target >= 0 && applied >= target; };
        waitUntil([&] { return caughtUp() || !server.alive(); }, 120000); // a dead server sends no more
        const bool done = caughtUp();
        const qint64 endNs = nowNs();
        if (!done) {
            qCritical("did not catch up (applied %lld of %lld)", applied, target);
            return 1;
        }
        // The round's window on CLOCK_MONOTONIC (steady_clock), for `perf record -k CLOCK_MONOTONIC`
        // and `perf report --time start,end`: the catch-up alone, without the writes before it.
        std::fprintf(stderr, "catchup round %d: %.1f ms (welcome at %.1f, first batch at %.1f), monotonic %.6f,%.6f\n",
                     round + 1, double(endNs - startNs) / 1e6, double(welcomeNs - startNs) / 1e6,
                     double(firstBatchNs - startNs) / 1e6, double(startNs) / 1e9, double(endNs) / 1e9);
        totalMs.add(double(endNs - startNs) / 1e6);
        subscribeMs.add(double(endNs - subscribeSentNs) / 1e6);
        for (const QString &id : std::as_const(expected)) {
            if (!seen.contains(id))
                ++lost;
        }
    }
    const QJsonObject params { { QStringLiteral("missed"), missed }, { QStringLiteral("afterRestart"), afterRestart },
                               { QStringLiteral("rounds"), rounds }, { QStringLiteral("replayBatch"), double(replayBatch) } };
    const QJsonObject results { { QStringLiteral("reconnectToCaughtUpMs"), totalMs.summary() },
                                { QStringLiteral("subscribeToCaughtUpMs"), subscribeMs.summary() },
                                { QStringLiteral("lost"), double(lost) }, { QStringLiteral("appliedTwice"), double(twice) },
                                { QStringLiteral("gaps"), double(gaps) }, { QStringLiteral("duplicateBatches"), double(duplicates) },
                                { QStringLiteral("outOfOrder"), double(outOfOrder) } };
    print(QStringLiteral("catchup"), params, results, server);
    return lost == 0 && twice == 0 && gaps == 0 && duplicates == 0 && outOfOrder == 0 && server.alive() ? 0 : 1;
}

} // namespace Tessera::Bench
