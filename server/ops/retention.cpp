#include "retention.h"

#include "server/storage/settingsstore.h"
#include "server/ops/logging.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>

namespace Tessera::Server {

namespace {

constexpr int IntervalMs = 60 * 60 * 1000;

QString isoDaysAgo(qint64 days, qint64 extraSeconds = 0)
{
    return QDateTime::currentDateTimeUtc().addDays(-days).addSecs(-extraSeconds).toString(Qt::ISODateWithMs);
}

} // namespace

Retention::Retention(QSqlDatabase db, SettingsStore &settings, QObject *parent)
    : QObject(parent), m_db(std::move(db)), m_settings(settings)
{
    m_timer.setInterval(IntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &Retention::run);
    m_timer.start();
    run();
}

int Retention::remove(const QString &sql, const QVariantList &values)
{
    if (!m_db.transaction())
        return -1;
    QSqlQuery q(m_db);
    q.prepare(sql);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec() || !m_db.commit()) {
        m_db.rollback();
        return -1;
    }
    return q.numRowsAffected();
}

Retention::Removed Retention::run()
{
    Removed r;
    const qint64 auditDays = m_settings.value(QStringLiteral("audit_retention_days")).toLongLong();
    const qint64 sessionDays = m_settings.value(QStringLiteral("session_retention_days")).toLongLong();
    const qint64 mutationDays = m_settings.value(QStringLiteral("mutation_retention_days")).toLongLong();
    if (auditDays > 0)
        r.audit = remove(QStringLiteral("DELETE FROM audit WHERE at < ?"), { isoDaysAgo(auditDays) });
    if (sessionDays > 0) {
        const QString cut = isoDaysAgo(sessionDays);
        r.sessions = remove(QStringLiteral("DELETE FROM sessions WHERE expires_at < ? OR last_used_at < ? "
                                           "OR (revoked = 1 AND last_used_at < ?)"),
                            { cut, isoDaysAgo(sessionDays, SessionIdleSeconds), cut });
    }
    if (mutationDays > 0)
        r.mutations = remove(QStringLiteral("DELETE FROM mutations WHERE at < ?"), { isoDaysAgo(mutationDays) });
    if (r.audit > 0 || r.sessions > 0 || r.mutations > 0)
        qCInfo(lcStorage, "retention removed %d audit row(s), %d ended session(s), %d mutation outcome(s)", r.audit,
              r.sessions, r.mutations);
    return r;
}

} // namespace Tessera::Server
