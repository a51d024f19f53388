// Backup, restore, check and compact (Maintenance) against the real server process: a
// board written to over a WebSocket while backups are taken, the backups checked and one
// restored into the stopped server's folder, a tampered database caught by check().
#include "support/wsclient.h"

#include "server/admin/maintenance.h"
#include "server/storage/boardrepository.h"
#include "server/storage/database.h"

#include <QCryptographicHash>
#include <QDir>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

#include <csignal>

#include <sys/resource.h>
#include <unistd.h>

using namespace Tessera::Test;
using namespace Tessera::Server;

namespace {

constexpr int EventCount = 1000;
constexpr int ItemCount = 40;

// A plain connection of the test's own to a database file, removed with it.
class RawDb
{
public:
    explicit RawDb(const QString &path)
        : m_name(QUuid::createUuid().toString())
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        m_db.open();
    }
    ~RawDb()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    QVariant value(const QString &sql, const QVariantList &binds = {})
    {
        QSqlQuery q(m_db);
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!q.exec()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return {};
        }
        return q.next() ? q.value(0) : QVariant();
    }
    bool exec(const QString &sql, const QVariantList &binds = {})
    {
        QSqlQuery q(m_db);
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        return q.exec();
    }
    QSqlDatabase db() const { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result();
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class TestMaintenance : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    QByteArray m_token;
    QString m_board;
    QTemporaryDir m_backups;
    QString m_fullBackup; // taken once every write was acknowledged
    QString m_midBackup; // taken while writes were still being committed
    qint64 m_finalHead = 0;
    std::vector<std::unique_ptr<QTemporaryDir>> m_scratch;

    QString dbPath() const { return QDir(m_server.dataDir()).filePath(QStringLiteral("tessera.db")); }

    // A data folder of its own holding a copy of `file` as tessera.db.
    QString copyAsDataDir(const QString &file)
    {
        m_scratch.push_back(std::make_unique<QTemporaryDir>());
        const QString dir = m_scratch.back()->path();
        return QFile::copy(file, QDir(dir).filePath(QStringLiteral("tessera.db"))) ? dir : QString();
    }

    QJsonObject opFor(int i) const
    {
        const QString item = QStringLiteral("item-%1").arg(i % ItemCount);
        if (i < ItemCount)
            return op("item.create",
                      { { QStringLiteral("itemId"), item },
                        { QStringLiteral("fields"),
                          QJsonObject { { QStringLiteral("title"), QStringLiteral("task %1").arg(i) } } },
                        { QStringLiteral("rank"), QStringLiteral("U") } });
        if (i == 500)
            return op("column.create",
                      { { QStringLiteral("columnId"), QStringLiteral("points") },
                        { QStringLiteral("name"), QStringLiteral("Points") },
                        { QStringLiteral("type"), QStringLiteral("number") } });
        if (i == 600)
            return op("comment.create",
                      { { QStringLiteral("itemId"), QStringLiteral("item-20") },
                        { QStringLiteral("commentId"), QStringLiteral("comment-1") },
                        { QStringLiteral("body"), QStringLiteral("looks good") } });
        if (i == 601)
            return op("board.update", { { QStringLiteral("description"), QStringLiteral("the launch plan") } });
        if (i == 900) // a retype: every value is converted, which the replay must do the same way
            return op("column.update",
                      { { QStringLiteral("columnId"), QStringLiteral("points") },
                        { QStringLiteral("type"), QStringLiteral("text") } });
        if (i >= EventCount - 5)
            return op("item.delete",
                      { { QStringLiteral("itemId"), QStringLiteral("item-%1").arg(i - (EventCount - 5)) } });
        if (i % 10 == 3)
            return op("item.move",
                      { { QStringLiteral("itemId"), item },
                        { QStringLiteral("rank"), i % 20 == 3 ? QStringLiteral("V") : QStringLiteral("W") } });
        QJsonObject fields { { QStringLiteral("title"), QStringLiteral("task %1 rev %2").arg(i % ItemCount).arg(i) } };
        if (i > 500 && i < 900 && i % 3 == 0)
            fields = { { QStringLiteral("points"), double(i) } };
        return op("item.update", { { QStringLiteral("itemId"), item }, { QStringLiteral("fields"), fields } });
    }

private Q_SLOTS:
    void initTestCase()
    {
        // One socket sends every command at once: the per-session frame rate must not refuse them.
        qputenv("TESSERA_WS_RATE_PER_SECOND", "100000");
        qputenv("TESSERA_WS_RATE_BURST", "100000");
        QVERIFY(m_backups.isValid());
        QVERIFY(m_server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.start());
        m_token = BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass"));
        QVERIFY(!m_token.isEmpty());
        m_board = BoardClient(&m_server, m_token).createBoard(QStringLiteral("Launch"));
        QVERIFY(!m_board.isEmpty());
    }

    // 1,000 events sent over one WebSocket that stays connected; backups taken while the
    // server commits them. Each backup is a consistent prefix of the log and passes check().
    void backupWhileWritesContinue()
    {
        WsClient ws;
        QCOMPARE(ws.connectAs(m_server.url(), m_token).value(QStringLiteral("type")).toString(),
                 QStringLiteral("welcome"));
        StreamTracker tracker(QStringLiteral("board:") + m_board);
        QVERIFY(!ws.subscribe(tracker.stream).isEmpty());
        for (int i = 0; i < EventCount; ++i)
            ws.send(WsClient::mutateFrame(m_board, opFor(i)));

        Database live;
        QVERIFY2(live.open(m_server.dataDir()), qPrintable(live.errorString()));
        struct Taken
        {
            QString file;
            qint64 seenBefore;
        };
        QList<Taken> taken;
        for (int n = 0; n < 40 && tracker.applied < EventCount; ++n) {
            // The first backup as soon as writing has begun (about 1,000 commands are still on
            // their way), the next ones as the writes progress.
            ws.follow(tracker, n == 0 ? 1 : std::min<qint64>(tracker.applied + 40, EventCount), 5000);
            const QString file = m_backups.filePath(QStringLiteral("during-%1.db").arg(n));
            const qint64 seen = tracker.applied;
            const Maintenance::Result r = Maintenance::backup(live, file);
            QVERIFY2(r.ok, qPrintable(r.message));
            QVERIFY2(r.message.contains(QStringLiteral("1 board(s)")) && r.message.contains(QStringLiteral("bytes")),
                     qPrintable(r.message));
            taken.append({ file, seen });
        }
        QVERIFY2(ws.follow(tracker, EventCount, 60000),
                 qPrintable(QStringLiteral("only %1 events arrived").arg(tracker.applied)));
        QVERIFY(ws.isOpen());
        QCOMPARE(tracker.gaps, 0);
        m_finalHead = tracker.applied;
        QCOMPARE(m_finalHead, qint64(EventCount));
        m_fullBackup = m_backups.filePath(QStringLiteral("full.db"));
        const Maintenance::Result full = Maintenance::backup(live, m_fullBackup);
        QVERIFY2(full.ok && full.message.contains(QStringLiteral("%1 event(s)").arg(EventCount)),
                 qPrintable(full.message));
        qInfo("%s", qPrintable(full.message));
        taken.append({ m_fullBackup, m_finalHead });

        // The log as the server serves it (live batches may coalesce events), by seq.
        QHash<qint64, QJsonObject> logged;
        const HttpResult changes = BoardClient(&m_server, m_token).changes(tracker.stream, 0, 5000);
        for (const QJsonValue &e : changes.json().value(QStringLiteral("events")).toArray())
            logged.insert(e.toObject().value(QStringLiteral("seq")).toInteger(), e.toObject());
        QCOMPARE(logged.size(), EventCount);

        int midWrite = 0;
        for (const Taken &t : std::as_const(taken)) {
            // Only the owner may read it: it holds password and session hashes.
            const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther
                | QFile::WriteOther | QFile::ExeOther;
            QCOMPARE(QFile::permissions(t.file) & others, QFile::Permissions());
            qint64 head = 0;
            {
                RawDb b(t.file);
                head = b.value(QStringLiteral("SELECT head_seq FROM boards WHERE id = ?"), { m_board }).toLongLong();
                QCOMPARE(
                    b.value(QStringLiteral("SELECT COUNT(*) FROM events WHERE board_id = ?"), { m_board }).toLongLong(),
                    head);
                QCOMPARE(
                    b.value(QStringLiteral("SELECT MAX(seq) FROM events WHERE board_id = ?"), { m_board }).toLongLong(),
                    head);
                // A prefix of the server's log, event for event.
                QSqlQuery q(b.db());
                q.prepare(QStringLiteral("SELECT seq, body FROM events WHERE board_id = ? ORDER BY seq"));
                q.addBindValue(m_board);
                QVERIFY(q.exec());
                while (q.next()) {
                    const qint64 seq = q.value(0).toLongLong();
                    QCOMPARE(QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object(), logged.value(seq));
                }
            }
            QVERIFY(head >= t.seenBefore);
            if (head > 0 && head < m_finalHead) {
                ++midWrite;
                if (m_midBackup.isEmpty())
                    m_midBackup = t.file;
            }
            const QString dir = copyAsDataDir(t.file);
            Database copy;
            QVERIFY2(copy.open(dir), qPrintable(copy.errorString()));
            const Maintenance::Result checked = Maintenance::check(copy);
            QVERIFY2(checked.ok, qPrintable(checked.message));
        }
        qInfo("%d backups, %d of them while writes were being committed", int(taken.size()), midWrite);
        if (!m_midBackup.isEmpty()) { // what a write costs on disk (docs/admin.md quotes it)
            const qint64 midHead = RawDb(m_midBackup).value(QStringLiteral("SELECT head_seq FROM boards")).toLongLong();
            qInfo("%.0f bytes per event (backup of seq %lld: %lld bytes, of seq %lld: %lld bytes)",
                  double(QFileInfo(m_fullBackup).size() - QFileInfo(m_midBackup).size())
                      / double(m_finalHead - midHead),
                  midHead, QFileInfo(m_midBackup).size(), m_finalHead, QFileInfo(m_fullBackup).size());
        }
        QVERIFY2(midWrite > 0, "no backup was taken while writes were still being committed");
        QCOMPARE(entries(m_backups.path()).filter(QStringLiteral("partial")), QStringList());
    }

    void backupRefusesExistingTargetAndUnwritableFolder()
    {
        Database live;
        QVERIFY2(live.open(m_server.dataDir()), qPrintable(live.errorString()));
        const Maintenance::Result existing = Maintenance::backup(live, m_fullBackup);
        QVERIFY(!existing.ok);
        QVERIFY2(existing.message.contains(QStringLiteral("already exists")), qPrintable(existing.message));

        const Maintenance::Result noFolder
            = Maintenance::backup(live, m_backups.filePath(QStringLiteral("missing/b.db")));
        QVERIFY(!noFolder.ok);
        QVERIFY2(noFolder.message.contains(QStringLiteral("does not exist")), qPrintable(noFolder.message));

        // A folder nobody may write to (root writes anywhere a mode allows, but not into /proc).
        QTemporaryDir locked;
        QString folder = locked.path();
        if (::geteuid() == 0)
            folder = QStringLiteral("/proc");
        else
            QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
        const Maintenance::Result unwritable
            = Maintenance::backup(live, QDir(folder).filePath(QStringLiteral("tessera-backup.db")));
        QFile::setPermissions(locked.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(!unwritable.ok);
        QVERIFY2(unwritable.message.contains(QStringLiteral("cannot write the backup in ") + folder),
                 qPrintable(unwritable.message));
        QCOMPARE(entries(locked.path()), QStringList());
        QVERIFY(!QFileInfo::exists(QStringLiteral("/proc/tessera-backup.db")));
    }

    // A full disk, as the file size limit makes it for this process: a clear error and no
    // partial file, under the final name or any other.
    void backupLeavesNothingWhenTheDiskFills()
    {
        Database live;
        QVERIFY2(live.open(m_server.dataDir()), qPrintable(live.errorString()));
        QTemporaryDir folder;
        const QString target = folder.filePath(QStringLiteral("full-disk.db"));
        struct rlimit saved
        {
        };
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &saved), 0);
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN); // a write past the limit fails with EFBIG instead
        struct rlimit tight = saved;
        tight.rlim_cur = 64 * 1024; // the database is several times larger
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &tight), 0);
        const Maintenance::Result r = Maintenance::backup(live, target);
        ::setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(QStringLiteral("cannot write the backup in "))
                     && r.message.endsWith(QStringLiteral("nothing was left behind")),
                 qPrintable(r.message));
        QCOMPARE(entries(folder.path()), QStringList());
        qInfo("%s", qPrintable(r.message));
    }

    void checkNamesTheFirstMismatch()
    {
        const QString dir = copyAsDataDir(m_fullBackup);
        const QString file = QDir(dir).filePath(QStringLiteral("tessera.db"));
        Database db;
        QVERIFY2(db.open(dir), qPrintable(db.errorString()));
        const Maintenance::Result healthy = Maintenance::check(db);
        QVERIFY2(healthy.ok && healthy.message.contains(QStringLiteral("%1 event(s) replayed").arg(EventCount))
                     && healthy.message.contains(QStringLiteral("%1 item(s) match").arg(ItemCount - 5)),
                 qPrintable(healthy.message));

        // One field of one item changed behind the log's back.
        const QString item = QStringLiteral("item-17");
        QVERIFY(RawDb(file).exec(
            QStringLiteral("UPDATE items SET fields = json_set(fields, '$.title', 'tampered') WHERE id = ?"),
            { item }));
        const QByteArray before = fileHash(file) + fileHash(file + QStringLiteral("-wal"));
        const Maintenance::Result tampered = Maintenance::check(db);
        QVERIFY(!tampered.ok);
        QVERIFY2(tampered.message.contains(
                     QStringLiteral("board 'Launch' (%1): item %2 field 'title': log gives \"task 17 rev ")
                         .arg(m_board, item))
                     && tampered.message.endsWith(QStringLiteral(", stored \"tampered\"")),
                 qPrintable(tampered.message));
        QCOMPARE(fileHash(file) + fileHash(file + QStringLiteral("-wal")), before); // check() wrote nothing
        qInfo("%s", qPrintable(tampered.message));

        // A comment and the board row changed behind the log's back.
        const QString other = copyAsDataDir(m_fullBackup);
        const QString otherFile = QDir(other).filePath(QStringLiteral("tessera.db"));
        QVERIFY(RawDb(otherFile).exec(QStringLiteral("UPDATE comments SET body = 'rewritten' WHERE id = 'comment-1'")));
        Database otherDb;
        QVERIFY(otherDb.open(other));
        const Maintenance::Result comment = Maintenance::check(otherDb);
        QVERIFY2(!comment.ok
                     && comment.message.contains(QStringLiteral("comment comment-1 (on item item-20) field 'body': log "
                                                                "gives \"looks good\", stored \"rewritten\"")),
                 qPrintable(comment.message));
        QVERIFY(
            RawDb(otherFile).exec(QStringLiteral("UPDATE comments SET body = 'looks good' WHERE id = 'comment-1'")));
        QVERIFY(RawDb(otherFile).exec(QStringLiteral("UPDATE boards SET archived = 1")));
        const Maintenance::Result board = Maintenance::check(otherDb);
        QVERIFY2(!board.ok
                     && board.message.contains(QStringLiteral("board field 'archived': log gives false, stored true")),
                 qPrintable(board.message));

        // An item the log has, missing from the items table.
        QVERIFY(RawDb(file).exec(QStringLiteral("DELETE FROM items WHERE id = ?"), { item }));
        const Maintenance::Result missing = Maintenance::check(db);
        QVERIFY(!missing.ok);
        QVERIFY2(
            missing.message.contains(QStringLiteral("board 'Launch' (%1): item %2: the log has it").arg(m_board, item)),
            qPrintable(missing.message));

        // A log trimmed by retention: checked from where it starts, and said so.
        const QString trimmedDir = copyAsDataDir(m_fullBackup);
        const QString trimmedFile = QDir(trimmedDir).filePath(QStringLiteral("tessera.db"));
        QVERIFY(RawDb(trimmedFile).exec(QStringLiteral("DELETE FROM events WHERE seq <= 300")));
        QVERIFY(RawDb(trimmedFile).exec(QStringLiteral("UPDATE boards SET floor_seq = 300")));
        Database trimmed;
        QVERIFY(trimmed.open(trimmedDir));
        const Maintenance::Result partial = Maintenance::check(trimmed);
        QVERIFY2(partial.ok && partial.message.contains(QStringLiteral("retention removed events 1..300"))
                     && partial.message.contains(QStringLiteral("%1 event(s) replayed").arg(EventCount - 300)),
                 qPrintable(partial.message));
        qInfo("%s", qPrintable(partial.message));
        QVERIFY(RawDb(trimmedFile).exec(QStringLiteral("UPDATE items SET rank = 'Z' WHERE id = 'item-13'")));
        const Maintenance::Result movedBehind = Maintenance::check(trimmed);
        QVERIFY2(!movedBehind.ok && movedBehind.message.contains(QStringLiteral("item item-13 rank: log gives \"")),
                 qPrintable(movedBehind.message));

        // A head seq that disagrees with the log.
        const QString fresh = copyAsDataDir(m_fullBackup);
        QVERIFY(RawDb(QDir(fresh).filePath(QStringLiteral("tessera.db")))
                    .exec(QStringLiteral("DELETE FROM events WHERE seq = 700")));
        Database gap;
        QVERIFY(gap.open(fresh));
        const Maintenance::Result hole = Maintenance::check(gap);
        QVERIFY2(!hole.ok && hole.message.contains(QStringLiteral("event 700 is missing")), qPrintable(hole.message));
    }

    void compactKeepsTheDatabaseValid()
    {
        const QString dir = copyAsDataDir(m_fullBackup);
        const QString file = QDir(dir).filePath(QStringLiteral("tessera.db"));
        Database db;
        QVERIFY(db.open(dir));
        // Something to give back: the log of the board shrinks as retention would trim it.
        QVERIFY(RawDb(file).exec(QStringLiteral("DELETE FROM mutations")));
        const qint64 before = QFileInfo(file).size() + QFileInfo(file + QStringLiteral("-wal")).size();
        const Maintenance::Result r = Maintenance::compact(db);
        QVERIFY2(r.ok && r.message.contains(QStringLiteral("before")), qPrintable(r.message));
        qInfo("%s", qPrintable(r.message));
        const qint64 after = QFileInfo(file).size() + QFileInfo(file + QStringLiteral("-wal")).size();
        QVERIFY2(after < before, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
        const Maintenance::Result checked = Maintenance::check(db);
        QVERIFY2(checked.ok, qPrintable(checked.message));
    }

    void restoreRefusesWhatIsNotABackup()
    {
        m_server.stop();
        const QString dataDir = m_server.dataDir();
        const QStringList filesBefore = entries(dataDir);
        const QByteArray hashBefore = fileHash(dbPath());
        QVERIFY(!hashBefore.isEmpty());

        const QString garbage = m_backups.filePath(QStringLiteral("garbage.db"));
        {
            QFile f(garbage);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(8192, 'x'));
        }
        const QString foreign = m_backups.filePath(QStringLiteral("foreign.db"));
        QVERIFY(RawDb(foreign).exec(QStringLiteral("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")));
        const QString newer = m_backups.filePath(QStringLiteral("newer.db"));
        QVERIFY(QFile::copy(m_fullBackup, newer));
        QVERIFY(RawDb(newer).exec(QStringLiteral("PRAGMA user_version = %1").arg(Database::latestSchemaVersion() + 1)));
        const QByteArray newerHash = fileHash(newer);
        const QString live = m_backups.filePath(QStringLiteral("live.db"));
        QVERIFY(QFile::copy(m_fullBackup, live));
        {
            QFile wal(live + QStringLiteral("-wal"));
            QVERIFY(wal.open(QIODevice::WriteOnly));
            wal.write(QByteArray(4096, '\0'));
        }

        const struct
        {
            QString file;
            QString says;
        } cases[] = { { garbage, QStringLiteral("is not a SQLite database") },
                      { foreign, QStringLiteral("is not a Tessera database (it has no table 'meta')") },
                      { newer, QStringLiteral("newer than this server understands") },
                      { live, QStringLiteral("it is a live database, not a backup") },
                      { m_backups.filePath(QStringLiteral("nowhere.db")), QStringLiteral("is not a file") } };
        for (const auto &c : cases) {
            const Maintenance::Result r = Maintenance::restore(dataDir, c.file);
            QVERIFY(!r.ok);
            QVERIFY2(r.message.contains(c.says) && r.message.endsWith(QStringLiteral("nothing was changed")),
                     qPrintable(r.message));
            QCOMPARE(entries(dataDir), filesBefore);
            QCOMPARE(fileHash(dbPath()), hashBefore);
        }
        QCOMPARE(fileHash(newer), newerHash); // the file restored from is only read
    }

    void restoreInstallsTheBackupWithANewEpochAndNoSessions()
    {
        // The backup from the middle of the writes: restoring it rewinds the board.
        const QString backup = m_midBackup;
        QVERIFY(QFileInfo::exists(backup));
        const QByteArray backupHash = fileHash(backup);
        qint64 backupHead = 0;
        QString oldEpoch;
        {
            RawDb b(backup);
            backupHead = b.value(QStringLiteral("SELECT head_seq FROM boards WHERE id = ?"), { m_board }).toLongLong();
            QVERIFY(b.value(QStringLiteral("SELECT COUNT(*) FROM sessions WHERE revoked = 0")).toInt() > 0);
        }
        oldEpoch = RawDb(dbPath()).value(QStringLiteral("SELECT value FROM meta WHERE key = 'epoch'")).toString();
        QVERIFY(backupHead > 0 && backupHead < m_finalHead);
        QCOMPARE(fileHash(backup), backupHash);

        const Maintenance::Result r = Maintenance::restore(m_server.dataDir(), backup);
        QVERIFY2(r.ok, qPrintable(r.message));
        qInfo("%s", qPrintable(r.message));
        QVERIFY2(r.message.contains(QStringLiteral("all users must sign in again"))
                     && r.message.contains(QStringLiteral("before-restore-")),
                 qPrintable(r.message));
        QCOMPARE(fileHash(backup), backupHash);

        // The previous database is kept whole, next to the restored one.
        const QStringList kept
            = QDir(m_server.dataDir()).entryList({ QStringLiteral("tessera.db.before-restore-*") }, QDir::Files);
        QCOMPARE(
            kept.filter(QRegularExpression(QStringLiteral("^tessera\\.db\\.before-restore-\\d{8}-\\d{6}$"))).size(), 1);
        {
            RawDb previous(QDir(m_server.dataDir()).filePath(kept.first()));
            QCOMPARE(
                previous.value(QStringLiteral("SELECT head_seq FROM boards WHERE id = ?"), { m_board }).toLongLong(),
                m_finalHead);
        }
        {
            RawDb restored(dbPath());
            QVERIFY(restored.value(QStringLiteral("SELECT value FROM meta WHERE key = 'epoch'")).toString()
                    != oldEpoch);
            QCOMPARE(restored.value(QStringLiteral("SELECT COUNT(*) FROM sessions WHERE revoked = 0")).toInt(), 0);
            QCOMPARE(
                restored.value(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = 'admin.restore'")).toInt(), 1);
        }

        QVERIFY(m_server.start());
        const HttpResult stale
            = httpRequest("GET", m_server.url().resolved(QUrl(QStringLiteral("/api/v1/me"))), {}, m_token);
        QCOMPARE(stale.status, 401);
        const QByteArray token
            = BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass"));
        QVERIFY(!token.isEmpty());
        const QJsonObject snapshot = BoardClient(&m_server, token).snapshot(m_board);
        QCOMPARE(snapshot.value(QStringLiteral("seq")).toInteger(), backupHead);
        QVERIFY(snapshot.value(QStringLiteral("epoch")).toString() != oldEpoch);

        // The board as the backup holds it, item for item.
        const QString dir = copyAsDataDir(backup);
        Database copy;
        QVERIFY(copy.open(dir));
        const auto expected = BoardRepository(copy.db()).load(m_board, QString());
        QVERIFY(expected.has_value());
        const QJsonArray items = snapshot.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), expected->items.size());
        for (const QJsonValue &v : items) {
            const auto item = Tessera::Core::Item::fromJson(v.toObject());
            QVERIFY(bool(item));
            QCOMPARE(item.value(), expected->items.value(item->id));
        }
    }
};

QTEST_GUILESS_MAIN(TestMaintenance)
#include "tst_maintenance.moc"
