// Hub: stream batching, fan-out, backpressure, membership and presence delivery; then
// subscribing (authorization, snapshotRequired decisions) and catch-up from the log in
// pages, fenced by each stream's last fanned-out seq.
#include "hub.h"

#include "batchcoalescer.h"
#include "wsconnection.h"

#include "server/storage/boardrepository.h"
#include "server/storage/database.h"
#include "server/storage/inboxrepository.h"
#include "server/storage/settingsstore.h"
#include "server/ops/logging.h"

#include <QJsonDocument>
#include <QSqlQuery>

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

void Hub::onBoardEvents(const QString &boardId, const Core::EventList &events, bool background)
{
    // Membership changes take effect at once: a removed member's subscriptions to the
    // board end before anything else of it is sent.
    const QString key = Core::StreamName::board(boardId);
    const Core::EventList all = withUnannounced(key, events);
    for (const Core::Event &e : all) {
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
                peer.connection->sendError(Core::ErrorCode::StreamForbidden,
                                           QStringLiteral("you are no longer a member of this board"), std::nullopt, wire);
            }
        }
    }
    announceBoardListChanges(boardId, all);
    enqueue(key, all, background);
}

Core::EventList Hub::withUnannounced(const QString &key, const Core::EventList &events) const
{
    const auto it = m_streams.constFind(key);
    if (it == m_streams.cend() || events.isEmpty())
        return events;
    const qint64 known = knownSeq(*it);
    const qint64 first = events.first().seq;
    if (first <= known + 1)
        return events;
    if (first - 1 - known > MaxLogReadEvents)
        return {};
    auto missing = readLog(it->board, it->id, known, first - 1);
    if (!missing)
        return {};
    *missing += events;
    return *missing;
}

std::optional<Core::EventList> Hub::readLog(bool board, const QString &id, qint64 afterSeq, qint64 upTo) const
{
    const int limit = int(upTo - afterSeq);
    auto events = board ? m_s.boards.eventsAfter(id, afterSeq, limit) : m_s.inbox.eventsAfter(id, afterSeq, limit);
    if (!events || events->size() != limit || (limit > 0 && events->first().seq != afterSeq + 1))
        return std::nullopt;
    return events;
}

void Hub::onLogAdvanced(bool board, const QString &id, qint64 fromSeq, qint64 headSeq, bool boardListChanged)
{
    const QString key = board ? Core::StreamName::board(id) : QStringLiteral("inbox:") + id;
    const auto it = m_streams.constFind(key);
    if (it == m_streams.cend()) {
        // Nobody here follows it; only who-sees-which-board news matters (a member added
        // or removed, a board renamed or deleted): read just those events.
        if (!board || !boardListChanged || fromSeq < 1 || headSeq - fromSeq >= MaxLogReadEvents)
            return;
        if (const auto events = readLog(true, id, fromSeq - 1, headSeq))
            announceBoardListChanges(id, *events);
        return;
    }
    for (int step = 0; step < 100; ++step) { // bounded: MaxLogReadEvents at a time
        const auto current = m_streams.constFind(key);
        if (current == m_streams.cend())
            return;
        const qint64 known = knownSeq(*current);
        if (headSeq <= known)
            return;
        const auto events = readLog(board, id, known, std::min(headSeq, known + MaxLogReadEvents));
        if (!events || events->isEmpty())
            return; // unreadable now: the next head check tries again
        if (board)
            onBoardEvents(id, *events);
        else
            onInboxEvents(id, *events);
    }
}

int Hub::checkHeads()
{
    QList<std::tuple<bool, QString, qint64>> behind;
    for (const Stream &s : std::as_const(m_streams)) {
        const qint64 head = s.board ? [&] {
            const auto h = m_s.boards.heads(s.id);
            return h ? h->head : 0;
        }()
                                    : m_s.inbox.head(s.id);
        if (head > knownSeq(s))
            behind.append({ s.board, s.id, head });
    }
    for (const auto &[board, id, head] : std::as_const(behind))
        onLogAdvanced(board, id, head, head);
    return int(behind.size());
}

