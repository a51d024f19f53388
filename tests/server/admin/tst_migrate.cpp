// `tessera-server admin migrate --to postgresql://...` (issue #16) as an admin runs it: a real
// SQLite server with users, sessions, two boards (items, comments, a mention), an
// attachment, an upload half done and a changed setting is stopped, its folder migrated
// into a database of a private PostgreSQL cluster (support/pgcluster.h), and a node
// started on that database with the same folder: the same tokens work, every board's
// snapshot, digest and head are the same, a client that comes back with its seq and epoch
// gets "live" (no reload), new commands continue at head + 1, the signed link and the
// upload go on. Refused: while the SQLite server serves, a bad URL, an unreachable
// database, and a target that holds data already (migrating twice).
#include "support/boardclient.h"
#include "support/pgcluster.h"
#include "support/wsclient.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QtTest>

using namespace Tessera::Test;

namespace {

const QString Password = QStringLiteral("tessera-test-pass");

QString describe(const ServerProcess::Result &r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(r.exitCode).arg(r.out, r.err);
}

QJsonObject createOp(const QString &itemId, const QString &title)
{
    return op("item.create", { { QStringLiteral("itemId"), itemId },
                               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } },
                               { QStringLiteral("rank"), QStringLiteral("U") } });
}

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestMigrate : public QObject
{
    Q_OBJECT

    PgCluster *m_pg = nullptr;
    QString m_dbName;
    QString m_dbUrl;
    ServerProcess m_server; // SQLite first, then a node on PostgreSQL with the same folder
    QByteArray m_ana;
    QByteArray m_ben;
    QStringList m_boards;
    // What the SQLite server showed, compared with what the node shows.
    QString m_epoch;
    QHash<QString, QJsonObject> m_snapshots;
    QHash<QString, QJsonObject> m_digests;
    QJsonObject m_inbox;
    QJsonObject m_settings;
    QString m_link;
    QByteArray m_file;
    QString m_uploadId;
    QByteArray m_partial;

    ServerProcess::Result migrate(const QString &url) const
    {
        return m_server.run({ QStringLiteral("admin"), QStringLiteral("migrate"), QStringLiteral("--to"), url });
    }
    // Nothing was made in the target: not even the schema.
    bool targetIsUntouched() { return m_pg->psql(m_dbName, QStringLiteral("SELECT to_regclass('meta') IS NULL")) == QLatin1String("t"); }

private Q_SLOTS:
    void initTestCase()
    {
        if (!PgCluster::available())
            QSKIP("PostgreSQL is not installed (scripts/setup.sh installs postgresql-15)");
        if (ServerProcess::usesPostgres())
            QSKIP("migrate starts from a SQLite server");
        m_pg = &PgCluster::shared();
        QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
        m_dbUrl = m_pg->createDatabase(&m_dbName);
        QVERIFY2(!m_dbUrl.isEmpty(), qPrintable(m_pg->error()));

        QVERIFY(m_server.addUser(QStringLiteral("ana"), Password, true));
        QVERIFY(m_server.addUser(QStringLiteral("ben"), Password));
        QVERIFY(m_server.start());
        m_ana = BoardClient::login(m_server, QStringLiteral("ana"), Password);
        m_ben = BoardClient::login(m_server, QStringLiteral("ben"), Password);
        QVERIFY(!m_ana.isEmpty() && !m_ben.isEmpty());
        QVERIFY(!BoardClient::login(m_server, QStringLiteral("ana"), Password).isEmpty()); // a second session
        const BoardClient ana(&m_server, m_ana);
        const QString benId = userIdOf(m_server, m_ben);
        for (const QString &name : { QStringLiteral("Launch"), QStringLiteral("Hiring") }) {
            const QString board = ana.createBoard(name);
            QVERIFY(!board.isEmpty());
            m_boards.append(board);
            QCOMPARE(ana.mutate(board, op("member.add", { { QStringLiteral("userId"), benId },
                                                          { QStringLiteral("role"), QStringLiteral("editor") } }))
                             .status,
                     200);
            for (int i = 0; i < 12; ++i)
                QCOMPARE(ana.mutate(board, createOp(QStringLiteral("%1-%2").arg(name).arg(i), QStringLiteral("%1 task %2").arg(name).arg(i))).status, 200);
            QCOMPARE(ana.mutate(board, op("item.update", { { QStringLiteral("itemId"), QString(name + QStringLiteral("-3")) },
                                                           { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("renamed zebra") } } } }))
                             .status,
                     200);
            QCOMPARE(ana.mutate(board, op("comment.create", { { QStringLiteral("commentId"), newId() },
                                                              { QStringLiteral("itemId"), QString(name + QStringLiteral("-1")) },
                                                              { QStringLiteral("body"), QStringLiteral("please look @ben") } }))
                             .status,
                     200);
        }
        // An attachment on the first board (its signed link is taken now), and an upload half done.
        m_file = QByteArray("the migrated attachment's bytes ").repeated(100);
        const auto begin = [&](const QByteArray &bytes, const QString &item) {
            return ana.post(QStringLiteral("/api/v1/uploads"),
                            { { QStringLiteral("board"), m_boards.first() },
                              { QStringLiteral("itemId"), item },
                              { QStringLiteral("name"), QStringLiteral("notes.txt") },
                              { QStringLiteral("size"), double(bytes.size()) },
                              { QStringLiteral("sha256"), sha256(bytes) },
                              { QStringLiteral("contentType"), QStringLiteral("text/plain") } });
        };
        const HttpResult started = begin(m_file, QStringLiteral("Launch-0"));
        QCOMPARE(started.status, 201);
        const QString uploadId = started.json().value(QStringLiteral("uploadId")).toString();
        QCOMPARE(httpRequest("PUT", ana.api(QStringLiteral("/api/v1/uploads/%1?offset=0").arg(uploadId)), m_file, m_ana).status, 200);
        const QString attachmentId = newId();
        QCOMPARE(ana.mutate(m_boards.first(), op("attachment.add", { { QStringLiteral("attachmentId"), attachmentId },
                                                                      { QStringLiteral("itemId"), QStringLiteral("Launch-0") },
                                                                      { QStringLiteral("uploadId"), uploadId },
                                                                      { QStringLiteral("name"), QStringLiteral("notes.txt") },
                                                                      { QStringLiteral("size"), double(m_file.size()) },
                                                                      { QStringLiteral("sha256"), sha256(m_file) },
                                                                      { QStringLiteral("contentType"), QStringLiteral("text/plain") } }))
                         .status,
                 200);
        m_link = ana.post(QStringLiteral("/api/v1/attachments/%1/link").arg(attachmentId), {}).json().value(QStringLiteral("url")).toString();
        QVERIFY(!m_link.isEmpty());
        m_partial = QByteArray("half here, half after the move");
        const HttpResult partial = begin(m_partial, QStringLiteral("Launch-2"));
        QCOMPARE(partial.status, 201);
        m_uploadId = partial.json().value(QStringLiteral("uploadId")).toString();
        QCOMPARE(httpRequest("PUT", ana.api(QStringLiteral("/api/v1/uploads/%1?offset=0").arg(m_uploadId)), m_partial.left(10), m_ana).status, 200);
        // A setting changed from its default.
        QCOMPARE(httpRequest("PATCH", ana.api(QStringLiteral("/api/v1/admin/settings")), R"({"presence_ttl_s":5})", m_ana).status, 200);

        m_epoch = ana.get(QStringLiteral("/api/v1/health")).json().value(QStringLiteral("epoch")).toString();
        QVERIFY(!m_epoch.isEmpty());
        for (const QString &board : std::as_const(m_boards)) {
            m_snapshots.insert(board, ana.snapshot(board));
            m_digests.insert(board, ana.get(QStringLiteral("/api/v1/boards/%1/digest").arg(board)).json());
            QVERIFY(m_digests.value(board).value(QStringLiteral("seq")).toInteger() >= 14);
        }
        m_inbox = BoardClient(&m_server, m_ben).get(QStringLiteral("/api/v1/inbox")).json();
        QCOMPARE(m_inbox.value(QStringLiteral("unread")).toInt(), 2); // one mention per board
        m_settings = ana.get(QStringLiteral("/api/v1/admin/settings")).json();
    }

    void refusedWhileTheSqliteServerServes()
    {
        const ServerProcess::Result r = migrate(m_dbUrl);
        QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(QLatin1String("stop the server first")), qPrintable(describe(r)));
        QVERIFY(targetIsUntouched());
    }

    void refusesABadUrl()
    {
        m_server.stop();
        ServerProcess::Result r = migrate(QStringLiteral("mysql://tessera@localhost/tessera"));
        QVERIFY2(r.exitCode == 1 && r.err.contains(QLatin1String("postgresql://")), qPrintable(describe(r)));
        r = migrate(QStringLiteral("postgresql://tessera@:99999/tessera"));
        QVERIFY2(r.exitCode == 1 && r.err.contains(QLatin1String("port")), qPrintable(describe(r)));
        // Well formed, but no such database in the cluster: the connection's error, nothing copied.
        r = migrate(QStringLiteral("postgresql://tessera@/no_such_database?host=%1").arg(m_pg->socketDir()));
        QVERIFY2(r.exitCode == 1 && r.err.contains(QLatin1String("cannot open the target")) && r.err.contains(QLatin1String("no_such_database")),
                 qPrintable(describe(r)));
        QVERIFY2(!r.err.contains(QLatin1String("migrated")), qPrintable(describe(r)));
        // A folder served from PostgreSQL already has no SQLite database to move.
        r = m_server.run({ QStringLiteral("admin"), QStringLiteral("--database"), m_dbUrl, QStringLiteral("migrate"), QStringLiteral("--to"), m_dbUrl });
        QVERIFY2(r.exitCode == 1 && r.err.contains(QLatin1String("uses a PostgreSQL database already")), qPrintable(describe(r)));
        QVERIFY(targetIsUntouched());
    }

    void copiesAndChecksEverything()
    {
        const ServerProcess::Result r = migrate(m_dbUrl);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        qInfo().noquote() << r.out;
        QVERIFY2(r.out.contains(QLatin1String("- 2 board(s), ")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("2 user(s), 3 session(s), 2 notification(s)")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("epoch %1 kept").arg(m_epoch)), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("Next:")) && r.out.contains(QLatin1String("--database")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("copied events: ")), qPrintable(r.out)); // the progress lines
        // The log with its seqs, as PostgreSQL holds it.
        qint64 events = 0;
        for (const QString &board : std::as_const(m_boards))
            events += m_digests.value(board).value(QStringLiteral("seq")).toInteger();
        QCOMPARE(m_pg->psql(m_dbName, QStringLiteral("SELECT COUNT(*) FROM events")), QString::number(events));
        QVERIFY2(r.out.contains(QStringLiteral(", %1 event(s), ").arg(events)), qPrintable(r.out));
    }

    void aNodeOnPostgresContinuesWhereSqliteStopped()
    {
        // The same folder (TLS key, attachments), now with --database.
        m_server.setDatabaseUrl(m_dbUrl);
        QVERIFY(m_server.start());
        const BoardClient ana(&m_server, m_ana);
        const BoardClient ben(&m_server, m_ben);
        // The sessions made on SQLite are good here.
        QCOMPARE(ana.get(QStringLiteral("/api/v1/me")).status, 200);
        QCOMPARE(ben.get(QStringLiteral("/api/v1/me")).status, 200);
        QCOMPARE(ana.get(QStringLiteral("/api/v1/health")).json().value(QStringLiteral("epoch")).toString(), m_epoch);
        for (const QString &board : std::as_const(m_boards)) {
            QCOMPARE(ana.get(QStringLiteral("/api/v1/boards/%1/digest").arg(board)).json(), m_digests.value(board));
            QCOMPARE(ana.snapshot(board), m_snapshots.value(board));
        }
        QCOMPARE(ben.get(QStringLiteral("/api/v1/inbox")).json(), m_inbox);
        QCOMPARE(ana.get(QStringLiteral("/api/v1/admin/settings")).json(), m_settings);
        // The search index came along.
        const QJsonArray hits = ana.get(QStringLiteral("/api/v1/search?q=zebra")).json().value(QStringLiteral("hits")).toArray();
        QCOMPARE(hits.size(), 2);
        // The link signed before the move still downloads (the link secret came along), and
        // the upload goes on from where it stopped.
        const HttpResult download = httpRequest("GET", m_server.url().resolved(QUrl(m_link)));
        QCOMPARE(download.status, 200);
        QCOMPARE(download.body, m_file);
        QCOMPARE(httpRequest("PUT", ana.api(QStringLiteral("/api/v1/uploads/%1?offset=10").arg(m_uploadId)), m_partial.mid(10), m_ana).status, 200);
        // The audit log goes on after the copied ids (the migration's own entry is there).
        const QJsonObject audit = ana.get(QStringLiteral("/api/v1/admin/audit")).json();
        QVERIFY2(QString::fromUtf8(jsonBytes(audit)).contains(QLatin1String("admin.migrate")), jsonBytes(audit).constData());

        // A client that was following the board comes back with its seq and epoch: no reload.
        const QString board = m_boards.first();
        const qint64 head = m_digests.value(board).value(QStringLiteral("seq")).toInteger();
        WsClient reader;
        QCOMPARE(frameType(reader.connectAs(m_server.url(), m_ben)), QStringLiteral("welcome"));
        const QJsonObject sub = reader.subscribe(QStringLiteral("board:") + board, head, m_epoch);
        QCOMPARE(frameType(sub), QStringLiteral("subscribed"));
        QCOMPARE(sub.value(QStringLiteral("mode")).toString(), QStringLiteral("live"));
        QCOMPARE(sub.value(QStringLiteral("epoch")).toString(), m_epoch);
        QCOMPARE(sub.value(QStringLiteral("headSeq")).toInteger(), head);
        const QJsonObject inbox = reader.subscribe(QStringLiteral("inbox"), m_inbox.value(QStringLiteral("headSeq")).toInteger(), m_epoch);
        QCOMPARE(inbox.value(QStringLiteral("mode")).toString(), QStringLiteral("live"));
        // New commands continue at head + 1, and the reader gets them.
        const HttpResult next = ana.mutate(board, createOp(QStringLiteral("after-move"), QStringLiteral("on PostgreSQL")));
        QCOMPARE(next.status, 200);
        QCOMPARE(next.json().value(QStringLiteral("seq")).toInteger(), head + 1);
        StreamTracker tracker(QStringLiteral("board:") + board, head);
        QVERIFY(reader.follow(tracker, head + 1, 10000));
        QCOMPARE(tracker.gaps + tracker.duplicates, 0);
        // Ben's next mention is his inbox's next seq.
        QCOMPARE(ana.mutate(board, op("comment.create", { { QStringLiteral("commentId"), newId() },
                                                          { QStringLiteral("itemId"), QStringLiteral("after-move") },
                                                          { QStringLiteral("body"), QStringLiteral("moved @ben") } }))
                         .status,
                 200);
        QCOMPARE(ben.get(QStringLiteral("/api/v1/inbox")).json().value(QStringLiteral("headSeq")).toInteger(),
                 m_inbox.value(QStringLiteral("headSeq")).toInteger() + 1);
    }

    void migratingAgainIsRefused()
    {
        m_server.stop();
        const QString before = m_pg->psql(m_dbName, QStringLiteral("SELECT COUNT(*) FROM events"));
        m_server.setDatabaseUrl(QString()); // the folder's SQLite database again
        const ServerProcess::Result r = migrate(m_dbUrl);
        QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(QLatin1String("already holds data")) && r.err.contains(QLatin1String("never merges")), qPrintable(describe(r)));
        QCOMPARE(m_pg->psql(m_dbName, QStringLiteral("SELECT COUNT(*) FROM events")), before);
    }

    void aDifferenceRollsBackAndNamesTheTableOrBoard()
    {
        // A second database with the schema (emptied after a first migration) and a trigger
        // that loses rows or changes them on the way in, as a faulty copy would.
        QString name;
        const QString url = m_pg->createDatabase(&name);
        QVERIFY2(!url.isEmpty(), qPrintable(m_pg->error()));
        const ServerProcess::Result first = migrate(url);
        QVERIFY2(first.exitCode == 0, qPrintable(describe(first)));
        const auto emptied = [&](const QString &trigger) {
            m_pg->psql(name, QStringLiteral("TRUNCATE users, sessions, boards, board_columns, members, items, comments, events, mutations, "
                                            "notifications, inbox_heads, audit, settings, views, search_index, reminders_sent, "
                                            "attachments, uploads, jobs, job_failures; "
                                            "DROP TRIGGER IF EXISTS faulty ON events; DROP TRIGGER IF EXISTS faulty ON items; ")
                                 + trigger);
            return m_pg->error();
        };
        const QString lose = QStringLiteral("CREATE OR REPLACE FUNCTION lose() RETURNS trigger LANGUAGE plpgsql AS "
                                            "$$ BEGIN IF NEW.seq = 7 THEN RETURN NULL; END IF; RETURN NEW; END $$; "
                                            "CREATE TRIGGER faulty BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION lose();");
        QVERIFY2(emptied(lose).isEmpty(), qPrintable(m_pg->error()));
        ServerProcess::Result r = migrate(url);
        QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(QLatin1String("table events: 31 row(s) in SQLite, 29 in PostgreSQL")), qPrintable(describe(r)));
        QVERIFY2(r.err.contains(QLatin1String("rolled back")), qPrintable(describe(r)));
        QCOMPARE(m_pg->psql(name, QStringLiteral("SELECT COUNT(*) FROM boards")), QStringLiteral("0"));

        const QString bump = QStringLiteral("CREATE OR REPLACE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS "
                                            "$$ BEGIN IF NEW.id = '%1' THEN NEW.versions := '{\"title\":999}'; END IF; RETURN NEW; END $$; "
                                            "CREATE TRIGGER faulty BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION bump();")
                                     .arg(QStringLiteral("Hiring-4"));
        QVERIFY2(emptied(bump).isEmpty(), qPrintable(m_pg->error()));
        r = migrate(url);
        QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(QStringLiteral("board %1: its items differ").arg(m_boards.last())), qPrintable(describe(r)));
        QCOMPARE(m_pg->psql(name, QStringLiteral("SELECT COUNT(*) FROM boards")), QStringLiteral("0"));
    }
};

QTEST_GUILESS_MAIN(TestMigrate)
#include "tst_migrate.moc"
