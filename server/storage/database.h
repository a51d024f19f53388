#pragma once

#include "sqldialect.h"

#include <QSqlDatabase>
#include <QString>

namespace Tessera::Server {

// How to open a connection of one's own to the server's database (on another thread, for
// maintenance): plain values, safe to copy across threads.
struct ConnectionSpec
{
    QString driver; // QSQLITE or QPSQL
    QString databaseName; // SQLite: the file; PostgreSQL: the database
    QString host; // PostgreSQL: a host name or a Unix socket folder
    int port = -1;
    QString user;
    QString password;
    QString options; // QSqlDatabase::setConnectOptions
    static ConnectionSpec sqlite(const QString &path);
    bool isPostgres() const { return driver == QLatin1String("QPSQL"); }
};

// The server's database. By default its SQLite file: WAL with synchronous=FULL (an ack
// survives power loss), foreign keys on, a busy timeout. With a postgresql:// URL, a
// PostgreSQL database that several server nodes share (issue #16; synchronous_commit is
// the server's own setting, on by default). Either way versioned schema migrations
// (migrations.cpp, pgmigrations.cpp).
class Database
{
public:
    Database();
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens (creating if needed) DIR/tessera.db, or the PostgreSQL database of
    // `databaseUrl` (postgresql://...) when one is given, and migrates it to the current
    // schema. Several nodes may open one PostgreSQL database at once: migrations take an
    // advisory lock.
    bool open(const QString &dataDir, const QString &databaseUrl = QString());
    void close();
    QString errorString() const { return m_error; }
    QSqlDatabase &db() { return m_db; }
    // SQLite: the file. PostgreSQL: the URL without its password (for messages).
    QString path() const { return m_path; }
    SqlBackend backend() const { return m_spec.isPostgres() ? SqlBackend::Postgres : SqlBackend::Sqlite; }
    bool isPostgres() const { return m_spec.isPostgres(); }
    const ConnectionSpec &spec() const { return m_spec; }

    int schemaVersion() const;
    // SQLite: the file and its write-ahead log; PostgreSQL: pg_database_size. -1 unknown.
    qint64 sizeBytes() const;
    static int latestSchemaVersion();

    // The history epoch: made with the database, replaced by newEpoch() after a restore.
    QString epoch() const;
    QString newEpoch();

    // PostgreSQL: opens the connection again when it is gone (the database restarted or
    // failed over, a network cut), so the node serves again without a restart. True when
    // the connection works. SQLite: true.
    bool reconnectIfLost();

    QString meta(const QString &key) const;
    bool setMeta(const QString &key, const QString &value);

private:
    bool exec(const QString &sql);
    bool migrate();
    bool openSqlite(const QString &dataDir);
    bool openPostgres(const QString &databaseUrl);
    // A schema from a newer server: refused (m_error says why) before anything is written.
    bool isNewerThanThisServer();

    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_path;
    ConnectionSpec m_spec;
    QString m_error;
};

} // namespace Tessera::Server
