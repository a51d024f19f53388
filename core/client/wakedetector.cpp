#include "wakedetector.h"

#include "clock.h"

#include <QTimer>

#include <algorithm>

namespace Tessera::Core {

WakeDetector::WakeDetector(Clock *clock, QObject *parent) : QObject(parent), m_clock(clock), m_timer(new QTimer(this))
{
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, &WakeDetector::tick);
}

void WakeDetector::start()
{
    m_lastMonotonic = m_clock->monotonicMs();
    m_lastWall = m_clock->now();
    m_timer->start();
}

void WakeDetector::stop()
{
    m_timer->stop();
}

void WakeDetector::setInterval(int ms)
{
    m_timer->setInterval(ms);
}

void WakeDetector::tick()
{
    const qint64 monotonic = m_clock->monotonicMs();
    const QDateTime wall = m_clock->now();
    const qint64 monotonicDelta = monotonic - m_lastMonotonic;
    // Suspended: the wall clock ran on while the monotonic one stood still. Stopped
    // (SIGSTOP, a paused VM, a monotonic clock that counts suspend): this tick is late.
    const qint64 slept = std::max(m_lastWall.msecsTo(wall) - monotonicDelta, monotonicDelta - m_timer->interval());
    m_lastMonotonic = monotonic;
    m_lastWall = wall;
    if (slept > m_thresholdMs)
        Q_EMIT woke(slept);
}

} // namespace Tessera::Core
