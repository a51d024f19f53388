#pragma once

#include "core/protocol/jobprogress.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>

#include <optional>

namespace Tessera::Server {

// One job's row: what its owner sees (progress) and what the runner needs to resume it.
struct JobRecord
{
    Core::JobProgress progress;
    qint64 checkpoint = 0; // data rows before this one are committed (or failed)
    QJsonObject params; // kind-specific: an import's mapping, first rank, …
};

// A dead letter: a row the job could not take, as it was in the file, and why.
struct JobFailure
{
    qint64 row = 0; // 1-based data row (the header is row 0)
    QString data; // the row's CSV record
    QString reason;
    QString state = QStringLiteral("failed"); // failed, fixed
};

// All SQL of the jobs room (tables jobs, job_failures). Main thread, between command groups.
class JobStore final
{
public:
    explicit JobStore(QSqlDatabase db) : m_db(std::move(db)) { }

    bool create(const JobRecord &job);
    bool update(const JobRecord &job); // state, counts, checkpoint, error, updated_at
    std::optional<JobRecord> byId(const QString &id) const;
    QList<JobRecord> unfinished() const; // queued or running: to resume after a restart
    QList<JobRecord> recent(int limit) const; // newest first, owner login filled in
    // Dead letters: adding one already listed (a resumed job) keeps the first.
    bool addFailures(const QString &jobId, const QList<JobFailure> &failures);
    QList<JobFailure> failures(const QString &jobId, bool onlyFailed, int limit) const;
    std::optional<JobFailure> failure(const QString &jobId, qint64 row) const;
    bool setFailure(const QString &jobId, const JobFailure &failure);
    // Dead letters still failed (of rows up to `maxRow` when >= 0).
    qint64 failedCount(const QString &jobId, qint64 maxRow = -1) const;

private:
    QSqlDatabase m_db;
};

} // namespace Tessera::Server
