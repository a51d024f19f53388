#include "streamsync.h"

#include "core/protocol/httpbodies.h"
#include "core/protocol/routes.h"

#include "apiclient.h"
#include "core/models/inboxmodel.h"
#include "core/protocol/messages.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QPointer>

#include <memory>

namespace Tessera::Core {

Q_LOGGING_CATEGORY(lcStreams, "tessera.core.streams")


StreamSync::StreamSync(ApiClient *api, InboxModel *inbox, QObject *parent) : QObject(parent), m_api(api), m_inbox(inbox) { }

StreamSync::~StreamSync() = default;

void StreamSync::setCache(LocalCache *cache)
{
    closeAll();
    m_cache = cache;
    m_inboxPosition = {};
    m_inbox->clear();
    if (!m_cache)
        return;
    m_inboxPosition = m_cache->position(StreamName::inbox());
    m_inbox->setNotifications(m_cache->notifications());
}

BoardStore *StreamSync::openBoard(const QString &boardId)
{
    if (BoardStore *open = m_boards.value(boardId))
        return open;
    auto *store = new BoardStore(this);
    if (m_cache) {
        if (auto cached = m_cache->board(boardId))
            store->resetFromSnapshot(*cached);
    }
    m_boards.insert(boardId, store);
    return store;
}

void StreamSync::closeBoard(const QString &boardId)
{
    const std::unique_ptr<BoardStore> closed(m_boards.take(boardId));
    if (closed)
        Q_EMIT boardAboutToClose(boardId); // taken first: a re-entrant closeBoard() finds nothing
}

void StreamSync::closeAll()
{
    const QStringList ids = m_boards.keys();
    for (const QString &id : ids)
        closeBoard(id);
    m_loading.clear();
}

QStringList StreamSync::streams() const
{
    QStringList out { StreamName::inbox() };
    for (auto it = m_boards.cbegin(); it != m_boards.cend(); ++it)
        out.append(StreamName::board(it.key()));
    return out;
}

StreamPosition StreamSync::position(const QString &stream) const
{
    if (stream == StreamName::inbox())
        return m_inboxPosition;
    const StreamName name = StreamName::parse(stream);
    BoardStore *s = name.kind == StreamName::Kind::Board ? m_boards.value(name.id) : nullptr;
    return s ? StreamPosition { s->confirmed().epoch, s->confirmed().seq } : StreamPosition {};
}

StreamSync::Apply StreamSync::applyBatch(const QString &stream, qint64 fromSeq, qint64 toSeq, const EventList &events,
                                         const QStringList &unknownKinds)
{
    if (!unknownKinds.isEmpty()) {
        qCWarning(lcStreams) << stream << "has events this version does not know:" << unknownKinds;
        Q_EMIT newerServerSeen(unknownKinds);
    }
    if (m_loading.contains(stream))
        return Apply::Duplicate; // the snapshot on its way supersedes it; resubscribe follows
    if (stream == StreamName::inbox())
        return applyInbox(fromSeq, toSeq, events);
    const StreamName name = StreamName::parse(stream);
    BoardStore *s = name.kind == StreamName::Kind::Board ? m_boards.value(name.id) : nullptr;
    if (!s || needsSnapshot(stream))
        return Apply::Duplicate; // not open (any more), or never loaded: nothing to advance
    const qint64 applied = s->confirmed().seq;
    if (toSeq <= applied)
        return Apply::Duplicate;
    if (fromSeq != applied + 1)
        return Apply::Gap;
    if (const ApplyResult r = s->applyBatch(events); !r.ok) {
        qCWarning(lcStreams) << stream << "batch" << fromSeq << toSeq << "does not apply:" << r.message;
        return Apply::Failed;
    }
    s->advanceSeq(toSeq);
    if (m_cache)
        m_cache->saveBoardChanges(s->confirmed(), events);
    QList<std::pair<QString, qint64>> confirmed;
    for (const Event &e : events) {
        if (!e.mutationId.isEmpty())
            confirmed.append({ e.mutationId, e.seq });
    }
    if (!confirmed.isEmpty())
        Q_EMIT mutationsConfirmed(confirmed);
    return Apply::Applied;
}

StreamSync::Apply StreamSync::applyInbox(qint64 fromSeq, qint64 toSeq, const EventList &events)
{
    if (m_inboxPosition.epoch.isEmpty() || toSeq <= m_inboxPosition.seq)
        return Apply::Duplicate;
    if (fromSeq != m_inboxPosition.seq + 1)
        return Apply::Gap;
    QList<Notification> changed;
    for (const Event &e : events) {
        if (e.kind == EventKind::NotificationCreated) {
            auto n = Notification::fromJson(e.payload.value(QStringLiteral("notification")).toObject());
            if (n && m_inbox->add(n.value())) {
                changed.append(n.value());
                Q_EMIT notificationArrived(n.value());
            }
        } else if (e.kind == EventKind::NotificationRead) {
            QStringList ids;
            for (const QJsonValue &v : e.payload.value(QStringLiteral("ids")).toArray())
                ids.append(v.toString());
            m_inbox->markRead(ids);
            for (const Notification &n : m_inbox->notifications()) {
                if (ids.contains(n.id))
                    changed.append(n);
            }
        }
    }
    m_inboxPosition.seq = toSeq;
    if (m_cache)
        m_cache->saveNotifications(changed, m_inboxPosition);
    return Apply::Applied;
}

bool StreamSync::isOpen(const QString &stream) const
{
    const StreamName name = StreamName::parse(stream);
    return stream == StreamName::inbox() || (name.kind == StreamName::Kind::Board && m_boards.contains(name.id));
}

void StreamSync::fetchSnapshot(const QString &stream, SnapshotDone done)
{
    const bool inbox = stream == StreamName::inbox();
    const StreamName name = StreamName::parse(stream);
    if (!isOpen(stream)) {
        if (done)
            done(false, false);
        return;
    }
    m_loading.insert(stream);
    const QString path = inbox ? Routes::inboxPage(1000) : Routes::snapshot(name.id);
    m_api->request(QByteArrayLiteral("GET"), path, {}, this, [this, stream, inbox, name, done](const ApiReply &r) {
        m_loading.remove(stream);
        bool ok = false;
        if (r.status == 401) {
            Q_EMIT authFailed(r.error);
        } else if (!r.ok()) {
            qCInfo(lcStreams) << "snapshot of" << stream << "failed:" << r.status << r.error;
        } else if (inbox) {
            if (auto page = InboxPage::fromJson(r.json)) {
                m_inboxPosition = { page->epoch, page->headSeq };
                m_inbox->setNotifications(page->notifications);
                if (m_cache) {
                    m_cache->clearNotifications();
                    m_cache->saveNotifications(page->notifications, m_inboxPosition);
                }
                ok = true;
            } else {
                qCWarning(lcStreams) << "unreadable inbox:" << page.error().message;
            }
        } else if (BoardStore *s = m_boards.value(name.id)) {
            auto state = BoardState::fromSnapshotJson(r.json);
            if (state) {
                s->resetFromSnapshot(state.value()); // atomic: one reset, overlays re-applied
                if (m_cache)
                    m_cache->saveBoard(s->confirmed());
                Q_EMIT boardReloaded(name.id);
                ok = true;
            } else {
                qCWarning(lcStreams) << "unreadable snapshot of" << stream << state.error().message;
            }
        }
        if (done)
            done(ok, r.networkError() || r.status >= 500);
    });
}

void StreamSync::poll(const QString &stream, std::function<void(const PollResult &)> done)
{
    if (m_loading.contains(stream) || !isOpen(stream)) {
        done({ true, false, false });
        return;
    }
    const auto afterSnapshot = [done](bool ok, bool networkError) { done({ ok, networkError, ok }); };
    if (needsSnapshot(stream)) {
        fetchSnapshot(stream, afterSnapshot);
        return;
    }
    const StreamPosition pos = position(stream);
    m_api->request(QByteArrayLiteral("GET"), Routes::changes(stream, pos.seq, 1000), {}, this,
                   [this, stream, pos, done, afterSnapshot](const ApiReply &r) {
        if (r.status == 401) {
            Q_EMIT authFailed(r.error);
            done({});
            return;
        }
        if (r.status == 410 || (r.ok() && r.json.value(QStringLiteral("epoch")).toString() != pos.epoch)) {
            fetchSnapshot(stream, afterSnapshot);
            return;
        }
        if (!r.ok()) {
            done({ false, r.networkError() || r.status >= 500, false });
            return;
        }
        const auto page = ChangesPage::fromJson(r.json);
        if (!page) {
            qCWarning(lcStreams) << "unreadable changes of" << stream << page.error().message;
            done({ false, false, false });
            return;
        }
        // A page of only unknown kinds (a newer server's) still moves the stream on.
        if (page->toSeq >= page->fromSeq
            && applyBatch(stream, page->fromSeq, page->toSeq, page->events, page->unknownKinds) == Apply::Failed) {
            fetchSnapshot(stream, afterSnapshot);
            return;
        }
        done({ true, false, page->toSeq < page->headSeq });
    });
}

void StreamSync::audit(const QString &boardId, Done done)
{
    auditAt(boardId, 0, std::move(done));
}

void StreamSync::auditAt(const QString &boardId, int attempt, Done done)
{
    const QString stream = StreamName::board(boardId);
    if (!m_boards.contains(boardId)) {
        done(true);
        return;
    }
    m_api->request(QByteArrayLiteral("GET"), Routes::digest(boardId), {}, this,
                   [this, boardId, stream, attempt, done](const ApiReply &r) {
                       BoardStore *s = m_boards.value(boardId);
                       const auto reply = DigestReply::fromJson(r.json);
                       if (!r.ok() || !s || !reply) {
                           done(true); // unknown: nothing measured
                           return;
                       }
                       const qint64 seq = reply->seq;
                       const qint64 local = s->confirmed().seq;
                       if (local < seq && attempt < 3) {
                           // Behind: catch up first, then compare at the same seq.
                           poll(stream, [this, boardId, attempt, done](const PollResult &) {
                               auditAt(boardId, attempt + 1, done);
                           });
                           return;
                       }
                       const QString theirs = reply->digest;
                       if (local == seq && s->confirmed().digest() == theirs) {
                           done(true);
                           return;
                       }
                       ++m_digestMismatches;
                       qCWarning(lcStreams) << "stale view of" << stream << "at seq" << local << "(server" << seq
                                            << "): digests differ; reloading the snapshot";
                       fetchSnapshot(stream, [done](bool, bool) { done(false); });
                   });
}

} // namespace Tessera::Core
