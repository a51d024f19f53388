#include "jobfeed.h"

#include "wsconnection.h"

namespace Tessera::Server {

void JobFeed::subscribe(WsConnection *connection, const Core::ClientMessage &message)
{
    const Core::StreamName name = Core::StreamName::parse(message.stream);
    const std::optional<QJsonObject> progress = m_lookup ? m_lookup(connection->userId(), name.id) : std::nullopt;
    if (!progress) {
        connection->sendError(Core::ErrorCode::StreamForbidden, QStringLiteral("you may not see this stream"), message.rid,
                              message.stream);
        return;
    }
    QList<QPointer<WsConnection>> &watchers = m_watchers[name.id];
    watchers.removeIf([connection](const QPointer<WsConnection> &c) { return !c || c == connection; });
    watchers.append(connection);
    Core::ServerMessage reply;
    reply.type = Core::ServerMessage::Type::Subscribed;
    reply.rid = message.rid;
    reply.stream = message.stream;
    reply.mode = Core::SubscribeMode::Live;
    connection->send(reply);
    Core::ServerMessage frame;
    frame.type = Core::ServerMessage::Type::Job;
    frame.stream = message.stream;
    frame.job = *progress;
    connection->send(frame);
}

void JobFeed::unsubscribe(WsConnection *connection, const Core::ClientMessage &message)
{
    const Core::StreamName name = Core::StreamName::parse(message.stream);
    auto it = m_watchers.find(name.id);
    if (it != m_watchers.end()) {
        it->removeIf([connection](const QPointer<WsConnection> &c) { return !c || c == connection; });
        if (it->isEmpty())
            m_watchers.erase(it);
    }
    Core::ServerMessage reply;
    reply.type = Core::ServerMessage::Type::Unsubscribed;
    reply.rid = message.rid;
    reply.stream = message.stream;
    connection->send(reply);
}

void JobFeed::publish(const QString &jobId, const QJsonObject &progress)
{
    deliver(jobId, progress);
    Q_EMIT published(jobId, progress);
}

void JobFeed::deliver(const QString &jobId, const QJsonObject &progress)
{
    auto it = m_watchers.find(jobId);
    if (it == m_watchers.end())
        return;
    it->removeIf([](const QPointer<WsConnection> &c) { return !c || !c->isOpen(); });
    if (it->isEmpty()) {
        m_watchers.erase(it);
        return;
    }
    Core::ServerMessage frame;
    frame.type = Core::ServerMessage::Type::Job;
    frame.stream = Core::StreamName::job(jobId);
    frame.job = progress;
    const QByteArray bytes = frame.encode();
    for (const QPointer<WsConnection> &c : std::as_const(*it))
        c->sendShared(bytes);
}

} // namespace Tessera::Server
