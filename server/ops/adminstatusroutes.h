#pragma once

#include <QObject>

class QHttpServer;

namespace Tessera::Server {

class Database;
class RequestAuth;
class UserStore;
class WsGateway;

// GET /api/v1/admin/connections (server admins only): the connected WebSocket clients
// (user, address, since, subscribed streams) and each board's activity (head seq, events
// committed in the last hour). Read-only; for the admin page of the desktop client.
class AdminStatusRoutes final : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        Database &database;
        RequestAuth &auth;
        UserStore &users;
        WsGateway &live;
    };

    AdminStatusRoutes(QHttpServer &http, Services services, QObject *parent = nullptr);

private:
    Services m_s;
};

} // namespace Tessera::Server