void Hub::announceBoardListChanges(const QString &boardId, const Core::EventList &events)
{
    using K = Core::EventKind;
    QSet<QString> users;
    bool everyone = false;
    for (const Core::Event &e : events) {
        switch (e.kind) {
        case K::BoardUpdated:
        case K::BoardDeleted:
        case K::BoardRestored:
            everyone = true;
            break;
        case K::MemberAdded:
            users.insert(e.payload.value(QStringLiteral("member")).toObject().value(QStringLiteral("userId")).toString());
            break;
        case K::MemberRemoved:
            users.insert(e.payload.value(QStringLiteral("userId")).toString());
            break;
        default:
            break;
        }
    }
    if (everyone) {
        const QStringList members = m_s.boards.memberIds(boardId);
        users.unite(QSet<QString>(members.begin(), members.end()));
    }
    if (users.isEmpty())
        return;
    Core::ServerMessage hint;
    hint.type = Core::ServerMessage::Type::Boards;
    for (Peer &peer : m_peers) {
        if (users.contains(peer.connection->userId()))
            peer.connection->send(hint);
    }
}

void Hub::onInboxEvents(const QString &userId, const Core::EventList &events)
{
    const QString key = QStringLiteral("inbox:") + userId;
    enqueue(key, withUnannounced(key, events));
}

int Hub::windowMs(bool background) const
{
    const int base = std::max(0, m_s.settings.batchWindowMs());
    return background ? std::max(base, BackgroundWindowMs) : base;
}

void Hub::enqueue(const QString &key, const Core::EventList &events, bool background)
{
    auto it = m_streams.find(key);
    if (it == m_streams.end())
        return; // nobody listens
    Stream &s = *it;
    for (const Core::Event &e : events) {
        const qint64 last = s.pending.isEmpty() ? s.flushedSeq : s.pending.last().seq;
        if (e.seq <= last)
            continue;
        if (s.pending.isEmpty()) {
            s.pendingSinceNs = m_clock.nsecsElapsed();
            s.pendingBackground = true;
        }
        s.pendingBackground = s.pendingBackground && background;
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
        s.window->start(windowMs(background));
    } else if (!s.pendingBackground && s.window->remainingTime() > windowMs(false)) {
        s.window->start(windowMs(false)); // a person's change does not wait for an import's batch
    }
}

void Hub::windowElapsed(const QString &key)
{
    auto it = m_streams.find(key);
    if (it == m_streams.end() || it->pending.isEmpty())
        return; // idle again
    const bool background = it->pendingBackground;
    flush(*it);
    it->window->start(windowMs(background));
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
        qCWarning(lcLive, "hub: %s jumped from seq %lld to %lld; subscribers catch up from the log", qPrintable(s.key),
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
    // A big burst goes out in frames of at most a replay page each (in events and in
    // bytes), so no single frame can push a healthy socket past the hard cap, and a slow
    // one stops between frames.
    for (const Core::EventList &run : boundedRuns(pending))
        fanOut(s, run, latency);
}

namespace {

qint64 encodedSize(const Core::Event &event)
{
    return QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact).size() + 1;
}

} // namespace

QList<Core::EventList> Hub::boundedRuns(const Core::EventList &events) const
{
    QList<Core::EventList> runs;
    Core::EventList run;
    qint64 bytes = 0;
    for (const Core::Event &e : events) {
        const qint64 size = encodedSize(e);
        if (!run.isEmpty() && (run.size() >= m_limits.replayPageEvents || bytes + size > m_limits.replayPageBytes)) {
            runs.append(std::exchange(run, {}));
            bytes = 0;
        }
        run.append(e);
        bytes += size;
    }
    if (!run.isEmpty())
        runs.append(run);
    return runs;
}

int Hub::grantedReplayEvents(const Core::ClientMessage &subscribe) const
{
    if (!subscribe.replayBatchMax)
        return 0;
    return int(std::min<qint64>(*subscribe.replayBatchMax, m_limits.replayBatchMax));
}

