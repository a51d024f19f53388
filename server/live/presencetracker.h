#pragma once

#include "core/protocol/domain.h"
#include "core/protocol/messages.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>

namespace Tessera::Server {

// Ephemeral presence per board: who is viewing or editing which item and field. Never
// logged. Updates are throttled to 4 per second per user (a faster one is held and
// applied at the next slot, so the last state always wins), entries expire after the
// TTL without a heartbeat or when their connection goes. Changes are announced per
// board as deltas against what was last announced, at most every 50 ms.
class PresenceTracker final : public QObject
{
    Q_OBJECT
public:
    explicit PresenceTracker(std::function<int()> ttlSeconds, QObject *parent = nullptr);

    void update(quint64 connectionId, const Core::Presence &presence);
    // Another node's connections (issue #16; ClusterBus): ids with RemoteBit set, applied as
    // they come (their node throttled them), expiring by the same TTL without a heartbeat.
    static constexpr quint64 RemoteBit = quint64(1) << 63;
    static bool isRemote(quint64 connectionId) { return (connectionId & RemoteBit) != 0; }
    void updateRemote(quint64 connectionId, const Core::Presence &presence) { apply(connectionId, presence); }
    void removeConnection(quint64 connectionId);
    void removeUser(const QString &boardId, const QString &userId);
    QList<Core::Presence> current(const QString &boardId) const;
    bool isEmpty() const { return m_boards.isEmpty(); }

Q_SIGNALS:
    void deltaReady(const QString &boardId, const Tessera::Core::PresenceDelta &delta);
    // What this node's own connections did, for the other nodes.
    void localApplied(quint64 connectionId, const Tessera::Core::Presence &presence);
    void localConnectionRemoved(quint64 connectionId);

private:
    struct Entry
    {
        Core::Presence presence;
        quint64 connectionId = 0;
        qint64 lastSeenMs = 0;
    };
    void apply(quint64 connectionId, const Core::Presence &presence);
    void touched(const QString &boardId);
    void tick();
    void flush();

    std::function<int()> m_ttlSeconds;
    QElapsedTimer m_clock;
    QHash<QString, QHash<QString, Entry>> m_boards;              // board -> user -> entry
    QHash<QString, QHash<QString, Core::Presence>> m_announced;  // board -> user -> last announced
    QHash<QString, qint64> m_lastApplied;                        // board/user -> ms
    QHash<QString, std::pair<quint64, Core::Presence>> m_held;   // board/user -> throttled update
    QSet<QString> m_dirty;
    QTimer m_tick;
    QTimer m_flush;
};

} // namespace Tessera::Server
