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
    QStringList subscriptionsOf(const WsConnection *connection) const; // wire stream names (admin status)
    qint64 laggingCount() const;

    // `background`: committed by background work (an import), which subscribers get in
    // batches of up to BackgroundWindowMs instead of the settings' batch window.
    void onBoardEvents(const QString &boardId, const Core::EventList &events, bool background = false);
    static constexpr int BackgroundWindowMs = 100;
    void onInboxEvents(const QString &userId, const Core::EventList &events);

private:
    struct Sub
    {
        QString wire; // stream name on the wire: board:<id>, inbox, item:<id>
        QString boardId; // item streams: the item's board
        qint64 sentSeq = 0;
        bool live = true;
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
    // The next catch-up page after `afterSeq` (up to `lastSeq`): at most replayPageEvents
    // events and at most replayPageBytes of their JSON (at least one event), as stored.
    std::optional<LoggedEventList> readPage(const Stream &stream, qint64 afterSeq, qint64 lastSeq) const;
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
