#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QString>

namespace Tessera::Server {

// Sign-in throttle, checked before any password hashing: within `windowMs` at most
// `perLogin` attempts for one login and `perAddress` from one client address. An attempt
// counts from the moment it starts (begin()), not when its Argon2 check finishes, so
// parallel guesses cannot slip past the limit while earlier ones are still hashing; a
// correct password takes its attempt back (succeeded()) and clears the login's count.
class LoginLimiter
{
public:
    LoginLimiter(int perLogin = 5, int perAddress = 20, qint64 windowMs = 5 * 60 * 1000);

    // Whether another attempt may start now; if so it is counted at once.
    bool begin(const QString &login, const QString &address);
    // The attempt begun for `login` from `address` had the right password.
    void succeeded(const QString &login, const QString &address);
    // The attempt could not be made after all (e.g. the hashing queue was full).
    void cancelled(const QString &login, const QString &address);
    // How long until `login` from `address` may try again (0: now).
    qint64 retryAfterMs(const QString &login, const QString &address);
    qint64 windowMs() const { return m_windowMs; }
    // Forgets the counts of one login or one address (either may be given); empty: everything.
    void clear(const QString &loginOrAddress); // empty: everything
    void advanceForTest(qint64 ms) { m_offset += ms; }

private:
    qint64 now() const { return m_clock.elapsed() + m_offset; }
    int recent(QList<qint64> &times);
    void dropOne(QHash<QString, QList<qint64>> &table, const QString &key);

    int m_perLogin;
    int m_perAddress;
    qint64 m_windowMs;
    QElapsedTimer m_clock;
    qint64 m_offset = 0;
    QHash<QString, QList<qint64>> m_byLogin;
    QHash<QString, QList<qint64>> m_byAddress;
};

} // namespace Tessera::Server
