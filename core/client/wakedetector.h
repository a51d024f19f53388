#pragma once

#include <QDateTime>
#include <QObject>

class QTimer;

namespace Tessera::Core {

class Clock;

// Notices that the machine slept: on each tick it compares how far the wall clock moved
// with how far the monotonic clock moved (which stands still while suspended). A wall
// jump beyond the monotonic delta by more than the threshold is a wake; so is a tick that
// comes that much later than its interval (the process was stopped or the VM paused).
class WakeDetector final : public QObject
{
    Q_OBJECT

public:
    explicit WakeDetector(Clock *clock, QObject *parent = nullptr);

    void start();
    void stop();
    void setInterval(int ms);
    void setThresholdMs(qint64 ms) { m_thresholdMs = ms; }

Q_SIGNALS:
    void woke(qint64 sleptMs);

private:
    void tick();

    Clock *m_clock;
    QTimer *m_timer;
    qint64 m_thresholdMs = 15000;
    qint64 m_lastMonotonic = 0;
    QDateTime m_lastWall;
};

} // namespace Tessera::Core
