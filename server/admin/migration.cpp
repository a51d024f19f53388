#include "migration.h"

#include "core/rules/boardstate.h"
#include "server/accounts/auditlog.h"
#include "server/storage/boardrepository.h"
#include "server/storage/database.h"
#include "server/storage/databaseurl.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <optional>

namespace Tessera::Server::Maintenance {

namespace {

// Every table of the schema, parents before the tables that refer to them. `where` leaves
// rows out on both sides (of copy and count): the target's schema version is its own.
struct Table
{
    const char *name;
    const char *where = "";
    bool rowid = false; // the FTS5 index: its rowid is a column of the PostgreSQL table
};
const Table Tables[] = {
    { "meta", "key <> 'schema_version'" }, // epoch, file_link_secret, search_index, column_purge...
    { "users" },
    { "sessions" },
    { "boards" },
    { "board_columns" },
    { "members" },
    { "items" },
    { "comments" },
    { "events" },
    { "mutations" },
    { "notifications" },
    { "inbox_heads" },
    { "audit" },
    { "settings" },
    { "views" },
    { "search_index", "", true }, // rowid, body, board_id, item_id, comment_id (tsv is generated)
    { "reminders_sent" },
    { "attachments" },
    { "uploads" },
    { "jobs" },
    { "job_failures" },
};

// Values bound per INSERT: a batch is this many values' worth of rows, or fewer rows when
// their text passes BatchChars (events of large bodies).
constexpr int ValuesPerBatch = 1000;
constexpr qsizetype BatchChars = 4 * 1024 * 1024;

Result failed(const QString &message)
{
    return { false, message };
}

QString errorOf(const QSqlQuery &q)
{
    return q.lastError().text().trimmed();
}

QString whereOf(const Table &t)
{
    return *t.where ? QStringLiteral(" WHERE ") + QLatin1String(t.where) : QString();
}

qint64 countRows(QSqlDatabase db, const Table &t)
{
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM %1%2").arg(QLatin1String(t.name), whereOf(t))) && q.next()
        ? q.value(0).toLongLong()
        : -1;
}

// The tables of the SQLite database that the list above does not name (FTS5's own
// shadow tables and SQLite's aside): a newer schema the migration would not copy.
QStringList unknownTables(QSqlDatabase src)
{
    QStringList out;
    QSqlQuery q(src);
    if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                               "AND name NOT LIKE 'search_index_%' ORDER BY name")))
        return { QStringLiteral("(cannot list the tables: %1)").arg(errorOf(q)) };
    while (q.next()) {
        const QString name = q.value(0).toString();
        if (std::none_of(std::begin(Tables), std::end(Tables), [&](const Table &t) { return name == QLatin1String(t.name); }))
            out.append(name);
    }
    return out;
}

// The columns to copy (SQLite's, each of which PostgreSQL's table must have) and which of
// them are integers in PostgreSQL; nullopt with *error set.
struct Columns
{
    QStringList names;
    QList<bool> integer;
};

std::optional<Columns> columnsOf(QSqlDatabase src, QSqlDatabase dst, const Table &t, QString *error)
{
    const QString name = QLatin1String(t.name);
    QStringList columns;
    if (t.rowid)
        columns.append(QStringLiteral("rowid"));
    QSqlQuery info(src);
    if (!info.exec(QStringLiteral("PRAGMA table_info(%1)").arg(name))) {
        *error = QStringLiteral("cannot read the columns of %1: %2").arg(name, errorOf(info));
        return std::nullopt;
    }
    while (info.next())
        columns.append(info.value(1).toString());
    QSqlQuery types(dst);
    types.prepare(QStringLiteral("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'"));
    types.addBindValue(name);
    if (!types.exec()) {
        *error = QStringLiteral("cannot read the columns of %1 in PostgreSQL: %2").arg(name, errorOf(types));
        return std::nullopt;
    }
    static const QStringList IntegerTypes { QStringLiteral("bigint"), QStringLiteral("integer"), QStringLiteral("smallint") };
    QHash<QString, bool> integer; // PostgreSQL's columns: integer or not
    while (types.next())
        integer.insert(types.value(0).toString(), IntegerTypes.contains(types.value(1).toString()));
    Columns out { columns, {} };
    for (const QString &column : std::as_const(columns)) {
        if (!integer.contains(column)) {
            *error = QStringLiteral("the PostgreSQL table %1 has no column %2").arg(name, column);
            return std::nullopt;
        }
        out.integer.append(integer.value(column));
    }
    return out;
}

