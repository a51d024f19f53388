#pragma once

#include <QString>

namespace Tessera::Server {
class Database;
}

// `tessera-server admin backup|restore|check|compact`: the database chores of an admin.
// Each returns whether it worked and, for a person, what happened or what is wrong.
namespace Tessera::Server::Maintenance {

struct Result
{
    bool ok = false;
    QString message;
};

// A consistent copy of the database while the server keeps serving, written 0600 to a
// temporary name in the target's folder and renamed to `toFile` once complete (never over
// an existing file). The message gives its size and how many boards and events it holds.
Result backup(Database &db, const QString &toFile);

// Replaces DIR/tessera.db with `fromFile` after checking it is a healthy Tessera database
// no newer than this server (the backup file itself is only read). The current database
// is kept as DIR/tessera.db.before-restore-YYYYmmdd-HHMMSS. The restored database gets a
// new history epoch and every session in it is revoked (everyone signs in again); an
// audit entry records the restore. The caller holds the data lock: no server is serving.
Result restore(const QString &dataDir, const QString &fromFile);

// Read-only: SQLite's integrity and foreign-key checks, then every board's event log
// replayed and compared with its items and head seq (BoardReplay). Reports the first
// mismatch, or counts.
Result check(Database &db);

// Checkpoints the WAL, optimizes the search index, VACUUMs and runs PRAGMA optimize;
// reports the size before and after.
Result compact(Database &db);

} // namespace Tessera::Server::Maintenance
