#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace Tessera::Server {

// Sign-in throttle, checked before any password hashing. Within `windowMs`:
//
//  - per login: at most `perLogin` attempts for one login, from anywhere. Past it the
//    account is locked until the window passes (its right password included): this is
//    what stops guessing one account's password.
//  - per address: past `perAddress` attempts from one client address the address is
//    "over its limit". It may then still try an account that can sign in (it exists and
//    is enabled) and has no attempt from this address in the window, once per window;
//    anything else from it is refused without hashing (a login that does not exist or is
//    disabled has no right password to let through; a login already tried from here is
//    the guessing the limit is for).
//
// So the fairness rule: a right password for an account that is not itself locked is never
// refused because of other accounts' failures, even from an address shared by a whole
// office (one NAT or proxy); the only refusal it can meet is its own login's limit, or a
// failure of its own from the same address while that address is over its limit. And one
// address cannot guess across many accounts: after `perAddress` attempts it gets at most
// one per real account per window, and it cannot make the server hash for made-up logins.
// What the server hashes per window is bounded by perLogin per account plus perAddress per
// address (the hashing queue in AuthRoutes bounds it in time too).
//
// An attempt counts from the moment it starts (begin()), not when its Argon2 check
// finishes, so parallel guesses cannot slip past the limit while earlier ones are still
// hashing; a right password takes its attempt back (succeeded()) and clears its login's count.
//
// The attempts live in memory, or, given `shared` (nodes on one PostgreSQL database, issue
// #16), in its table login_attempts, so every node counts every node's attempts: a guesser
// spreading over nodes gets no more than on one.
class LoginLimiter
{
public:
    explicit LoginLimiter(QSqlDatabase shared = QSqlDatabase(), int perLogin = 5, int perAddress = 20,
                          qint64 windowMs = 5 * 60 * 1000);

    // Whether another attempt may start now; if so it is counted at once. `canSignIn`:
    // the login names an existing, enabled account.
    bool begin(const QString &login, const QString &address, bool canSignIn);
    // The attempt begun for `login` from `address` had the right password.
    void succeeded(const QString &login, const QString &address);
    // The attempt could not be made after all (e.g. the hashing queue was full).
    void cancelled(const QString &login, const QString &address);
    // How long until `login` from `address` may try again (0: now).
    qint64 retryAfterMs(const QString &login, const QString &address, bool canSignIn);
    qint64 windowMs() const { return m_windowMs; }
    // Forgets the counts of one login or one address (either may be given); empty: everything.
    void clear(const QString &loginOrAddress); // empty: everything
    void advanceForTest(qint64 ms) { m_offset += ms; }

private:
    enum Bucket { ByLogin, ByAddress, ByPair }; // ByPair: one login from one address
    qint64 now() const;
    // The bucket's attempts of `key` within the window, oldest first (older ones are dropped).
    QList<qint64> attempts(Bucket bucket, const QString &key);
    int recent(Bucket bucket, const QString &key) { return int(attempts(bucket, key).size()); }
    void add(Bucket bucket, const QString &key, qint64 at);
    void removeAll(Bucket bucket, const QString &key);
    void removeNewest(Bucket bucket, const QString &key);
    // Time until fewer than `limit` attempts of `key` are in the window (0: already).
    qint64 waitBelow(Bucket bucket, const QString &key, int limit);
    // Address and login joined by a character neither holds; not NUL: PostgreSQL text cannot
    // hold one (the shared table refused every pair key).
    static constexpr QChar PairSeparator = QChar(0x1f);
    static QString pairKey(const QString &login, const QString &address) { return address + PairSeparator + login; }
    bool shared() const { return m_db.isValid(); }
    bool exec(const QString &sql, const QVariantList &values, QList<qint64> *times = nullptr) const;

    using Table = QHash<QString, QList<qint64>>;
    int m_perLogin;
    int m_perAddress;
    qint64 m_windowMs;
    QElapsedTimer m_clock;
    qint64 m_offset = 0;
    QSqlDatabase m_db; // valid: the attempts are rows of login_attempts
    Table m_tables[3];
};

} // namespace Tessera::Server
