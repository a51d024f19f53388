#pragma once

#include <QLatin1StringView>
#include <QSqlDatabase>

namespace Tessera::Server {

// Which SQL engine a connection speaks. The repositories write portable SQL (ON CONFLICT
// upserts, RETURNING, no rowid); the few statements that cannot be portable (full-text
// search, JSON paths, the schema itself) ask this and pick their text.
enum class SqlBackend { Sqlite, Postgres };

inline SqlBackend backendOf(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1StringView("QPSQL") ? SqlBackend::Postgres : SqlBackend::Sqlite;
}

inline bool isPostgres(const QSqlDatabase &db)
{
    return backendOf(db) == SqlBackend::Postgres;
}

} // namespace Tessera::Server
