#include "metrics.h"

namespace Tessera::Server {

namespace {

QByteArray number(double v)
{
    return QByteArray::number(v, 'g', 12);
}

QByteArray metric(const QByteArray &name, const char *type, const QByteArray &help, double value)
{
    return "# HELP " + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n' + name + ' ' + number(value) + '\n';
}

} // namespace

Histogram::Histogram(QList<double> bounds) : m_bounds(std::move(bounds)), m_counts(m_bounds.size() + 1, 0) { }

void Histogram::observe(double value)
{
    qsizetype i = 0;
    while (i < m_bounds.size() && value > m_bounds[i])
        ++i;
    ++m_counts[i];
    m_sum += value;
    ++m_count;
}

QByteArray Histogram::render(const QByteArray &name, const QByteArray &help) const
{
    QByteArray out = "# HELP " + name + ' ' + help + "\n# TYPE " + name + " histogram\n";
    quint64 cumulative = 0;
    for (qsizetype i = 0; i < m_bounds.size(); ++i) {
        cumulative += m_counts[i];
        out += name + "_bucket{le=\"" + number(m_bounds[i]) + "\"} " + QByteArray::number(cumulative) + '\n';
    }
    out += name + "_bucket{le=\"+Inf\"} " + QByteArray::number(m_count) + '\n';
    out += name + "_sum " + number(m_sum) + '\n';
    out += name + "_count " + QByteArray::number(m_count) + '\n';
    return out;
}

CounterFamily::CounterFamily(QByteArray name, QByteArray label, QByteArray help)
    : m_name(std::move(name)), m_label(std::move(label)), m_help(std::move(help))
{
}

quint64 CounterFamily::total() const
{
    quint64 n = 0;
    for (const quint64 v : m_counts)
        n += v;
    return n;
}

QByteArray CounterFamily::render() const
{
    QByteArray out = "# HELP " + m_name + ' ' + m_help + "\n# TYPE " + m_name + " counter\n";
    for (auto it = m_counts.constBegin(); it != m_counts.constEnd(); ++it)
        out += m_name + '{' + m_label + "=\"" + it.key() + "\"} " + QByteArray::number(it.value()) + '\n';
    return out;
}

Metrics::Metrics()
    : eventsPerBatch({ 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 })
    , commitToWriteSeconds({ 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5 })
    , commitSeconds({ 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5 })
    , commandsPerCommit({ 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 })
    , eventLoopStallSeconds({ 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5 })
    , refused("tessera_refused_total", "reason", "Requests and connections refused before any work was done for them.")
    , aborted("tessera_connections_aborted_total", "reason", "Connections the server closed without waiting for the peer.")
    , throttled("tessera_throttled_total", "what", "Requests and frames refused by a rate limit or throttle.")
    , quotaExceeded("tessera_quota_exceeded_total", "quota", "Commands and boards refused by an admin-set quota.")
{
}

QByteArray Metrics::render() const
{
    auto gauge = [](const std::function<qint64()> &f) { return f ? double(f()) : 0.0; };
    QByteArray out;
    out += metric("tessera_ws_connected_clients", "gauge", "Authenticated WebSocket connections.", gauge(connectedClients));
    out += metric("tessera_ws_subscriptions", "gauge", "Active stream subscriptions.", gauge(subscriptions));
    out += metric("tessera_ws_lagging_clients", "gauge", "Connections above the high watermark or catching up.", gauge(laggingClients));
    out += metric("tessera_ws_buffered_bytes", "gauge", "Bytes queued for all WebSocket peers, not yet written.", gauge(bufferedBytes));
    out += metric("tessera_ws_connections_total", "counter", "WebSocket connections accepted.", double(connectionsTotal));
    out += metric("tessera_ws_batches_total", "counter", "Batch frames sent (live and catch-up).", double(batchesTotal));
    out += metric("tessera_ws_events_total", "counter", "Events sent in batches (after coalescing).", double(eventsTotal));
    out += metric("tessera_ws_catchup_switches_total", "counter", "Subscriptions switched from live to catch-up by backpressure.",
                  double(catchupSwitches));
    out += metric("tessera_ws_slow_closed_total", "counter", "Connections closed with 4010 (consumer too slow).", double(closedSlow));
    out += metric("tessera_mutations_duplicate_total", "counter", "Retried mutations answered from the stored result.",
                  gauge(duplicateMutations));
    out += metric("tessera_commands_acked_total", "counter", "Commands applied and acknowledged after COMMIT.", gauge(commandsAcked));
    out += metric("tessera_commands_rejected_total", "counter", "Commands rejected (conflict, forbidden, invalid...).",
                  gauge(commandsRejected));
    out += metric("tessera_commands_failed_total", "counter", "Commands answered with an error because their transaction failed.",
                  gauge(commandsFailed));
    out += metric("tessera_database_bytes", "gauge", "Size of the database file and its write-ahead log.", gauge(databaseBytes));
    out += metric("tessera_data_free_bytes", "gauge", "Free space of the data folder's file system.", gauge(dataFreeBytes));
    out += metric("tessera_health_degraded", "gauge",
                  "1 while the health check says degraded (low disk, a failed database write), else 0.", gauge(healthDegraded));
    out += metric("tessera_http_connections", "gauge", "Open HTTP connections (not upgraded to WebSocket).", gauge(httpConnections));
    out += metric("tessera_http_pending_connections", "gauge", "HTTP connections still sending a request or idle.",
                  gauge(httpPendingConnections));
    out += metric("tessera_board_cache_bytes", "gauge", "Estimated memory of the command path's cached board states.",
                  gauge(boardCacheBytes));
    out += metric("tessera_board_cache_boards", "gauge", "Board states held by the command path's cache.", gauge(boardCacheBoards));
    if (clusterListening) {
        out += metric("tessera_cluster_listening", "gauge", "1 while this node's LISTEN connection to PostgreSQL is up.",
                      gauge(clusterListening));
        out += metric("tessera_cluster_hints_received_total", "counter", "Other nodes' commit hints received.",
                      gauge(clusterHintsReceived));
        out += metric("tessera_cluster_streams_recovered_total", "counter",
                      "Followed streams a head check found behind the database (hints lost).", gauge(clusterStreamsRecovered));
    }
    out += refused.render();
    out += aborted.render();
    out += throttled.render();
    out += quotaExceeded.render();
    out += eventLoopStallSeconds.render("tessera_event_loop_stall_seconds",
                                        "How much later than due the event loop ran a 10 ms timer.");
    out += commitSeconds.render("tessera_commit_seconds", "Time from BEGIN to COMMIT of one group of commands.");
    out += commandsPerCommit.render("tessera_commands_per_commit", "Commands applied in one group commit.");
    out += eventsPerBatch.render("tessera_ws_events_per_batch", "Events per batch frame.");
    out += commitToWriteSeconds.render("tessera_ws_commit_to_write_seconds", "Time from COMMIT to the batch written to a socket.");
    return out;
}

} // namespace Tessera::Server
