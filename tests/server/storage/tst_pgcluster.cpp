// The private PostgreSQL cluster the tests run servers on (issue #16, tests/support/pgcluster.h):
// separate databases, no TCP port, stopped when the test process ends (even when killed),
// and Qt's QPSQL driver connecting through the URL's socket and receiving NOTIFY.
#include "server/storage/databaseurl.h"
#include "support/pgcluster.h"
#include "support/serverprocess.h"

#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <cstdio>

using namespace Tessera::Server;
using namespace Tessera::Test;

namespace {

const auto kChildArgument = "--cluster-child";

// The helper mode of this binary: starts the shared cluster, prints its folder and the
// postmaster's pid, and exits normally when a line arrives on stdin (or dies if killed).
int runClusterChild()
{
    PgCluster &cluster = PgCluster::shared();
    if (!cluster.isRunning()) {
        std::fprintf(stderr, "%s\n", qPrintable(cluster.error()));
        return 2;
    }
    QFile pidFile(cluster.dataDir() + QLatin1String("/postmaster.pid"));
    if (!pidFile.open(QIODevice::ReadOnly))
        return 3;
    std::printf("%s %s\n", qPrintable(cluster.socketDir()), pidFile.readLine().trimmed().constData());
    std::fflush(stdout);
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return 4;
    in.readLine();
    return 0;
}

// /proc/PID exists and is not a zombie waiting for its parent.
bool processRuns(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype afterName = line.lastIndexOf(')');
    return afterName > 0 && line.mid(afterName + 2, 1) != "Z";
}

QString databaseName(const QString &url)
{
    const auto parsed = DatabaseUrl::parse(url, nullptr);
    return parsed ? parsed->database : QString();
}

} // namespace

