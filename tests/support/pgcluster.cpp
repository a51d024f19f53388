#include "pgcluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QUrl>
#include <QVersionNumber>

#include <pwd.h>
#include <unistd.h>

#include <cstring>

namespace Tessera::Test {
namespace {

const auto kUser = QLatin1String("tessera");
const auto kPort = QLatin1String("5432"); // only names the socket file: there is no TCP port

bool isRoot()
{
    return ::geteuid() == 0;
}

// TESSERA_PG_BINDIR, else the highest /usr/lib/postgresql/<version>/bin with an initdb.
QString findBinDir()
{
    if (const QString dir = qEnvironmentVariable("TESSERA_PG_BINDIR"); !dir.isEmpty())
        return QFile::exists(dir + QLatin1String("/initdb")) ? dir : QString();
    QStringList versions = QDir(QStringLiteral("/usr/lib/postgresql")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(), [](const QString &a, const QString &b) {
        return QVersionNumber::fromString(a) < QVersionNumber::fromString(b);
    });
    for (auto it = versions.crbegin(); it != versions.crend(); ++it) {
        const QString dir = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(*it);
        if (QFile::exists(dir + QLatin1String("/initdb")))
            return dir;
    }
    return {};
}

// As root, the cluster's tools run as the `postgres` user: initdb refuses root.
QStringList ownerPrefix()
{
    if (!isRoot())
        return {};
    const QString runuser = QStandardPaths::findExecutable(QStringLiteral("runuser"),
                                                           { QStringLiteral("/usr/sbin"), QStringLiteral("/sbin") });
    return { runuser.isEmpty() ? QStringLiteral("runuser") : runuser, QStringLiteral("-u"), QStringLiteral("postgres"),
             QStringLiteral("--") };
}

// PGPORT, PGHOST, PGDATA and the like would redirect the tools: they are left out.
QProcessEnvironment toolEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    return env;
}

QString quotedIdentifier(QString name)
{
    return u'"' + name.replace(u'"', QLatin1String("\"\"")) + u'"';
}

} // namespace

PgCluster::PgCluster() = default;

PgCluster::~PgCluster()
{
    stop();
}

bool PgCluster::available()
{
    return !findBinDir().isEmpty() && (!isRoot() || ::getpwnam("postgres"));
}

PgCluster &PgCluster::shared()
{
    static std::unique_ptr<PgCluster> cluster;
    static bool ended = false; // the application is gone: no new cluster on the way out
    if (!cluster) {
        cluster = std::make_unique<PgCluster>();
        if (ended) {
            cluster->m_error = QStringLiteral("the test application has ended");
        } else {
            cluster->start();
            qAddPostRoutine([] {
                cluster.reset();
                ended = true;
            });
        }
    }
    return *cluster;
}

QString PgCluster::socketDir() const
{
    return m_dir ? m_dir->path() : QString();
}

QString PgCluster::dataDir() const
{
    return m_dir ? m_dir->path() + QLatin1String("/data") : QString();
}

bool PgCluster::fail(const QString &why)
{
    stop();
    m_error = why;
    return false;
}

