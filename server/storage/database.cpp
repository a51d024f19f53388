#include "database.h"

#include "migrations.h"

#include <QDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <atomic>

namespace Tessera::Server {

namespace {

std::atomic<int> s_connectionCounter { 0 };

} // namespace

Database::Database()
    : m_connectionName(QStringLiteral("tessera-server-%1").arg(s_connectionCounter.fetch_add(1)))
{
}

Database::~Database()
{
    close();
}

void Database::close()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool Database::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql)) {
        m_error = QStringLiteral("%1: %2").arg(sql.left(60), q.lastError().text());
        return false;
    }
    return true;
}

bool Database::open(const QString &dataDir)
{
    if (!QDir().mkpath(dataDir)) {
        m_error = QStringLiteral("cannot create data directory %1").arg(dataDir);
        return false;
    }
    m_path = QDir(dataDir).absoluteFilePath(QStringLiteral("tessera.db"));
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open()) {
        m_error = QStringLiteral("cannot open %1: %2").arg(m_path, m_db.lastError().text());
        return false;
    }
    QSqlQuery check(m_db);
    if (!check.exec(QStringLiteral("PRAGMA quick_check")) || !check.next()
        || check.value(0).toString() != QLatin1String("ok")) {
        m_error = QStringLiteral("%1 is not a healthy SQLite database: %2")
                          .arg(m_path, check.lastError().isValid() ? check.lastError().text() : check.value(0).toString());
        return false;
    }
    check.finish();
    // A database from a newer server is refused before anything is written to it (switching
    // its journal mode would already change the file).
    if (const int version = schemaVersion(); version > latestSchemaVersion()) {
        m_error = QStringLiteral("%1 has schema version %2, newer than this server understands (%3); nothing was changed")
                          .arg(m_path)
                          .arg(version)
                          .arg(latestSchemaVersion());
        return false;
    }
    if (!exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !exec(QStringLiteral("PRAGMA synchronous=FULL"))
        || !exec(QStringLiteral("PRAGMA foreign_keys=ON")))
        return false;
    if (!migrate())
        return false;
    if (epoch().isEmpty() && !setMeta(QStringLiteral("epoch"), QUuid::createUuid().toString(QUuid::WithoutBraces)))
        return false;
    return true;
}

int Database::latestSchemaVersion()
{
    return int(schemaMigrations().size());
}

int Database::schemaVersion() const
{
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    return -1;
}

bool Database::migrate()
{
    const int current = schemaVersion(); // not newer: open() refused that before writing
    const auto &migrations = schemaMigrations();
    for (int version = current; version < latestSchemaVersion(); ++version) {
        if (!m_db.transaction()) {
            m_error = m_db.lastError().text();
            return false;
        }
        for (const QString &sql : migrations.at(version)) {
            if (!exec(sql)) {
                m_db.rollback();
                return false;
            }
        }
        if (!exec(QStringLiteral("PRAGMA user_version = %1").arg(version + 1)) || !m_db.commit()) {
            m_db.rollback();
            return false;
        }
    }
    return true;
}

QString Database::meta(const QString &key) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return QString();
}

bool Database::setMeta(const QString &key, const QString &value)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    return true;
}

QString Database::epoch() const
{
    return meta(QStringLiteral("epoch"));
}

QString Database::newEpoch()
{
    const QString epoch = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return setMeta(QStringLiteral("epoch"), epoch) ? epoch : QString();
}

} // namespace Tessera::Server
