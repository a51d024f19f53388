#include "wakedetector.h"

#include "clock.h"

#include <QTimer>

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
    const qint64 slept = m_lastWall.msecsTo(wall) - (monotonic - m_lastMonotonic);
    m_lastMonotonic = monotonic;
    m_lastWall = wall;
    if (slept > m_thresholdMs)
        Q_EMIT woke(slept);
}

} // namespace Tessera::Core
