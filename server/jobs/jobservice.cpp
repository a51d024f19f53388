#include "jobservice.h"

#include "server/accounts/userstore.h"
#include "server/commands/commandservice.h"
#include "server/live/jobfeed.h"
#include "server/ops/logging.h"
#include "server/storage/boardrepository.h"
#include "server/storage/database.h"

#include "core/protocol/csv.h"
#include "core/rules/importvalues.h"
#include "core/rules/rank.h"

#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QTimer>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

namespace Tessera::Server {

using State = Core::JobProgress::State;

namespace {

// Fixed by job and row: a row submitted again after a restart is a duplicate, never a second item.
QString rowMutationId(const QString &jobId, qint64 row)
{
    return QStringLiteral("imp-%1-%2").arg(jobId).arg(row);
}

} // namespace

JobService::JobService(Services services, QObject *parent) : QObject(parent), m_s(std::move(services)), m_store(m_s.database.db())
{
    QDir().mkpath(QDir(m_s.dataDir).absoluteFilePath(QStringLiteral("jobs")));
    m_s.feed.setLookup([this](const QString &userId, const QString &jobId) -> std::optional<QJsonObject> {
        const auto found = job(jobId);
        if (!found)
            return std::nullopt;
        if (found->progress.owner != userId) {
            const auto user = m_s.users.byId(userId);
            if (!user || !user->admin)
                return std::nullopt;
        }
        return found->progress.toJson();
    });
}

JobService::~JobService()
{
    m_s.feed.setLookup({});
}

QString JobService::csvPath(const QString &jobId) const
{
    return QDir(m_s.dataDir).absoluteFilePath(QStringLiteral("jobs/%1.csv").arg(jobId));
}

QString JobService::lastRank(const QString &boardId)
{
    QString last;
    if (const Core::BoardState *state = m_s.commands.state(boardId))
        for (const Core::Item &item : state->items)
            if (item.rank > last)
                last = item.rank;
    return last;
}

void JobService::resumeUnfinished()
{
    for (JobRecord &record : m_store.unfinished()) {
        // Several nodes on one database: another node's job (its file is in that node's
        // folder) is left to it; it resumes it when it starts again.
        if (m_s.database.isPostgres() && !QFileInfo::exists(csvPath(record.progress.id)))
            continue;
        qCInfo(lcServer, "resuming job %s at row %lld", qPrintable(record.progress.id), record.checkpoint);
        launch(std::move(record), {});
    }
}

Core::JobProgress JobService::startImport(const QString &owner, const QString &boardId, const QByteArray &csv, QJsonObject params)
{
    JobRecord record;
    Core::JobProgress &p = record.progress;
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    p.kind = QStringLiteral("import");
    p.owner = owner;
    p.boardId = boardId;
    p.state = State::Queued;
    p.createdAt = p.updatedAt = Core::nowIso();
    params.insert(QStringLiteral("rankAfter"), lastRank(boardId));
    params.insert(QStringLiteral("bytes"), double(csv.size()));
    record.params = params;
    if (!m_store.create(record)) {
        p.state = State::Failed;
        p.error = QStringLiteral("the job could not be stored");
        return p;
    }
    launch(record, csv);
    return p;
}

void JobService::launch(JobRecord record, const QByteArray &upload)
{
    const QString id = record.progress.id;
    auto run = std::make_shared<Run>();
    run->record = std::move(record);
    run->record.progress.state = State::Running;
    run->started.start();
    run->doneAtStart = run->record.checkpoint;
    run->lastPublish.start();
    m_runs.insert(id, run);
    ImportInput input;
    input.jobId = id;
    input.filePath = csvPath(id);
    input.upload = upload;
    input.params = run->record.params;
    if (const Core::BoardState *state = m_s.commands.state(run->record.progress.boardId)) {
        input.columns = state->columns;
        input.members = state->members;
    }
    save(*run, true);
    auto *watcher = new QFutureWatcher<ImportPlan>(this);
    connect(watcher, &QFutureWatcher<ImportPlan>::finished, this, [this, watcher, id] {
        watcher->deleteLater();
        planned(id, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([input] { return prepareImport(input); }));
}

void JobService::planned(const QString &jobId, ImportPlan plan)
{
    const auto found = m_runs.value(jobId);
    if (!found)
        return;
    Run &run = *found;
    if (!plan.error.isEmpty())
        return finish(run, State::Failed, plan.error);
    if (run.cancelRequested)
        return finish(run, State::Cancelled);
    m_store.addFailures(jobId, plan.failures);
    run.record.progress.total = plan.total;
    run.record.params.insert(QStringLiteral("header"), QJsonArray::fromStringList(plan.header));
    run.record.params.insert(QStringLiteral("mapping"), plan.mapping);
    run.plan = std::move(plan);
    run.planned = true;
    while (run.next < run.plan.rows.size() && run.plan.rows.at(run.next).row <= run.record.checkpoint)
        ++run.next;
    save(run, true);
    QTimer::singleShot(0, this, [this, jobId] { nextChunk(jobId); });
}

Core::Op JobService::createOp(const QString &jobId, const ImportPlan::Row &row) const
{
    Core::Op op;
    op.kind = Core::OpKind::ItemCreate;
    op.args = { { QStringLiteral("itemId"), importItemId(jobId, row.row) },
                { QStringLiteral("fields"), row.fields },
                { QStringLiteral("rank"), row.rank } };
    return op;
}

void JobService::nextChunk(const QString &jobId)
{
    const auto found = m_runs.value(jobId);
    if (!found)
        return;
    Run &run = *found;
    if (run.cancelRequested)
        return finish(run, State::Cancelled);
    if (run.record.checkpoint >= run.record.progress.total)
        return finish(run, State::Done);
    const qint64 chunk = run.record.checkpoint / ChunkRows;
    const qint64 lastRow = std::min((chunk + 1) * ChunkRows, run.record.progress.total);
    QList<ImportPlan::Row> rows;
    while (run.next < run.plan.rows.size() && run.plan.rows.at(run.next).row <= lastRow)
        rows.append(run.plan.rows.at(run.next++));
    if (rows.isEmpty())
        return chunkCommitted(jobId, lastRow);
    // One command per row, queued as background work: CommandService applies them in short
    // group transactions of their own between people's commands, and a row the board refuses
    // is refused alone. (A bulk command would copy the whole board state to validate its ops
    // together: O(board) per chunk.)
    auto remaining = std::make_shared<qsizetype>(rows.size());
    auto failures = std::make_shared<QList<JobFailure>>();
    auto storageError = std::make_shared<QString>();
    const QString owner = run.record.progress.owner;
    const QString boardId = run.record.progress.boardId;
    for (const ImportPlan::Row &row : std::as_const(rows)) {
        Core::Command command;
        command.mutationId = rowMutationId(jobId, row.row);
        command.boardId = boardId;
        command.op = createOp(jobId, row);
        m_s.commands.submitBackground(owner, command, [this, jobId, row, remaining, failures, storageError, lastRow](const CommandResult &r) {
            if (r.status == CommandResult::Status::Reject)
                failures->append({ row.row, row.record, r.message, QStringLiteral("failed") });
            else if (r.status == CommandResult::Status::Error)
                *storageError = r.message;
            if (--*remaining > 0)
                return;
            const auto still = m_runs.value(jobId);
            if (!still)
                return;
            if (!storageError->isEmpty())
                return finish(*still, State::Failed, QStringLiteral("rows could not be stored: %1").arg(*storageError));
            const Core::Role role = m_s.boards.roleOf(still->record.progress.boardId, still->record.progress.owner);
            if (role != Core::Role::Owner && role != Core::Role::Editor)
                return finish(*still, State::Failed, QStringLiteral("the importing user may no longer edit the board"));
            m_store.addFailures(jobId, *failures);
            chunkCommitted(jobId, lastRow);
        });
    }
}

void JobService::chunkCommitted(const QString &jobId, qint64 lastRow)
{
    const auto found = m_runs.value(jobId);
    if (!found)
        return;
    Run &run = *found;
    run.record.checkpoint = lastRow;
    save(run, false);
    QTimer::singleShot(0, this, [this, jobId] { nextChunk(jobId); });
}

void JobService::finish(Run &run, State state, const QString &error)
{
    run.record.progress.state = state;
    run.record.progress.error = error;
    const QString id = run.record.progress.id;
    save(run, true);
    if (state == State::Done || state == State::Cancelled || !error.isEmpty())
        qCInfo(lcServer, "job %s %s: %lld of %lld rows, %lld failed%s", qPrintable(id),
               qPrintable(Core::jobStateName(state)), run.record.progress.done, run.record.progress.total,
               run.record.progress.failed, error.isEmpty() ? "" : qPrintable(QStringLiteral(" (%1)").arg(error)));
    QFile::remove(csvPath(id)); // a finished job keeps no upload; its dead letters keep their rows
    m_runs.remove(id);
}

void JobService::save(Run &run, bool now)
{
    Core::JobProgress &p = run.record.progress;
    p.done = std::min(run.record.checkpoint, p.total);
    if (!now && !p.finished() && run.lastPublish.elapsed() < PublishEveryMs)
        return;
    p.failed = m_store.failedCount(p.id);
    p.imported = std::max<qint64>(0, p.done - m_store.failedCount(p.id, p.done));
    const double seconds = double(run.started.elapsed()) / 1000.0;
    p.ratePerSecond = seconds > 0.2 ? double(p.done - run.doneAtStart) / seconds : 0;
    p.etaSeconds = (p.state == State::Running && p.ratePerSecond > 0 && p.total > 0)
            ? std::optional<qint64>(qint64((p.total - p.done) / p.ratePerSecond + 0.999))
            : std::nullopt;
    p.updatedAt = Core::nowIso();
    // The checkpoint is stored at most once a second while running (each store is a
    // transaction of its own): a restart resumes a little earlier, and the rows committed
    // since are answered as duplicates.
    if (now || p.finished() || !run.lastStored.isValid() || run.lastStored.elapsed() >= StoreEveryMs) {
        run.lastStored.restart();
        if (!m_store.update(run.record))
            qCWarning(lcServer, "job %s: progress could not be stored", qPrintable(p.id));
    }
    run.lastPublish.restart();
    m_s.feed.publish(p.id, p.toJson());
    Q_EMIT progressed(p);
}

std::optional<JobRecord> JobService::job(const QString &jobId) const
{
    if (const auto run = m_runs.value(jobId))
        return run->record;
    return m_store.byId(jobId);
}

bool JobService::cancel(const QString &jobId)
{
    const auto run = m_runs.value(jobId);
    if (!run) {
        const auto stored = m_store.byId(jobId);
        if (!m_remoteCancel || !stored || stored->progress.finished())
            return false;
        m_remoteCancel(jobId); // running on another node
        return true;
    }
    run->cancelRequested = true;
    return true;
}

void JobService::cancelHere(const QString &jobId)
{
    if (const auto run = m_runs.value(jobId))
        run->cancelRequested = true;
}

JobService::RetryOutcome JobService::retry(const QString &jobId, const QList<RetryRow> &rows)
{
    RetryOutcome out;
    auto found = m_store.byId(jobId);
    if (!found || m_runs.contains(jobId)) {
        out.error = found ? QStringLiteral("the job is still running; retry its failed rows once it has finished")
                          : QStringLiteral("unknown job");
        return out;
    }
    JobRecord &record = *found;
    QStringList header;
    for (const QJsonValue &v : record.params.value(QStringLiteral("header")).toArray())
        header.append(v.toString());
    const auto mapping = Core::Import::Mapping::fromJson(record.params.value(QStringLiteral("mapping")).toObject());
    const Core::BoardState *state = m_s.commands.state(record.progress.boardId);
    if (!mapping || header.isEmpty() || !state) {
        out.error = QStringLiteral("this job has no rows to retry (its file was never read)");
        return out;
    }
    const QList<Core::Column> columns = state->columns;
    const QMap<QString, Core::Member> members = state->members;
    QString rank = lastRank(record.progress.boardId);
    for (const RetryRow &retry : rows) {
        const auto letter = m_store.failure(jobId, retry.row);
        if (!letter || letter->state != QLatin1String("failed")) {
            out.failed.append({ retry.row, csvRecord(retry.cells), QStringLiteral("row %1 is not a failed row of this job").arg(retry.row),
                                QStringLiteral("failed") });
            continue;
        }
        JobFailure updated { retry.row, csvRecord(retry.cells), QString(), QStringLiteral("failed") };
        if (retry.cells.size() != header.size()) {
            updated.reason = QStringLiteral("the row has %1 value(s) but the file's header has %2").arg(retry.cells.size()).arg(header.size());
        } else if (const Core::Import::Row read = Core::Import::convertRow(retry.cells, *mapping, columns, members); !read.ok()) {
            updated.reason = read.error;
        } else {
            rank = Core::Rank::after(rank).value_or(rank);
            Core::Command command;
            command.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces); // a fresh attempt, not a replay
            command.boardId = record.progress.boardId;
            command.op = createOp(jobId, { retry.row, read.fields, rank, updated.data });
            const CommandResult result = m_s.commands.submitNow(record.progress.owner, command);
            if (result.status == CommandResult::Status::Ack)
                updated.state = QStringLiteral("fixed");
            else
                updated.reason = result.message;
        }
        if (updated.state == QLatin1String("fixed"))
            out.fixed.append(retry.row);
        else
            out.failed.append(updated);
        if (updated.reason.isEmpty())
            updated.reason = letter->reason; // keeps why it failed first
        m_store.setFailure(jobId, updated);
    }
    Core::JobProgress &p = record.progress;
    p.failed = m_store.failedCount(jobId);
    p.imported = std::max<qint64>(0, p.done - m_store.failedCount(jobId, p.done));
    p.updatedAt = Core::nowIso();
    m_store.update(record);
    m_s.feed.publish(jobId, p.toJson());
    return out;
}

} // namespace Tessera::Server
