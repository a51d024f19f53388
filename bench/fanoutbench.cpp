// fanout: W writers update items of one board; N subscribers (raw WebSockets spread over
// several threads, each with its own event loop) follow the board. Delivery latency is
// the writer's send time (carried in the title as "t<ns>") to the moment a subscriber
// has the batch holding it: same process, same monotonic clock. With --nodes N (one PostgreSQL
// database) writers and subscribers are spread over the nodes round robin, so most events
// reach a subscriber through another node's NOTIFY; the gap/duplicate checks span the nodes.
#include "benchcommon.h"
#include "procstats.h"
#include "stats.h"
#include "writerpool.h"

#include <QJsonArray>
#include <QMutex>
#include <QThread>

#include <atomic>
#include <vector>

namespace Tessera::Bench {

namespace {

constexpr qsizetype maxSamplesPerGroup = 4'000'000;

// The subscribers of one thread.
class SubscriberGroup : public QObject
{
public:
    struct Totals
    {
        Samples deliveryMs;
        qint64 deliveries = 0; // updates seen by subscribers (after coalescing)
        qint64 seqsCovered = 0;
        qint64 frames = 0;
        qint64 gaps = 0;
        qint64 duplicates = 0;
        qint64 minApplied = 0;
        int ready = 0;
        int closed = 0;
    };

    // Subscriber i of the group connects to urls[(first + i) % urls.size()]: the nodes round robin.
    SubscriberGroup(QList<QUrl> urls, int first, QByteArray token, QString board, int count)
        : m_urls(std::move(urls))
        , m_first(first)
        , m_token(std::move(token))
        , m_stream(QStringLiteral("board:") + board)
        , m_subs(size_t(count))
    {
    }

    std::atomic<int> ready { 0 };

    void start() // in the group's thread
    {
        for (int i = 0; i < 8 && m_started < m_subs.size(); ++i)
            openNext();
    }
    Totals totals()
    {
        Totals t = m_totals;
        t.minApplied = std::numeric_limits<qint64>::max();
        for (const Sub &s : m_subs)
            t.minApplied = std::min(t.minApplied, s.applied);
        t.ready = ready.load();
        return t;
    }
    void resetCounters()
    {
        m_totals = Totals();
    }
    void closeAll()
    {
        for (Sub &s : m_subs) {
            if (s.socket) {
                s.socket->onDisconnected = nullptr;
                delete s.socket;
                s.socket = nullptr;
            }
        }
    }

private:
    struct Sub
    {
        BenchSocket *socket = nullptr;
        int stage = 0; // 0 connecting, 1 hello sent, 2 subscribe sent, 3 live
        qint64 applied = 0;
    };

    void openNext() // a few handshakes in flight per thread, well under the server's cap
    {
        const QUrl &url = m_urls.at((m_first + qsizetype(m_started)) % m_urls.size());
        Sub &s = m_subs[m_started++];
        s.socket = new BenchSocket(this);
        Sub *sp = &s;
        s.socket->onConnected = [this, sp] {
            sp->stage = 1;
            sp->socket->hello(m_token);
        };
        s.socket->onFrame = [this, sp](const QByteArray &f) { onFrame(*sp, f); };
        s.socket->onDisconnected = [this] { ++m_totals.closed; };
        s.socket->open(url);
    }

    void onFrame(Sub &s, const QByteArray &f)
    {
        if (s.stage == 3) {
            if (!f.startsWith("{\"events\"") && !isType(f, "batch"))
                return;
            onBatch(s, f);
        } else if (s.stage == 1 && isType(f, "welcome")) {
            s.stage = 2;
            s.socket->send({ { QStringLiteral("type"), QStringLiteral("subscribe") }, { QStringLiteral("rid"), 1 },
                             { QStringLiteral("stream"), m_stream } });
        } else if (s.stage == 2 && isType(f, "subscribed")) {
            s.stage = 3;
            s.applied = intField(f, "headSeq", 0);
            ++ready;
            if (m_started < m_subs.size())
                openNext();
        }
    }

