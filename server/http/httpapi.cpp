#include "httpapi.h"

#include "core/protocol/commandoutcome.h"
#include "core/protocol/routes.h"

#include "httpguard.h"
#include "httpreply.h"
#include "server/ops/healthcheck.h"
#include "server/ops/metrics.h"
#include "server/storage/database.h"
#include "server/storage/settingsstore.h"

#include <QCoreApplication>
#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>

namespace Tessera::Server {

namespace {

// Seconds to put in Retry-After: from a rate_limited reject's retryAfterMs, else 1.
QByteArray retryAfterOf(const QHttpServerResponse &response)
{
    qint64 ms = 1000;
    const QJsonObject body = QJsonDocument::fromJson(response.data()).object();
    if (const auto outcome = Core::CommandOutcome::fromJson(body); outcome && outcome->retryAfterMs)
        ms = *outcome->retryAfterMs;
    return QByteArray::number(std::max<qint64>(1, (ms + 999) / 1000));
}

} // namespace

HttpApi::HttpApi(Database &database, Metrics &metrics, const TransportLimits &limits, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_metrics(metrics)
    , m_server(new QHttpServer(this))
    , m_guard(new HttpGuard(limits, metrics, this))
{
    m_uptime.start();
    m_metrics.httpConnections = [this] { return qint64(m_guard->connectionCount()); };
    m_metrics.httpPendingConnections = [this] { return qint64(m_guard->pendingCount()); };
    registerRoutes();
}

HttpApi::~HttpApi()
{
    m_metrics.httpConnections = nullptr;
    m_metrics.httpPendingConnections = nullptr;
}

void HttpApi::setTls(const QSslConfiguration &configuration)
{
    m_guard->setTls(configuration);
}

void HttpApi::setOriginCheck(std::function<bool(const QString &)> check)
{
    m_guard->setOriginCheck(std::move(check));
}

void HttpApi::setAccessLog(AccessLog *log, const TrustedProxies *proxies)
{
    m_guard->setAccessLog(log, proxies);
}

void HttpApi::setLimits(const TransportLimits &limits)
{
    m_guard->setLimits(limits);
}

quint16 HttpApi::listen(const QHostAddress &address, quint16 port)
{
    if (!m_guard->listen(address, port))
        return 0;
    m_server->bind(m_guard); // QHttpServer sees only what the guard lets through
    return m_guard->serverPort();
}

void HttpApi::registerRoutes()
{
    // Degraded (low disk, a failed write) answers 503: monitors alert on non-2xx, and a
    // load balancer stops sending writes to a server that cannot keep them.
    m_server->route(Core::Routes::health(), QHttpServerRequest::Method::Get, [this] {
        const HealthCheck::Report health = m_health ? m_health->check() : HealthCheck::Report {};
        QJsonObject body { { QStringLiteral("status"), health.ok ? QStringLiteral("ok") : QStringLiteral("degraded") },
                           { QStringLiteral("version"), QCoreApplication::applicationVersion() },
                           { QStringLiteral("schema"), m_database.schemaVersion() },
                           { QStringLiteral("epoch"), m_database.epoch() },
                           { QStringLiteral("uptimeSeconds"), double(m_uptime.elapsed() / 1000) },
                           // clients that cannot hold a WebSocket poll this often (admin setting)
                           { QStringLiteral("pollingIntervalSeconds"),
                             SettingsStore(m_database.db()).pollingIntervalSeconds() } };
        if (health.ok)
            return HttpReply::json(body);
        body.insert(QStringLiteral("reasons"), QJsonArray::fromStringList(health.reasons));
        return HttpReply::json(body, QHttpServerResponse::StatusCode::ServiceUnavailable);
    });
    m_server->afterRequest([](QHttpServerResponse &&response) {
        response.addHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
        // Every rate-limited answer says when to come back.
        if (response.statusCode() == QHttpServerResponse::StatusCode::TooManyRequests
            && !response.hasHeader(QByteArrayLiteral("Retry-After")))
            response.addHeader(QByteArrayLiteral("Retry-After"), retryAfterOf(response));
        return std::move(response);
    });
}

} // namespace Tessera::Server
