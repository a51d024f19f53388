#include "database.h"

#include "databaseurl.h"
#include "migrations.h"
#include "server/ops/logging.h"
#include "statementcache.h"

#include <QDir>
#include <QFileInfo>
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

ConnectionSpec ConnectionSpec::sqlite(const QString &path)
{
    ConnectionSpec spec;
    spec.driver = QStringLiteral("QSQLITE");
    spec.databaseName = path;
    spec.options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000");
    return spec;
}

bool Database::isNewerThanThisServer()
{
    const int version = schemaVersion();
    if (version <= latestSchemaVersion())
        return false;
    m_error = QStringLiteral("%1 has schema version %2, newer than this server understands (%3); nothing was changed")
                      .arg(m_path)
                      .arg(version)
                      .arg(latestSchemaVersion());
    return true;
}

bool Database::open(const QString &dataDir, const QString &databaseUrl)
{
    if (!databaseUrl.isEmpty())
        return openPostgres(databaseUrl);
    return openSqlite(dataDir);
}

bool Database::openPostgres(const QString &databaseUrl)
{
    QString why;
    const auto url = DatabaseUrl::parse(databaseUrl, &why);
    if (!url) {
        m_error = QStringLiteral("--database: %1").arg(why);
        return false;
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        m_error = QStringLiteral("Qt's PostgreSQL driver (QPSQL) is not installed: on Debian, apt install libqt6sql6-psql");
        return false;
    }
    m_path = url->redacted();
    m_spec.driver = QStringLiteral("QPSQL");
    m_spec.databaseName = url->database;
    m_spec.host = url->host;
    m_spec.port = url->port;
    m_spec.user = url->user;
    m_spec.password = url->password;
    m_spec.options = url->options.isEmpty() ? QStringLiteral("connect_timeout=10") : url->options;
    m_db = QSqlDatabase::addDatabase(m_spec.driver, m_connectionName);
    m_db.setDatabaseName(m_spec.databaseName);
    m_db.setHostName(m_spec.host);
    m_db.setPort(m_spec.port);
    m_db.setUserName(m_spec.user);
    m_db.setPassword(m_spec.password);
    m_db.setConnectOptions(m_spec.options);
    if (!m_db.open()) {
        m_error = QStringLiteral("cannot connect to %1: %2").arg(m_path, m_db.lastError().text().trimmed());
        return false;
    }
    if (isNewerThanThisServer())
        return false;
    if (!migrate())
        return false;
    // The first node to get here makes the epoch; the others read it.
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES ('epoch', ?) ON CONFLICT (key) DO NOTHING"));
    q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (!q.exec() || epoch().isEmpty()) {
        m_error = QStringLiteral("cannot store the epoch in %1: %2").arg(m_path, q.lastError().text());
        return false;
    }
    return true;
}

bool Database::openSqlite(const QString &dataDir)
{
    if (!QDir().mkpath(dataDir)) {
        m_error = QStringLiteral("cannot create data directory %1").arg(dataDir);
        return false;
    }
    m_path = QDir(dataDir).absoluteFilePath(QStringLiteral("tessera.db"));
    m_spec = ConnectionSpec::sqlite(m_path);
    m_db = QSqlDatabase::addDatabase(m_spec.driver, m_connectionName);
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(m_spec.options);
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
    if (isNewerThanThisServer())
        return false;
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
    Q_ASSERT(schemaMigrations(SqlBackend::Sqlite).size() == schemaMigrations(SqlBackend::Postgres).size());
    return int(schemaMigrations().size());
}

bool Database::reconnectIfLost()
{
    if (!isPostgres())
        return true;
    if (m_db.isOpen() && QSqlQuery(m_db).exec(QStringLiteral("SELECT 1")))
        return true;
    m_db.close();
    if (!m_db.open()) {
        m_error = QStringLiteral("cannot connect to %1: %2").arg(m_path, m_db.lastError().text().trimmed());
        qCWarning(lcStorage, "%s", qPrintable(m_error));
        return false;
    }
    StatementCache::connectionReopened(m_connectionName);
    qCInfo(lcStorage, "connected to %s again", qPrintable(m_path));
    return true;
}

qint64 Database::sizeBytes() const
{
    if (!isPostgres())
        return QFileInfo(m_path).size() + QFileInfo(m_path + QStringLiteral("-wal")).size();
    QSqlQuery q(m_db);
    return q.exec(QStringLiteral("SELECT pg_database_size(current_database())")) && q.next() ? q.value(0).toLongLong() : -1;
}

int Database::schemaVersion() const
{
    QSqlQuery q(m_db);
    if (!isPostgres())
        return q.exec(QStringLiteral("PRAGMA user_version")) && q.next() ? q.value(0).toInt() : -1;
    // PostgreSQL has no user_version: the version is a row of meta (no meta table yet: 0).
    if (!q.exec(QStringLiteral("SELECT to_regclass('meta') IS NOT NULL")) || !q.next())
        return -1;
    if (!q.value(0).toBool())
        return 0;
    if (!q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")))
        return -1;
    return q.next() ? q.value(0).toInt() : 0;
}

bool Database::migrate()
{
    const auto &migrations = schemaMigrations(backend());
    for (;;) {
        if (!m_db.transaction()) {
            m_error = m_db.lastError().text();
            return false;
        }
        // Nodes starting together on one PostgreSQL database migrate one after the other:
        // the version is read again under the lock (the first may have done everything).
        if (isPostgres() && !exec(QStringLiteral("SELECT pg_advisory_xact_lock(742001)"))) {
            m_db.rollback();
            return false;
        }
        const int version = schemaVersion(); // not newer: open() refused that before writing
        if (version < 0 || version >= latestSchemaVersion()) {
            m_db.rollback();
            if (version < 0)
                m_error = QStringLiteral("cannot read the schema version of %1").arg(m_path);
            return version >= 0;
        }
        for (const QString &sql : migrations.at(version)) {
            if (!exec(sql)) {
                m_db.rollback();
                return false;
            }
        }
        const bool stamped = isPostgres()
                ? exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('schema_version', '%1') "
                                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value").arg(version + 1))
                : exec(QStringLiteral("PRAGMA user_version = %1").arg(version + 1));
        if (!stamped || !m_db.commit()) {
            m_db.rollback();
            return false;
        }
    }
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
