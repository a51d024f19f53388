#include "accountremoval.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Tessera::Server::AccountRemoval {

bool isTombstone(QSqlDatabase db, const QString &userId)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT 1 FROM users WHERE id = ? AND %1").arg(QLatin1String(TombstoneCondition)));
    q.addBindValue(userId);
    return q.exec() && q.next();
}

QStringList soleOwnerBoards(QSqlDatabase db, const QString &userId)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT b.name FROM boards b JOIN members m ON m.board_id = b.id"
                             " WHERE m.user_id = ? AND m.role = 'owner' AND b.deleted_at IS NULL"
                             " AND NOT EXISTS (SELECT 1 FROM members o WHERE o.board_id = b.id AND o.role = 'owner'"
                             " AND o.user_id <> m.user_id)"
                             " ORDER BY b.name"));
    q.addBindValue(userId);
    QStringList names;
    if (q.exec()) {
        while (q.next())
            names.append(q.value(0).toString());
    }
    return names;
}

Outcome remove(QSqlDatabase db, const QString &userId)
{
    Outcome out;
    if (!db.transaction()) {
        out.error = QStringLiteral("cannot start a transaction: %1").arg(db.lastError().text());
        return out;
    }
    const auto exec = [&db, &userId](const QString &sql, int *affected = nullptr) {
        QSqlQuery q(db);
        q.prepare(sql);
        q.addBindValue(userId);
        if (!q.exec())
            return false;
        if (affected)
            *affected = q.numRowsAffected();
        return true;
    };
    const bool ok = exec(QStringLiteral("DELETE FROM members WHERE user_id = ?"), &out.memberships)
        && exec(QStringLiteral("DELETE FROM notifications WHERE user_id = ?"), &out.notifications)
        && exec(QStringLiteral("DELETE FROM inbox_heads WHERE user_id = ?"))
        && exec(QStringLiteral("UPDATE users SET login = 'deleted-' || id, display_name = 'Removed user',"
                               " password_hash = '', admin = 0, disabled = 1 WHERE id = ?"));
    if (!ok || !db.commit()) {
        out.error = QStringLiteral("cannot remove the account: %1").arg(db.lastError().text());
        db.rollback();
        return { 0, 0, out.error };
    }
    return out;
}

} // namespace Tessera::Server::AccountRemoval
