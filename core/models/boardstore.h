#pragma once

#include "core/protocol/codes.h"
#include "core/rules/boardstate.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <functional>
#include <optional>

namespace Tessera::Core {

// What a person sees of an item: confirmed by the server, or carrying local edits.
// Several local mutations on one item report the strongest: Conflict > Failed > Pending.
enum class ItemState { Synced, Pending, Failed, Conflict };

// One change of the effective view (a server batch, or a local overlay change), as the
// models need it. Rows refer to BoardStore::itemIds(): removed rows are positions *before*
// the change (ascending); inserted ids are appended at the end, in this order. Surviving
// items keep their relative order, so after the removals the rows of all other items are
// already their final rows.
struct BatchChanges
{
    enum class Origin { Server, Local };

    Origin origin = Origin::Server;
    QStringList inserted;
    QStringList removed;
    QList<int> removedRows;
    QHash<QString, QSet<QString>> updated; // item id -> column ids whose effective value changed
    QSet<QString> moved; // effective rank changed
    QSet<QString> stateChanged; // ItemState changed
    QSet<QString> commentsChanged; // item ids (a deleted item that had comments too)
    bool columnsChanged = false;
    bool membersChanged = false;
    bool boardChanged = false;
    bool viewsChanged = false; // saved views

    bool isEmpty() const;
};

// A local command's optimistic event, kept until the server confirms or the person drops it.
struct LocalMutation
{
    QString mutationId;
    Event event; // the optimistic event (item.* kinds change the effective item)
    ItemState state = ItemState::Pending; // Pending, Failed or Conflict
    RejectCode code = RejectCode::Invalid; // why: Failed or Conflict
    QString message;
    std::optional<Item> theirs; // Conflict: the server's current item

    QString itemId() const { return event.itemId(); }
};

// The client's live copy of one board: the confirmed server state plus an overlay of
// local optimistic edits. Views read the *effective* items (confirmed + pending overlays
// in order); failed and conflicting mutations are rolled back (not applied) but kept, with
// the person's input, until retried (setPending again) or dropped (clearPending).
//
// Every change is announced as aboutToApplyBatch(changes) before anything is mutated and
// batchApplied(changes) after, exactly once per batch or local change.
class BoardStore final : public QObject
{
    Q_OBJECT

public:
    explicit BoardStore(QObject *parent = nullptr);
    ~BoardStore() override;

    // Replaces everything known about the board. Local mutations are kept (re-applied on top).
    void resetFromSnapshot(const BoardState &state);

    // Applies a whole batch of board events atomically: either all apply or nothing changes
    // (the result says why). Events carrying the mutationId of a local mutation clear it.
    ApplyResult applyBatch(const EventList &events);
    // A batch may coalesce events, so its last seq can be past its last event's: the sync
    // engine moves the confirmed seq on to the batch's toSeq (never backwards).
    void advanceSeq(qint64 seq) { m_state.seq = std::max(m_state.seq, seq); }

    // Optimistic overlay. setPending with a known mutationId replaces it (a retry).
    void setPending(const QString &mutationId, const Event &optimisticEvent);
    // A bulk command: one overlay per event, confirmed, rejected and cleared together.
    void setPendingBulk(const QString &mutationId, const EventList &optimisticEvents);
    void clearPending(const QString &mutationId);
    void markFailed(const QString &mutationId, RejectCode code, const QString &message);
    void markConflict(const QString &mutationId, const Item &theirs);
    // A bulk command's conflict: every part is in conflict; each part on one of the
    // `theirs` items holds it.
    void markConflicts(const QString &mutationId, const QList<Item> &theirs, const QString &message);

