#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QString>

namespace Tessera::Server {

// Failed-login throttle, checked before any password hashing: at most `perLogin`
// failures per login and `perAddress` per client address within `windowMs`.
class LoginLimiter
{
public:
    LoginLimiter(int perLogin = 5, int perAddress = 20, qint64 windowMs = 5 * 60 * 1000);

    bool allowed(const QString &login, const QString &address);
    void recordFailure(const QString &login, const QString &address);
    void recordSuccess(const QString &login);
    void advanceForTest(qint64 ms) { m_offset += ms; }

private:
    qint64 now() const { return m_clock.elapsed() + m_offset; }
    int recent(QList<qint64> &times);

    int m_perLogin;
    int m_perAddress;
    qint64 m_windowMs;
    QElapsedTimer m_clock;
    qint64 m_offset = 0;
    QHash<QString, QList<qint64>> m_byLogin;
    QHash<QString, QList<qint64>> m_byAddress;
};

} // namespace Tessera::Server
