#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <memory>

class QSqlQuery;

namespace Tessera::Server {

// Prepared statements kept for as long as their owner lives: SQLite compiles each SQL text
// once, and every later use only binds and steps. On the commit path the parser was the
// largest single cost (every command prepared the same seven statements again).
//
// prepared() hands back the statement reset (finish()ed) with its bound values ready to be
// overwritten by addBindValue(); a SELECT read through it should be finish()ed once read,
// so no read snapshot stays open. Not for statements used while another use of the same
// text is still being iterated.
class StatementCache
{
public:
    explicit StatementCache(QSqlDatabase db);
    ~StatementCache();
    StatementCache(const StatementCache &) = delete;
    StatementCache &operator=(const StatementCache &) = delete;

    QSqlQuery &prepared(const QString &sql);
    void clear();

    // The connection was opened again (Database::reconnectIfLost): every cache on it
    // prepares its statements anew (the server forgot them with the old session).
    static void connectionReopened(const QString &connectionName);

private:
    QSqlDatabase m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_queries;
    std::shared_ptr<QSqlQuery> m_unprepared; // the last statement whose prepare failed
};

} // namespace Tessera::Server
