#pragma once

#include "core/protocol/domain.h"
#include "server/http/trustedproxies.h"

#include <QHttpServerResponse>

#include <optional>

class QHttpServerRequest;

namespace Tessera::Server {

class SessionStore;
class UserStore;

struct AuthContext
{
    Core::User user;
    QString sessionId;
    QString address;
};

// Turns an HTTP request's "Authorization: Bearer <token>" into the caller, or nothing.
class RequestAuth
{
public:
    RequestAuth(SessionStore &sessions, UserStore &users, TrustedProxies proxies = {});

    // The client address of a request (see TrustedProxies): what every decision and record
    // by address uses.
    QString clientAddress(const QHttpServerRequest &request) const { return m_proxies.clientAddress(request); }
    const TrustedProxies &proxies() const { return m_proxies; }

    std::optional<AuthContext> authenticate(const QHttpServerRequest &request);
    std::optional<AuthContext> authenticateToken(const QString &token, const QString &address = QString());
    // 401, or 503 when this thread's last authentication could not ask the database (a
    // database restart): a client must not take that as its session ending.
    static QHttpServerResponse unauthorized();
    static bool lastFailureWasDatabase();
    static QHttpServerResponse forbidden(const QString &message);
    static QString bearerToken(const QHttpServerRequest &request);

private:
    SessionStore &m_sessions;
    UserStore &m_users;
    TrustedProxies m_proxies;
};

} // namespace Tessera::Server
