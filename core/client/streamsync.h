#pragma once

#include "core/models/boardstore.h"
#include "localcache.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace Tessera::Core {

class ApiClient;
class InboxModel;

// The read side of the sync engine: the open boards' stores and the inbox, their stream
// positions, and the rules for applying a stream: strictly in order (duplicates dropped,
// a gap reported so the caller resumes), a snapshot replacing a board atomically, every
// applied change written through to the local cache. Also the HTTP catch-up used by
// polling mode and freshness checks (changes, snapshot, inbox, digest audit).
class StreamSync final : public QObject
{
    Q_OBJECT

public:
    enum class Apply { Applied, Duplicate, Gap, Failed };
    struct PollResult
    {
        bool ok = false;
        bool networkError = false;
        bool more = false; // the stream has more events past this page
    };
    using Done = std::function<void(bool ok)>;

    StreamSync(ApiClient *api, InboxModel *inbox, QObject *parent = nullptr);
    ~StreamSync() override;

    void setCache(LocalCache *cache); // loads the inbox from it; nullptr closes everything

    BoardStore *openBoard(const QString &boardId); // filled from the cache at once
    void closeBoard(const QString &boardId);
    void closeAll();
    BoardStore *store(const QString &boardId) const { return m_boards.value(boardId); }
    QStringList openBoards() const { return m_boards.keys(); }
    QStringList streams() const; // the inbox and every open board

    StreamPosition position(const QString &stream) const;
    bool needsSnapshot(const QString &stream) const { return position(stream).epoch.isEmpty(); }
    bool isLoading(const QString &stream) const { return m_loading.contains(stream); }

    // `unknownKinds`: kinds of events in fromSeq..toSeq this version could not read (a newer
    // server's): the stream advances past them and newerServerSeen() tells the person.
    Apply applyBatch(const QString &stream, qint64 fromSeq, qint64 toSeq, const EventList &events,
                     const QStringList &unknownKinds = {});

    // A board snapshot or the whole inbox; done(ok, networkError).
    using SnapshotDone = std::function<void(bool ok, bool networkError)>;
    void fetchSnapshot(const QString &stream, SnapshotDone done = {});
    bool isOpen(const QString &stream) const; // the inbox, or a board with a store
    void poll(const QString &stream, std::function<void(const PollResult &)> done);
    void audit(const QString &boardId, Done done); // done(consistent)
    int digestMismatches() const { return m_digestMismatches; }

Q_SIGNALS:
    // A board's store is about to be destroyed (closed, or the session ended): views and
    // models on it must let go now. The store is still valid during the signal.
    void boardAboutToClose(const QString &boardId);
    void mutationsConfirmed(const QList<std::pair<QString, qint64>> &mutations); // id, seq
    void boardReloaded(const QString &boardId);
    void notificationArrived(const Tessera::Core::Notification &notification);
    void authFailed(const QString &message);
    // The server sent events of kinds this version does not know: it is newer than the app.
    void newerServerSeen(const QStringList &unknownKinds);

private:
    Apply applyInbox(qint64 fromSeq, qint64 toSeq, const EventList &events);
    void auditAt(const QString &boardId, int attempt, Done done);

    ApiClient *m_api;
    InboxModel *m_inbox;
    LocalCache *m_cache = nullptr;
    QHash<QString, BoardStore *> m_boards; // children of this
    StreamPosition m_inboxPosition;
    QSet<QString> m_loading; // snapshots in flight
    int m_digestMismatches = 0;
};

} // namespace Tessera::Core
