#include "httpapi.h"

#include "core/protocol/routes.h"

#include "server/storage/database.h"
#include "httpreply.h"
#include "server/storage/settingsstore.h"

#include <QCoreApplication>
#include <QHttpServer>

namespace Tessera::Server {

HttpApi::HttpApi(Database &database, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_server(new QHttpServer(this))
{
    m_uptime.start();
    registerRoutes();
}

HttpApi::~HttpApi() = default;

quint16 HttpApi::listen(const QHostAddress &address, quint16 port)
{
    return m_server->listen(address, port);
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
        return std::move(response);
    });
}

} // namespace Tessera::Server
