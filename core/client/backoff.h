#pragma once

#include <QtGlobal>

#include <functional>

namespace Tessera::Core {

// Reconnect delays with full jitter: attempt n waits a uniformly random time between
// `minMs` and min(cap, firstMax * 2^n). Defaults: the first try 0.5-3 s after a drop,
// never more than 60 s. The random source (values in [0, 1)) is injectable for tests.
class Backoff
{
public:
    using RandomSource = std::function<double()>;

    explicit Backoff(RandomSource random = {});

    void setLimits(qint64 minMs, qint64 firstMaxMs, qint64 capMs);
    qint64 nextDelayMs(); // counts an attempt
    qint64 upperBoundMs(int attempt) const;
    void reset() { m_attempts = 0; }
    int attempts() const { return m_attempts; }

private:
    RandomSource m_random;
    qint64 m_minMs = 500;
    qint64 m_firstMaxMs = 3000;
    qint64 m_capMs = 60000;
    int m_attempts = 0;
};

} // namespace Tessera::Core
