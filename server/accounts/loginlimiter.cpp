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

int LoginLimiter::recent(QList<qint64> &times)
{
    const qint64 cutoff = now() - m_windowMs;
    times.removeIf([cutoff](qint64 t) { return t < cutoff; });
    return int(times.size());
}

bool LoginLimiter::begin(const QString &login, const QString &address)
{
    const QString key = login.toLower();
    auto l = m_byLogin.find(key);
    if (l != m_byLogin.end() && recent(*l) >= m_perLogin)
        return false;
    auto a = m_byAddress.find(address);
    if (a != m_byAddress.end() && recent(*a) >= m_perAddress)
        return false;
    if (m_byLogin.size() > MaxTrackedKeys)
        m_byLogin.clear();
    if (m_byAddress.size() > MaxTrackedKeys)
        m_byAddress.clear();
    m_byLogin[key].append(now());
    m_byAddress[address].append(now());
    return true;
}

void LoginLimiter::dropOne(QHash<QString, QList<qint64>> &table, const QString &key)
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
    m_byLogin.remove(login.toLower());
    dropOne(m_byAddress, address);
}

void LoginLimiter::cancelled(const QString &login, const QString &address)
{
    dropOne(m_byLogin, login.toLower());
    dropOne(m_byAddress, address);
}

void LoginLimiter::clear(const QString &loginOrAddress)
{
    if (loginOrAddress.isEmpty()) {
        m_byLogin.clear();
        m_byAddress.clear();
        return;
    }
    m_byLogin.remove(loginOrAddress.toLower());
    m_byAddress.remove(loginOrAddress);
}

qint64 LoginLimiter::retryAfterMs(const QString &login, const QString &address)
{
    qint64 wait = 0;
    const auto until = [this, &wait](QList<qint64> *times, int limit) {
        if (!times || recent(*times) < limit)
            return;
        // The attempt that must expire before another may start.
        const qint64 oldest = times->at(times->size() - limit);
        wait = std::max(wait, oldest + m_windowMs - now());
    };
    auto l = m_byLogin.find(login.toLower());
    until(l == m_byLogin.end() ? nullptr : &*l, m_perLogin);
    auto a = m_byAddress.find(address);
    until(a == m_byAddress.end() ? nullptr : &*a, m_perAddress);
    return std::max<qint64>(0, wait);
}

} // namespace Tessera::Server