std::optional<LoggedEventList> Hub::readPage(const Stream &stream, const Sub &sub, qint64 lastSeq) const
{
    const qint64 afterSeq = sub.sentSeq;
    const int fullEvents = sub.replayEvents > 0 ? sub.replayEvents : m_limits.replayPageEvents;
    // A batch larger than the default page (the client asked for it) gets the larger byte bound.
    const qint64 pageBytes = fullEvents > m_limits.replayPageEvents ? m_limits.replayBatchBytes : m_limits.replayPageBytes;
    const int pageEvents = sub.rampEvents > 0 ? std::min(sub.rampEvents, fullEvents) : fullEvents;
    const int limit = int(std::min<qint64>(pageEvents, lastSeq - afterSeq));
    if (stream.board)
        return m_s.boards.loggedEventsAfter(stream.id, afterSeq, limit, pageBytes);
    const auto events = m_s.inbox.eventsAfter(stream.id, afterSeq, limit); // notifications: small and few
    if (!events)
        return std::nullopt;
    LoggedEventList page;
    qint64 bytes = 0;
    for (const Core::Event &e : *events) {
        LoggedEvent logged { e.seq, QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact),
                             e.kind == Core::EventKind::ItemUpdated ? e.itemId() : QString() };
        bytes += logged.json.size() + 1;
        if (!page.isEmpty() && bytes > pageBytes)
            break;
        page.append(std::move(logged));
    }
    return page;
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

// ---- subscribing and catch-up
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
        connection->sendError(Core::ErrorCode::StreamForbidden, QStringLiteral("you may not see this stream"), message.rid,
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
        peer.subs.insert(message.stream, Sub { message.stream, boardId, 0, true, 0, 0 });
        reply.mode = Core::SubscribeMode::Live;
        connection->send(reply);
        sendPresenceSet(peer, message.stream, boardId, name.id);
        return;
    }
    if (name.kind != Core::StreamName::Kind::Board && name.kind != Core::StreamName::Kind::Inbox) {
        connection->sendError(Core::ErrorCode::RequestInvalidField,
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
    Sub sub { message.stream, board ? name.id : QString(), head, true, grantedReplayEvents(message), 0 };
    if (sub.replayEvents > 0)
        reply.replayBatchMax = sub.replayEvents;
    if (message.sinceSeq) {
        const qint64 since = *message.sinceSeq;
        if ((!message.epoch.isEmpty() && message.epoch != reply.epoch) || since < floor || since > head) {
            reply.mode = Core::SubscribeMode::SnapshotRequired;
            if (s->subscribers.isEmpty())
                m_streams.remove(key);
            connection->send(reply);
            return;
        }
        sub.sentSeq = since;
        sub.live = since == head;
        sub.rampEvents = sub.live ? 0 : m_limits.replayFirstPageEvents;
    }
    reply.mode = sub.live ? Core::SubscribeMode::Live : Core::SubscribeMode::Replay;
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
        connection->sendError(Core::ErrorCode::StreamForbidden, QStringLiteral("subscribe to the board before sending presence"),
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
        const auto events = readPage(s, *subIt, s.flushedSeq);
        qsizetype sent = 0;
        const auto frame = events && !events->isEmpty() && events->first().seq == subIt->sentSeq + 1
                ? replayFrame(subIt->wire, subIt->sentSeq + 1, *events, &sent)
                : std::nullopt;
        if (!frame) {
            // The log was compacted past this position while we were behind (or is unreadable).
            Core::ServerMessage reply;
            reply.type = Core::ServerMessage::Type::Subscribed;
            reply.stream = subIt->wire;
            reply.epoch = m_s.database.epoch();
            reply.headSeq = s.flushedSeq;
            reply.mode = Core::SubscribeMode::SnapshotRequired;
            dropSub(peer, key);
            peer.connection->send(reply);
            continue;
        }
        peer.connection->sendShared(*frame);
        m_metrics.batchSent(sent);
        subIt->sentSeq = events->last().seq;
        if (subIt->rampEvents > 0) // doubles until no page is that large
            subIt->rampEvents = subIt->rampEvents >= std::max(m_limits.replayBatchMax, m_limits.replayPageEvents)
                    ? 0 : subIt->rampEvents * 2;
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
