#pragma once

#include <QDateTime>
#include <QElapsedTimer>

namespace Tessera::Core {

// The time seam of the sync engine: a monotonic clock (does not advance while the machine
// sleeps) and the wall clock (does). A wake shows as a wall-clock delta far beyond the
// monotonic delta between two ticks. Tests pass a ManualClock to simulate sleep and wake.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 monotonicMs() const = 0;
    virtual QDateTime now() const = 0; // UTC
};

class SystemClock final : public Clock
{
public:
    SystemClock() { m_timer.start(); }
    qint64 monotonicMs() const override { return m_timer.elapsed(); }
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }

private:
    QElapsedTimer m_timer;
};

// A clock tests drive by hand: advance() moves both clocks (time passes while awake),
// sleep() only the wall clock (the machine was suspended).
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime::currentDateTimeUtc()) : m_wall(std::move(start)) { }
    qint64 monotonicMs() const override { return m_monotonic; }
    QDateTime now() const override { return m_wall; }
    void advance(qint64 ms)
    {
        m_monotonic += ms;
        m_wall = m_wall.addMSecs(ms);
    }
    void sleep(qint64 ms) { m_wall = m_wall.addMSecs(ms); }

private:
    qint64 m_monotonic = 0;
    QDateTime m_wall;
};

} // namespace Tessera::Core
