#pragma once

#include "importplan.h"
#include "jobstore.h"

#include "core/protocol/command.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <functional>

#include <memory>
#include <optional>

namespace Tessera::Server {

class BoardRepository;
class CommandService;
class Database;
class JobFeed;
class UserStore;

// Background jobs (CSV imports). A job is a row in `jobs`; its upload is kept as
// DIR/jobs/<id>.csv. Reading and checking the file runs on a worker thread (ImportPlan);
// the rows then go through the one command path (CommandService) as background item.create
// commands, ChunkRows at a time; CommandService commits them in short groups of their own,
// so other boards' commands and fan-out keep their latency. Each row's mutation id and item id are fixed
// by job and row: after a restart the job resumes at its checkpoint and a row that had
// committed already is answered as a duplicate by the idempotency table (never imported
// twice). Progress goes to the job's `job:<id>` stream.
class JobService final : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 ChunkRows = 100;
    static constexpr int PublishEveryMs = 100;
    static constexpr int StoreEveryMs = 1000;
    static constexpr qsizetype MaxRetryRows = 1000;

    struct Services
    {
        Database &database;
        BoardRepository &boards;
        CommandService &commands;
        UserStore &users;
        JobFeed &feed;
        QString dataDir;
    };
    JobService(Services services, QObject *parent = nullptr);
    ~JobService() override;

    // Jobs left queued or running by the previous process continue (call once, at start).
    void resumeUnfinished();
    // A new import of `csv` into the board by `owner` (checked by the caller); the job runs
    // from the next event-loop turn. `params`: {columns?, dateOrder?}.
    Core::JobProgress startImport(const QString &owner, const QString &boardId, const QByteArray &csv, QJsonObject params);
    std::optional<JobRecord> job(const QString &jobId) const; // live progress while running
    // Stops a queued or running job at the next chunk; false if it had already finished.
    // Several nodes: a job runs on the node that took its upload (its file is in that
    // node's data folder); a cancel for a job running elsewhere goes to `remoteCancel`.
    bool cancel(const QString &jobId);
    void setRemoteCancel(std::function<void(const QString &jobId)> remoteCancel) { m_remoteCancel = std::move(remoteCancel); }
    // A cancel another node passed on: only a job running here is stopped.
    void cancelHere(const QString &jobId);
    // Re-runs only these dead letters with corrected cells (one list per row, as many as
    // the header). Each row is imported or keeps its place in the list with the new reason.
    struct RetryRow
    {
        qint64 row = 0;
        QStringList cells;
    };
    struct RetryOutcome
    {
        QList<qint64> fixed;
        QList<JobFailure> failed;
        QString error; // the request as a whole is refused
    };
    RetryOutcome retry(const QString &jobId, const QList<RetryRow> &rows);
    JobStore &store() { return m_store; }

Q_SIGNALS:
    void progressed(const Tessera::Core::JobProgress &progress);

private:
    struct Run
    {
        JobRecord record;
        ImportPlan plan;
        qsizetype next = 0; // into plan.rows
        bool planned = false;
        bool cancelRequested = false;
        QElapsedTimer started;
        qint64 doneAtStart = 0;
        QElapsedTimer lastPublish;
        QElapsedTimer lastStored;
    };

    void launch(JobRecord record, const QByteArray &upload);
    void planned(const QString &jobId, ImportPlan plan);
    void nextChunk(const QString &jobId);
    void chunkCommitted(const QString &jobId, qint64 lastRow);
    void finish(Run &run, Core::JobProgress::State state, const QString &error = {});
    // Updates the progress; publishes it (job stream, signal) at most every PublishEveryMs
    // unless `now` or finished, and stores it at most every StoreEveryMs.
    void save(Run &run, bool now);
    Core::Op createOp(const QString &jobId, const ImportPlan::Row &row) const;
    QString csvPath(const QString &jobId) const;
    QString lastRank(const QString &boardId);

    Services m_s;
    JobStore m_store;
    QHash<QString, std::shared_ptr<Run>> m_runs;
    std::function<void(const QString &)> m_remoteCancel;
};

} // namespace Tessera::Server
