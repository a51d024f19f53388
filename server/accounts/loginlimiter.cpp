#include "loginlimiter.h"

#include "server/ops/logging.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace Tessera::Server {

namespace {
constexpr qsizetype MaxTrackedKeys = 100000; // bounded memory under a flood of made-up logins
}

LoginLimiter::LoginLimiter(QSqlDatabase shared, int perLogin, int perAddress, qint64 windowMs)
    : m_perLogin(perLogin)
    , m_perAddress(perAddress)
    , m_windowMs(windowMs)
    , m_db(std::move(shared))
{
    m_clock.start();
}

qint64 LoginLimiter::now() const
{
    // Shared: every node's clock must agree, so wall time (nodes run NTP); else monotonic.
    return (shared() ? QDateTime::currentMSecsSinceEpoch() : m_clock.elapsed()) + m_offset;
}

bool LoginLimiter::exec(const QString &sql, const QVariantList &values, QList<qint64> *times) const
{
    QSqlQuery q(m_db);
    q.prepare(sql);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        qCWarning(lcAuth, "sign-in throttle: %s", qPrintable(q.lastError().text()));
        return false;
    }
    while (times && q.next())
        times->append(q.value(0).toLongLong());
    return true;
}

QList<qint64> LoginLimiter::attempts(Bucket bucket, const QString &key)
{
    const qint64 cutoff = now() - m_windowMs;
    if (shared()) {
        exec(QStringLiteral("DELETE FROM login_attempts WHERE bucket = ? AND key = ? AND at_ms < ?"), { int(bucket), key, cutoff });
        QList<qint64> times;
        exec(QStringLiteral("SELECT at_ms FROM login_attempts WHERE bucket = ? AND key = ? ORDER BY at_ms"), { int(bucket), key }, &times);
        return times;
    }
    Table &table = m_tables[bucket];
    auto it = table.find(key);
    if (it == table.end())
        return {};
    it->removeIf([cutoff](qint64 t) { return t < cutoff; });
    const QList<qint64> times = *it;
    if (times.isEmpty())
        table.erase(it);
    return times;
}

void LoginLimiter::add(Bucket bucket, const QString &key, qint64 at)
{
    if (shared()) {
        exec(QStringLiteral("INSERT INTO login_attempts (bucket, key, at_ms) VALUES (?, ?, ?)"), { int(bucket), key, at });
        return;
    }
    Table &table = m_tables[bucket];
    if (table.size() > MaxTrackedKeys)
        table.clear();
    table[key].append(at);
}

void LoginLimiter::removeAll(Bucket bucket, const QString &key)
{
    if (shared())
        exec(QStringLiteral("DELETE FROM login_attempts WHERE bucket = ? AND key = ?"), { int(bucket), key });
    else
        m_tables[bucket].remove(key);
}

void LoginLimiter::removeNewest(Bucket bucket, const QString &key)
{
    if (shared()) {
        exec(QStringLiteral("DELETE FROM login_attempts WHERE ctid IN (SELECT ctid FROM login_attempts WHERE bucket = ? "
                            "AND key = ? ORDER BY at_ms DESC LIMIT 1)"),
             { int(bucket), key });
        return;
    }
    Table &table = m_tables[bucket];
    auto it = table.find(key);
    if (it == table.end())
        return;
    if (!it->isEmpty())
        it->removeLast();
    if (it->isEmpty())
        table.erase(it);
}

bool LoginLimiter::begin(const QString &login, const QString &address, bool canSignIn)
{
    const QString key = login.toLower();
    const QString pair = pairKey(key, address);
    if (recent(ByLogin, key) >= m_perLogin)
        return false; // the account itself is locked
    // Over the address limit: one attempt per window for each real account not yet tried
    // from here (see the header).
    if (recent(ByAddress, address) >= m_perAddress && (!canSignIn || recent(ByPair, pair) > 0))
        return false;
    const qint64 at = now();
    add(ByLogin, key, at);
    add(ByAddress, address, at);
    add(ByPair, pair, at);
    return true;
}

void LoginLimiter::succeeded(const QString &login, const QString &address)
{
    const QString key = login.toLower();
    removeAll(ByLogin, key);
    removeAll(ByPair, pairKey(key, address));
    removeNewest(ByAddress, address);
}

void LoginLimiter::cancelled(const QString &login, const QString &address)
{
    const QString key = login.toLower();
    removeNewest(ByLogin, key);
    removeNewest(ByPair, pairKey(key, address));
    removeNewest(ByAddress, address);
}

void LoginLimiter::clear(const QString &loginOrAddress)
{
    const QString login = loginOrAddress.toLower();
    const QString pairPrefix = loginOrAddress + PairSeparator;
    const QString pairSuffix = PairSeparator + login;
    if (shared()) {
        if (loginOrAddress.isEmpty()) {
            exec(QStringLiteral("DELETE FROM login_attempts"), {});
            return;
        }
        exec(QStringLiteral("DELETE FROM login_attempts WHERE (bucket = ? AND key = ?) OR (bucket = ? AND key = ?) "
                            "OR (bucket = ? AND (left(key, length(?)) = ? OR right(key, length(?)) = ?))"),
             { int(ByLogin), login, int(ByAddress), loginOrAddress, int(ByPair), pairPrefix, pairPrefix, pairSuffix, pairSuffix });
        return;
    }
    if (loginOrAddress.isEmpty()) {
        for (Table &table : m_tables)
            table.clear();
        return;
    }
    m_tables[ByLogin].remove(login);
    m_tables[ByAddress].remove(loginOrAddress);
    m_tables[ByPair].removeIf([&](const Table::iterator &it) {
        return it.key().startsWith(pairPrefix) || it.key().endsWith(pairSuffix);
    });
}

qint64 LoginLimiter::waitBelow(Bucket bucket, const QString &key, int limit)
{
    const QList<qint64> times = attempts(bucket, key);
    if (times.size() < limit)
        return 0;
    // The attempt that must expire before another may start.
    return std::max<qint64>(0, times.at(times.size() - limit) + m_windowMs - now());
}

qint64 LoginLimiter::retryAfterMs(const QString &login, const QString &address, bool canSignIn)
{
    const QString key = login.toLower();
    qint64 addressWait = waitBelow(ByAddress, address, m_perAddress);
    if (addressWait > 0 && canSignIn) // or once this login's own attempts from here expire
        addressWait = std::min(addressWait, waitBelow(ByPair, pairKey(key, address), 1));
    return std::max(waitBelow(ByLogin, key, m_perLogin), addressWait);
}

} // namespace Tessera::Server