// Copies one table in batches: one prepared multi-row INSERT for full batches, one for a
// shorter one (the last, or one cut short by BatchChars). Values go over as PostgreSQL's
// column wants them: qint64 for integer columns, QString for text (QPSQL would send a
// QByteArray as bytea). Returns the rows copied, -1 with *error set.
qint64 copyTable(QSqlDatabase src, QSqlDatabase dst, const Table &t, QString *error)
{
    const auto described = columnsOf(src, dst, t, error);
    if (!described)
        return -1;
    const QString name = QLatin1String(t.name);
    const QStringList &columns = described->names;
    const QList<bool> &isInteger = described->integer;
    const qsizetype perRow = columns.size();
    const qsizetype perBatch = std::max<qsizetype>(1, ValuesPerBatch / perRow);
    const auto insertOf = [&](qsizetype rows) {
        const QString row = QLatin1Char('(') + QStringList(perRow, QStringLiteral("?")).join(QLatin1Char(',')) + QLatin1Char(')');
        return QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
            .arg(name, columns.join(QStringLiteral(", ")), QStringList(rows, row).join(QLatin1Char(',')));
    };
    QSqlQuery full(dst);
    if (!full.prepare(insertOf(perBatch))) {
        *error = QStringLiteral("cannot prepare the copy of %1: %2").arg(name, errorOf(full));
        return -1;
    }
    QSqlQuery read(src);
    read.setForwardOnly(true); // rows are read as they are copied, never all of them at once
    if (!read.exec(QStringLiteral("SELECT %1 FROM %2%3").arg(columns.join(QStringLiteral(", ")), name, whereOf(t)))) {
        *error = QStringLiteral("cannot read %1: %2").arg(name, errorOf(read));
        return -1;
    }
    QVariantList batch; // the values of at most perBatch rows
    batch.reserve(perRow * perBatch);
    qsizetype batchChars = 0;
    qint64 copied = 0;
    const auto flush = [&]() {
        const qsizetype rows = batch.size() / perRow;
        std::optional<QSqlQuery> last; // the table's last, shorter batch
        if (rows < perBatch) {
            last.emplace(dst);
            last->prepare(insertOf(rows));
        }
        QSqlQuery &insert = last ? *last : full;
        for (const QVariant &value : std::as_const(batch))
            insert.addBindValue(value);
        if (!insert.exec()) {
            *error = QStringLiteral("cannot copy rows %1 to %2 of %3: %4").arg(copied + 1).arg(copied + rows).arg(name, errorOf(insert));
            return false;
        }
        copied += rows;
        batch.clear();
        batchChars = 0;
        return true;
    };
    while (read.next()) {
        for (qsizetype i = 0; i < perRow; ++i) {
            const QVariant value = read.value(int(i));
            if (value.isNull()) {
                batch.append(QVariant());
            } else if (isInteger.at(i)) {
                bool ok = false;
                batch.append(value.toLongLong(&ok));
                if (!ok) {
                    *error = QStringLiteral("row %1 of %2: column %3 holds '%4', not an integer")
                                 .arg(copied + batch.size() / perRow + 1)
                                 .arg(name, columns.at(i), value.toString().left(40));
                    return -1;
                }
            } else {
                const QString text = value.toString();
                batchChars += text.size();
                batch.append(text);
            }
        }
        if ((batch.size() == perRow * perBatch || batchChars > BatchChars) && !flush())
            return -1;
    }
    if (read.lastError().isValid()) {
        *error = QStringLiteral("cannot read %1 after row %2: %3").arg(name).arg(copied).arg(errorOf(read));
        return -1;
    }
    if (!batch.isEmpty() && !flush())
        return -1;
    return copied;
}

