#pragma once

#include <QByteArray>
#include <QString>

namespace Tessera::Server {

class Database;

// Signs and checks download links: sig = HMAC-SHA256(secret, "id|user|exp") in hex. The
// secret is made once (32 random bytes, libsodium) and kept in the database's meta table
// (file_link_secret), so links survive a restart and every node of a shared database
// accepts them. A link names the user, never their session token.
class LinkSigner final
{
public:
    static constexpr qint64 LifetimeSeconds = 300;

    explicit LinkSigner(Database &database);
    bool ok() const { return !m_secret.isEmpty(); }

    QString sign(const QString &attachmentId, const QString &userId, qint64 expiresAt) const;
    // The signature matches (constant-time comparison). Expiry is the caller's check.
    bool verify(const QString &attachmentId, const QString &userId, qint64 expiresAt, const QString &signature) const;

private:
    QByteArray m_secret;
};

} // namespace Tessera::Server
