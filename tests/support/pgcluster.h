#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace Tessera::Test {

// A private PostgreSQL cluster for tests (issue #16): initdb in a temporary folder, the
// server listening only on a Unix socket in that folder (no TCP port), trust for local
// connections as the user `tessera`, fsync on. No system service is used. As root (tests
// and CI run as root), initdb and postgres run as the `postgres` system user, which owns
// the folder. A watchdog process stops the cluster and removes its folder if the test
// process dies without stopping it (SIGKILL, a CTest timeout).
class PgCluster
{
public:
    PgCluster();
    ~PgCluster(); // stop()
    PgCluster(const PgCluster &) = delete;
    PgCluster &operator=(const PgCluster &) = delete;

    // PostgreSQL's initdb is installed (scripts/setup.sh installs postgresql-15).
    static bool available();
    // The one cluster of this test process, started on first use (check isRunning() and
    // error()), stopped when the QCoreApplication goes (or at exit). Main thread only.
    static PgCluster &shared();

    bool start(); // initdb + pg_ctl start; false with error() on failure
    void stop(); // pg_ctl stop -m fast, -m immediate if that fails
    bool isRunning() const { return m_running; }
    QString error() const { return m_error; }
    QString socketDir() const; // also the cluster's folder; the data is in its data/
    QString dataDir() const;

    // A new empty database with a unique name (also put in *name when given), as
    // postgresql://tessera@/NAME?host=SOCKETDIR; empty with error() on failure.
    QString createDatabase(QString *name = nullptr);
    bool dropDatabase(const QString &name); // fails while connections to it are open
    // Runs `sql` with psql -At in `database`: its stdout trimmed (rows one a line, columns
    // split by '|'); empty with error() set when psql fails, error() empty on success.
    QString psql(const QString &database, const QString &sql);

private:
    struct Run
    {
        bool ok = false;
        QString out;
        QString err;
    };
    Run runTool(const QString &tool, const QStringList &args, bool asClusterOwner) const;
    bool fail(const QString &why);
    void startWatchdog();

    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_watchdog;
    QString m_binDir;
    QString m_error;
    bool m_running = false;
    int m_databases = 0;
};

} // namespace Tessera::Test
