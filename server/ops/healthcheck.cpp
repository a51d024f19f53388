#include "healthcheck.h"

#include <QStorageInfo>

namespace Tessera::Server {

namespace {

QString megabytes(qint64 bytes)
{
    return QStringLiteral("%1 MB").arg(bytes / (1024 * 1024));
}

} // namespace

HealthCheck::HealthCheck(QString dataDir, qint64 minFreeBytes)
    : m_dataDir(std::move(dataDir))
    , m_minFreeBytes(minFreeBytes)
{
}

HealthCheck::Report HealthCheck::check() const
{
    Report report;
    const QStorageInfo storage(m_dataDir); // read afresh each time: free space changes
    if (storage.isValid() && storage.isReady()) {
        report.freeBytes = storage.bytesAvailable();
        if (report.freeBytes < m_minFreeBytes)
            report.reasons.append(
                QStringLiteral("the data folder %1 has %2 free, less than the %3 minimum (--min-free-disk-mb); "
                               "free some space before writes start failing")
                    .arg(m_dataDir, megabytes(report.freeBytes), megabytes(m_minFreeBytes)));
    } else {
        report.reasons.append(QStringLiteral("the free space of the data folder %1 cannot be read").arg(m_dataDir));
    }
    if (lastWriteError) {
        if (const QString error = lastWriteError(); !error.isEmpty())
            report.reasons.append(
                QStringLiteral("the last database write failed (%1); changes are refused until a write "
                               "succeeds again (disk full or I/O error?)")
                    .arg(error));
    }
    report.ok = report.reasons.isEmpty();
    return report;
}

} // namespace Tessera::Server
