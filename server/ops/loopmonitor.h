#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace Tessera::Server {

class Metrics;

// Measures how long the event loop is kept from running: a precise timer every
// IntervalMs, each tick observing how much later than due it ran into
// Metrics::eventLoopStallSeconds (and the worst since start into maxStallMs()). A
// command, a query or a fan-out that blocks the loop for 60 ms shows up as one tick
// about 60 ms late.
class LoopMonitor final : public QObject
{
    Q_OBJECT
public:
    static constexpr int IntervalMs = 10;

    explicit LoopMonitor(Metrics &metrics, QObject *parent = nullptr);

    double maxStallMs() const { return m_maxStallMs; }

private:
    void tick();

    Metrics &m_metrics;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    double m_maxStallMs = 0;
};

} // namespace Tessera::Server
