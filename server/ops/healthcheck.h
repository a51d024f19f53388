#pragma once

#include <QString>
#include <QStringList>

#include <functional>

namespace Tessera::Server {

// What GET /api/v1/health and /metrics say about the server's ability to keep data:
// "degraded" when the data folder's file system has less free space than the minimum
// (--min-free-disk-mb) or the last database write failed (disk full, I/O error); "ok"
// otherwise. A failed write stops counting once a later one commits.
class HealthCheck
{
public:
    HealthCheck(QString dataDir, qint64 minFreeBytes);

    // Non-empty: why the last database write failed (set by Server, from CommandService).
    std::function<QString()> lastWriteError;

    struct Report
    {
        bool ok = true;
        QStringList reasons; // one sentence each, for a person
        qint64 freeBytes = -1; // -1: unknown
    };
    Report check() const;

private:
    QString m_dataDir;
    qint64 m_minFreeBytes;
};

} // namespace Tessera::Server