// The audit ids were copied as they are: PostgreSQL's identity continues after the highest
// (or after SQLite's AUTOINCREMENT counter, which never hands out an id twice).
QString moveAuditIdentity(QSqlDatabase src, QSqlDatabase dst)
{
    QSqlQuery q(src);
    qint64 last = 0;
    if (q.exec(QStringLiteral("SELECT MAX(n) FROM (SELECT MAX(id) AS n FROM audit"
                              " UNION ALL SELECT seq FROM sqlite_sequence WHERE name = 'audit')"))
        && q.next())
        last = q.value(0).toLongLong();
    if (last < 1)
        return QString();
    QSqlQuery set(dst);
    set.prepare(QStringLiteral("SELECT setval(pg_get_serial_sequence('audit', 'id'), ?)"));
    set.addBindValue(last);
    return set.exec() ? QString() : QStringLiteral("cannot move the audit ids past %1: %2").arg(last).arg(errorOf(set));
}

// Per board: (event count, highest seq).
QHash<QString, std::pair<qint64, qint64>> eventsPerBoard(QSqlDatabase db, QString *error)
{
    QHash<QString, std::pair<qint64, qint64>> out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT board_id, COUNT(*), MAX(seq) FROM events GROUP BY board_id"))) {
        *error = errorOf(q);
        return out;
    }
    while (q.next())
        out.insert(q.value(0).toString(), { q.value(1).toLongLong(), q.value(2).toLongLong() });
    return out;
}

// Compares every board of the source with the target; the first difference, or empty.
QString compareBoards(QSqlDatabase src, QSqlDatabase dst, qint64 *boards)
{
    QString error;
    const auto srcEvents = eventsPerBoard(src, &error);
    const auto dstEvents = eventsPerBoard(dst, &error);
    if (!error.isEmpty())
        return QStringLiteral("cannot count the events per board: %1").arg(error);
    QSqlQuery ids(src);
    ids.setForwardOnly(true);
    if (!ids.exec(QStringLiteral("SELECT id FROM boards ORDER BY id")))
        return QStringLiteral("cannot list the boards: %1").arg(errorOf(ids));
    const BoardRepository srcBoards(src);
    const BoardRepository dstBoards(dst);
    while (ids.next()) {
        const QString id = ids.value(0).toString();
        const auto was = srcEvents.value(id);
        const auto now = dstEvents.value(id);
        if (was != now)
            return QStringLiteral("board %1: %2 event(s) up to seq %3 in SQLite, %4 up to seq %5 in PostgreSQL")
                .arg(id)
                .arg(was.first)
                .arg(was.second)
                .arg(now.first)
                .arg(now.second);
        auto a = srcBoards.digestInputs(id);
        auto b = dstBoards.digestInputs(id);
        if (!a || !b)
            return QStringLiteral("board %1: cannot read its items in %2: %3")
                .arg(id, a ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite"),
                     a ? dstBoards.lastError() : srcBoards.lastError());
        if (a->seq != b->seq)
            return QStringLiteral("board %1: head seq %2 in SQLite, %3 in PostgreSQL").arg(id).arg(a->seq).arg(b->seq);
        std::sort(a->items.begin(), a->items.end());
        std::sort(b->items.begin(), b->items.end());
        if (a->items != b->items)
            return QStringLiteral("board %1: its items differ (%2 in SQLite, %3 in PostgreSQL; digest %4 against %5)")
                .arg(id)
                .arg(a->items.size())
                .arg(b->items.size())
                .arg(Core::BoardState::digestOf(a->items), Core::BoardState::digestOf(b->items));
        ++*boards;
    }
    return ids.lastError().isValid() ? QStringLiteral("cannot list the boards: %1").arg(errorOf(ids)) : QString();
}

