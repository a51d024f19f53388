#include "httpapi.h"

#include "core/protocol/commandoutcome.h"
#include "core/protocol/routes.h"

#include "httpguard.h"
#include "httpreply.h"
#include "server/ops/metrics.h"
#include "server/storage/database.h"
#include "server/storage/settingsstore.h"

#include <QCoreApplication>
#include <QHttpServer>
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
    m_server->route(Core::Routes::health(), QHttpServerRequest::Method::Get, [this] {
        return HttpReply::json({ { QStringLiteral("status"), QStringLiteral("ok") },
                                 { QStringLiteral("version"), QCoreApplication::applicationVersion() },
                                 { QStringLiteral("schema"), m_database.schemaVersion() },
                                 { QStringLiteral("epoch"), m_database.epoch() },
                                 { QStringLiteral("uptimeSeconds"), double(m_uptime.elapsed() / 1000) },
                                 // clients that cannot hold a WebSocket poll this often (admin setting)
                                 { QStringLiteral("pollingIntervalSeconds"),
                                   SettingsStore(m_database.db()).pollingIntervalSeconds() } });
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