bool PgCluster::start()
{
    if (m_running)
        return true;
    m_error.clear();
    m_binDir = findBinDir();
    if (m_binDir.isEmpty())
        return fail(QStringLiteral("PostgreSQL is not installed: no initdb in /usr/lib/postgresql/*/bin or "
                                   "$TESSERA_PG_BINDIR (scripts/setup.sh installs postgresql-15)"));
    const passwd *owner = isRoot() ? ::getpwnam("postgres") : nullptr;
    if (isRoot() && !owner)
        return fail(QStringLiteral("as root the test cluster runs as the 'postgres' user, which does not exist "
                                   "(Debian's postgresql-common creates it)"));
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QLatin1String("/tessera-pg-XXXXXX"));
    if (!m_dir->isValid())
        return fail(QStringLiteral("cannot create the cluster's temporary folder: %1").arg(m_dir->errorString()));
    if ((socketDir() + QLatin1String("/.s.PGSQL.") + kPort).toUtf8().size() >= 108)
        return fail(QStringLiteral("the temporary folder %1 is too long a path for a Unix socket: set TMPDIR to a "
                                   "shorter one")
                        .arg(socketDir()));
    if (owner && ::chown(QFile::encodeName(socketDir()).constData(), owner->pw_uid, owner->pw_gid) != 0)
        return fail(QStringLiteral("cannot give %1 to the postgres user: %2")
                        .arg(socketDir(), QString::fromLocal8Bit(std::strerror(errno))));
    startWatchdog();

    // C collation (byte order, as SQLite's); Unicode-aware lower()/upper() from C.UTF-8.
    const Run initdb
        = runTool(QStringLiteral("initdb"),
                  { QStringLiteral("-D"), dataDir(), QStringLiteral("-U"), kUser, QStringLiteral("--auth-local=trust"),
                    QStringLiteral("--auth-host=reject"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                    QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--lc-collate=C"), QStringLiteral("--no-sync") },
                  true);
    if (!initdb.ok)
        return fail(QStringLiteral("initdb failed:\n%1%2").arg(initdb.out, initdb.err));

    QFile conf(dataDir() + QLatin1String("/postgresql.conf"));
    QString dir = socketDir();
    const QString settings = QStringLiteral("\n# tests/support/pgcluster.cpp\nlisten_addresses = ''\n"
                                            "unix_socket_directories = '%1'\nport = %2\nfsync = on\n")
                                 .arg(dir.replace(u'\'', QLatin1String("''")), kPort);
    if (!conf.open(QIODevice::Append) || conf.write(settings.toUtf8()) < 0 || !conf.flush())
        return fail(QStringLiteral("cannot write %1: %2").arg(conf.fileName(), conf.errorString()));
    conf.close();

    const QString log = socketDir() + QLatin1String("/log");
    const Run pgCtl = runTool(QStringLiteral("pg_ctl"),
                              { QStringLiteral("-D"), dataDir(), QStringLiteral("-l"), log, QStringLiteral("-w"),
                                QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start") },
                              true);
    if (!pgCtl.ok) {
        QFile logFile(log);
        const QString serverLog = logFile.open(QIODevice::ReadOnly) ? QString::fromUtf8(logFile.readAll()) : QString();
        return fail(QStringLiteral("pg_ctl start failed:\n%1%2\nserver log:\n%3").arg(pgCtl.out, pgCtl.err, serverLog));
    }
    m_running = true;
    return true;
}

void PgCluster::stop()
{
    if (!m_dir)
        return;
    if (QFile::exists(dataDir() + QLatin1String("/postmaster.pid"))) {
        const auto stopWith = [this](const char *mode) {
            return runTool(QStringLiteral("pg_ctl"),
                           { QStringLiteral("-D"), dataDir(), QStringLiteral("-m"), QLatin1String(mode),
                             QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("30"), QStringLiteral("stop") },
                           true)
                .ok;
        };
        if (!stopWith("fast") && !stopWith("immediate"))
            qWarning("PgCluster: the cluster in %s did not stop", qPrintable(socketDir()));
    }
    m_running = false;
    if (m_watchdog.state() != QProcess::NotRunning) {
        m_watchdog.write("stopped\n");
        m_watchdog.closeWriteChannel();
        if (!m_watchdog.waitForFinished(5000)) {
            m_watchdog.kill();
            m_watchdog.waitForFinished(5000);
        }
    }
    m_dir.reset();
}

// A process in its own session (a Ctrl+C or a kill of our process group does not reach it)
// that waits for "stopped" on its stdin. End of input without it means this process died:
// it stops the cluster and removes the folder.
void PgCluster::startWatchdog()
{
    static const QString script
        = QStringLiteral("read -r line; [ \"$line\" = stopped ] && exit 0; ctl=$1 data=$2 dir=$3; shift 3; "
                         "\"$@\" \"$ctl\" -D \"$data\" -m immediate -w -t 30 stop; rm -rf \"$dir\"");
    const QString setsid = QStandardPaths::findExecutable(QStringLiteral("setsid"));
    QStringList args { QStringLiteral("sh"),
                       QStringLiteral("-c"),
                       script,
                       QStringLiteral("pgcluster-watchdog"),
                       m_binDir + QLatin1String("/pg_ctl"),
                       dataDir(),
                       socketDir() };
    args << ownerPrefix();
    m_watchdog.setStandardOutputFile(QProcess::nullDevice());
    m_watchdog.setStandardErrorFile(QProcess::nullDevice());
    if (setsid.isEmpty())
        m_watchdog.start(args.takeFirst(), args);
    else
        m_watchdog.start(setsid, args);
    if (!m_watchdog.waitForStarted(5000))
        qWarning("PgCluster: no watchdog (%s): a crash would leave the cluster running",
                 qPrintable(m_watchdog.errorString()));
}

PgCluster::Run PgCluster::runTool(const QString &tool, const QStringList &args, bool asClusterOwner) const
{
    QStringList command = asClusterOwner ? ownerPrefix() : QStringList();
    command << m_binDir + u'/' + tool << args;
    QProcess process;
    process.setProcessEnvironment(toolEnvironment());
    process.start(command.takeFirst(), command);
    Run run;
    if (!process.waitForStarted(10000)) {
        run.err = QStringLiteral("cannot run %1: %2\n").arg(tool, process.errorString());
        return run;
    }
    const bool finished = process.waitForFinished(90000);
    if (!finished) {
        process.kill();
        process.waitForFinished(5000);
        run.err = QStringLiteral("%1 did not finish within 90 s\n").arg(tool);
    }
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err += QString::fromUtf8(process.readAllStandardError());
    run.ok = finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return run;
}

QString PgCluster::psql(const QString &database, const QString &sql)
{
    if (!m_running) { // without a socket folder psql would try the system's default one
        m_error = QStringLiteral("the test cluster is not running");
        return {};
    }
    const Run run
        = runTool(QStringLiteral("psql"),
                  { QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-At"), QStringLiteral("-v"),
                    QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-h"), socketDir(), QStringLiteral("-p"), kPort,
                    QStringLiteral("-U"), kUser, QStringLiteral("-d"), database, QStringLiteral("-c"), sql },
                  false);
    m_error = run.ok ? QString() : QStringLiteral("psql failed on %1: %2").arg(sql, run.err.trimmed());
    return run.ok ? run.out.trimmed() : QString();
}

QString PgCluster::createDatabase(QString *name)
{
    if (!m_running) {
        m_error = QStringLiteral("the test cluster is not running") + (m_error.isEmpty() ? QString() : u": " + m_error);
        return {};
    }
    const QString database = QStringLiteral("tessera_%1").arg(++m_databases);
    psql(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE ") + quotedIdentifier(database));
    if (!m_error.isEmpty())
        return {};
    if (name)
        *name = database;
    return QStringLiteral("postgresql://%1@/%2?host=%3")
        .arg(kUser, database, QString::fromLatin1(QUrl::toPercentEncoding(socketDir(), "/")));
}

bool PgCluster::dropDatabase(const QString &name)
{
    psql(QStringLiteral("postgres"), QStringLiteral("DROP DATABASE ") + quotedIdentifier(name));
    return m_error.isEmpty();
}

} // namespace Tessera::Test
