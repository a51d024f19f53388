#include "requestauth.h"

#include "server/http/httpreply.h"
#include "sessionstore.h"
#include "userstore.h"

#include <QHttpServerRequest>

namespace Tessera::Server {

namespace {

// Set by every authentication on this thread; read by unauthorized() right after it.
thread_local bool t_databaseFailed = false;

} // namespace

RequestAuth::RequestAuth(SessionStore &sessions, UserStore &users, TrustedProxies proxies)
    : m_sessions(sessions), m_users(users), m_proxies(std::move(proxies))
{
}

QString RequestAuth::bearerToken(const QHttpServerRequest &request)
{
    const QByteArray header = request.value(QByteArrayLiteral("Authorization"));
    const QByteArray prefix = QByteArrayLiteral("Bearer ");
    if (!header.startsWith(prefix))
        return QString();
    return QString::fromLatin1(header.mid(prefix.size()).trimmed());
}

std::optional<AuthContext> RequestAuth::authenticateToken(const QString &token, const QString &address)
{
    const auto session = m_sessions.validate(token, &t_databaseFailed);
    if (!session)
        return std::nullopt;
    auto user = m_users.byId(session->userId);
    if (!user || user->disabled)
        return std::nullopt;
    return AuthContext { *user, session->id, address };
}

std::optional<AuthContext> RequestAuth::authenticate(const QHttpServerRequest &request)
{
    return authenticateToken(bearerToken(request), clientAddress(request));
}

bool RequestAuth::lastFailureWasDatabase()
{
    return t_databaseFailed;
}

QHttpServerResponse RequestAuth::unauthorized()
{
    if (t_databaseFailed) {
        auto r = HttpReply::error(QHttpServerResponse::StatusCode::ServiceUnavailable, Core::ErrorCode::ServerUnavailable,
                                  QStringLiteral("the database cannot be reached; try again in a moment"));
        r.addHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("2"));
        return r;
    }
    auto r = HttpReply::error(QHttpServerResponse::StatusCode::Unauthorized, Core::ErrorCode::AuthInvalidToken,
                              QStringLiteral("sign in first: the session token is missing, expired or revoked"));
    r.addHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer"));
    return r;
}

QHttpServerResponse RequestAuth::forbidden(const QString &message)
{
    return HttpReply::error(QHttpServerResponse::StatusCode::Forbidden, Core::ErrorCode::Forbidden, message);
}

} // namespace Tessera::Server
