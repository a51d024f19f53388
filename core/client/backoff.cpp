#include "backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace Tessera::Core {

Backoff::Backoff(RandomSource random) : m_random(std::move(random))
{
    if (!m_random)
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

void Backoff::setLimits(qint64 minMs, qint64 firstMaxMs, qint64 capMs)
{
    m_minMs = std::max<qint64>(0, minMs);
    m_firstMaxMs = std::max(m_minMs, firstMaxMs);
    m_capMs = std::max(m_firstMaxMs, capMs);
}

qint64 Backoff::upperBoundMs(int attempt) const
{
    qint64 upper = m_firstMaxMs;
    for (int i = 0; i < attempt && upper < m_capMs; ++i)
        upper *= 2;
    return std::min(upper, m_capMs);
}

qint64 Backoff::nextDelayMs()
{
    const qint64 upper = upperBoundMs(m_attempts);
    ++m_attempts;
    const double r = std::clamp(m_random(), 0.0, 1.0);
    return std::clamp<qint64>(m_minMs + qint64(r * double(upper - m_minMs)), m_minMs, upper);
}

} // namespace Tessera::Core
