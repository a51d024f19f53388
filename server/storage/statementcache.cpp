#include "statementcache.h"

#include <QSqlQuery>

namespace Tessera::Server {

StatementCache::StatementCache(QSqlDatabase db) : m_db(std::move(db)) { }

StatementCache::~StatementCache() = default;

QSqlQuery &StatementCache::prepared(const QString &sql)
{
    auto it = m_queries.find(sql);
    if (it == m_queries.end()) {
        auto query = std::make_shared<QSqlQuery>(m_db);
        query->setForwardOnly(true);
        query->prepare(sql); // a failure shows as the statement's error when it runs
        it = m_queries.insert(sql, std::move(query));
    } else {
        it.value()->finish();
    }
    return *it.value();
}

void StatementCache::clear()
{
    m_queries.clear();
}

} // namespace Tessera::Server
