#pragma once

#include "transportlimits.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <functional>

class QHttpServer;

namespace Tessera::Server {

class AccessLog;
class Database;
class HealthCheck;
class HttpGuard;
class Metrics;
class TrustedProxies;

// The HTTP front end: owns the QHttpServer, registers the API's own routes on it and
// listens through an HttpGuard, which enforces the transport limits before QHttpServer
// reads a request. Every 429 leaves with a Retry-After header.
class HttpApi final : public QObject
{
    Q_OBJECT
public:
    HttpApi(Database &database, Metrics &metrics, const TransportLimits &limits, QObject *parent = nullptr);
    ~HttpApi() override;

    // TLS on every connection (call before listen): the configuration's whole local
    // certificate chain is sent.
    void setTls(const QSslConfiguration &configuration);
    // Whether a WebSocket upgrade with this Origin may proceed (checked on every upgrade).
    void setOriginCheck(std::function<bool(const QString &origin)> check);
    // New transport limits while serving (see HttpGuard::setLimits).
    void setLimits(const TransportLimits &limits);
    // Listens on address:port (0 = any free port); returns the bound port or 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port);
    // One line per request to `log` (see AccessLog), the client by `proxies`; both must
    // outlive this. Call before listen.
    void setAccessLog(AccessLog *log, const TrustedProxies *proxies);
    // What GET /api/v1/health reports beyond "ok" (degraded: 503 with reasons); must outlive this.
    void setHealthCheck(const HealthCheck *health) { m_health = health; }
    QHttpServer &httpServer() { return *m_server; }
    const HttpGuard *guard() const { return m_guard; }

private:
    void registerRoutes();

    Database &m_database;
    Metrics &m_metrics;
    QHttpServer *m_server;
    HttpGuard *m_guard;
    const HealthCheck *m_health = nullptr;
    QElapsedTimer m_uptime;
};

} // namespace Tessera::Server
