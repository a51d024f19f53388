#pragma once

#include "server/ops/metrics.h"
#include "server/storage/loggedevent.h"
#include "presencetracker.h"
#include "wslimits.h"

#include "core/protocol/event.h"
#include "core/protocol/messages.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

namespace Tessera::Server {

class BoardRepository;
class Database;
class InboxRepository;
class SettingsStore;
class WsConnection;

// Subscriptions and fan-out. Committed events of a stream are batched per stream: the
// first after idle goes out at once, later ones within batch_window_ms wait and are
// coalesced; each batch is encoded once and the same bytes go to every subscriber that
// is live and exactly at the batch's fromSeq. A subscriber that is not (it is replaying,
// or its socket is above the high watermark) catches up from the log in pages, fenced
// by the stream's last fanned-out seq, and turns live when it reaches it: no gap, no
// duplicate. Presence deltas are skipped for a peer above the high watermark.
class Hub final : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        Database &database;
        BoardRepository &boards;
        InboxRepository &inbox;
        SettingsStore &settings;
    };

    Hub(Services services, const WsLimits &limits, Metrics &metrics, QObject *parent = nullptr);
    ~Hub() override;

    void attach(WsConnection *connection);
    void detach(WsConnection *connection);
    void subscribe(WsConnection *connection, const Core::ClientMessage &message);
    void unsubscribe(WsConnection *connection, const Core::ClientMessage &message);
    void presence(WsConnection *connection, const Core::ClientMessage &message);

    qint64 subscriptionCount() const;
    PresenceTracker &presenceTracker() { return m_presence; }
    QStringList subscriptionsOf(const WsConnection *connection) const; // wire stream names (admin status)
    qint64 laggingCount() const;

    // `background`: committed by background work (an import), which subscribers get in
    // batches of up to BackgroundWindowMs instead of the settings' batch window.
    void onBoardEvents(const QString &boardId, const Core::EventList &events, bool background = false);
    static constexpr int BackgroundWindowMs = 100;
    void onInboxEvents(const QString &userId, const Core::EventList &events);

    // Several nodes on one database (server/live/clusterbus.h): another node committed
    // events [fromSeq, headSeq] of a board or an inbox. Those this node's subscribers have
    // not had are read from the log and fanned out as if committed here. `boardListChanged`:
    // the events may change who sees the board (read even when nobody here follows it).
    void onLogAdvanced(bool board, const QString &id, qint64 fromSeq, qint64 headSeq, bool boardListChanged = false);
    // Compares every followed stream with the database's head and catches up what a lost
    // notification left out. Returns how many streams were behind.
    int checkHeads();
    // At most this many events are read from the log per catch-up step.
    static constexpr int MaxLogReadEvents = 5000;

private:
    struct Sub
    {
        QString wire; // stream name on the wire: board:<id>, inbox, item:<id>
        QString boardId; // item streams: the item's board
        qint64 sentSeq = 0;
        bool live = true;
        int replayEvents = 0; // events per catch-up batch the client was granted (0: the default page)
        int rampEvents = 0; // a replay from subscribe: the next page's size while it grows (0: full pages)
    };
    struct Peer
    {
        WsConnection *connection = nullptr;
        // By stream key. A map: a peer holds a few, and a QHash's first storage block
        // (48 entries, ~4 KiB) was a sixth of an idle connection's memory.
        QMap<QString, Sub> subs;
        bool lagging = false;
        QElapsedTimer laggingSince;
        bool pumpScheduled = false;
    };
    struct Stream
    {
        QString key; // board:<id>, inbox:<userId>
        QString wire;
        bool board = true;
        QString id; // board id or user id
        qint64 flushedSeq = 0; // every event <= this went to the live subscribers
        Core::EventList pending;
        qint64 pendingSinceNs = 0;
        bool pendingBackground = false; // every pending event came from background work
        std::shared_ptr<QTimer> window;
        QSet<quint64> subscribers;
    };

    Stream *ensureStream(const QString &key, bool board, const QString &id, const QString &wire);
    // The last seq a stream has queued or sent.
    static qint64 knownSeq(const Stream &s) { return s.pending.isEmpty() ? s.flushedSeq : s.pending.last().seq; }
    // Events (afterSeq, upTo] of a stream from the log, exactly those (nullopt otherwise).
    std::optional<Core::EventList> readLog(bool board, const QString &id, qint64 afterSeq, qint64 upTo) const;
    // `events` with the ones before them that another node committed and this node has
    // not queued yet (read from the log); empty when those cannot be read (the head check
    // brings them all later, in order).
    Core::EventList withUnannounced(const QString &key, const Core::EventList &events) const;
    void dropSub(Peer &peer, const QString &key);
    void enqueue(const QString &key, const Core::EventList &events, bool background = false);
    int windowMs(bool background) const;
    // Tells every connection of the users whose board list changed to fetch it again.
    void announceBoardListChanges(const QString &boardId, const Core::EventList &events);
    void flush(Stream &stream);
    void fanOut(Stream &stream, const Core::EventList &events, double latency);
    void windowElapsed(const QString &key);
    void markLagging(Peer &peer);
    void schedulePump(Peer &peer);
    void pump(quint64 peerId);
    bool checkHardCap(Peer &peer);
    void sendPresenceSet(Peer &peer, const QString &wire, const QString &boardId, const QString &itemId);
    void onPresenceDelta(const QString &boardId, const Core::PresenceDelta &delta);
    void onDrained(quint64 peerId);
    void watchdog();
    QString boardOfItem(const QString &itemId) const;
    // What a subscribe's replayBatchMax grants: 0 (the default page) when it asks for nothing.
    int grantedReplayEvents(const Core::ClientMessage &subscribe) const;
    // The next catch-up page of `sub` after `afterSeq` (up to `lastSeq`): at most its events
    // per batch and at most that batch's bytes of their JSON (at least one event), as stored.
    std::optional<LoggedEventList> readPage(const Stream &stream, const Sub &sub, qint64 lastSeq) const;
    // Splits `events` into consecutive runs whose batch frames stay under replayPageBytes.
    QList<Core::EventList> boundedRuns(const Core::EventList &events) const;

    Services m_s;
    WsLimits m_limits;
    Metrics &m_metrics;
    PresenceTracker m_presence;
    QHash<quint64, Peer> m_peers;
    QHash<QString, Stream> m_streams;
    QElapsedTimer m_clock;
    QTimer m_watchdog;
};

} // namespace Tessera::Server
