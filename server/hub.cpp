// Hub: stream batching, fan-out, backpressure, membership and presence delivery.
// Subscribing and catch-up are in hubcatchup.cpp.
#include "hub.h"

#include "batchcoalescer.h"
#include "settingsstore.h"
#include "wsconnection.h"

namespace Tessera::Server {

Hub::Hub(Services services, const WsLimits &limits, Metrics &metrics, QObject *parent)
    : QObject(parent)
    , m_s(services)
    , m_limits(limits)
    , m_metrics(metrics)
    , m_presence([this] { return m_s.settings.presenceTtlSeconds(); })
{
    m_clock.start();
    connect(&m_presence, &PresenceTracker::deltaReady, this, &Hub::onPresenceDelta);
    m_watchdog.setInterval(500);
    connect(&m_watchdog, &QTimer::timeout, this, &Hub::watchdog);
    m_watchdog.start();
}

Hub::~Hub() = default;

void Hub::attach(WsConnection *connection)
{
    const quint64 id = connection->id();
    m_peers.insert(id, Peer { connection, {}, false, {}, false });
    connect(connection, &WsConnection::drained, this, [this, id] { onDrained(id); });
}

void Hub::detach(WsConnection *connection)
{
    auto it = m_peers.find(connection->id());
    if (it == m_peers.end())
        return;
    const QStringList keys = it->subs.keys();
    for (const QString &key : keys)
        dropSub(*it, key);
    m_peers.erase(it);
    m_presence.removeConnection(connection->id());
}

void Hub::dropSub(Peer &peer, const QString &key)
{
    peer.subs.remove(key);
    auto s = m_streams.find(key);
    if (s == m_streams.end())
        return;
    s->subscribers.remove(peer.connection->id());
    if (s->subscribers.isEmpty())
        m_streams.erase(s);
}

qint64 Hub::subscriptionCount() const
{
    qint64 n = 0;
    for (const Peer &p : m_peers)
        n += p.subs.size();
    return n;
}

QStringList Hub::subscriptionsOf(const WsConnection *connection) const
{
    QStringList wires;
    const auto it = m_peers.constFind(connection->id());
    if (it == m_peers.constEnd())
        return wires;
    for (const Sub &sub : it->subs)
        wires.append(sub.wire);
    wires.sort();
    return wires;
}

qint64 Hub::laggingCount() const
{
    qint64 n = 0;
    for (const Peer &p : m_peers)
        n += p.lagging ? 1 : 0;
    return n;
}

void Hub::onBoardEvents(const QString &boardId, const Core::EventList &events)
{
    // Membership changes take effect at once: a removed member's subscriptions to the
    // board end before anything else of it is sent.
    const QString key = Core::StreamName::board(boardId);
    for (const Core::Event &e : events) {
        if (e.kind != Core::EventKind::MemberRemoved)
            continue;
        const QString userId = e.payload.value(QStringLiteral("userId")).toString();
        m_presence.removeUser(boardId, userId);
        for (Peer &peer : m_peers) {
            if (peer.connection->userId() != userId)
                continue;
            QStringList ended;
            for (auto it = peer.subs.cbegin(); it != peer.subs.cend(); ++it) {
                if (it.key() == key || it->boardId == boardId)
                    ended.append(it.key());
            }
            for (const QString &k : ended) {
                const QString wire = peer.subs.value(k).wire;
                dropSub(peer, k);
                peer.connection->sendError(QStringLiteral("stream.forbidden"),
                                           QStringLiteral("you are no longer a member of this board"), std::nullopt, wire);
            }
        }
    }
    enqueue(key, events);
}

void Hub::onInboxEvents(const QString &userId, const Core::EventList &events)
{
    enqueue(QStringLiteral("inbox:") + userId, events);
}

void Hub::enqueue(const QString &key, const Core::EventList &events)
{
    auto it = m_streams.find(key);
    if (it == m_streams.end())
        return; // nobody listens
    Stream &s = *it;
    for (const Core::Event &e : events) {
        const qint64 last = s.pending.isEmpty() ? s.flushedSeq : s.pending.last().seq;
        if (e.seq <= last)
            continue;
        if (s.pending.isEmpty())
            s.pendingSinceNs = m_clock.nsecsElapsed();
        s.pending.append(e);
    }
    if (s.pending.isEmpty())
        return;
    if (!s.window) {
        s.window = std::make_shared<QTimer>();
        s.window->setSingleShot(true);
        connect(s.window.get(), &QTimer::timeout, this, [this, key] { windowElapsed(key); });
    }
    if (!s.window->isActive()) {
        flush(s); // first event after idle: at once
        s.window->start(std::max(0, m_s.settings.batchWindowMs()));
    }
}

void Hub::windowElapsed(const QString &key)
{
    auto it = m_streams.find(key);
    if (it == m_streams.end() || it->pending.isEmpty())
        return; // idle again
    flush(*it);
    it->window->start(std::max(0, m_s.settings.batchWindowMs()));
}

void Hub::flush(Stream &s)
{
    if (s.pending.isEmpty())
        return;
    const qint64 from = s.flushedSeq + 1;
    const qint64 to = s.pending.last().seq;
    if (s.pending.first().seq != from) {
        // Should never happen (commits are announced in order); if it does, nobody gets a
        // batch with a hole: every subscriber catches up from the log instead.
        qWarning("hub: %s jumped from seq %lld to %lld; subscribers catch up from the log", qPrintable(s.key),
                 qlonglong(s.flushedSeq), qlonglong(s.pending.first().seq));
        s.pending.clear();
        s.flushedSeq = to;
        for (const quint64 id : std::as_const(s.subscribers)) {
            auto peerIt = m_peers.find(id);
            if (peerIt == m_peers.end())
                continue;
            auto subIt = peerIt->subs.find(s.key);
            if (subIt != peerIt->subs.end() && subIt->live) {
                subIt->live = false;
                markLagging(*peerIt);
            }
        }
        return;
    }
    const double latency = double(m_clock.nsecsElapsed() - s.pendingSinceNs) / 1e9;
    const Core::EventList pending = std::exchange(s.pending, {});
    // A big burst goes out in frames of at most a replay page each, so no single frame
    // can push a healthy socket past the hard cap, and a slow one stops between frames.
    for (qsizetype start = 0; start < pending.size(); start += m_limits.replayPageEvents)
        fanOut(s, pending.mid(start, m_limits.replayPageEvents), latency);
}

void Hub::fanOut(Stream &s, const Core::EventList &events, double latency)
{
    const qint64 from = s.flushedSeq + 1;
    const qint64 to = events.last().seq;
    Core::ServerMessage batch;
    batch.type = Core::ServerMessage::Type::Batch;
    batch.stream = s.wire;
    batch.fromSeq = from;
    batch.toSeq = to;
    batch.events = coalesce(events);
    const QByteArray bytes = batch.encode(); // once for every recipient
    s.flushedSeq = to;
    const QSet<quint64> subscribers = s.subscribers;
    for (const quint64 id : subscribers) {
        auto peerIt = m_peers.find(id);
        if (peerIt == m_peers.end())
            continue;
        Peer &peer = *peerIt;
        auto subIt = peer.subs.find(s.key);
        if (subIt == peer.subs.end() || !subIt->live || subIt->sentSeq >= to)
            continue;
        if (subIt->sentSeq != from - 1 || peer.connection->bytesToWrite() > m_limits.highWatermark) {
            subIt->live = false; // resume from the log once it drains
            ++m_metrics.catchupSwitches;
            markLagging(peer);
            continue;
        }
        peer.connection->sendShared(bytes);
        subIt->sentSeq = to;
        m_metrics.batchSent(batch.events.size());
        m_metrics.commitToWriteSeconds.observe(latency);
        checkHardCap(peer);
    }
}

void Hub::markLagging(Peer &peer)
{
    if (!peer.lagging) {
        peer.lagging = true;
        peer.laggingSince.start();
    }
    schedulePump(peer);
}

bool Hub::checkHardCap(Peer &peer)
{
    if (peer.connection->bytesToWrite() <= m_limits.hardCap)
        return false;
    ++m_metrics.closedSlow;
    peer.connection->closeWith(WsConnection::TooSlow, QStringLiteral("consumer too slow"));
    return true;
}

void Hub::onDrained(quint64 peerId)
{
    auto it = m_peers.find(peerId);
    if (it != m_peers.end() && it->lagging && it->connection->bytesToWrite() <= m_limits.lowWatermark)
        schedulePump(*it);
}

void Hub::watchdog()
{
    for (Peer &peer : m_peers) {
        if (!peer.connection->isOpen() || checkHardCap(peer)) // replies pile up too for a peer that never reads
            continue;
        if (!peer.lagging)
            continue;
        if (peer.connection->bytesToWrite() > m_limits.highWatermark) {
            if (peer.laggingSince.elapsed() > m_limits.maxLagMs) {
                ++m_metrics.closedSlow;
                peer.connection->closeWith(WsConnection::TooSlow, QStringLiteral("consumer too slow for too long"));
            }
        } else if (peer.connection->bytesToWrite() <= m_limits.lowWatermark) {
            schedulePump(peer);
        }
    }
}

void Hub::sendPresenceSet(Peer &peer, const QString &wire, const QString &boardId, const QString &itemId)
{
    Core::ServerMessage m;
    m.type = Core::ServerMessage::Type::Presence;
    m.stream = wire;
    for (const Core::Presence &p : m_presence.current(boardId)) {
        if (itemId.isEmpty() || p.itemId == itemId)
            m.users.append(p);
    }
    peer.connection->send(m);
}

void Hub::onPresenceDelta(const QString &boardId, const Core::PresenceDelta &delta)
{
    const QString key = Core::StreamName::board(boardId);
    Core::ServerMessage m;
    m.type = Core::ServerMessage::Type::PresenceDelta;
    m.stream = key;
    m.delta = delta;
    const QByteArray boardBytes = m.encode();
    for (Peer &peer : m_peers) {
        // Presence is the first thing dropped for a peer that falls behind.
        if (peer.lagging || peer.connection->bytesToWrite() > m_limits.highWatermark)
            continue;
        for (auto it = peer.subs.cbegin(); it != peer.subs.cend(); ++it) {
            if (it.key() == key) {
                peer.connection->sendShared(boardBytes);
            } else if (it->boardId == boardId && it.key().startsWith(QLatin1String("item:"))) {
                const QString itemId = it.key().mid(5);
                Core::ServerMessage im;
                im.type = Core::ServerMessage::Type::PresenceDelta;
                im.stream = it->wire;
                im.delta.left = delta.left;
                for (const Core::Presence &p : delta.joined)
                    (p.itemId == itemId ? im.delta.joined : im.delta.changed).append(p);
                for (const Core::Presence &p : delta.changed) {
                    if (p.itemId == itemId)
                        im.delta.changed.append(p);
                    else
                        im.delta.left.append(p.userId);
                }
                im.delta.changed.erase(std::remove_if(im.delta.changed.begin(), im.delta.changed.end(),
                                                      [&](const Core::Presence &p) { return p.itemId != itemId; }),
                                       im.delta.changed.end());
                peer.connection->send(im);
            }
        }
    }
}

} // namespace Tessera::Server
