#include "authroutes.h"

#include "core/protocol/httpbodies.h"
#include "core/protocol/routes.h"

#include "auditlog.h"
#include "core/protocol/jsonreader.h"
#include "server/http/httpreply.h"
#include "server/ops/logging.h"
#include "server/ops/metrics.h"
#include "loginlimiter.h"
#include "passwordhasher.h"
#include "requestauth.h"
#include "sessionstore.h"
#include "server/storage/settingsstore.h"
#include "userstore.h"

#include <QFuture>
#include <QHttpServer>
#include <QJsonArray>
#include <QtConcurrent/QtConcurrentRun>

namespace Tessera::Server {

using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;

namespace {

QHttpServerResponse bad(const QString &message, Core::ErrorCode code = Core::ErrorCode::RequestInvalidField)
{
    return HttpReply::error(Status::BadRequest, code, message);
}

QJsonObject userJson(const Core::User &u)
{
    return u.toJson();
}

QByteArray seconds(qint64 ms)
{
    return QByteArray::number(std::max<qint64>(1, (ms + 999) / 1000));
}

QHttpServerResponse hashingBusy()
{
    auto r = HttpReply::error(Status::ServiceUnavailable, Core::ErrorCode::ServerUnavailable,
                              QStringLiteral("the server is busy checking passwords; retry in a moment"));
    r.addHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
    return r;
}

} // namespace

template<typename Job, typename Make>
void AuthRoutes::hashThenReply(QHttpServerResponder &&responder, Job job, Make make)
{
    if (hashQueueFull()) {
        m_s.metrics.refused.add(QByteArrayLiteral("hash_queue_full"));
        HttpReply::send(std::move(responder), hashingBusy());
        return;
    }
    ++m_hashJobs;
    HttpReply::whenDone(this, std::move(responder), QtConcurrent::run(&m_hashPool, std::move(job)),
                        [this, make = std::move(make)](auto result) {
                            --m_hashJobs;
                            return make(std::move(result));
                        });
}

AuthRoutes::AuthRoutes(QHttpServer &http, Services services, QObject *parent) : QObject(parent), m_s(services)
{
    m_hashPool.setMaxThreadCount(2); // bounded: a login flood queues instead of eating every core
    registerAccountRoutes(http);
    registerAdminRoutes(http);
}

void AuthRoutes::registerAccountRoutes(QHttpServer &http)
{
    http.route(Core::Routes::login(), Method::Post, [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        auto body = HttpReply::parseJsonBody(request, 16 * 1024);
        if (body.error)
            return HttpReply::send(std::move(responder), std::move(*body.error));
        Core::JsonReader r(body.object);
        const QString login = r.string(QStringLiteral("login"), Core::JsonReader::Required, 64).trimmed().toLower();
        const QString password = r.string(QStringLiteral("password"), Core::JsonReader::Required, 1024);
        if (!r.ok())
            return HttpReply::send(std::move(responder), bad(r.error().message));
        const QString address = m_s.auth.clientAddress(request);
        if (hashQueueFull()) {
            m_s.metrics.refused.add(QByteArrayLiteral("hash_queue_full"));
            return HttpReply::send(std::move(responder), hashingBusy());
        }
        const auto user = m_s.users.byLogin(login);
        const bool canSignIn = user && !user->disabled;
        // Counted now, before the (slow) check: parallel guesses meet the limit too.
        if (!m_s.limiter.begin(login, address, canSignIn)) {
            m_s.metrics.throttled.add(QByteArrayLiteral("login"));
            m_s.audit.recordThrottled(login, address);
            qCDebug(lcAuth, "sign-in for '%s' from %s refused by the throttle", qPrintable(login), qPrintable(address));
            auto refused = HttpReply::error(Status::TooManyRequests, Core::ErrorCode::RateLimited,
                                            QStringLiteral("too many sign-in attempts; wait a few minutes"));
            refused.addHeader(QByteArrayLiteral("Retry-After"), seconds(m_s.limiter.retryAfterMs(login, address, canSignIn)));
            return HttpReply::send(std::move(responder), std::move(refused));
        }
        const QString hash = canSignIn ? m_s.users.passwordHash(user->id) : QString();
        hashThenReply(std::move(responder), [hash, password] {
                   if (hash.isEmpty()) {
                       PasswordHasher::burnDummyVerify(password); // same cost as a real check
                       return std::pair<bool, bool>(false, false);
                   }
                   return std::pair<bool, bool>(PasswordHasher::verify(hash, password), PasswordHasher::needsRehash(hash));
               },
                [this, user, login, address, password](std::pair<bool, bool> result) {
                    if (!result.first) {
                        m_s.audit.record(user ? user->id : QString(), QStringLiteral("login.failed"), login, address);
                        return HttpReply::error(Status::Unauthorized, Core::ErrorCode::AuthInvalidCredentials,
                                                QStringLiteral("wrong login or password"));
                    }
                    m_s.limiter.succeeded(login, address);
                    if (result.second)
                        m_s.users.setPasswordHash(user->id, PasswordHasher::hash(password));
                    const QString token = m_s.sessions.create(user->id, address);
                    if (token.isEmpty())
                        return HttpReply::error(Status::ServiceUnavailable, Core::ErrorCode::ServerUnavailable,
                                                QStringLiteral("could not start a session; try again"));
                    m_s.audit.record(user->id, QStringLiteral("login"), user->login, address);
                    return HttpReply::json(Core::LoginReply { token, *user }.toJson());
                });
    });

    http.route(Core::Routes::logout(), Method::Post, [this](const QHttpServerRequest &request) {
        const auto ctx = m_s.auth.authenticate(request);
        if (!ctx)
            return RequestAuth::unauthorized();
        m_s.sessions.revoke(ctx->sessionId);
        m_s.audit.record(ctx->user.id, QStringLiteral("session.revoked"), QStringLiteral("logout"), ctx->address);
        return HttpReply::json({ { QStringLiteral("ok"), true } });
    });

    http.route(Core::Routes::me(), Method::Get, [this](const QHttpServerRequest &request) {
        const auto ctx = m_s.auth.authenticate(request);
        if (!ctx)
            return RequestAuth::unauthorized();
        return HttpReply::json({ { QStringLiteral("user"), userJson(ctx->user) } });
    });

    http.route(Core::Routes::me(), Method::Patch, [this](const QHttpServerRequest &request) {
        const auto ctx = m_s.auth.authenticate(request);
        if (!ctx)
            return RequestAuth::unauthorized();
        auto body = HttpReply::parseJsonBody(request, 16 * 1024);
        if (body.error)
            return std::move(*body.error);
        Core::JsonReader r(body.object);
        const QString name = r.string(QStringLiteral("displayName"), Core::JsonReader::Required, 128).trimmed();
        if (!r.ok() || name.isEmpty())
            return bad(r.ok() ? QStringLiteral("a display name cannot be empty") : r.error().message);
        if (const QString why = UserStore::validateDisplayName(name); !why.isEmpty())
            return bad(why);
        m_s.users.setDisplayName(ctx->user.id, name);
        return HttpReply::json({ { QStringLiteral("user"), userJson(*m_s.users.byId(ctx->user.id)) } });
    });

    http.route(Core::Routes::mePassword(), Method::Post, [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        const auto ctx = m_s.auth.authenticate(request);
        if (!ctx)
            return HttpReply::send(std::move(responder), RequestAuth::unauthorized());
        auto body = HttpReply::parseJsonBody(request, 16 * 1024);
        if (body.error)
            return HttpReply::send(std::move(responder), std::move(*body.error));
        Core::JsonReader r(body.object);
        const QString current = r.string(QStringLiteral("currentPassword"), Core::JsonReader::Required, 1024);
        const QString next = r.string(QStringLiteral("newPassword"), Core::JsonReader::Required, 1024);
        if (!r.ok())
            return HttpReply::send(std::move(responder), bad(r.error().message));
        if (const QString why = UserStore::validatePassword(next, { ctx->user.login, ctx->user.displayName }); !why.isEmpty())
            return HttpReply::send(std::move(responder), bad(why));
        const QString hash = m_s.users.passwordHash(ctx->user.id);
        const QString userId = ctx->user.id;
        const QString sessionId = ctx->sessionId;
        const QString address = ctx->address;
        hashThenReply(std::move(responder), [hash, current, next] {
                   return PasswordHasher::verify(hash, current) ? PasswordHasher::hash(next) : QString();
               },
                [this, userId, sessionId, address](const QString &newHash) {
                    if (newHash.isEmpty())
                        return HttpReply::error(Status::Forbidden, Core::ErrorCode::AuthInvalidCredentials,
                                                QStringLiteral("the current password is wrong"));
                    m_s.users.setPasswordHash(userId, newHash);
                    // Whoever else knew the old password is signed out everywhere (their
                    // sockets close); the session that made the change stays.
                    const int ended = m_s.sessions.revokeOthers(userId, sessionId);
                    m_s.audit.record(userId, QStringLiteral("password.changed"), userId, address,
                                     QStringLiteral("%1 other session(s) ended").arg(ended));
                    return HttpReply::json({ { QStringLiteral("ok"), true } });
                });
    });

    http.route(Core::Routes::users(), Method::Get, [this](const QHttpServerRequest &request) {
        if (!m_s.auth.authenticate(request))
            return RequestAuth::unauthorized();
        Core::UserList directory; // who is there: id, login and name only
        for (const Core::User &u : m_s.users.all(false))
            directory.users.append(Core::User { u.id, u.login, u.displayName, false, false });
        return HttpReply::json(directory.toJson());
    });

    http.route(Core::Routes::registration(), Method::Post, [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        if (!m_s.settings.registrationOpen())
            return HttpReply::send(std::move(responder), HttpReply::error(Status::Forbidden, Core::ErrorCode::RegistrationClosed,
                                          QStringLiteral("registration is closed; ask an admin for an account")));
        auto body = HttpReply::parseJsonBody(request, 16 * 1024);
        if (body.error)
            return HttpReply::send(std::move(responder), std::move(*body.error));
        Core::JsonReader r(body.object);
        const QString login = r.string(QStringLiteral("login"), Core::JsonReader::Required, 64);
        const QString password = r.string(QStringLiteral("password"), Core::JsonReader::Required, 1024);
        const QString name = r.string(QStringLiteral("displayName"), Core::JsonReader::Optional, 128);
        if (!r.ok())
            return HttpReply::send(std::move(responder), bad(r.error().message));
        if (const QString why = m_s.users.checkNew(login, password, name); !why.isEmpty())
            return HttpReply::send(std::move(responder), HttpReply::error(Status::UnprocessableEntity, Core::ErrorCode::UserInvalid, why));
        const QString address = m_s.auth.clientAddress(request);
        hashThenReply(std::move(responder), [password] { return PasswordHasher::hash(password); },
                [this, login, name, address](const QString &hash) {
                    const auto created = m_s.users.createWithHash(login, hash, name, false);
                    if (!created.user)
                        return HttpReply::error(Status::UnprocessableEntity, Core::ErrorCode::UserInvalid, created.error);
                    m_s.audit.record(created.user->id, QStringLiteral("user.registered"), created.user->login, address);
                    const QString token = m_s.sessions.create(created.user->id, address);
                    return HttpReply::json(Core::LoginReply { token, *created.user }.toJson(),
                                           Status::Created);
                });
    });
}

void AuthRoutes::registerAdminRoutes(QHttpServer &http)
{
    const auto admin = [this](const QHttpServerRequest &request) -> std::optional<AuthContext> {
        auto ctx = m_s.auth.authenticate(request);
        if (ctx && ctx->user.admin)
            return ctx;
        return std::nullopt;
    };
    const auto denied = [this](const QHttpServerRequest &request) {
        return m_s.auth.authenticate(request) ? RequestAuth::forbidden(QStringLiteral("server admins only"))
                                              : RequestAuth::unauthorized();
    };

    http.route(Core::Routes::adminUsers(), Method::Get, [this, admin, denied](const QHttpServerRequest &request) {
        if (!admin(request))
            return denied(request);
        return HttpReply::json(Core::UserList { m_s.users.all(true) }.toJson());
    });

    http.route(Core::Routes::adminUsers(), Method::Post, [this, admin, denied](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        const auto ctx = admin(request);
        if (!ctx)
            return HttpReply::send(std::move(responder), denied(request));
        auto body = HttpReply::parseJsonBody(request, 16 * 1024);
        if (body.error)
            return HttpReply::send(std::move(responder), std::move(*body.error));
        Core::JsonReader r(body.object);
        const QString login = r.string(QStringLiteral("login"), Core::JsonReader::Required, 64);
        const QString password = r.string(QStringLiteral("password"), Core::JsonReader::Required, 1024);
        const QString name = r.string(QStringLiteral("displayName"), Core::JsonReader::Optional, 128);
        const bool makeAdmin = r.boolean(QStringLiteral("admin"), Core::JsonReader::Optional);
        if (!r.ok())
            return HttpReply::send(std::move(responder), bad(r.error().message));
        if (const QString why = m_s.users.checkNew(login, password, name); !why.isEmpty())
            return HttpReply::send(std::move(responder), HttpReply::error(Status::UnprocessableEntity, Core::ErrorCode::UserInvalid, why));
        const AuthContext who = *ctx;
        hashThenReply(std::move(responder), [password] { return PasswordHasher::hash(password); },
                [this, login, name, makeAdmin, who](const QString &hash) {
                    const auto created = m_s.users.createWithHash(login, hash, name, makeAdmin);
                    if (!created.user)
                        return HttpReply::error(Status::UnprocessableEntity, Core::ErrorCode::UserInvalid, created.error);
                    m_s.audit.record(who.user.id, QStringLiteral("admin.user.created"), created.user->id, who.address,
                                     makeAdmin ? QStringLiteral("admin") : QString());
                    return HttpReply::json({ { QStringLiteral("user"), created.user->toJson() } }, Status::Created);
                });
    });

    http.route(Core::Routes::Pattern::adminUser(), Method::Patch,
               [this, admin, denied](const QString &userId, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                   const auto ctx = admin(request);
                   if (!ctx)
                       return HttpReply::send(std::move(responder), denied(request));
                   if (!m_s.users.byId(userId))
                       return HttpReply::send(std::move(responder), HttpReply::error(Status::NotFound, Core::ErrorCode::NotFound, QStringLiteral("unknown user")));
                   auto body = HttpReply::parseJsonBody(request, 16 * 1024);
                   if (body.error)
                       return HttpReply::send(std::move(responder), std::move(*body.error));
                   Core::JsonReader r(body.object);
                   const bool hasDisabled = r.has(QStringLiteral("disabled"));
                   const bool disabled = r.boolean(QStringLiteral("disabled"), Core::JsonReader::Optional);
                   const bool hasAdmin = r.has(QStringLiteral("admin"));
                   const bool makeAdmin = r.boolean(QStringLiteral("admin"), Core::JsonReader::Optional);
                   const QString name = r.string(QStringLiteral("displayName"), Core::JsonReader::Optional, 128);
                   const QString password = r.string(QStringLiteral("password"), Core::JsonReader::Optional, 1024);
                   if (!r.ok())
                       return HttpReply::send(std::move(responder), bad(r.error().message));
                   const auto target = m_s.users.byId(userId);
                   if (r.has(QStringLiteral("password")))
                       if (const QString why = UserStore::validatePassword(password, { target->login, target->displayName });
                           !why.isEmpty())
                           return HttpReply::send(std::move(responder), bad(why));
                   if (const QString why = UserStore::validateDisplayName(name.trimmed()); !why.isEmpty())
                       return HttpReply::send(std::move(responder), bad(why));
                   if (userId == ctx->user.id && ((hasDisabled && disabled) || (hasAdmin && !makeAdmin)))
                       return HttpReply::send(std::move(responder), HttpReply::error(Status::UnprocessableEntity, Core::ErrorCode::RequestInvalid,
                                                     QStringLiteral("you cannot disable yourself or drop your own admin rights")));
                   const AuthContext who = *ctx;
                   const bool resetPassword = r.has(QStringLiteral("password"));
                   hashThenReply(std::move(responder), [password, resetPassword] {
                              return resetPassword ? PasswordHasher::hash(password) : QString();
                          },
                           [=, this](const QString &hash) {
                               if (hasDisabled) {
                                   m_s.users.setDisabled(userId, disabled);
                                   m_s.audit.record(who.user.id, disabled ? QStringLiteral("admin.user.disabled")
                                                                          : QStringLiteral("admin.user.enabled"),
                                                    userId, who.address);
                                   if (disabled) {
                                       m_s.sessions.revokeAllOf(userId);
                                       Q_EMIT userDisabled(userId);
                                   }
                               }
                               if (hasAdmin) {
                                   m_s.users.setAdmin(userId, makeAdmin);
                                   m_s.audit.record(who.user.id, makeAdmin ? QStringLiteral("admin.granted") : QStringLiteral("admin.revoked"),
                                                    userId, who.address);
                               }
                               if (!name.trimmed().isEmpty())
                                   m_s.users.setDisplayName(userId, name);
                               if (!hash.isEmpty()) {
                                   m_s.users.setPasswordHash(userId, hash);
                                   m_s.sessions.revokeAllOf(userId);
                                   m_s.audit.record(who.user.id, QStringLiteral("admin.password.reset"), userId, who.address);
                               }
                               return HttpReply::json({ { QStringLiteral("user"), m_s.users.byId(userId)->toJson() } });
                           });
               });

    http.route(Core::Routes::adminSettings(), Method::Get, [this, admin, denied](const QHttpServerRequest &request) {
        if (!admin(request))
            return denied(request);
        return HttpReply::json({ { QStringLiteral("settings"), m_s.settings.toJson() } });
    });

    http.route(Core::Routes::adminSettings(), Method::Patch, [this, admin, denied](const QHttpServerRequest &request) {
        const auto ctx = admin(request);
        if (!ctx)
            return denied(request);
        auto body = HttpReply::parseJsonBody(request, 64 * 1024);
        if (body.error)
            return std::move(*body.error);
        if (const QString why = m_s.settings.update(body.object); !why.isEmpty())
            return HttpReply::error(Status::UnprocessableEntity, Core::ErrorCode::SettingsInvalid, why);
        m_s.audit.record(ctx->user.id, QStringLiteral("admin.settings.changed"), body.object.keys().join(QLatin1Char(',')),
                         ctx->address);
        return HttpReply::json({ { QStringLiteral("settings"), m_s.settings.toJson() } });
    });

    http.route(Core::Routes::adminAudit(), Method::Get, [this, admin, denied](const QHttpServerRequest &request) {
        if (!admin(request))
            return denied(request);
        QJsonArray entries;
        for (const AuditLog::Entry &e : m_s.audit.recent(500))
            entries.append(QJsonObject { { QStringLiteral("at"), e.at },         { QStringLiteral("actor"), e.actor },
                                         { QStringLiteral("action"), e.action }, { QStringLiteral("target"), e.target },
                                         { QStringLiteral("address"), e.address }, { QStringLiteral("detail"), e.detail } });
        return HttpReply::json({ { QStringLiteral("audit"), entries } });
    });
}

} // namespace Tessera::Server
