#include "wsgateway.h"

#include "clusterbus.h"
#include "server/envlimit.h"
#include "server/storage/database.h"

#include "core/protocol/routes.h"

#include "server/storage/boardrepository.h"
#include "server/commands/commandservice.h"
#include "server/storage/database.h"
#include "server/http/httpreply.h"
#include "server/ops/logging.h"
#include "server/storage/inboxrepository.h"
#include "server/accounts/requestauth.h"
#include "server/accounts/sessionstore.h"
#include "server/storage/settingsstore.h"
#include "wsconnection.h"

#include "core/protocol/limits.h"

#include <QHttpServer>
#include <QJsonDocument>
#include <QPointer>
#include <QRandomGenerator>
#include <QWebSocket>

namespace Tessera::Server {

WsGateway::WsGateway(QHttpServer &http, Services services, const WsLimits &limits, Metrics &metrics, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_s(services)
    , m_limits(limits)
    , m_metrics(metrics)
    , m_hub({ services.database, services.boards, services.inbox, services.settings }, m_limits, m_metrics)
{
    m_metrics.connectedClients = [this] { return qint64(m_connections.size() - unauthenticatedCount()); };
    m_metrics.subscriptions = [this] { return m_hub.subscriptionCount(); };
    m_metrics.laggingClients = [this] { return m_hub.laggingCount(); };
    m_metrics.bufferedBytes = [this] {
        qint64 n = 0;
        for (const WsConnection *c : std::as_const(m_connections))
            n += c->bytesToWrite();
        return n;
    };

    // Qt 6.4: the upgrade is only taken over for a path whose route takes the responder
    // and writes nothing. A refused Origin never gets here: HttpGuard answers it with a
    // single 403 before QHttpServer sees the request (a 403 written here would be
    // followed by Qt's 101).
    http.route(Core::Routes::socket(), [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        if (request.value(QByteArrayLiteral("upgrade")).compare(QByteArrayLiteral("websocket"), Qt::CaseInsensitive) != 0) {
            HttpReply::send(std::move(responder),
                            HttpReply::error(QHttpServerResponse::StatusCode::UpgradeRequired, Core::ErrorCode::RequestUpgradeRequired,
                                             QStringLiteral("/ws is a WebSocket endpoint")));
        }
    });
    connect(&http, &QAbstractHttpServer::newWebSocketConnection, this, &WsGateway::onNewConnection);
    connect(&m_s.commands, &CommandService::boardEventsCommitted, &m_hub, [this](const QString &boardId, const Core::EventList &events) {
        m_hub.onBoardEvents(boardId, events, m_s.commands.committingBackground());
    });
    connect(&m_s.commands, &CommandService::inboxEventsCommitted, &m_hub, &Hub::onInboxEvents);
    if (m_s.database.isPostgres()) {
        int headsMs = ClusterBus::DefaultHeadsIntervalMs;
        readEnvLimit("TESSERA_CLUSTER_", "HEADS_INTERVAL_MS", headsMs, 100);
        m_cluster = std::make_unique<ClusterBus>(m_s.database, m_hub, m_s.commands, headsMs);
        const ClusterBus *cluster = m_cluster.get();
        m_metrics.clusterListening = [cluster] { return cluster->listening() ? 1 : 0; };
        m_metrics.clusterHintsReceived = [cluster] { return qint64(cluster->hintsReceived()); };
        m_metrics.clusterStreamsRecovered = [cluster] { return qint64(cluster->streamsRecovered()); };
        connect(&m_jobFeed, &JobFeed::published, m_cluster.get(), &ClusterBus::publishJobProgress);
        connect(m_cluster.get(), &ClusterBus::jobProgressElsewhere, &m_jobFeed, &JobFeed::deliver);
        connect(m_cluster.get(), &ClusterBus::endedElsewhere, this,
                [this](ClusterBus::Ended kind, const QString &id, const QString &keep) { closeEnded(int(kind), id, keep); });
    }
    connect(&m_s.sessions, &SessionStore::sessionRevoked, this, &WsGateway::closeSession);
    connect(&m_s.sessions, &SessionStore::userSessionsRevoked, this, &WsGateway::closeUser);
    connect(&m_s.sessions, &SessionStore::otherSessionsRevoked, this, &WsGateway::closeSessionsOf);
}

WsGateway::~WsGateway()
{
    m_metrics.connectedClients = nullptr;
    m_metrics.subscriptions = nullptr;
    m_metrics.laggingClients = nullptr;
    m_metrics.bufferedBytes = nullptr;
    m_metrics.clusterListening = nullptr;
    m_metrics.clusterHintsReceived = nullptr;
    m_metrics.clusterStreamsRecovered = nullptr;
    for (WsConnection *c : std::as_const(m_connections))
        c->disconnect(this);
}

bool WsGateway::originAllowed(const QString &origin) const
{
    return m_s.settings.originAllowlist().contains(origin);
}

int WsGateway::unauthenticatedCount() const
{
    int n = 0;
    for (const WsConnection *c : m_connections)
        n += c->authenticated() ? 0 : 1;
    return n;
}

void WsGateway::onNewConnection()
{
    while (auto socket = m_http.nextPendingWebSocketConnection()) {
        QWebSocket *raw = socket.release();
        // The upgrade request's headers come with the socket: a trusted proxy's
        // X-Forwarded-For names the client whose caps apply.
        const QString client = m_s.auth.proxies().clientAddress(
                raw->peerAddress(), raw->request().rawHeader(QByteArrayLiteral("X-Forwarded-For")));
        auto *connection = new WsConnection(raw, client, m_limits, this);
        const QString origin = raw->origin();
        if (!origin.isEmpty() && !originAllowed(origin)) {
            m_metrics.refused.add(QByteArrayLiteral("origin_forbidden"));
            connection->abort();
            connection->deleteLater();
            continue;
        }
        const QString address = connection->clientAddress();
        int fromAddress = 0;
        for (const WsConnection *c : std::as_const(m_connections))
            fromAddress += c->isOpen() && c->clientAddress() == address ? 1 : 0;
        if (fromAddress >= m_limits.maxSocketsPerAddress) {
            m_metrics.refused.add(QByteArrayLiteral("ws_address_cap"));
            qCDebug(lcLive, "WebSocket from %s refused: %d open from that address", qPrintable(address), fromAddress);
            connection->sendError(Core::ErrorCode::RateLimited,
                                  QStringLiteral("too many connections from your address (at most %1)").arg(m_limits.maxSocketsPerAddress));
            connection->closeWith(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many connections"));
            connect(connection, &WsConnection::closed, connection, &QObject::deleteLater);
            continue;
        }
        ++m_metrics.connectionsTotal;
        m_connections.insert(connection->id(), connection);
        connect(connection, &WsConnection::helloReceived, this,
                [this, connection](const Core::ClientMessage &m) { onHello(connection, m); });
        connect(connection, &WsConnection::messageReceived, this,
                [this, connection](const Core::ClientMessage &m) { onMessage(connection, m); });
        connect(connection, &WsConnection::throttled, this, [this] { m_metrics.throttled.add(QByteArrayLiteral("ws_frame")); });
        connect(connection, &WsConnection::closeTimedOut, this,
                [this] { m_metrics.aborted.add(QByteArrayLiteral("ws_close_timeout")); });
        connect(connection, &WsConnection::closed, this, [this, connection] {
            m_hub.detach(connection);
            m_connections.remove(connection->id());
            connection->deleteLater();
        });
        enforceHelloCaps(address, connection);
    }
}

void WsGateway::enforceHelloCaps(const QString &address, const WsConnection *fresh)
{
    const auto oldestSilent = [this, fresh](const QString &onlyAddress, int *silent) {
        WsConnection *oldest = nullptr;
        *silent = 0;
        for (WsConnection *c : std::as_const(m_connections)) {
            if (c->authenticated() || !c->isOpen() || (!onlyAddress.isEmpty() && c->clientAddress() != onlyAddress))
                continue;
            ++*silent;
            if (c != fresh && (!oldest || c->openedMsAgo() > oldest->openedMsAgo()))
                oldest = c;
        }
        return oldest;
    };
    for (const QString &scope : { address, QString() }) {
        const int cap = scope.isEmpty() ? m_limits.maxUnauthenticated : m_limits.maxUnauthenticatedPerAddress;
        for (;;) {
            int silent = 0;
            WsConnection *oldest = oldestSilent(scope, &silent);
            if (silent <= cap || !oldest)
                break;
            m_metrics.aborted.add(QByteArrayLiteral("ws_hello_evicted"));
            oldest->abort(); // its closed() removes it from m_connections (deferred delete)
        }
    }
}

void WsGateway::onHello(WsConnection *connection, const Core::ClientMessage &hello)
{
    const auto who = m_s.auth.authenticateToken(hello.token, connection->clientAddress());
    if (!who && RequestAuth::lastFailureWasDatabase()) { // no verdict on the token: come back
        connection->sendError(Core::ErrorCode::ServerUnavailable, QStringLiteral("the database cannot be reached"), hello.rid);
        connection->closeWith(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("{\"retryAfterMs\":2000}"));
        return;
    }
    if (!who) {
        connection->sendError(Core::ErrorCode::AuthInvalidToken, QStringLiteral("unknown, expired or revoked token"), hello.rid);
        connection->closeWith(WsConnection::AuthFailed, QStringLiteral("invalid token"));
        return;
    }
    int ofUser = 0;
    for (const WsConnection *c : std::as_const(m_connections))
        ofUser += c->authenticated() && c->isOpen() && c->userId() == who->user.id ? 1 : 0;
    if (ofUser >= m_limits.maxSocketsPerUser) {
        m_metrics.refused.add(QByteArrayLiteral("ws_user_cap"));
        connection->sendError(Core::ErrorCode::RateLimited,
                              QStringLiteral("too many connections for this user (at most %1)").arg(m_limits.maxSocketsPerUser),
                              hello.rid);
        connection->closeWith(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many connections"));
        return;
    }
    Core::ServerMessage welcome;
    welcome.type = Core::ServerMessage::Type::Welcome;
    welcome.rid = hello.rid;
    welcome.user = who->user;
    welcome.maxMessageBytes = Core::Limits::maxMessageBytes;
    welcome.batchWindowMs = m_s.settings.batchWindowMs();
    connection->accept(*who, welcome);
    m_hub.attach(connection);
}

void WsGateway::onMessage(WsConnection *connection, const Core::ClientMessage &message)
{
    using Type = Core::ClientMessage::Type;
    switch (message.type) {
    case Type::Subscribe:
        if (Core::StreamName::parse(message.stream).kind == Core::StreamName::Kind::Job)
            return m_jobFeed.subscribe(connection, message);
        return m_hub.subscribe(connection, message);
    case Type::Unsubscribe:
        if (Core::StreamName::parse(message.stream).kind == Core::StreamName::Kind::Job)
            return m_jobFeed.unsubscribe(connection, message);
        return m_hub.unsubscribe(connection, message);
    case Type::Presence:
        return m_hub.presence(connection, message);
    case Type::Mutate:
        return mutate(connection, message);
    case Type::Heads:
        return heads(connection, message);
    case Type::Hello:
        break;
    }
}

void WsGateway::mutate(WsConnection *connection, const Core::ClientMessage &message)
{
    QPointer<WsConnection> target(connection);
    const std::optional<qint64> rid = message.rid;
    m_s.commands.submit(connection->userId(), message.command, [this, target, rid](const CommandResult &r) {
        if (!target || !target->isOpen())
            return;
        // The outcome's one codec: ack, reject, or an error frame naming the rid.
        const Core::ServerMessage reply = Core::ServerMessage::fromOutcome(r, rid);
        target->send(reply);
    });
}

void WsGateway::heads(WsConnection *connection, const Core::ClientMessage &message)
{
    m_s.commands.flush();
    ReadTransaction tx(m_s.database.db());
    Core::ServerMessage reply;
    reply.type = Core::ServerMessage::Type::Heads;
    reply.rid = message.rid;
    for (const QString &stream : message.streams) {
        const Core::StreamName name = Core::StreamName::parse(stream);
        if (name.kind == Core::StreamName::Kind::Inbox) {
            reply.heads.insert(stream, m_s.inbox.head(connection->userId()));
        } else if (name.kind == Core::StreamName::Kind::Board
                   && m_s.boards.roleOf(name.id, connection->userId()) != Core::Role::None) {
            reply.heads.insert(stream, m_s.boards.heads(name.id).value_or(BoardRepository::Heads {}).head);
        } else {
            connection->sendError(Core::ErrorCode::StreamForbidden, QStringLiteral("you may not see this stream"), message.rid,
                                  stream);
            return;
        }
    }
    connection->send(reply);
}

void WsGateway::closeWhere(const std::function<bool(const WsConnection *)> &ended)
{
    const auto all = m_connections.values();
    for (WsConnection *c : all) {
        if (c->authenticated() && ended(c))
            c->closeWith(WsConnection::AuthFailed, QStringLiteral("session ended"));
    }
}

void WsGateway::closeEnded(int kind, const QString &id, const QString &keepSessionId)
{
    switch (ClusterBus::Ended(kind)) {
    case ClusterBus::Ended::User:
        return closeWhere([&id](const WsConnection *c) { return c->userId() == id; });
    case ClusterBus::Ended::OthersOf:
        return closeWhere([&](const WsConnection *c) { return c->userId() == id && c->who().sessionId != keepSessionId; });
    case ClusterBus::Ended::Session:
        return closeWhere([&id](const WsConnection *c) { return c->who().sessionId == id; });
    }
}

void WsGateway::closeUser(const QString &userId)
{
    closeEnded(int(ClusterBus::Ended::User), userId, QString());
    if (m_cluster) // the user's sockets on the other nodes end too
        m_cluster->publishEnded(ClusterBus::Ended::User, userId);
}

void WsGateway::closeSessionsOf(const QString &userId, const QString &keepSessionId)
{
    closeEnded(int(ClusterBus::Ended::OthersOf), userId, keepSessionId);
    if (m_cluster)
        m_cluster->publishEnded(ClusterBus::Ended::OthersOf, userId, keepSessionId);
}

void WsGateway::closeSession(const QString &sessionId)
{
    closeEnded(int(ClusterBus::Ended::Session), sessionId, QString());
    if (m_cluster)
        m_cluster->publishEnded(ClusterBus::Ended::Session, sessionId);
}

void WsGateway::shutdown()
{
    const auto all = m_connections.values();
    for (WsConnection *c : all) {
        // Spread over 10 s so that no second of the comeback holds more than about a tenth
        // of the clients (over 5 s, a fifth on average: the busiest second had more).
        const int retryAfterMs = int(QRandomGenerator::global()->bounded(10001));
        const QString reason = QString::fromUtf8(
                QJsonDocument(QJsonObject { { QStringLiteral("retryAfterMs"), retryAfterMs } }).toJson(QJsonDocument::Compact));
        c->disconnect(this);
        c->closeNow(QWebSocketProtocol::CloseCodeGoingAway, reason);
    }
    m_connections.clear();
}

} // namespace Tessera::Server
