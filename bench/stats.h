#pragma once
// Latency samples and their percentiles, as the JSON the bench prints.
#include <QJsonObject>
#include <QList>

#include <algorithm>
#include <cmath>

namespace Tessera::Bench {

class Samples
{
public:
    void add(double value) { m_values.append(value); }
    void append(const Samples &other) { m_values.append(other.m_values); }
    qsizetype count() const { return m_values.size(); }

    // Nearest-rank percentile (p in 0..100) of the samples; 0 when empty.
    double percentile(double p)
    {
        if (m_values.isEmpty())
            return 0;
        sort();
        const auto rank = qsizetype(std::ceil(p / 100.0 * double(m_values.size())));
        return m_values.at(std::clamp<qsizetype>(rank - 1, 0, m_values.size() - 1));
    }
    double max()
    {
        sort();
        return m_values.isEmpty() ? 0 : m_values.constLast();
    }
    double mean() const
    {
        if (m_values.isEmpty())
            return 0;
        double sum = 0;
        for (double v : m_values)
            sum += v;
        return sum / double(m_values.size());
    }
    // {count, p50, p95, p99, max, mean} rounded to 3 decimals
    QJsonObject summary()
    {
        const auto r = [](double v) { return std::round(v * 1000.0) / 1000.0; };
        return { { QStringLiteral("count"), double(count()) }, { QStringLiteral("p50"), r(percentile(50)) },
                 { QStringLiteral("p95"), r(percentile(95)) }, { QStringLiteral("p99"), r(percentile(99)) },
                 { QStringLiteral("max"), r(max()) }, { QStringLiteral("mean"), r(mean()) } };
    }

private:
    void sort()
    {
        if (!m_sorted) {
            std::sort(m_values.begin(), m_values.end());
            m_sorted = true;
        }
    }
    QList<double> m_values;
    bool m_sorted = false;
};

} // namespace Tessera::Bench
