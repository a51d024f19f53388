#include "presencetracker.h"

namespace Tessera::Server {

namespace {

constexpr qint64 MinIntervalMs = 250; // 4 updates per second per user
constexpr int FlushMs = 50;

QString keyOf(const QString &boardId, const QString &userId)
{
    return boardId + QLatin1Char('/') + userId;
}

} // namespace

PresenceTracker::PresenceTracker(std::function<int()> ttlSeconds, QObject *parent)
    : QObject(parent)
    , m_ttlSeconds(std::move(ttlSeconds))
{
    m_clock.start();
    m_tick.setInterval(int(MinIntervalMs));
    connect(&m_tick, &QTimer::timeout, this, &PresenceTracker::tick);
    m_flush.setSingleShot(true);
    m_flush.setInterval(FlushMs);
    connect(&m_flush, &QTimer::timeout, this, &PresenceTracker::flush);
}

void PresenceTracker::update(quint64 connectionId, const Core::Presence &presence)
{
    const qint64 now = m_clock.elapsed();
    const QString key = keyOf(presence.boardId, presence.userId);
    auto &board = m_boards[presence.boardId];
    auto it = board.find(presence.userId);
    if (it != board.end())
        it->lastSeenMs = now; // a heartbeat counts even when throttled
    if (now - m_lastApplied.value(key, -MinIntervalMs) < MinIntervalMs) {
        m_held.insert(key, { connectionId, presence });
        if (!m_tick.isActive())
            m_tick.start();
        return;
    }
    m_held.remove(key);
    apply(connectionId, presence);
}

void PresenceTracker::apply(quint64 connectionId, const Core::Presence &presence)
{
    const qint64 now = m_clock.elapsed();
    m_lastApplied.insert(keyOf(presence.boardId, presence.userId), now);
    Entry &e = m_boards[presence.boardId][presence.userId];
    e.presence = presence;
    e.connectionId = connectionId;
    e.lastSeenMs = now;
    touched(presence.boardId);
    if (!m_tick.isActive())
        m_tick.start();
    if (!isRemote(connectionId))
        Q_EMIT localApplied(connectionId, presence);
}

void PresenceTracker::touched(const QString &boardId)
{
    m_dirty.insert(boardId);
    if (!m_flush.isActive())
        m_flush.start();
}

void PresenceTracker::removeConnection(quint64 connectionId)
{
    if (!isRemote(connectionId))
        Q_EMIT localConnectionRemoved(connectionId);
    for (auto b = m_boards.begin(); b != m_boards.end(); ++b) {
        for (auto it = b->begin(); it != b->end();) {
            if (it->connectionId == connectionId) {
                m_held.remove(keyOf(b.key(), it.key()));
                it = b->erase(it);
                touched(b.key());
            } else {
                ++it;
            }
        }
    }
}

void PresenceTracker::removeUser(const QString &boardId, const QString &userId)
{
    auto b = m_boards.find(boardId);
    m_held.remove(keyOf(boardId, userId));
    if (b != m_boards.end() && b->remove(userId))
        touched(boardId);
}

QList<Core::Presence> PresenceTracker::current(const QString &boardId) const
{
    QList<Core::Presence> out;
    const auto b = m_boards.constFind(boardId);
    if (b == m_boards.constEnd())
        return out;
    for (const Entry &e : *b)
        out.append(e.presence);
    std::sort(out.begin(), out.end(), [](const Core::Presence &a, const Core::Presence &c) { return a.userId < c.userId; });
    return out;
}

void PresenceTracker::tick()
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_held.begin(); it != m_held.end();) {
        if (now - m_lastApplied.value(it.key(), -MinIntervalMs) >= MinIntervalMs) {
            const auto held = it.value();
            it = m_held.erase(it);
            apply(held.first, held.second);
        } else {
            ++it;
        }
    }
    const qint64 ttlMs = qint64(m_ttlSeconds()) * 1000;
    for (auto b = m_boards.begin(); b != m_boards.end(); ++b) {
        for (auto it = b->begin(); it != b->end();) {
            if (now - it->lastSeenMs > ttlMs) {
                it = b->erase(it);
                touched(b.key());
            } else {
                ++it;
            }
        }
    }
    for (auto it = m_lastApplied.begin(); it != m_lastApplied.end();) {
        if (now - it.value() > ttlMs + MinIntervalMs)
            it = m_lastApplied.erase(it);
        else
            ++it;
    }
    if (m_held.isEmpty() && m_lastApplied.isEmpty() && m_boards.isEmpty())
        m_tick.stop();
}

void PresenceTracker::flush()
{
    const QSet<QString> dirty = std::exchange(m_dirty, {});
    for (const QString &boardId : dirty) {
        Core::PresenceDelta delta;
        auto &announced = m_announced[boardId];
        const auto now = m_boards.value(boardId);
        for (auto it = now.begin(); it != now.end(); ++it) {
            const auto old = announced.constFind(it.key());
            if (old == announced.constEnd())
                delta.joined.append(it->presence);
            else if (!(*old == it->presence))
                delta.changed.append(it->presence);
        }
        for (auto it = announced.begin(); it != announced.end(); ++it) {
            if (!now.contains(it.key()))
                delta.left.append(it.key());
        }
        announced.clear();
        for (auto it = now.begin(); it != now.end(); ++it)
            announced.insert(it.key(), it->presence);
        if (announced.isEmpty())
            m_announced.remove(boardId);
        if (now.isEmpty())
            m_boards.remove(boardId);
        if (!delta.joined.isEmpty() || !delta.changed.isEmpty() || !delta.left.isEmpty())
            Q_EMIT deltaReady(boardId, delta);
    }
}

} // namespace Tessera::Server