// Everything copied and checked, inside the target's open transaction; the summary's
// counts, or a message naming what went wrong.
struct Copied
{
    QString problem;
    qint64 rows = 0;
    qint64 boards = 0;
    QHash<QString, qint64> perTable;
};

Copied copyAndCheck(QSqlDatabase src, QSqlDatabase dst, const std::function<void(const QString &)> &progress)
{
    Copied out;
    QSqlQuery clear(dst); // the target's own epoch goes: the folder's epoch is kept
    if (!clear.exec(QStringLiteral("DELETE FROM meta WHERE key <> 'schema_version'"))) {
        out.problem = QStringLiteral("cannot clear the target's meta table: %1").arg(errorOf(clear));
        return out;
    }
    for (const Table &t : Tables) {
        QElapsedTimer timer;
        timer.start();
        QString error;
        const qint64 rows = copyTable(src, dst, t, &error);
        if (rows < 0) {
            out.problem = error;
            return out;
        }
        out.rows += rows;
        out.perTable.insert(QLatin1String(t.name), rows);
        if (progress)
            progress(QStringLiteral("copied %1: %2 row(s) in %3 ms").arg(QLatin1String(t.name)).arg(rows).arg(timer.elapsed()));
    }
    if (const QString why = moveAuditIdentity(src, dst); !why.isEmpty()) {
        out.problem = why;
        return out;
    }
    for (const Table &t : Tables) {
        const qint64 was = countRows(src, t);
        const qint64 now = countRows(dst, t);
        if (was < 0 || was != now) {
            out.problem = QStringLiteral("table %1: %2 row(s) in SQLite, %3 in PostgreSQL")
                              .arg(QLatin1String(t.name))
                              .arg(was)
                              .arg(now);
            return out;
        }
    }
    if (progress)
        progress(QStringLiteral("checked the row counts of %1 tables").arg(std::size(Tables)));
    out.problem = compareBoards(src, dst, &out.boards);
    if (out.problem.isEmpty() && progress)
        progress(QStringLiteral("checked %1 board(s): events, head seqs and item versions equal").arg(out.boards));
    return out;
}

// Why the target cannot take the copy (it holds data already), or empty.
QString notEmpty(QSqlDatabase dst, const QString &where)
{
    for (const Table &t : Tables) {
        if (QLatin1String(t.name) == QLatin1String("meta")) // the schema version and epoch it made
            continue;
        const qint64 rows = countRows(dst, t);
        if (rows != 0)
            return rows < 0 ? QStringLiteral("cannot read the table %1 of %2").arg(QLatin1String(t.name), where)
                            : QStringLiteral("%1 already holds data (%2 row(s) in %3): migrate copies into an empty "
                                             "database only, it never merges; give it a new database (createdb) or "
                                             "empty this one; nothing was copied")
                                  .arg(where)
                                  .arg(rows)
                                  .arg(QLatin1String(t.name));
    }
    return QString();
}

} // namespace

