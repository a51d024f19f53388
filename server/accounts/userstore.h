#pragma once

#include "core/protocol/domain.h"

#include <QSqlDatabase>

#include <optional>

namespace Tessera::Server {

// Users in the server database. Logins are case-insensitive, 2-64 characters of
// a-z, 0-9, '.', '_' and '-', starting with a letter or digit.
class UserStore
{
public:
    explicit UserStore(QSqlDatabase db);

    struct Created
    {
        std::optional<Core::User> user;
        QString error; // set when user is empty
    };
    // Hashes the password (Argon2id) and stores the user; error if the login exists.
    Created create(const QString &login, const QString &password, const QString &displayName, bool admin);
    // The same with a password already hashed (hashing happens off the event loop).
    Created createWithHash(const QString &login, const QString &hash, const QString &displayName, bool admin);
    // Why these would not make an acceptable new user; empty if they would.
    QString checkNew(const QString &login, const QString &password, const QString &displayName) const;

    bool setDisabled(const QString &userId, bool disabled);
    bool setAdmin(const QString &userId, bool admin);
    bool setDisplayName(const QString &userId, const QString &displayName);

    std::optional<Core::User> byId(const QString &id) const;
    std::optional<Core::User> byLogin(const QString &login) const;
    QString passwordHash(const QString &userId) const;
    bool setPasswordHash(const QString &userId, const QString &hash);
    QList<Core::User> all(bool includeDisabled) const;
    int count() const;

    static QString validateLogin(const QString &login); // empty if acceptable
    // Length and zxcvbn strength (PasswordPolicy); `userWords` (login, display name) count
    // as easy to guess.
    static QString validatePassword(const QString &password, const QStringList &userWords = {});
    // At most 128 characters, none of them a control character, a line or paragraph
    // separator or a text-direction override/isolate/mark (which would let a name
    // display as something else). Empty is acceptable (the login is shown instead).
    static QString validateDisplayName(const QString &displayName);

private:
    QSqlDatabase m_db;
};

} // namespace Tessera::Server
