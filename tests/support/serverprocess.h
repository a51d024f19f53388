#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace Tessera::Test {

// The real tessera-server binary (from TESSERA_SERVER_BIN) on 127.0.0.1, port 0, with a
// temporary data directory. start() waits for its "listening on" line.
class ServerProcess
{
public:
    ServerProcess();
    ~ServerProcess();

    bool start(const QStringList &extraArgs = {});
    void stop(); // SIGTERM and wait
    void kill(); // SIGKILL, no chance to clean up
    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }
    QString dataDir() const { return m_dir->path(); }
    QString output() const { return m_output; }
    QProcess &process() { return *m_process; }

    // With TESSERA_TEST_DATABASE=postgresql (issue #16): the URL of this server's database
    // in the process's shared test cluster (PgCluster::shared()), created on first use and
    // kept across stop() + start(); start() and run() pass it as --database unless their
    // arguments hold one. Empty on SQLite (and, with a warning, when the cluster failed).
    static bool usesPostgres();
    QString databaseUrl() const;
    // Several nodes on one database: use `other`'s (or `url`'s) database from now on. A
    // database is dropped with the ServerProcess that created it: keep that one longest.
    void shareDatabaseWith(const ServerProcess &other) { setDatabaseUrl(other.databaseUrl()); }
    void setDatabaseUrl(const QString &url);

    // Runs the binary to completion with these arguments (plus --data and --database; after
    // "admin" when that comes first), feeding stdin.
    struct Result
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Result run(const QStringList &args, const QByteArray &stdinData = {}) const;
    static Result runBinary(const QStringList &args, const QByteArray &stdinData = {});
    static QString binary();

    bool addUser(const QString &login, const QString &password, bool admin = false);

    // Runs `statements` (SQL both engines accept) on this server's database itself, the
    // SQLite file or the PostgreSQL database, in one transaction: for tests that age rows or
    // damage them on purpose (with the server stopped, or knowing it caches nothing of it).
    bool execSql(const QStringList &statements) const;

private:
    // --data DIR, and --database URL unless `given` holds one; false when PostgreSQL is
    // asked for and there is no database.
    bool storageArgs(const QStringList &given, QStringList &args) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    mutable QString m_databaseUrl;
    mutable QString m_ownDatabase; // the name of the database this ServerProcess created
    QUrl m_url;
    QString m_output;
};

// Small synchronous HTTP helper for tests: one request, waits for the reply.
struct HttpResult
{
    int status = 0;
    QByteArray body;
    QJsonObject json() const;
};
HttpResult httpRequest(const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
                       const QByteArray &token = {}, int timeoutMs = 15000);

// One value of the server's GET /metrics: `name` is the whole series name, labels included
// (e.g. tessera_refused_total{reason="busy"}); -1 if absent.
double serverMetric(const ServerProcess &server, const QByteArray &name);

} // namespace Tessera::Test
