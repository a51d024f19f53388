#include "auditlog.h"

#include "core/protocol/domain.h"

#include <QSqlQuery>

namespace Tessera::Server {

AuditLog::AuditLog(QSqlDatabase db) : m_db(std::move(db)) { }

void AuditLog::record(const QString &actor, const QString &action, const QString &target, const QString &address,
                      const QString &detail)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO audit (at, actor, action, target, address, detail) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(Core::nowIso());
    q.addBindValue(actor);
    q.addBindValue(action);
    q.addBindValue(target);
    q.addBindValue(address);
    q.addBindValue(detail);
    q.exec();
}

QList<AuditLog::Entry> AuditLog::recent(int limit) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT at, actor, action, target, address, detail FROM audit ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit);
    QList<Entry> out;
    if (q.exec()) {
        while (q.next())
            out.append({ q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                         q.value(4).toString(), q.value(5).toString() });
    }
    return out;
}

} // namespace Tessera::Server
