#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <functional>

namespace Tessera::Server {

// A Prometheus histogram with fixed upper bounds.
class Histogram
{
public:
    explicit Histogram(QList<double> bounds);
    void observe(double value);
    QByteArray render(const QByteArray &name, const QByteArray &help) const;

private:
    QList<double> m_bounds;
    QList<quint64> m_counts; // per bound (not cumulative), plus +Inf
    double m_sum = 0;
    quint64 m_count = 0;
};

// A Prometheus counter with one label: name{label="value"} count, one line per value seen.
class CounterFamily
{
public:
    CounterFamily(QByteArray name, QByteArray label, QByteArray help);
    void add(const QByteArray &labelValue, quint64 n = 1) { m_counts[labelValue] += n; }
    quint64 value(const QByteArray &labelValue) const { return m_counts.value(labelValue); }
    quint64 total() const;
    QByteArray render() const;

private:
    QByteArray m_name;
    QByteArray m_label;
    QByteArray m_help;
    QMap<QByteArray, quint64> m_counts;
};

// The server's metrics, rendered as Prometheus text at GET /metrics. Owned by Server;
// every room that refuses, throttles or aborts something counts it here.
class Metrics
{
public:
    Metrics();

    // gauges read when rendering
    std::function<qint64()> connectedClients;
    std::function<qint64()> subscriptions;
    std::function<qint64()> laggingClients;
    std::function<qint64()> bufferedBytes;
    // the command path and storage (set by Server)
    std::function<qint64()> commandsAcked;
    std::function<qint64()> commandsRejected;
    std::function<qint64()> commandsFailed;
    std::function<qint64()> duplicateMutations;
    std::function<qint64()> databaseBytes;
    std::function<qint64()> dataFreeBytes; // free space of the data folder's file system (HealthCheck)
    std::function<qint64()> healthDegraded; // 1 while GET /api/v1/health says "degraded"
    // the HTTP transport (set by HttpApi) and the command path's state cache
    std::function<qint64()> httpConnections;
    std::function<qint64()> httpPendingConnections;
    std::function<qint64()> boardCacheBytes;
    std::function<qint64()> boardCacheBoards;
    // several nodes on one PostgreSQL database (ClusterBus; unset, and not rendered, on SQLite)
    std::function<qint64()> clusterListening;
    std::function<qint64()> clusterHintsReceived;
    std::function<qint64()> clusterStreamsRecovered;

    quint64 batchesTotal = 0;
    quint64 eventsTotal = 0;
    quint64 catchupSwitches = 0;
    quint64 closedSlow = 0;
    quint64 connectionsTotal = 0;
    Histogram eventsPerBatch;
    Histogram commitToWriteSeconds;
    Histogram commitSeconds; // BEGIN..COMMIT of one command group
    Histogram commandsPerCommit;
    Histogram eventLoopStallSeconds; // how late the event loop ran a 10 ms timer (LoopMonitor)

    // Refused before any work (reason: body_too_large, header_too_large, malformed,
    // origin_forbidden, busy, ws_user_cap, ws_address_cap, hash_queue_full, ...).
    CounterFamily refused;
    // Connections closed by the server without waiting for the peer (reason:
    // header_timeout, body_timeout, idle_timeout, evicted, ws_hello_evicted, close_timeout, ...).
    CounterFamily aborted;
    // Refused by a rate limit or throttle (what: login, http_mutation, ws_frame, ...).
    CounterFamily throttled;
    // Commands and boards refused by an admin-set quota (quota: items_per_board, boards_per_user).
    CounterFamily quotaExceeded;

    void batchSent(qsizetype events)
    {
        ++batchesTotal;
        eventsTotal += quint64(events);
        eventsPerBatch.observe(double(events));
    }

    QByteArray render() const;
};

} // namespace Tessera::Server
