#pragma once

#include "hub.h"
#include "jobfeed.h"
#include "server/ops/metrics.h"
#include "wslimits.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

class QHttpServer;

namespace Tessera::Server {

class BoardRepository;
class ClusterBus;
class CommandService;
class Database;
class InboxRepository;
class RequestAuth;
class SessionStore;
class SettingsStore;
class WsConnection;

// The WebSocket front: accepts upgrades on /ws of the HTTP server's own port (checking
// Origin against the admin's allowlist and capping sockets that have not said hello),
// authenticates hello, and dispatches frames: subscriptions and presence to the Hub,
// mutate to the CommandService, heads here. Closes sockets whose session or user ends,
// and all of them (with a randomized retry hint) at shutdown. Also serves GET /metrics.
class WsGateway final : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        Database &database;
        BoardRepository &boards;
        InboxRepository &inbox;
        CommandService &commands;
        RequestAuth &auth;
        SessionStore &sessions;
        SettingsStore &settings;
    };

    WsGateway(QHttpServer &http, Services services, const WsLimits &limits, Metrics &metrics, QObject *parent = nullptr);
    ~WsGateway() override;

    // Close every socket with 1001 (going away) and a reason of {"retryAfterMs":N},
    // N random in 0..5000, writing the close frames at once.
    void shutdown();
    void closeUser(const QString &userId);
    void closeSession(const QString &sessionId);
    // Closes the user's sockets except those of the session `keepSessionId` (a password
    // change ends the other sessions, not the one that made it).
    void closeSessionsOf(const QString &userId, const QString &keepSessionId);
    // New limits while serving (a reload): the admission caps (sockets per user and per
    // address, silent sockets) and sockets accepted from now on take them; open sockets
    // and the hub's watermarks and pages keep the values they started with.
    void setLimits(const WsLimits &limits) { m_limits = limits; }

    Metrics &metrics() { return m_metrics; }
    // For the admin status API: the open connections and the hub that knows their streams.
    QList<WsConnection *> connections() const { return m_connections.values(); }
    const Hub &hub() const { return m_hub; }
    // Nodes sharing a PostgreSQL database: the bus between them (nullptr on SQLite).
    ClusterBus *cluster() const { return m_cluster.get(); }
    // The `job:<id>` streams (background jobs' progress; server/jobs publishes).
    JobFeed &jobFeed() { return m_jobFeed; }

private:
    void closeWhere(const std::function<bool(const WsConnection *)> &ended);
    // Closes this node's sockets of what ended (ClusterBus::Ended) without telling the others.
    void closeEnded(int kind, const QString &id, const QString &keepSessionId);
    void onNewConnection();
    void onHello(WsConnection *connection, const Core::ClientMessage &hello);
    void onMessage(WsConnection *connection, const Core::ClientMessage &message);
    void mutate(WsConnection *connection, const Core::ClientMessage &message);
    void heads(WsConnection *connection, const Core::ClientMessage &message);
    bool originAllowed(const QString &origin) const;
    int unauthenticatedCount() const;
    // Pushes out the oldest sockets that have not said hello, past the per-address and
    // global caps (never `fresh`): silent sockets cannot lock real clients out.
    void enforceHelloCaps(const QString &address, const WsConnection *fresh);

    QHttpServer &m_http;
    Services m_s;
    WsLimits m_limits;
    Metrics &m_metrics;
    Hub m_hub;
    std::unique_ptr<ClusterBus> m_cluster; // several nodes on one PostgreSQL database
    JobFeed m_jobFeed;
    QHash<quint64, WsConnection *> m_connections;
};

} // namespace Tessera::Server
