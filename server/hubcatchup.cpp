// Hub: subscribing (authorization, snapshotRequired decisions) and catch-up from the
// log in pages, fenced by each stream's last fanned-out seq.
#include "boardrepository.h"
#include "batchcoalescer.h"
#include "database.h"
#include "hub.h"
#include "inboxrepository.h"
#include "wsconnection.h"

#include <QSqlQuery>

namespace Tessera::Server {

Hub::Stream *Hub::ensureStream(const QString &key, bool board, const QString &id, const QString &wire)
{
    auto it = m_streams.find(key);
    if (it != m_streams.end()) {
        flush(*it); // so that flushedSeq is the log's head
        return &*it;
    }
    Stream s;
    s.key = key;
    s.wire = wire;
    s.board = board;
    s.id = id;
    if (board) {
        const auto h = m_s.boards.heads(id);
        if (!h)
            return nullptr;
        s.flushedSeq = h->head;
    } else {
        s.flushedSeq = m_s.inbox.head(id);
    }
    return &*m_streams.insert(key, std::move(s));
}

QString Hub::boardOfItem(const QString &itemId) const
{
    QSqlQuery q(m_s.database.db());
    q.prepare(QStringLiteral("SELECT board_id FROM items WHERE id = ?"));
    q.addBindValue(itemId);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return {};
}

void Hub::subscribe(WsConnection *connection, const Core::ClientMessage &message)
{
    auto peerIt = m_peers.find(connection->id());
    if (peerIt == m_peers.end())
        return;
    Peer &peer = *peerIt;
    const QString userId = connection->userId();
    const Core::StreamName name = Core::StreamName::parse(message.stream);
    const auto forbidden = [&] {
        connection->sendError(QStringLiteral("stream.forbidden"), QStringLiteral("you may not see this stream"), message.rid,
                              message.stream);
    };
    Core::ServerMessage reply;
    reply.type = Core::ServerMessage::Type::Subscribed;
    reply.rid = message.rid;
    reply.stream = message.stream;
    reply.epoch = m_s.database.epoch();

    if (name.kind == Core::StreamName::Kind::Item) {
        const QString boardId = boardOfItem(name.id);
        if (boardId.isEmpty() || m_s.boards.roleOf(boardId, userId) == Core::Role::None)
            return forbidden();
        peer.subs.insert(message.stream, Sub { message.stream, boardId, 0, true });
        reply.mode = QStringLiteral("live");
        connection->send(reply);
        sendPresenceSet(peer, message.stream, boardId, name.id);
        return;
    }
    if (name.kind != Core::StreamName::Kind::Board && name.kind != Core::StreamName::Kind::Inbox) {
        connection->sendError(QStringLiteral("request.invalid_field"),
                              QStringLiteral("field 'stream': expected board:<id>, item:<id> or inbox"), message.rid);
        return;
    }
    const bool board = name.kind == Core::StreamName::Kind::Board;
    if (board && m_s.boards.roleOf(name.id, userId) == Core::Role::None)
        return forbidden();
    const QString key = board ? message.stream : QStringLiteral("inbox:") + userId;
    if (peer.subs.contains(key))
        dropSub(peer, key); // a resubscribe replaces the old position
    Stream *s = ensureStream(key, board, board ? name.id : userId, message.stream);
    if (!s)
        return forbidden();
    const qint64 head = s->flushedSeq;
    const qint64 floor = board ? m_s.boards.heads(name.id).value_or(BoardRepository::Heads {}).floor : 0;
    reply.headSeq = head;
    if (!board)
        reply.unread = m_s.inbox.unread(userId);
    Sub sub { message.stream, board ? name.id : QString(), head, true };
    if (message.sinceSeq) {
        const qint64 since = *message.sinceSeq;
        if ((!message.epoch.isEmpty() && message.epoch != reply.epoch) || since < floor || since > head) {
            reply.mode = QStringLiteral("snapshotRequired");
            if (s->subscribers.isEmpty())
                m_streams.remove(key);
            connection->send(reply);
            return;
        }
        sub.sentSeq = since;
        sub.live = since == head;
    }
    reply.mode = sub.live ? QStringLiteral("live") : QStringLiteral("replay");
    connection->send(reply);
    peer.subs.insert(key, sub);
    s->subscribers.insert(connection->id());
    if (!sub.live)
        markLagging(peer);
    if (board)
        sendPresenceSet(peer, message.stream, name.id, QString());
}

void Hub::unsubscribe(WsConnection *connection, const Core::ClientMessage &message)
{
    auto peerIt = m_peers.find(connection->id());
    if (peerIt == m_peers.end())
        return;
    const Core::StreamName name = Core::StreamName::parse(message.stream);
    const QString key = name.kind == Core::StreamName::Kind::Inbox ? QStringLiteral("inbox:") + connection->userId()
                                                                   : message.stream;
    dropSub(*peerIt, key);
    Core::ServerMessage reply;
    reply.type = Core::ServerMessage::Type::Unsubscribed;
    reply.rid = message.rid;
    reply.stream = message.stream;
    connection->send(reply);
}

void Hub::presence(WsConnection *connection, const Core::ClientMessage &message)
{
    auto peerIt = m_peers.find(connection->id());
    if (peerIt == m_peers.end())
        return;
    if (!peerIt->subs.contains(Core::StreamName::board(message.presence.boardId))) {
        connection->sendError(QStringLiteral("stream.forbidden"), QStringLiteral("subscribe to the board before sending presence"),
                              message.rid, Core::StreamName::board(message.presence.boardId));
        return;
    }
    Core::Presence p = message.presence;
    p.userId = connection->userId();
    p.displayName = connection->who().user.displayName;
    m_presence.update(connection->id(), p);
}

void Hub::schedulePump(Peer &peer)
{
    if (peer.pumpScheduled)
        return;
    peer.pumpScheduled = true;
    const quint64 id = peer.connection->id();
    QTimer::singleShot(0, this, [this, id] { pump(id); });
}

std::optional<Core::EventList> Hub::readLog(const Stream &stream, qint64 afterSeq, int limit) const
{
    return stream.board ? m_s.boards.eventsAfter(stream.id, afterSeq, limit) : m_s.inbox.eventsAfter(stream.id, afterSeq, limit);
}

// One page per lagging subscription per turn of the event loop, while the socket stays
// under the high watermark; the rest continues on the next turn or once it drains.
void Hub::pump(quint64 peerId)
{
    auto peerIt = m_peers.find(peerId);
    if (peerIt == m_peers.end())
        return;
    Peer &peer = *peerIt;
    peer.pumpScheduled = false;
    if (!peer.connection->isOpen())
        return;
    bool behind = false;
    const QStringList keys = peer.subs.keys();
    for (const QString &key : keys) {
        auto subIt = peer.subs.find(key);
        if (subIt == peer.subs.end() || subIt->live)
            continue;
        auto streamIt = m_streams.find(key);
        if (streamIt == m_streams.end())
            continue;
        const Stream &s = *streamIt;
        if (peer.connection->bytesToWrite() > m_limits.highWatermark) {
            behind = true;
            continue;
        }
        if (subIt->sentSeq >= s.flushedSeq) {
            subIt->live = true;
            continue;
        }
        const int limit = int(std::min<qint64>(m_limits.replayPageEvents, s.flushedSeq - subIt->sentSeq));
        const auto events = readLog(s, subIt->sentSeq, limit);
        if (!events || events->isEmpty() || events->first().seq != subIt->sentSeq + 1) {
            // The log was compacted past this position while we were behind.
            Core::ServerMessage reply;
            reply.type = Core::ServerMessage::Type::Subscribed;
            reply.stream = subIt->wire;
            reply.epoch = m_s.database.epoch();
            reply.headSeq = s.flushedSeq;
            reply.mode = QStringLiteral("snapshotRequired");
            dropSub(peer, key);
            peer.connection->send(reply);
            continue;
        }
        Core::ServerMessage batch;
        batch.type = Core::ServerMessage::Type::Batch;
        batch.stream = subIt->wire;
        batch.fromSeq = subIt->sentSeq + 1;
        batch.toSeq = events->last().seq;
        batch.events = coalesce(*events);
        peer.connection->sendShared(batch.encode());
        m_metrics.batchSent(batch.events.size());
        subIt->sentSeq = batch.toSeq;
        if (checkHardCap(peer))
            return;
        if (subIt->sentSeq >= s.flushedSeq)
            subIt->live = true;
        else
            behind = true;
    }
    if (!behind) {
        peer.lagging = false;
        return;
    }
    if (peer.connection->bytesToWrite() <= m_limits.highWatermark)
        schedulePump(peer);
    // else: onDrained() resumes once the socket is below the low watermark
}

} // namespace Tessera::Server
