#pragma once

#include <QObject>
#include <QThreadPool>

class QHttpServer;

namespace Tessera::Server {

class AuditLog;
class LoginLimiter;
class RequestAuth;
class SessionStore;
class SettingsStore;
class UserStore;

// HTTP routes for accounts: login, logout, me, the user directory, and the server-admin
// endpoints (users, settings, audit). Password hashing runs on a small thread pool so
// the event loop never waits for Argon2id.
class AuthRoutes final : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        UserStore &users;
        SessionStore &sessions;
        RequestAuth &auth;
        SettingsStore &settings;
        AuditLog &audit;
        LoginLimiter &limiter;
    };

    AuthRoutes(QHttpServer &http, Services services, QObject *parent = nullptr);

Q_SIGNALS:
    void userDisabled(const QString &userId);

private:
    void registerAccountRoutes(QHttpServer &http);
    void registerAdminRoutes(QHttpServer &http);

    Services m_s;
    QThreadPool m_hashPool;
};

} // namespace Tessera::Server
