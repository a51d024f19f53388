#pragma once

#include <QByteArray>
#include <QList>
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

// The live plane's metrics, rendered as Prometheus text at GET /metrics.
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

    quint64 batchesTotal = 0;
    quint64 eventsTotal = 0;
    quint64 catchupSwitches = 0;
    quint64 closedSlow = 0;
    quint64 connectionsTotal = 0;
    Histogram eventsPerBatch;
    Histogram commitToWriteSeconds;
    Histogram commitSeconds; // BEGIN..COMMIT of one command group
    Histogram commandsPerCommit;

    void batchSent(qsizetype events)
    {
        ++batchesTotal;
        eventsTotal += quint64(events);
        eventsPerBatch.observe(double(events));
    }

    QByteArray render() const;
};

} // namespace Tessera::Server