    const BoardState &confirmed() const { return m_state; }
    const QList<Column> &columns() const { return m_state.columns; }
    const Item *itemPtr(const QString &itemId) const; // effective; valid until the next change
    std::optional<Item> item(const QString &itemId) const // effective
    {
        const Item *effective = itemPtr(itemId);
        return effective ? std::optional<Item>(*effective) : std::nullopt;
    }
    ItemState itemState(const QString &itemId) const { return m_states.value(itemId, ItemState::Synced); }
    const QStringList &itemIds() const { return m_rows; } // row order
    int rowOf(const QString &itemId) const { return m_rowOf.value(itemId, -1); } // -1 when not shown
    int itemCount() const { return int(m_rows.size()); }
    QList<LocalMutation> mutations() const { return m_mutations; }
    QList<LocalMutation> mutationsOf(const QString &itemId) const;
    std::optional<LocalMutation> mutation(const QString &mutationId) const;
    QString memberName(const QString &userId) const; // display name, login or the id itself
    // When the confirmed value of the item's field was set (the `at` of the event that set
    // it), if this store applied that event; null when it came with a snapshot or the cache,
    // which carry versions (seqs) but no times. Statistics use it for "completed when".
    QDateTime fieldSetAt(const QString &itemId, const QString &columnId) const;
    // Takes the times of older events of this board's log (read with BoardHistory after a
    // snapshot): a field whose current version one of them set gets its time. Changes no
    // item; emits fieldTimesLearned() once.
    void learnFieldTimes(const EventList &history);

    // Presence (ephemeral): the full set, or a delta keyed by user id.
    void setPresence(const QList<Presence> &users);
    void applyPresenceDelta(const QList<Presence> &joined, const QList<Presence> &changed,
                            const QStringList &left);
    QList<Presence> presence() const { return m_presence.values(); }
    QList<Presence> presenceOn(const QString &itemId) const; // sorted by user id
    QStringList presentUsers(const QString &itemId) const; // user ids, sorted

Q_SIGNALS:
    void aboutToReset();
    void reset();
    void aboutToApplyBatch(const Tessera::Core::BatchChanges &changes);
    void batchApplied(const Tessera::Core::BatchChanges &changes);
    void mutationsChanged();
    void presenceChanged(const QSet<QString> &itemIds);
    void fieldTimesLearned(); // learnFieldTimes() added times: statistics may recompute

private:
    using ConfirmedLookup = std::function<const Item *(const QString &)>;

    std::optional<Item> effectiveOf(const Item *confirmedItem, const QString &itemId,
                                    const QList<LocalMutation> &mutations) const;
    static ItemState stateOf(const QString &itemId, const QList<LocalMutation> &mutations);
    BatchChanges diff(const QStringList &itemIds, const ConfirmedLookup &confirmedAfter,
                      const QList<LocalMutation> &mutationsAfter) const;
    void commit(const BatchChanges &changes, const std::function<void()> &mutate);
    void markRejected(const QString &mutationId, ItemState state, RejectCode code, const QString &message,
                      const QList<Item> &theirs);
    void changeMutations(const QList<LocalMutation> &mutationsAfter, const QStringList &itemIds);
    void refreshOverlay(const QString &itemId);
    void rebuildRows();
    void updateRows(const BatchChanges &changes);
    void setPresenceMap(QHash<QString, Presence> presence);
    qsizetype indexOfMutation(const QString &mutationId) const;

    BoardState m_state;
    QList<LocalMutation> m_mutations; // in the order they were made
    QHash<QString, std::optional<Item>> m_overlaid; // effective items of ids with active overlays
    QHash<QString, ItemState> m_states; // ids with any local mutation
    QStringList m_rows;
    QHash<QString, int> m_rowOf;
    QHash<QString, Presence> m_presence; // by user id
    struct SetAt
    {
        QString columnId;
        qint64 version = 0;
        QString at; // ISO-8601 as the event has it; invalid ones read as no time
    };
    // item id -> when each field's version was set (a short list: one entry per column at most)
    QHash<QString, QList<SetAt>> m_setAt;
    void noteSetAt(const Event &event);
};

} // namespace Tessera::Core
