#include "loginlimiter.h"

namespace Tessera::Server {

namespace {
constexpr qsizetype MaxTrackedKeys = 100000; // bounded memory under a flood of made-up logins
}

LoginLimiter::LoginLimiter(int perLogin, int perAddress, qint64 windowMs)
    : m_perLogin(perLogin)
    , m_perAddress(perAddress)
    , m_windowMs(windowMs)
{
    m_clock.start();
}

int LoginLimiter::recent(Table &table, const QString &key)
{
    auto it = table.find(key);
    if (it == table.end())
        return 0;
    const qint64 cutoff = now() - m_windowMs;
    it->removeIf([cutoff](qint64 t) { return t < cutoff; });
    const int n = int(it->size());
    if (n == 0)
        table.erase(it);
    return n;
}

bool LoginLimiter::begin(const QString &login, const QString &address, bool canSignIn)
{
    const QString key = login.toLower();
    const QString pair = pairKey(key, address);
    if (recent(m_byLogin, key) >= m_perLogin)
        return false; // the account itself is locked
    // Over the address limit: one attempt per window for each real account not yet tried
    // from here (see the header).
    if (recent(m_byAddress, address) >= m_perAddress && (!canSignIn || recent(m_byPair, pair) > 0))
        return false;
    for (Table *table : { &m_byLogin, &m_byAddress, &m_byPair }) {
        if (table->size() > MaxTrackedKeys)
            table->clear();
    }
    m_byLogin[key].append(now());
    m_byAddress[address].append(now());
    m_byPair[pair].append(now());
    return true;
}

void LoginLimiter::dropOne(Table &table, const QString &key)
{
    auto it = table.find(key);
    if (it == table.end())
        return;
    if (!it->isEmpty())
        it->removeLast();
    if (it->isEmpty())
        table.erase(it);
}

void LoginLimiter::succeeded(const QString &login, const QString &address)
{
    const QString key = login.toLower();
    m_byLogin.remove(key);
    m_byPair.remove(pairKey(key, address));
    dropOne(m_byAddress, address);
}

void LoginLimiter::cancelled(const QString &login, const QString &address)
{
    const QString key = login.toLower();
    dropOne(m_byLogin, key);
    dropOne(m_byPair, pairKey(key, address));
    dropOne(m_byAddress, address);
}

void LoginLimiter::clear(const QString &loginOrAddress)
{
    if (loginOrAddress.isEmpty()) {
        m_byLogin.clear();
        m_byAddress.clear();
        m_byPair.clear();
        return;
    }
    const QString login = loginOrAddress.toLower();
    m_byLogin.remove(login);
    m_byAddress.remove(loginOrAddress);
    m_byPair.removeIf([&](const Table::iterator &it) {
        return it.key().startsWith(loginOrAddress + QChar(0)) || it.key().endsWith(QChar(0) + login);
    });
}

qint64 LoginLimiter::waitBelow(Table &table, const QString &key, int limit)
{
    if (recent(table, key) < limit)
        return 0;
    const QList<qint64> &times = table[key];
    // The attempt that must expire before another may start.
    return std::max<qint64>(0, times.at(times.size() - limit) + m_windowMs - now());
}

qint64 LoginLimiter::retryAfterMs(const QString &login, const QString &address, bool canSignIn)
{
    const QString key = login.toLower();
    qint64 addressWait = waitBelow(m_byAddress, address, m_perAddress);
    if (addressWait > 0 && canSignIn) // or once this login's own attempts from here expire
        addressWait = std::min(addressWait, waitBelow(m_byPair, pairKey(key, address), 1));
    return std::max(waitBelow(m_byLogin, key, m_perLogin), addressWait);
}

} // namespace Tessera::Server
