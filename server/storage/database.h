#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Tessera::Server {

// The server's SQLite file: WAL with synchronous=FULL (an ack survives power loss),
// foreign keys on, a busy timeout, and versioned schema migrations.
class Database
{
public:
    Database();
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens (creating if needed) DIR/tessera.db and migrates it to the current schema.
    bool open(const QString &dataDir);
    void close();
    QString errorString() const { return m_error; }
    QSqlDatabase &db() { return m_db; }
    QString path() const { return m_path; }

    int schemaVersion() const;
    static int latestSchemaVersion();

    // The history epoch: made with the database, replaced by newEpoch() after a restore.
    QString epoch() const;
    QString newEpoch();

    QString meta(const QString &key) const;
    bool setMeta(const QString &key, const QString &value);

private:
    bool exec(const QString &sql);
    bool migrate();

    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_path;
    QString m_error;
};

} // namespace Tessera::Server