Result migrateToPostgres(const QString &dataDir, const QString &url, const std::function<void(const QString &)> &progress)
{
    QElapsedTimer timer;
    timer.start();
    QString why;
    const auto parsed = DatabaseUrl::parse(url, &why);
    if (!parsed)
        return failed(QStringLiteral("--to: %1; nothing was copied").arg(why));
    const QString where = parsed->redacted();
    const QString dbPath = QDir(dataDir).absoluteFilePath(QStringLiteral("tessera.db"));
    if (!QFileInfo(dbPath).isFile())
        return failed(QStringLiteral("no SQLite database %1 to migrate").arg(dbPath));

    Database source;
    if (!source.open(dataDir))
        return failed(QStringLiteral("cannot open %1: %2").arg(dbPath, source.errorString()));
    if (const QStringList unknown = unknownTables(source.db()); !unknown.isEmpty())
        return failed(QStringLiteral("%1 has table(s) this migration does not know: %2 (a newer schema?); nothing was "
                                     "copied")
                          .arg(dbPath, unknown.join(QStringLiteral(", "))));
    Database target;
    if (!target.open(dataDir, url)) // creates the schema (an empty database gets it now)
        return failed(QStringLiteral("cannot open the target: %1; nothing was copied").arg(target.errorString()));
    if (const QString full = notEmpty(target.db(), where); !full.isEmpty())
        return failed(full);

    QSqlDatabase dst = target.db();
    if (!dst.transaction())
        return failed(QStringLiteral("cannot begin a transaction in %1: %2").arg(where, dst.lastError().text()));
    const QString epoch = source.epoch();
    Copied copied;
    {
        const ReadTransaction snapshot(source.db());
        copied = copyAndCheck(source.db(), dst, progress);
    }
    if (copied.problem.isEmpty()) {
        AuditLog(dst).record(QStringLiteral("admin-cli"), QStringLiteral("admin.migrate"), dbPath, QString(),
                             QStringLiteral("copied %1 row(s), %2 board(s)").arg(copied.rows).arg(copied.boards));
        // PostgreSQL answers COMMIT of a failed transaction with a rollback, not an error:
        // one more read proves that every statement so far succeeded.
        QSqlQuery proof(dst);
        if (!proof.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'epoch'")) || !proof.next()
            || proof.value(0).toString() != epoch)
            copied.problem = QStringLiteral("the copy did not keep the epoch %1: %2").arg(epoch, errorOf(proof));
    }
    if (!copied.problem.isEmpty()) {
        dst.rollback();
        return failed(QStringLiteral("migration to %1 failed: %2; nothing was kept there (the transaction was rolled "
                                     "back) and %3 is unchanged")
                          .arg(where, copied.problem, dbPath));
    }
    if (!dst.commit()) {
        const QString error = dst.lastError().text();
        dst.rollback();
        return failed(QStringLiteral("migration to %1 failed at COMMIT: %2; %3 is unchanged").arg(where, error, dbPath));
    }
    AuditLog(source.db()).record(QStringLiteral("admin-cli"), QStringLiteral("admin.migrated"), where, QString(),
                                 QStringLiteral("copied %1 row(s), %2 board(s)").arg(copied.rows).arg(copied.boards));

    // Each line substituted in one pass: a path or URL may hold a '%'.
    const auto n = [&](const char *table) { return QString::number(copied.perTable.value(QLatin1String(table))); };
    const QString folder = QDir(dataDir).absolutePath();
    const QStringList lines {
        QStringLiteral("migrated %1 to %2 in %3 s:")
            .arg(dbPath, where, QString::number(double(timer.elapsed()) / 1000.0, 'f', 1)),
        QStringLiteral("- %1 board(s), %2 event(s), %3 user(s), %4 session(s), %5 notification(s); %6 row(s) in %7 tables")
            .arg(QString::number(copied.boards), n("events"), n("users"), n("sessions"), n("notifications"),
                 QString::number(copied.rows), QString::number(int(std::size(Tables)))),
        QStringLiteral("- checked: every table's row count, and per board its events (count, last seq), head seq and "
                       "item versions (the digest)"),
        QStringLiteral("- epoch %1 kept: clients continue from their seqs without reloading, sessions stay signed in")
            .arg(epoch),
        QStringLiteral("Next:"),
        QStringLiteral("- start every node with --database (config key database), e.g.\n"
                       "    tessera-server --data %1 --database '%2'")
            .arg(folder, where),
        QStringLiteral("- attachments stay where they are (%1/files unless --files-dir): give every node that folder "
                       "(--files-dir on shared storage)")
            .arg(folder),
        QStringLiteral("- keep %1 as a backup, and do not start a server on it without --database (it would serve the "
                       "old copy)")
            .arg(dbPath),
    };
    return { true, lines.join(QLatin1Char('\n')) + QLatin1Char('\n') };
}

} // namespace Tessera::Server::Maintenance