class TestPgCluster : public QObject
{
    Q_OBJECT
private:
    // Starts this binary in its helper mode; fills the cluster's folder and postmaster pid.
    void startChild(QProcess &child, QString &folder, qint64 &pid)
    {
        child.start(QCoreApplication::applicationFilePath(), { QString::fromLatin1(kChildArgument) });
        QVERIFY(child.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(child.canReadLine() || child.state() == QProcess::NotRunning, 60000);
        const QStringList words = QString::fromUtf8(child.readLine()).split(u' ');
        QVERIFY2(words.size() == 2, qPrintable(QString::fromUtf8(child.readAllStandardError())));
        folder = words.at(0);
        pid = words.at(1).trimmed().toLongLong();
        QVERIFY(QFileInfo::exists(folder + QLatin1String("/.s.PGSQL.5432")));
        QVERIFY(processRuns(pid));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(PgCluster::available(), "PostgreSQL is not installed (scripts/setup.sh installs postgresql-15)");
        QVERIFY2(PgCluster::shared().isRunning(), qPrintable(PgCluster::shared().error()));
    }

    void databasesAreSeparateAndDropped()
    {
        PgCluster &cluster = PgCluster::shared();
        const QString first = cluster.createDatabase();
        QString secondName;
        const QString second = cluster.createDatabase(&secondName);
        QVERIFY2(!first.isEmpty() && !second.isEmpty(), qPrintable(cluster.error()));
        QVERIFY(first != second);
        QCOMPARE(databaseName(second), secondName);
        QCOMPARE(DatabaseUrl::parse(first, nullptr)->host, cluster.socketDir());

        const QString a = databaseName(first);
        cluster.psql(a, QStringLiteral("CREATE TABLE t (x int); INSERT INTO t VALUES (42)"));
        QVERIFY2(cluster.error().isEmpty(), qPrintable(cluster.error()));
        QCOMPARE(cluster.psql(a, QStringLiteral("SELECT x FROM t")), QStringLiteral("42"));
        QCOMPARE(cluster.psql(secondName, QStringLiteral("SELECT count(*) FROM pg_tables WHERE tablename = 't'")),
                 QStringLiteral("0"));
        // A Unix socket only, durable writes.
        QCOMPARE(cluster.psql(a, QStringLiteral("SHOW listen_addresses")), QString());
        QCOMPARE(cluster.psql(a, QStringLiteral("SHOW fsync")), QStringLiteral("on"));

        QVERIFY2(cluster.dropDatabase(secondName), qPrintable(cluster.error()));
        const QString exists = QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = '%1'");
        QCOMPARE(cluster.psql(QStringLiteral("postgres"), exists.arg(secondName)), QStringLiteral("0"));
        QCOMPARE(cluster.psql(QStringLiteral("postgres"), exists.arg(a)), QStringLiteral("1"));
        QVERIFY(cluster.psql(secondName, QStringLiteral("SELECT 1")).isEmpty());
        QVERIFY(cluster.error().contains(secondName));
        QVERIFY(cluster.dropDatabase(a));
    }

    void qpsqlConnectsThroughTheSocketAndReceivesNotify()
    {
        PgCluster &cluster = PgCluster::shared();
        QString name;
        const QString url = cluster.createDatabase(&name);
        QString why;
        const auto parsed = DatabaseUrl::parse(url, &why);
        QVERIFY2(parsed, qPrintable(why));
        QVERIFY(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("listener"));
            db.setHostName(parsed->host);
            db.setPort(parsed->port);
            db.setUserName(parsed->user);
            db.setPassword(parsed->password);
            db.setDatabaseName(parsed->database);
            db.setConnectOptions(parsed->options);
            QVERIFY2(db.open(), qPrintable(db.lastError().text()));
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT current_database(), inet_server_port()")) && q.next());
            QCOMPARE(q.value(0).toString(), name);
            QVERIFY(q.value(1).isNull()); // no TCP: a Unix socket

            QSqlDriver *driver = db.driver();
            QVERIFY(driver->hasFeature(QSqlDriver::EventNotifications));
            QVERIFY(driver->subscribeToNotification(QStringLiteral("board_events")));
            QSignalSpy spy(driver, &QSqlDriver::notification);
            // Another session (psql) commits three notifications at once: they arrive in order.
            cluster.psql(name,
                         QStringLiteral("BEGIN; NOTIFY board_events, 'b1:1:4'; NOTIFY board_events, 'b1:5:5'; "
                                        "NOTIFY other_channel, 'x'; NOTIFY board_events, 'b2:1:1'; COMMIT"));
            QVERIFY2(cluster.error().isEmpty(), qPrintable(cluster.error()));
            QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 3, 10000);
            QStringList payloads;
            for (const QList<QVariant> &args : std::as_const(spy)) {
                QCOMPARE(args.at(0).toString(), QStringLiteral("board_events"));
                QCOMPARE(args.at(1).value<QSqlDriver::NotificationSource>(), QSqlDriver::OtherSource);
                payloads << args.at(2).toString();
            }
            QCOMPARE(payloads,
                     (QStringList { QStringLiteral("b1:1:4"), QStringLiteral("b1:5:5"), QStringLiteral("b2:1:1") }));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("listener"));
        QVERIFY2(cluster.dropDatabase(name), qPrintable(cluster.error()));
    }

    void serverProcessesGetADatabaseEach()
    {
        const QByteArray saved = qgetenv("TESSERA_TEST_DATABASE");
        const auto restore = qScopeGuard([&saved] { qputenv("TESSERA_TEST_DATABASE", saved); });
        qputenv("TESSERA_TEST_DATABASE", "postgresql");
        const auto databaseArgs = [](const QStringList &args) {
            QStringList urls;
            for (qsizetype i = args.indexOf(QStringLiteral("--database")); i >= 0 && i + 1 < args.size();
                 i = args.indexOf(QStringLiteral("--database"), i + 1))
                urls << args.at(i + 1);
            return urls;
        };
        QString ownName;
        {
            ServerProcess first;
            const QString url = first.databaseUrl();
            QVERIFY(!url.isEmpty());
            ownName = databaseName(url);
            QVERIFY(first.start());
            QCOMPARE(databaseArgs(first.process().arguments()), QStringList { url });
            // The real server migrated that database: it has Tessera's tables.
            QVERIFY(PgCluster::shared()
                        .psql(ownName,
                              QStringLiteral("SELECT count(*) FROM pg_tables WHERE "
                                             "schemaname = 'public'"))
                        .toInt()
                    > 0);
            first.stop();
            QVERIFY(first.start()); // a restart keeps the database
            QCOMPARE(databaseArgs(first.process().arguments()), QStringList { url });

            ServerProcess second; // a second node on the same database
            second.shareDatabaseWith(first);
            QVERIFY(second.start());
            QCOMPARE(databaseArgs(second.process().arguments()), QStringList { url });

            ServerProcess third; // a --database of the test's own wins
            const QString other = PgCluster::shared().createDatabase();
            QVERIFY(third.start({ QStringLiteral("--database"), other }));
            QCOMPARE(databaseArgs(third.process().arguments()), QStringList { other });

            ServerProcess admin; // run() passes the database too
            QVERIFY(admin.addUser(QStringLiteral("ana"), QStringLiteral("a long enough password")));
            QCOMPARE(PgCluster::shared().psql(databaseName(admin.databaseUrl()),
                                              QStringLiteral("SELECT count(*) FROM users")),
                     QStringLiteral("1"));
        }
        // The database goes with the ServerProcess that created it.
        QCOMPARE(PgCluster::shared().psql(
                     QStringLiteral("postgres"),
                     QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = '%1'").arg(ownName)),
                 QStringLiteral("0"));
    }

    void scopedClusterIsGoneAfterItsDestructor()
    {
        QString folder;
        qint64 pid = 0;
        {
            PgCluster cluster;
            QVERIFY2(cluster.start(), qPrintable(cluster.error()));
            QVERIFY(cluster.socketDir() != PgCluster::shared().socketDir()); // its own cluster
            folder = cluster.socketDir();
            QFile pidFile(cluster.dataDir() + QLatin1String("/postmaster.pid"));
            QVERIFY(pidFile.open(QIODevice::ReadOnly));
            pid = pidFile.readLine().trimmed().toLongLong();
            QVERIFY(processRuns(pid));
        }
        QVERIFY(!QFileInfo::exists(folder));
        QTRY_VERIFY_WITH_TIMEOUT(!processRuns(pid), 10000);
    }

    void sharedClusterStopsWhenTheProcessExits()
    {
        QProcess child;
        QString folder;
        qint64 pid = 0;
        startChild(child, folder, pid);
        if (QTest::currentTestFailed())
            return;
        child.write("exit\n");
        QVERIFY(child.waitForFinished(60000));
        QCOMPARE(child.exitCode(), 0);
        QVERIFY(!QFileInfo::exists(folder));
        QTRY_VERIFY_WITH_TIMEOUT(!processRuns(pid), 10000);
    }

    void sharedClusterStopsWhenTheProcessIsKilled()
    {
        QProcess child;
        QString folder;
        qint64 pid = 0;
        startChild(child, folder, pid);
        if (QTest::currentTestFailed())
            return;
        child.kill(); // no destructor runs: the watchdog stops the cluster
        QVERIFY(child.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(!processRuns(pid) && !QFileInfo::exists(folder), 30000);
    }

    void missingOrFailingInitdbIsAClearError()
    {
        QTemporaryDir bin; // readable by the postgres user, who runs initdb when we are root
        QVERIFY(QFile::setPermissions(
            bin.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
        const QByteArray saved = qgetenv("TESSERA_PG_BINDIR");
        const auto restore = qScopeGuard([&saved] {
            if (saved.isNull())
                qunsetenv("TESSERA_PG_BINDIR");
            else
                qputenv("TESSERA_PG_BINDIR", saved);
        });
        qputenv("TESSERA_PG_BINDIR", bin.path().toUtf8());
        PgCluster missing;
        QVERIFY(!missing.start());
        QVERIFY2(missing.error().contains(QLatin1String("no initdb")), qPrintable(missing.error()));

        QFile initdb(bin.path() + QLatin1String("/initdb")); // an initdb that fails as a real one can
        QVERIFY(initdb.open(QIODevice::WriteOnly));
        initdb.write("#!/bin/sh\necho 'initdb: error: invalid locale settings' >&2\nexit 1\n");
        initdb.close();
        initdb.setPermissions(QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther);
        PgCluster failing;
        QVERIFY(!failing.start());
        QVERIFY2(failing.error().contains(QLatin1String("initdb failed"))
                     && failing.error().contains(QLatin1String("invalid locale")),
                 qPrintable(failing.error()));
        QVERIFY(!failing.isRunning());
        QVERIFY(failing.createDatabase().isEmpty());
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc > 1 && qstrcmp(argv[1], kChildArgument) == 0)
        return runClusterChild();
    TestPgCluster test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_pgcluster.moc"
