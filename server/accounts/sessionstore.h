#pragma once

#include <QObject>
#include <QSqlDatabase>

#include <optional>

namespace Tessera::Server {

// Session tokens: 32 random bytes handed to the client once; only their SHA-256 is
// stored. A session ends when revoked (logout, admin), when idle too long, or at its
// absolute expiry. Revocations are announced so live sockets can be closed.
class SessionStore final : public QObject
{
    Q_OBJECT
public:
    struct Session
    {
        QString id; // the token's hash: safe to log and to compare
        QString userId;
    };

    explicit SessionStore(QSqlDatabase db, QObject *parent = nullptr);

    void setLifetimes(qint64 idleSeconds, qint64 absoluteSeconds);

    // A new session for userId; returns the token (base64url) and stores only its hash.
    QString create(const QString &userId, const QString &address);
    // The live session for a token, or nothing (unknown, revoked, expired, user disabled).
    // `unavailable` (when given) is set when the database could not answer: no verdict on
    // the token then.
    std::optional<Session> validate(const QString &token, bool *unavailable = nullptr);
    bool revoke(const QString &sessionId);
    int revokeAllOf(const QString &userId);
    // Revokes every session of the user except `keepSessionId`; returns how many.
    int revokeOthers(const QString &userId, const QString &keepSessionId);
    int activeCount() const;

    static QString hashToken(const QString &token);

Q_SIGNALS:
    void sessionRevoked(const QString &sessionId);
    void userSessionsRevoked(const QString &userId);
    void otherSessionsRevoked(const QString &userId, const QString &keptSessionId);

private:
    QSqlDatabase m_db;
    qint64 m_idleSeconds = 30 * 24 * 3600;
    qint64 m_absoluteSeconds = 90 * 24 * 3600;
};

} // namespace Tessera::Server