    void onBatch(Sub &s, const QByteArray &f)
    {
        const qint64 now = nowNs();
        const qint64 from = intField(f, "fromSeq");
        const qint64 to = intField(f, "toSeq");
        ++m_totals.frames;
        if (to <= s.applied) {
            ++m_totals.duplicates;
            return;
        }
        if (from != s.applied + 1)
            ++m_totals.gaps;
        m_totals.seqsCovered += to - std::max(from - 1, s.applied);
        s.applied = to;
        static const QByteArray needle = QByteArrayLiteral("\"title\":\"t");
        for (qsizetype at = f.indexOf(needle); at >= 0; at = f.indexOf(needle, at + 1)) {
            qint64 sentNs = 0;
            for (qsizetype i = at + needle.size(); i < f.size() && f.at(i) >= '0' && f.at(i) <= '9'; ++i)
                sentNs = sentNs * 10 + (f.at(i) - '0');
            ++m_totals.deliveries;
            if (m_totals.deliveryMs.count() < maxSamplesPerGroup)
                m_totals.deliveryMs.add(double(now - sentNs) / 1e6);
        }
    }

    QList<QUrl> m_urls;
    int m_first = 0;
    QByteArray m_token;
    QString m_stream;
    std::vector<Sub> m_subs;
    size_t m_started = 0;
    Totals m_totals;
};

template<typename F>
auto inThread(SubscriberGroup *g, F f)
{
    decltype(f()) result;
    QMetaObject::invokeMethod(g, [&] { result = f(); }, Qt::BlockingQueuedConnection);
    return result;
}

} // namespace

int runFanout(const Args &args)
{
    const int clients = int(args.integer(QStringLiteral("clients"), 100));
    const int writers = int(args.integer(QStringLiteral("writers"), 2));
    const bool saturate = args.has(QStringLiteral("saturate"));
    const double rate = args.number(QStringLiteral("rate"), 200);
    const double seconds = std::clamp(args.number(QStringLiteral("seconds"), 10), 1.0, 600.0);
    const int window = int(args.integer(QStringLiteral("window"), 16));
    const int items = int(args.integer(QStringLiteral("items"), 500));
    const int threads = int(std::clamp<qint64>(args.integer(QStringLiteral("threads"), (clients + 124) / 125), 1, 16));

    BenchServer server;
    QString error;
    if (!server.start(args, &error)) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    const QByteArray token = server.login();
    const QString board = server.createBoard(token, QStringLiteral("fanout bench"));
    if (board.isEmpty()) {
        qCritical("could not create a board (login failed?)");
        return 1;
    }

    WriterPool pool(server, writers);
    if (!pool.connectAll()) {
        qCritical("writers could not connect");
        return 1;
    }
    QStringList itemIds;
    for (int i = 0; i < items; ++i)
        itemIds.append(QStringLiteral("fan-%1").arg(i));
    pool.setLimit(items);
    pool.startWindow(32, [&](qint64 rid, qint64 n) {
        return itemCreateFrame(rid, board, itemIds.at(int(n) % items), QStringLiteral("seed"), rankFor(int(n)));
    });
    waitUntil([&] { return pool.sent() >= items; }, 60000);
    pool.stop();
    if (pool.sent() < items || !pool.waitIdle(60000) || pool.rejected() > 0) {
        qCritical("fanout: seeding %d items failed (%lld sent, %lld acked, %lld rejected; first: %s)", items, pool.sent(),
                  pool.acked(), pool.rejected(), pool.firstReject().constData());
        return 1;
    }

    // Subscribers.
    std::vector<std::unique_ptr<QThread>> threadList;
    std::vector<SubscriberGroup *> groups;
    QList<QUrl> nodeUrls;
    for (int i = 0; i < server.nodeCount(); ++i)
        nodeUrls.append(server.nodeUrl(i));
    int firstOfGroup = 0;
    for (int t = 0; t < threads; ++t) {
        const int count = clients / threads + (t < clients % threads ? 1 : 0);
        auto thread = std::make_unique<QThread>();
        auto *g = new SubscriberGroup(nodeUrls, firstOfGroup, token, board, count);
        firstOfGroup += count;
        g->moveToThread(thread.get());
        QObject::connect(thread.get(), &QThread::finished, g, &QObject::deleteLater);
        thread->start();
        QMetaObject::invokeMethod(g, [g] { g->start(); }, Qt::QueuedConnection);
        groups.push_back(g);
        threadList.push_back(std::move(thread));
    }
    QElapsedTimer connectTimer;
    connectTimer.start();
    const auto readyCount = [&] {
        int n = 0;
        for (SubscriberGroup *g : groups)
            n += g->ready.load();
        return n;
    };
    const bool allReady = waitUntil([&] { return readyCount() >= clients; }, 120000);
    const qint64 connectMs = connectTimer.elapsed();

    // Measure.
    const qint64 serverCpuBefore = server.serverCpuMicros();
    const qint64 databaseCpuBefore = server.databaseCpuMicros();
    const ProcSample selfBefore = readProc(0);
    const qint64 t0 = nowNs();
    const qint64 ackedBefore = pool.acked();
    pool.resetCounters();
    pool.setLimit(0);
    qint64 counter = 0;
    const auto maker = [&](qint64 rid, qint64) {
        const qint64 n = counter++;
        return itemUpdateFrame(rid, board, itemIds.at(int(n % items)), QStringLiteral("t%1").arg(nowNs()));
    };
    if (saturate)
        pool.startWindow(window, maker);
    else
        pool.startRate(rate, maker);
    waitUntil([&] { return false; }, int(seconds * 1000));
    pool.stop();
    const qint64 sendEndNs = nowNs();
    const bool allAnswered = pool.waitIdle(30000);
    const qint64 lostAcks = pool.sent() - pool.acked() - pool.rejected();
    const qint64 target = pool.maxSeq();
    const auto allCaughtUp = [&] {
        for (SubscriberGroup *g : groups) {
            if (inThread(g, [g] { return g->totals().minApplied; }) < target)
                return false;
        }
        return true;
    };
    waitUntil([&] { return !server.alive() || allCaughtUp(); }, 60000); // a dead server sends no more
    const bool caughtUp = allCaughtUp();
    const qint64 t1 = nowNs();
    const qint64 serverCpuAfter = server.serverCpuMicros();
    const qint64 databaseCpuAfter = server.databaseCpuMicros();
    const ProcSample selfAfter = readProc(0);
    const bool serverAlive = server.alive();

    const int ready = readyCount();
    SubscriberGroup::Totals all;
    for (SubscriberGroup *g : groups) {
        SubscriberGroup::Totals t = inThread(g, [g] { return g->totals(); });
        all.deliveryMs.append(t.deliveryMs);
        all.deliveries += t.deliveries;
        all.seqsCovered += t.seqsCovered;
        all.frames += t.frames;
        all.gaps += t.gaps;
        all.duplicates += t.duplicates;
        all.closed += t.closed;
    }
    for (SubscriberGroup *g : groups)
        QMetaObject::invokeMethod(g, [g] { g->closeAll(); }, Qt::BlockingQueuedConnection);
    for (auto &t : threadList) {
        t->quit();
        t->wait();
    }

    const double wall = double(t1 - t0) / 1e9;
    const double sendWall = double(sendEndNs - t0) / 1e9;
    const qint64 serverCpu = serverCpuAfter - serverCpuBefore; // all nodes together
    const double commands = double(pool.acked() - ackedBefore);
    const QJsonObject params { { QStringLiteral("clients"), clients }, { QStringLiteral("writers"), writers },
                               { QStringLiteral("mode"), saturate ? QStringLiteral("saturate") : QStringLiteral("rate") },
                               { QStringLiteral("rate"), saturate ? QJsonValue() : QJsonValue(rate) },
                               { QStringLiteral("window"), saturate ? QJsonValue(window) : QJsonValue() },
                               { QStringLiteral("seconds"), seconds }, { QStringLiteral("items"), items },
                               { QStringLiteral("threads"), threads } };
    QJsonObject results { { QStringLiteral("subscribersReady"), ready }, { QStringLiteral("allReady"), allReady },
                          { QStringLiteral("connectMs"), double(connectMs) },
                          { QStringLiteral("caughtUp"), caughtUp },
                          { QStringLiteral("commandsAcked"), double(pool.acked() - ackedBefore) },
                          { QStringLiteral("commandsPerSecond"), double(pool.acked() - ackedBefore) / sendWall },
                          { QStringLiteral("rejected"), double(pool.rejected()) },
                          { QStringLiteral("lostAcks"), double(lostAcks) },
                          { QStringLiteral("serverAlive"), serverAlive },
                          { QStringLiteral("ackLatencyMs"), pool.ackLatencyMs().summary() },
                          { QStringLiteral("deliveryLatencyMs"), all.deliveryMs.summary() },
                          { QStringLiteral("deliveries"), double(all.deliveries) },
                          { QStringLiteral("deliveriesPerSecond"), double(all.deliveries) / wall },
                          { QStringLiteral("seqsCovered"), double(all.seqsCovered) },
                          { QStringLiteral("framesPerSecond"), double(all.frames) / wall },
                          { QStringLiteral("eventsPerFrame"), all.frames ? double(all.deliveries) / double(all.frames) : 0.0 },
                          { QStringLiteral("gaps"), double(all.gaps) },
                          { QStringLiteral("duplicates"), double(all.duplicates) },
                          { QStringLiteral("subscribersClosed"), all.closed },
                          { QStringLiteral("clientCpuPercent"), double(selfAfter.cpuMicros - selfBefore.cpuMicros) / 1e4 / wall } };
    if (!pool.firstReject().isEmpty())
        results.insert(QStringLiteral("firstReject"), QString::fromUtf8(pool.firstReject()));
    if (server.isOwn()) {
        results.insert(QStringLiteral("serverCpuPercent"), double(serverCpu) / 1e4 / wall);
        results.insert(QStringLiteral("serverCpuMicrosPerDelivery"), all.deliveries ? double(serverCpu) / double(all.deliveries) : 0.0);
        results.insert(QStringLiteral("serverCpuMicrosPerSeqDelivered"),
                       all.seqsCovered ? double(serverCpu) / double(all.seqsCovered) : 0.0);
        results.insert(QStringLiteral("serverCpuMicrosPerCommand"), commands > 0 ? double(serverCpu) / commands : 0.0);
        results.insert(QStringLiteral("serverRssMiB"), double(server.serverRssBytes()) / 1048576.0);
        if (server.ownsDatabase()) { // the private PostgreSQL cluster: postmaster and backends
            const double databaseCpu = double(databaseCpuAfter - databaseCpuBefore);
            results.insert(QStringLiteral("databaseCpuPercent"), databaseCpu / 1e4 / wall);
            results.insert(QStringLiteral("databaseCpuMicrosPerCommand"), commands > 0 ? databaseCpu / commands : 0.0);
        }
    }
    print(QStringLiteral("fanout"), params, results, server);
    const bool clean = allReady && caughtUp && allAnswered && lostAcks == 0 && pool.rejected() == 0 && all.gaps == 0
            && all.duplicates == 0 && all.closed == 0 && serverAlive && all.deliveries > 0;
    return clean ? 0 : 1;
}

} // namespace Tessera::Bench
