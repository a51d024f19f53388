// model: a BoardStore with N items and an ItemTableModel on it; K batches of B events
// (90 % field updates, 10 % moves to a new rank) applied the way the sync engine applies
// a live batch, each followed by what a view repaints (the data of 40 visible rows).
// No network and no display: the figures are the model's share of a frame.
#include "benchcommon.h"
#include "procstats.h"
#include "stats.h"

#include "core/models/boardstore.h"
#include "core/client/localcache.h"
#include "core/models/itemtablemodel.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>

namespace Tessera::Bench {

using namespace Tessera::Core;

namespace {

Column column(const QString &id, ColumnType type)
{
    Column c { id, id, type, {} };
    if (type == ColumnType::Status) {
        c.options = { { QStringLiteral("todo"), QStringLiteral("To do"), QStringLiteral("#9e9e9e") },
                      { QStringLiteral("doing"), QStringLiteral("Doing"), QStringLiteral("#1e88e5") },
                      { QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("#43a047") } };
    }
    return c;
}

QString itemId(int i)
{
    return QStringLiteral("i%1").arg(i, 7, 10, QLatin1Char('0'));
}

} // namespace

int runModel(const Args &args)
{
    const int count = int(std::clamp<qint64>(args.integer(QStringLiteral("items"), 100000), 1, 5'000'000));
    const int batchSize = int(std::clamp<qint64>(args.integer(QStringLiteral("batch"), 1000), 1, 100000));
    const int batches = int(std::clamp<qint64>(args.integer(QStringLiteral("batches"), 50), 1, 10000));
    const QStringList statuses { QStringLiteral("todo"), QStringLiteral("doing"), QStringLiteral("done") };

    BoardState state;
    state.board.id = QStringLiteral("bench");
    state.epoch = QStringLiteral("e");
    state.columns = { column(QStringLiteral("title"), ColumnType::Text), column(QStringLiteral("status"), ColumnType::Status),
                      column(QStringLiteral("points"), ColumnType::Number), column(QStringLiteral("due"), ColumnType::Date) };
    state.members.insert(QStringLiteral("u1"), { QStringLiteral("u1"), Role::Owner, QStringLiteral("ann"), QStringLiteral("Ann") });
    state.items.reserve(count);
    for (int i = 0; i < count; ++i) {
        Item item;
        item.id = itemId(i);
        item.rank = QStringLiteral("r%1V").arg(i, 7, 10, QLatin1Char('0'));
        item.fields = { { QStringLiteral("title"), QStringLiteral("Item %1").arg(i) },
                        { QStringLiteral("status"), statuses.at(i % 3) },
                        { QStringLiteral("points"), double(i % 13) } };
        item.versions = { { QStringLiteral("title"), 1 }, { QStringLiteral("status"), 1 }, { QStringLiteral("points"), 1 } };
        state.items.insert(item.id, item);
    }
    state.seq = 1;

    // --cache: also time reading the board back from the client's local cache (what the app
    // does at start before resetFromSnapshot); the write is not timed.
    double cacheReadMs = -1;
    if (args.has(QStringLiteral("cache"))) {
        QTemporaryDir dir;
        LocalCache cache(dir.filePath(QStringLiteral("cache.sqlite")));
        if (cache.open()) {
            cache.saveBoard(state);
            QElapsedTimer read;
            read.start();
            const std::optional<BoardState> cached = cache.board(state.board.id);
            cacheReadMs = cached && cached->items.size() == state.items.size() ? double(read.nsecsElapsed()) / 1e6 : -1;
        }
    }

    BoardStore store;
    ItemTableModel model(&store);
    QElapsedTimer timer;
    timer.start();
    store.resetFromSnapshot(state);
    const double resetMs = double(timer.nsecsElapsed()) / 1e6;
    // The app keeps no second reference to the snapshot's items (StreamSync's dies after the
    // reset): holding one here would make the first batch copy all N items on write.
    state.items = {};
    const qint64 rssLoaded = readProc(0).rssBytes;

    QRandomGenerator random(42);
    qint64 seq = state.seq;
    const QString at = QStringLiteral("2026-11-24T10:00:00.000Z");
    Samples applyMs, frameMs;
    qint64 failures = 0;
    for (int b = 0; b < batches; ++b) {
        EventList events;
        events.reserve(batchSize);
        for (int e = 0; e < batchSize; ++e) {
            const int target = int(random.bounded(count));
            const qint64 s = ++seq;
            if (random.bounded(10) == 0) {
                events.append({ s, EventKind::ItemMoved, QStringLiteral("u1"), QString(), at,
                                { { QStringLiteral("itemId"), itemId(target) },
                                  { QStringLiteral("rank"), QStringLiteral("r%1W").arg(random.bounded(count), 7, 10, QLatin1Char('0')) },
                                  { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), statuses.at(int(s % 3)) } } },
                                  { QStringLiteral("versions"), QJsonObject { { QStringLiteral("status"), double(s) } } } } });
            } else {
                events.append({ s, EventKind::ItemUpdated, QStringLiteral("u1"), QString(), at,
                                { { QStringLiteral("itemId"), itemId(target) },
                                  { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("edit %1").arg(s) },
                                                                            { QStringLiteral("points"), double(s % 21) } } },
                                  { QStringLiteral("versions"), QJsonObject { { QStringLiteral("title"), double(s) },
                                                                              { QStringLiteral("points"), double(s) } } } } });
            }
        }
        timer.restart();
        const ApplyResult r = store.applyBatch(events);
        const qint64 applied = timer.nsecsElapsed();
        if (!r.ok)
            ++failures;
        const int top = int(random.bounded(std::max(1, model.rowCount() - 40)));
        for (int row = top; row < std::min(model.rowCount(), top + 40); ++row) {
            for (int c = 0; c < model.columnCount(); ++c)
                (void)model.data(model.index(row, c));
        }
        const qint64 frame = timer.nsecsElapsed();
        applyMs.add(double(applied) / 1e6);
        frameMs.add(double(frame) / 1e6);
    }

    const BenchServer none;
    const QJsonObject params { { QStringLiteral("items"), count }, { QStringLiteral("batch"), batchSize },
                               { QStringLiteral("batches"), batches }, { QStringLiteral("view"), false } };
    QJsonObject results { { QStringLiteral("loadMs"), resetMs },
                                { QStringLiteral("applyBatchMs"), applyMs.summary() },
                                { QStringLiteral("applyAndPaintRowsMs"), frameMs.summary() },
                                { QStringLiteral("failedBatches"), double(failures) },
                                { QStringLiteral("rows"), model.rowCount() },
                                { QStringLiteral("rssMiB"), double(rssLoaded) / 1048576.0 } };
    const bool cacheFailed = args.has(QStringLiteral("cache")) && cacheReadMs < 0; // not opened, or not all items back
    if (cacheReadMs >= 0)
        results.insert(QStringLiteral("cacheReadMs"), cacheReadMs);
    if (cacheFailed)
        results.insert(QStringLiteral("cacheReadFailed"), true);
    print(QStringLiteral("model"), params, results, none);
    return failures == 0 && !cacheFailed ? 0 : 1;
}

} // namespace Tessera::Bench
