#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Tessera::Server::AccountRemoval {

// Deleting an account (`admin users delete`). Boards, items, comments, views and the event
// log name users by id (created_by, author, the events' JSON) and stay as they were: history
// is not rewritten. So the users row stays as a tombstone that nobody can sign in with —
// login "deleted-<id>" (the old login is free again), display name "Removed user", no
// password hash, disabled, not admin — and everything that is the person's own goes:
// board memberships, notifications and the inbox head. Sessions are revoked first by the
// caller (SessionStore, so live sockets close) and kept, revoked, for the audit trail.

// SQL condition (on table users) true for tombstones.
inline constexpr char TombstoneCondition[] = "password_hash = '' AND login LIKE 'deleted-%'";

bool isTombstone(QSqlDatabase db, const QString &userId);
// Names of boards (not deleted) whose only owner is the user: removing them would leave a
// board nobody can administer, so deletion is refused until another owner exists.
QStringList soleOwnerBoards(QSqlDatabase db, const QString &userId);

struct Outcome
{
    int memberships = 0;
    int notifications = 0;
    QString error; // non-empty: nothing changed
};
// In one transaction.
Outcome remove(QSqlDatabase db, const QString &userId);

} // namespace Tessera::Server::AccountRemoval
