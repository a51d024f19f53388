#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Tessera::Server {

// Who did what, when, from where: logins, failures, revocations, membership and admin
// actions. Never tokens, passwords or content.
class AuditLog
{
public:
    explicit AuditLog(QSqlDatabase db);

    void record(const QString &actor, const QString &action, const QString &target = QString(),
                const QString &address = QString(), const QString &detail = QString());

    struct Entry
    {
        QString at, actor, action, target, address, detail;
    };
    QList<Entry> recent(int limit) const;

private:
    QSqlDatabase m_db;
};

} // namespace Tessera::Server
