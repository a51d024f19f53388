#pragma once

#include "core/protocol/messages.h"

#include <QHash>
#include <QObject>
#include <QSet>

namespace Tessera::Core {

class CommandSync;
class SocketLink;
class StreamSync;

// The socket side of catch-up: subscribes every stream with its position (a never-loaded
// board gets its snapshot first, so subscribe and snapshot are fenced by seq), follows
// "subscribed" modes (live, replay until the announced head, snapshotRequired → snapshot
// and subscribe again), applies batches in order (a gap resubscribes), routes acks and
// rejects to CommandSync, presence to the stores, and sends my presence.
class LiveSubscriptions final : public QObject
{
    Q_OBJECT

public:
    LiveSubscriptions(SocketLink *link, StreamSync *streams, CommandSync *commands, QObject *parent = nullptr);

    void begin(const QStringList &streams); // the socket was welcomed
    void reset(); // the socket is gone
    bool isActive() const { return m_active; }
    bool isCurrent() const { return m_catchingUp.isEmpty(); }

    // The desktop client asks for no larger catch-up batches (subscribe's replayBatchMax):
    // each batch is applied on the GUI thread, and 2,000 events took 120-160 ms there
    // (500: ~35 ms) with no gain in total (docs/benchmarks.md, catch-up).

    void subscribe(const QString &stream); // also: resume from the applied seq
    void unsubscribe(const QString &stream);
    void handle(const ServerMessage &message);

    // Background jobs: follows `job:<id>` (again after every reconnect) until unfollowed;
    // each progress frame comes out as jobProgress().
    void followJob(const QString &jobId);
    void unfollowJob(const QString &jobId);
    void setPresence(const QString &boardId, const Presence &presence);
    void forgetPresence(const QString &boardId) { m_presence.remove(boardId); }
    void sendPresence(); // every 20 s and after (re)connecting

Q_SIGNALS:
    void catchingUp();
    void current(); // every subscribed stream reached its head
    void caughtUp(const QString &stream);
    void boardListChanged(); // the server says: fetch the board list again
    void jobProgress(const QJsonObject &job); // a followed job's progress (JobProgress JSON)

private:
    void streamCurrent(const QString &stream);
    void reload(const QString &stream); // snapshot, then subscribe again

    SocketLink *m_link;
    StreamSync *m_streams;
    CommandSync *m_commands;
    bool m_active = false;
    QSet<QString> m_catchingUp;
    QHash<qint64, QString> m_subscribeRids;
    QHash<QString, qint64> m_replayTarget; // stream -> head announced by a "replay" subscribe
    QHash<QString, Presence> m_presence; // mine, by board
    QSet<QString> m_jobs; // followed job ids
    void sendJobSubscription(const QString &jobId, bool follow);
};

} // namespace Tessera::Core
