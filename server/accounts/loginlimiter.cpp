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

bool LoginLimiter::allowed(const QString &login, const QString &address)
{
    auto l = m_byLogin.find(login.toLower());
    if (l != m_byLogin.end() && recent(*l) >= m_perLogin)
        return false;
    auto a = m_byAddress.find(address);
    return !(a != m_byAddress.end() && recent(*a) >= m_perAddress);
}

void LoginLimiter::recordFailure(const QString &login, const QString &address)
{
    if (m_byLogin.size() > MaxTrackedKeys)
        m_byLogin.clear();
    if (m_byAddress.size() > MaxTrackedKeys)
        m_byAddress.clear();
    m_byLogin[login.toLower()].append(now());
    m_byAddress[address].append(now());
}

void LoginLimiter::recordSuccess(const QString &login)
{
    m_byLogin.remove(login.toLower());
}

} // namespace Tessera::Server
