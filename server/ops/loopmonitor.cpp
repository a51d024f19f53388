#include "loopmonitor.h"

#include "metrics.h"

namespace Tessera::Server {

LoopMonitor::LoopMonitor(Metrics &metrics, QObject *parent) : QObject(parent), m_metrics(metrics)
{
    m_clock.start();
    m_lastNs = m_clock.nsecsElapsed();
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(IntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LoopMonitor::tick);
    m_timer.start();
}

void LoopMonitor::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    const double lateMs = std::max(0.0, double(now - m_lastNs) / 1e6 - IntervalMs);
    m_lastNs = now;
    m_maxStallMs = std::max(m_maxStallMs, lateMs);
    m_metrics.eventLoopStallSeconds.observe(lateMs / 1000.0);
}

} // namespace Tessera::Server
