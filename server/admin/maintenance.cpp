#include "maintenance.h"

#include "boardreplay.h"

#include "server/accounts/auditlog.h"
#include "server/accounts/sessionstore.h"
#include "server/storage/boardrepository.h"
#include "server/storage/database.h"
#include "server/storage/ownconnection.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryFile>
#include <QUrl>
#include <QUuid>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace Tessera::Server::Maintenance {

namespace {

Result failed(const QString &message)
{
    return { false, message };
}

QString sizeText(qint64 bytes)
{
    return QStringLiteral("%1 (%2 bytes)").arg(QLocale::c().formattedDataSize(bytes, 1), QString::number(bytes));
}

// The database file with its write-ahead log: what it takes on disk.
qint64 storedBytes(const QString &dbPath)
{
    return QFileInfo(dbPath).size() + QFileInfo(dbPath + QStringLiteral("-wal")).size();
}

bool syncFile(int fd)
{
    return fd >= 0 && ::fsync(fd) == 0;
}

// A rename is durable once its folder is synced.
void syncFolder(const QString &folder)
{
    const int fd = ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// The rows of a PRAGMA that reports problems (integrity_check: "ok" when none).
QStringList pragmaRows(QSqlDatabase db, const QString &pragma, QString *error)
{
    QSqlQuery q(db);
    QStringList rows;
    if (!q.exec(pragma)) {
        *error = q.lastError().text();
        return rows;
    }
    while (q.next() && rows.size() < 5) {
        QStringList cells;
        for (int i = 0; i < q.record().count(); ++i)
            cells.append(q.value(i).toString());
        rows.append(cells.join(QLatin1Char(' ')));
    }
    return rows;
}

qint64 count(QSqlDatabase db, const QString &table)
{
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) && q.next() ? q.value(0).toLongLong() : -1;
}

// Is the file at `path` a healthy Tessera database this server can open? Reads only.
struct Inspection
{
    QString problem; // empty: fine
    int version = 0;
    qint64 boards = 0;
    qint64 events = 0;
};

Inspection inspect(const QString &path)
{
    Inspection out;
    const OwnConnection c(path, OwnConnection::Mode::ReadOnlyImmutable);
    if (!c.isOpen()) {
        out.problem = QStringLiteral("%1 cannot be opened: %2").arg(path, c.db().lastError().text());
        return out;
    }
    QString error;
    const QStringList integrity = pragmaRows(c.db(), QStringLiteral("PRAGMA integrity_check"), &error);
    if (!error.isEmpty()) {
        out.problem = QStringLiteral("%1 is not a SQLite database (%2)").arg(path, error);
        return out;
    }
    if (integrity != QStringList { QStringLiteral("ok") }) {
        out.problem
            = QStringLiteral("%1 is damaged: integrity_check says %2").arg(path, integrity.join(QStringLiteral("; ")));
        return out;
    }
    for (const char *table : { "meta", "users", "sessions", "boards", "items", "events" }) {
        QSqlQuery q(c.db());
        q.prepare(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
        q.addBindValue(QLatin1String(table));
        if (!q.exec() || !q.next()) {
            out.problem
                = QStringLiteral("%1 is not a Tessera database (it has no table '%2')").arg(path, QLatin1String(table));
            return out;
        }
    }
    QSqlQuery v(c.db());
    out.version = v.exec(QStringLiteral("PRAGMA user_version")) && v.next() ? v.value(0).toInt() : -1;
    if (out.version < 1) {
        out.problem = QStringLiteral("%1 is not a Tessera database (schema version %2)").arg(path).arg(out.version);
        return out;
    }
    if (out.version > Database::latestSchemaVersion()) {
        out.problem
            = QStringLiteral("%1 has schema version %2, newer than this server understands (%3): restore it with "
                             "the newer tessera-server that wrote it")
                  .arg(path)
                  .arg(out.version)
                  .arg(Database::latestSchemaVersion());
        return out;
    }
    out.boards = count(c.db(), QStringLiteral("boards"));
    out.events = count(c.db(), QStringLiteral("events"));
    return out;
}

// Moves `from` (and its -wal, if any) to `to`; a stale -shm is removed.
bool moveDatabase(const QString &from, const QString &to)
{
    if (!QFile::rename(from, to))
        return false;
    const QString wal = from + QStringLiteral("-wal");
    if (QFileInfo::exists(wal) && !QFile::rename(wal, to + QStringLiteral("-wal")))
        return false;
    QFile::remove(from + QStringLiteral("-shm"));
    return true;
}

// In the restored database, in one transaction: a new history epoch, every session revoked
// (a backup must not bring back sessions that ended after it was taken) and the audit entry.
// Returns what went wrong, empty when done.
QString freshStart(Database &restored, const QString &source, const QString &kept, QString *epoch, int *revoked)
{
    QSqlDatabase sql = restored.db();
    QStringList users;
    QSqlQuery q(sql);
    if (!q.exec(QStringLiteral("SELECT DISTINCT user_id FROM sessions WHERE revoked = 0")))
        return q.lastError().text();
    while (q.next())
        users.append(q.value(0).toString());
    q.finish();
    if (!sql.transaction())
        return sql.lastError().text();
    *epoch = restored.newEpoch();
    SessionStore sessions(sql);
    for (const QString &user : std::as_const(users))
        *revoked += sessions.revokeAllOf(user);
    AuditLog(sql).record(QStringLiteral("admin-cli"), QStringLiteral("admin.restore"), source, QString(),
                         QStringLiteral("previous database kept as %1; new epoch; %2 session(s) revoked")
                             .arg(kept.isEmpty() ? QStringLiteral("(none)") : kept)
                             .arg(*revoked));
    if (epoch->isEmpty() || !sql.commit()) {
        const QString why = epoch->isEmpty() ? restored.errorString() : sql.lastError().text();
        sql.rollback();
        return why.isEmpty() ? QStringLiteral("the epoch could not be written") : why;
    }
    return QString();
}

Result notOnPostgres(const Database &db, const char *what)
{
    return failed(QStringLiteral("%1 is a PostgreSQL database: %2 (see docs/admin.md, \"PostgreSQL\")")
                          .arg(db.path(), QLatin1String(what)));
}

} // namespace

Result backup(Database &db, const QString &toFile)
{
    if (db.isPostgres())
        return notOnPostgres(db, "back it up with pg_dump (consistent while the servers keep serving)");
    if (toFile.trimmed().isEmpty())
        return failed(QStringLiteral("no backup file given"));
    const QFileInfo target(toFile);
    const QString finalPath = target.absoluteFilePath();
    if (target.exists() || target.isSymLink())
        return failed(
            QStringLiteral("%1 already exists: a backup never replaces a file; give a new name").arg(finalPath));
    const QString folder = target.absolutePath();
    if (!QFileInfo(folder).isDir())
        return failed(QStringLiteral("cannot write the backup: the folder %1 does not exist").arg(folder));

    // Written under a temporary name in the same folder (so the rename is atomic), 0600
    // from its first byte as QTemporaryFile makes it: it holds password and session hashes.
    QTemporaryFile partial(QDir(folder).filePath(QStringLiteral(".%1.partial-XXXXXX").arg(target.fileName())));
    if (!partial.open())
        return failed(QStringLiteral("cannot write the backup in %1: %2").arg(folder, partial.errorString()));

    // VACUUM INTO rather than the online backup API: it copies one read transaction's
    // snapshot, so the copy is consistent while the server goes on committing (in WAL mode
    // readers and the writer do not block each other), and it finishes in one pass; the
    // backup API restarts its copy whenever another connection writes, which on a busy
    // server may mean never, and it would take SQLite's C API next to Qt's driver. The copy
    // is also compact (no free pages). VACUUM INTO accepts an empty existing file: ours, 0600.
    QSqlQuery q(db.db());
    q.prepare(QStringLiteral("VACUUM INTO ?"));
    q.addBindValue(partial.fileName());
    if (!q.exec()) {
        QString why = q.lastError().databaseText().isEmpty() ? q.lastError().text() : q.lastError().databaseText();
        if (why.contains(QLatin1String("disk")))
            why += QStringLiteral(" (is the disk full?)");
        return failed(QStringLiteral("cannot write the backup in %1: %2; nothing was left behind").arg(folder, why));
    }
    q.finish();
    if (!syncFile(partial.handle()))
        return failed(QStringLiteral("cannot write the backup in %1: %2; nothing was left behind")
                          .arg(folder, QString::fromLocal8Bit(strerror(errno))));
    const Inspection written = inspect(partial.fileName());
    if (!written.problem.isEmpty())
        return failed(
            QStringLiteral("the backup could not be read back: %1; nothing was left behind").arg(written.problem));
    const qint64 bytes = QFileInfo(partial.fileName()).size();
    if (!partial.rename(finalPath)) // never over a file that appeared meanwhile
        return failed(QStringLiteral("cannot name the backup %1: %2; nothing was left behind")
                          .arg(finalPath, partial.errorString()));
    partial.setAutoRemove(false);
    syncFolder(folder);
    return { true,
             QStringLiteral("backup written to %1: %2, %3 board(s), %4 event(s)")
                 .arg(finalPath, sizeText(bytes))
                 .arg(written.boards)
                 .arg(written.events) };
}

Result restore(const QString &dataDir, const QString &fromFile)
{
    const QFileInfo source(fromFile);
    if (!source.isFile())
        return failed(QStringLiteral("%1 is not a file; nothing was changed").arg(fromFile));
    const QDir dir(dataDir);
    const QString dbPath = dir.absoluteFilePath(QStringLiteral("tessera.db"));
    if (source.canonicalFilePath() == QFileInfo(dbPath).canonicalFilePath())
        return failed(QStringLiteral("%1 is the database itself; nothing was changed").arg(fromFile));
    // A database with a write-ahead log beside it is live (or was not closed): its newest
    // changes are in that log, which a copy of the file alone would lose.
    if (QFileInfo(fromFile + QStringLiteral("-wal")).size() > 0)
        return failed(
            QStringLiteral("%1 has a write-ahead log beside it (%1-wal): it is a live database, not a backup; "
                           "take one with 'admin backup' and restore that; nothing was changed")
                .arg(fromFile));
    const Inspection seen = inspect(source.absoluteFilePath());
    if (!seen.problem.isEmpty())
        return failed(seen.problem + QStringLiteral("; nothing was changed"));
    if (!QDir().mkpath(dir.absolutePath()))
        return failed(QStringLiteral("cannot create the data folder %1; nothing was changed").arg(dir.absolutePath()));

    // 1. A copy in the data folder (0600), complete before anything else moves.
    QTemporaryFile copy(dir.absoluteFilePath(QStringLiteral(".tessera.db.restore-XXXXXX")));
    QFile in(source.absoluteFilePath());
    if (!copy.open() || !in.open(QIODevice::ReadOnly))
        return failed(QStringLiteral("cannot copy %1 into %2: %3; nothing was changed")
                          .arg(fromFile, dir.absolutePath(), copy.isOpen() ? in.errorString() : copy.errorString()));
    while (!in.atEnd()) {
        const QByteArray chunk = in.read(1 << 20);
        if (chunk.isEmpty() || copy.write(chunk) != chunk.size())
            return failed(
                QStringLiteral("cannot copy %1 into %2: %3; nothing was changed")
                    .arg(fromFile, dir.absolutePath(), chunk.isEmpty() ? in.errorString() : copy.errorString()));
    }
    if (!copy.flush() || !syncFile(copy.handle()) || copy.size() != source.size())
        return failed(QStringLiteral("cannot copy %1 into %2: %3; nothing was changed")
                          .arg(fromFile, dir.absolutePath(), copy.errorString()));

    // 2. The current database stays, with everything of its log checkpointed into it.
    QStringList done;
    QString kept;
    if (QFileInfo::exists(dbPath)) {
        {
            const OwnConnection current(dbPath, OwnConnection::Mode::ReadWrite);
            QSqlQuery checkpoint(current.db());
            if (current.isOpen() && checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")))
                checkpoint.finish();
        } // whatever stays in a -wal moves along with it
        const QString stamped
            = dbPath + QDateTime::currentDateTimeUtc().toString(QStringLiteral(".'before-restore'-yyyyMMdd-HHmmss"));
        kept = stamped;
        for (int n = 2; QFileInfo::exists(kept) && n < 100; ++n) // two restores within a second
            kept = stamped + QStringLiteral("-%1").arg(n);
        if (!moveDatabase(dbPath, kept))
            return failed(QStringLiteral("cannot move %1 aside to %2; nothing was changed").arg(dbPath, kept));
        done.append(QStringLiteral("the previous database is kept as %1").arg(kept));
    }
    const auto undo = [&] {
        QFile::remove(dbPath);
        QFile::remove(dbPath + QStringLiteral("-wal"));
        QFile::remove(dbPath + QStringLiteral("-shm"));
        if (!kept.isEmpty())
            moveDatabase(kept, dbPath);
    };

    // 3. The copy becomes the database.
    if (!copy.rename(dbPath)) {
        const QString why = copy.errorString();
        undo();
        return failed(
            QStringLiteral("cannot install the copy as %1: %2; the previous database is back").arg(dbPath, why));
    }
    copy.setAutoRemove(false);
    syncFolder(dir.absolutePath());

    // 4. Opened as the server opens it (an older schema is migrated), then a new epoch and no sessions.
    Database restored;
    if (!restored.open(dir.absolutePath())) {
        const QString why = restored.errorString();
        restored.close();
        undo();
        return failed(
            QStringLiteral("the restored database does not open: %1; the previous database is back").arg(why));
    }
    int revoked = 0;
    QString epoch;
    if (const QString why = freshStart(restored, source.absoluteFilePath(), kept, &epoch, &revoked); !why.isEmpty()) {
        restored.close();
        undo();
        return failed(
            QStringLiteral("cannot start a new epoch in the restored database: %1; the previous database is back")
                .arg(why));
    }
    restored.close();
    done.append(QStringLiteral("new history epoch %1: clients reload board snapshots").arg(epoch));
    done.append(QStringLiteral("%1 session(s) revoked: all users must sign in again").arg(revoked));
    done.append(QStringLiteral("recorded in the audit log (admin.restore)"));
    return { true,
             QStringLiteral("restored %1 into %2 (schema version %3, %4 board(s), %5 event(s))\n- %6")
                 .arg(source.absoluteFilePath(), dbPath)
                 .arg(seen.version)
                 .arg(seen.boards)
                 .arg(seen.events)
                 .arg(done.join(QStringLiteral("\n- "))) };
}

namespace {

Result checkBoards(Database &db, const QString &checked);

} // namespace

Result check(Database &db)
{
    if (db.isPostgres()) // PostgreSQL keeps its own pages and constraints consistent
        return checkBoards(db, QStringLiteral("constraints enforced by PostgreSQL"));
    QSqlDatabase sql = db.db();
    QSqlQuery guard(sql);
    // Nothing below may write, whatever it calls: SQLite refuses any change on this connection.
    if (!guard.exec(QStringLiteral("PRAGMA query_only = ON")))
        return failed(QStringLiteral("cannot check %1: %2").arg(db.path(), guard.lastError().text()));
    struct Restore
    {
        QSqlDatabase sql;
        ~Restore() { QSqlQuery(sql).exec(QStringLiteral("PRAGMA query_only = OFF")); }
    } restoreWritable { sql };

    QString error;
    const QStringList integrity = pragmaRows(sql, QStringLiteral("PRAGMA integrity_check"), &error);
    if (!error.isEmpty() || integrity != QStringList { QStringLiteral("ok") })
        return failed(QStringLiteral("%1 is damaged: integrity_check says %2")
                          .arg(db.path(), error.isEmpty() ? integrity.join(QStringLiteral("; ")) : error));
    const QStringList foreign = pragmaRows(sql, QStringLiteral("PRAGMA foreign_key_check"), &error);
    if (!error.isEmpty() || !foreign.isEmpty())
        return failed(QStringLiteral("%1 has rows that refer to missing rows (table, rowid, missing parent, key): %2")
                          .arg(db.path(), error.isEmpty() ? foreign.join(QStringLiteral("; ")) : error));
    return checkBoards(db, QStringLiteral("integrity and foreign keys ok"));
}

namespace {

// Every board's event log replayed and compared with its items and head seq.
Result checkBoards(Database &db, const QString &checked)
{
    QSqlDatabase sql = db.db();
    const ReadTransaction snapshot(sql); // every board as of one moment, if a server is writing
    const BoardRepository boards(sql);
    QStringList ids;
    {
        QSqlQuery q(sql);
        if (!q.exec(QStringLiteral("SELECT id FROM boards ORDER BY name, id")))
            return failed(QStringLiteral("cannot read the boards: %1").arg(q.lastError().text()));
        while (q.next())
            ids.append(q.value(0).toString());
    }
    qint64 events = 0;
    qint64 items = 0;
    int trimmed = 0;
    QStringList notes;
    for (const QString &id : std::as_const(ids)) {
        const BoardReplay::Result r = BoardReplay::run(boards, id);
        if (!r.ok)
            return failed(r.problem);
        events += r.events;
        items += r.items;
        trimmed += r.trimmed ? 1 : 0;
        notes += r.notes;
    }
    QString message
        = QStringLiteral("%1: %2; %3 board(s): %4 event(s) replayed, %5 item(s) match "
                         "their logs and head seqs")
              .arg(db.path(), checked)
              .arg(ids.size())
              .arg(events)
              .arg(items);
    if (trimmed > 0)
        message += QStringLiteral("; %1 board(s) have a log trimmed by retention (checked from where it starts)")
                       .arg(trimmed);
    for (const QString &note : std::as_const(notes))
        message += QStringLiteral("\n- ") + note;
    return { true, message };
}

} // namespace

Result compact(Database &db)
{
    if (db.isPostgres())
        return notOnPostgres(db, "PostgreSQL's autovacuum reclaims space; run VACUUM (FULL) there if needed");
    QSqlDatabase sql = db.db();
    const qint64 before = storedBytes(db.path());
    const auto run = [&sql](const QString &statement, QString *why) {
        QSqlQuery q(sql);
        if (q.exec(statement))
            return true;
        *why = QStringLiteral("%1: %2").arg(statement, q.lastError().text());
        return false;
    };
    QString why;
    bool hasSearch = false;
    {
        QSqlQuery q(sql);
        hasSearch = q.exec(QStringLiteral("SELECT 1 FROM sqlite_master WHERE name = 'search_index'")) && q.next();
    }
    // The search index first (FTS5 merges its segments), so VACUUM gives back what that frees.
    if (!run(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), &why)
        || (hasSearch && !run(QStringLiteral("INSERT INTO search_index(search_index) VALUES ('optimize')"), &why))
        || !run(QStringLiteral("VACUUM"), &why) || !run(QStringLiteral("PRAGMA optimize"), &why)
        || !run(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), &why))
        return failed(QStringLiteral("cannot compact %1: %2").arg(db.path(), why));
    const qint64 after = storedBytes(db.path());
    return { true,
             QStringLiteral("compacted %1: %2 before, %3 after (database and its -wal)")
                 .arg(db.path(), sizeText(before), sizeText(after)) };
}

} // namespace Tessera::Server::Maintenance
