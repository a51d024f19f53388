#include "statementcache.h"

#include <QMultiHash>
#include <QMutex>
#include <QSqlQuery>

namespace Tessera::Server {

namespace {

// Every cache by its connection's name, so that a reopened connection's caches are emptied
// at once (between transactions: dropping a statement talks to the server). Caches are made
// on worker threads too (their own connections), hence the lock.
QMultiHash<QString, StatementCache *> &caches()
{
    static QMultiHash<QString, StatementCache *> all;
    return all;
}

QMutex &cachesLock()
{
    static QMutex lock;
    return lock;
}

} // namespace

void StatementCache::connectionReopened(const QString &connectionName)
{
    const QMutexLocker locked(&cachesLock());
    for (StatementCache *cache : caches().values(connectionName))
        cache->clear(); // on the connection's own thread: the caller's
}

StatementCache::StatementCache(QSqlDatabase db) : m_db(std::move(db))
{
    const QMutexLocker locked(&cachesLock());
    caches().insert(m_db.connectionName(), this);
}

StatementCache::~StatementCache()
{
    const QMutexLocker locked(&cachesLock());
    caches().remove(m_db.connectionName(), this);
}

QSqlQuery &StatementCache::prepared(const QString &sql)
{
    auto it = m_queries.find(sql);
    if (it == m_queries.end()) {
        auto query = std::make_shared<QSqlQuery>(m_db);
        query->setForwardOnly(true);
        if (!query->prepare(sql)) {
            // Not kept (e.g. prepared in a transaction already failed): its error shows
            // when it runs, and the next use prepares it again.
            m_unprepared = std::move(query);
            return *m_unprepared;
        }
        it = m_queries.insert(sql, std::move(query));
    } else {
        it.value()->finish();
    }
    return *it.value();
}

void StatementCache::clear()
{
    m_queries.clear();
    m_unprepared.reset();
}

} // namespace Tessera::Server
