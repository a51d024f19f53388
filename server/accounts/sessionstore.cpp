#include "sessionstore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSqlQuery>

#include <sodium.h>

namespace Tessera::Server {

namespace {

QString iso(const QDateTime &t)
{
    return t.toString(Qt::ISODateWithMs);
}

} // namespace

SessionStore::SessionStore(QSqlDatabase db, QObject *parent) : QObject(parent), m_db(std::move(db)) { }

void SessionStore::setLifetimes(qint64 idleSeconds, qint64 absoluteSeconds)
{
    m_idleSeconds = idleSeconds;
    m_absoluteSeconds = absoluteSeconds;
}

QString SessionStore::hashToken(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toLatin1(), QCryptographicHash::Sha256).toHex());
}

QString SessionStore::create(const QString &userId, const QString &address)
{
    QByteArray raw(32, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    const QString token = QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO sessions (token_hash, user_id, created_at, last_used_at, expires_at, address) "
                             "VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(hashToken(token));
    q.addBindValue(userId);
    q.addBindValue(iso(now));
    q.addBindValue(iso(now));
    q.addBindValue(iso(now.addSecs(m_absoluteSeconds)));
    q.addBindValue(address);
    return q.exec() ? token : QString();
}

std::optional<SessionStore::Session> SessionStore::validate(const QString &token, bool *unavailable)
{
    if (unavailable)
        *unavailable = false;
    if (token.isEmpty() || token.size() > 256)
        return std::nullopt;
    const QString id = hashToken(token);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT s.user_id, s.last_used_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
                             "WHERE s.token_hash = ? AND s.revoked = 0 AND u.disabled = 0"));
    q.addBindValue(id);
    if (!q.exec()) {
        if (unavailable)
            *unavailable = true;
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime lastUsed = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
    const QDateTime expires = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs);
    if (now >= expires || lastUsed.secsTo(now) > m_idleSeconds)
        return std::nullopt;
    Session s { id, q.value(0).toString() };
    q.finish();
    if (lastUsed.secsTo(now) > 60) { // keep writes rare: idle expiry needs minutes, not milliseconds
        QSqlQuery touch(m_db);
        touch.prepare(QStringLiteral("UPDATE sessions SET last_used_at = ? WHERE token_hash = ?"));
        touch.addBindValue(iso(now));
        touch.addBindValue(id);
        touch.exec();
    }
    return s;
}

bool SessionStore::revoke(const QString &sessionId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE sessions SET revoked = 1 WHERE token_hash = ? AND revoked = 0"));
    q.addBindValue(sessionId);
    if (!q.exec() || q.numRowsAffected() != 1)
        return false;
    Q_EMIT sessionRevoked(sessionId);
    return true;
}

int SessionStore::revokeAllOf(const QString &userId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE sessions SET revoked = 1 WHERE user_id = ? AND revoked = 0"));
    q.addBindValue(userId);
    if (!q.exec())
        return 0;
    const int n = q.numRowsAffected();
    Q_EMIT userSessionsRevoked(userId);
    return n;
}

int SessionStore::revokeOthers(const QString &userId, const QString &keepSessionId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE sessions SET revoked = 1 WHERE user_id = ? AND token_hash <> ? AND revoked = 0"));
    q.addBindValue(userId);
    q.addBindValue(keepSessionId);
    if (!q.exec())
        return 0;
    const int n = q.numRowsAffected();
    Q_EMIT otherSessionsRevoked(userId, keepSessionId);
    return n;
}

int SessionStore::activeCount() const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM sessions WHERE revoked = 0 AND expires_at > ?"));
    q.addBindValue(iso(QDateTime::currentDateTimeUtc()));
    return q.exec() && q.next() ? q.value(0).toInt() : 0;
}

} // namespace Tessera::Server
