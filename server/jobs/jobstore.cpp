#include "jobstore.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

#include <limits>

namespace Tessera::Server {

namespace {

const char *const Columns = "j.id, j.kind, j.owner, j.board_id, j.state, j.done, j.total, j.failed, j.checkpoint, j.params, "
                            "j.created_at, j.updated_at, j.error, u.login";

JobRecord fromRow(const QSqlQuery &q)
{
    JobRecord r;
    Core::JobProgress &p = r.progress;
    p.id = q.value(0).toString();
    p.kind = q.value(1).toString();
    p.owner = q.value(2).toString();
    p.boardId = q.value(3).toString();
    p.state = Core::jobStateFromName(q.value(4).toString()).value_or(Core::JobProgress::State::Failed);
    p.done = q.value(5).toLongLong();
    p.total = q.value(6).toLongLong();
    p.failed = q.value(7).toLongLong();
    r.checkpoint = q.value(8).toLongLong();
    r.params = QJsonDocument::fromJson(q.value(9).toByteArray()).object();
    p.imported = r.params.value(QStringLiteral("imported")).toInteger();
    p.createdAt = q.value(10).toString();
    p.updatedAt = q.value(11).toString();
    p.error = q.value(12).toString();
    p.ownerLogin = q.value(13).toString();
    return r;
}

QList<JobRecord> select(const QSqlDatabase &db, const QString &where, const QVariantList &binds)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM jobs j LEFT JOIN users u ON u.id = j.owner %2")
                      .arg(QLatin1String(Columns), where));
    for (const QVariant &v : binds)
        q.addBindValue(v);
    QList<JobRecord> out;
    if (!q.exec())
        return out;
    while (q.next())
        out.append(fromRow(q));
    return out;
}

} // namespace

bool JobStore::create(const JobRecord &job)
{
    const Core::JobProgress &p = job.progress;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO jobs (id, kind, owner, board_id, state, done, total, failed, checkpoint, params, "
                             "created_at, updated_at, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    for (const QVariant &v : QVariantList { p.id, p.kind, p.owner, p.boardId, Core::jobStateName(p.state), p.done, p.total,
                                            p.failed, job.checkpoint,
                                            QString::fromUtf8(QJsonDocument(job.params).toJson(QJsonDocument::Compact)), p.createdAt,
                                            p.updatedAt, p.error })
        q.addBindValue(v);
    return q.exec();
}

bool JobStore::update(const JobRecord &job)
{
    const Core::JobProgress &p = job.progress;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE jobs SET state = ?, done = ?, total = ?, failed = ?, checkpoint = ?, params = ?, "
                             "updated_at = ?, error = ? WHERE id = ?"));
    QJsonObject params = job.params;
    params.insert(QStringLiteral("imported"), double(p.imported));
    for (const QVariant &v : QVariantList { Core::jobStateName(p.state), p.done, p.total, p.failed, job.checkpoint,
                                            QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact)), p.updatedAt, p.error, p.id })
        q.addBindValue(v);
    return q.exec();
}

std::optional<JobRecord> JobStore::byId(const QString &id) const
{
    const QList<JobRecord> found = select(m_db, QStringLiteral("WHERE j.id = ?"), { id });
    if (found.isEmpty())
        return std::nullopt;
    return found.front();
}

QList<JobRecord> JobStore::unfinished() const
{
    return select(m_db, QStringLiteral("WHERE j.state IN ('queued', 'running') ORDER BY j.created_at"), {});
}

QList<JobRecord> JobStore::recent(int limit) const
{
    return select(m_db, QStringLiteral("ORDER BY j.created_at DESC LIMIT ?"), { limit });
}

bool JobStore::addFailures(const QString &jobId, const QList<JobFailure> &failures)
{
    if (failures.isEmpty())
        return true;
    if (!m_db.transaction())
        return false;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO job_failures (job_id, row, data, reason, state) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING"));
    for (const JobFailure &f : failures) {
        q.addBindValue(jobId);
        q.addBindValue(f.row);
        q.addBindValue(f.data);
        q.addBindValue(f.reason);
        q.addBindValue(f.state);
        if (!q.exec()) {
            m_db.rollback();
            return false;
        }
    }
    return m_db.commit();
}

QList<JobFailure> JobStore::failures(const QString &jobId, bool onlyFailed, int limit) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT row, data, reason, state FROM job_failures WHERE job_id = ? %1 ORDER BY row LIMIT ?")
                      .arg(onlyFailed ? QStringLiteral("AND state = 'failed'") : QString()));
    q.addBindValue(jobId);
    q.addBindValue(limit);
    QList<JobFailure> out;
    if (!q.exec())
        return out;
    while (q.next())
        out.append({ q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString() });
    return out;
}

std::optional<JobFailure> JobStore::failure(const QString &jobId, qint64 row) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT row, data, reason, state FROM job_failures WHERE job_id = ? AND row = ?"));
    q.addBindValue(jobId);
    q.addBindValue(row);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return JobFailure { q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString() };
}

bool JobStore::setFailure(const QString &jobId, const JobFailure &failure)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE job_failures SET data = ?, reason = ?, state = ? WHERE job_id = ? AND row = ?"));
    q.addBindValue(failure.data);
    q.addBindValue(failure.reason);
    q.addBindValue(failure.state);
    q.addBindValue(jobId);
    q.addBindValue(failure.row);
    return q.exec();
}

qint64 JobStore::failedCount(const QString &jobId, qint64 maxRow) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM job_failures WHERE job_id = ? AND state = 'failed' AND row <= ?"));
    q.addBindValue(jobId);
    q.addBindValue(maxRow < 0 ? std::numeric_limits<qint64>::max() : maxRow);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

} // namespace Tessera::Server
