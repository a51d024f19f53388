#pragma once

#include <QObject>
#include <QThreadPool>

class QHttpServer;
class QHttpServerResponder;

namespace Tessera::Server {

class AuditLog;
class LoginLimiter;
class Metrics;
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
        Metrics &metrics;
    };

    // Password hashes waiting or running at once; past it a request that needs one gets
    // 503 with Retry-After (a flood waits in no unbounded queue).
    static constexpr int MaxHashJobs = 16;

    AuthRoutes(QHttpServer &http, Services services, QObject *parent = nullptr);

Q_SIGNALS:
    void userDisabled(const QString &userId);

private:
    void registerAccountRoutes(QHttpServer &http);
    void registerAdminRoutes(QHttpServer &http);
    // Runs `job` on the hash pool and answers with `make(result)`; or answers 503 at once
    // when MaxHashJobs are already queued or running.
    template<typename Job, typename Make>
    void hashThenReply(QHttpServerResponder &&responder, Job job, Make make);
    bool hashQueueFull() const { return m_hashJobs >= MaxHashJobs; }

    Services m_s;
    QThreadPool m_hashPool;
    int m_hashJobs = 0;
};

} // namespace Tessera::Server
