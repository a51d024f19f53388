#include "boardstore.h"

#include "rankorder.h"

#include <QLoggingCategory>

#include <algorithm>

namespace Tessera::Core {

Q_LOGGING_CATEGORY(lcStore, "tessera.core.boardstore")

namespace {

bool isItemEvent(EventKind kind)
{
    return kind == EventKind::ItemCreated || kind == EventKind::ItemUpdated || kind == EventKind::ItemMoved
            || kind == EventKind::ItemDeleted;
}

const Item *find(const QHash<QString, Item> &items, const QString &id)
{
    const auto it = items.constFind(id);
    return it == items.constEnd() ? nullptr : &*it;
}

// What a batch does besides changing items.
void noteSideEffects(const Event &e, BatchChanges &changes)
{
    using K = EventKind;
    if (e.kind == K::CommentCreated || e.kind == K::CommentEdited || e.kind == K::CommentDeleted)
        changes.commentsChanged.insert(e.itemId());
    changes.columnsChanged |= e.kind == K::ColumnCreated || e.kind == K::ColumnUpdated || e.kind == K::ColumnDeleted
            || e.kind == K::ColumnMoved;
    changes.membersChanged |= e.kind == K::MemberAdded || e.kind == K::MemberRemoved;
    changes.boardChanged |= e.kind == K::BoardUpdated || e.kind == K::BoardDeleted || e.kind == K::BoardRestored;
    changes.viewsChanged |= e.kind == K::ViewCreated || e.kind == K::ViewUpdated || e.kind == K::ViewDeleted;
}

bool hasComments(const BoardState &state, const QString &itemId)
{
    return std::any_of(state.comments.cbegin(), state.comments.cend(),
                       [&itemId](const Comment &c) { return c.itemId == itemId; });
}

QSet<QString> changedColumns(const Item &before, const Item &after)
{
    QSet<QString> columns;
    for (auto it = after.fields.constBegin(); it != after.fields.constEnd(); ++it) {
        if (before.fields.value(it.key()) != it.value())
            columns.insert(it.key());
    }
    for (auto it = before.fields.constBegin(); it != before.fields.constEnd(); ++it) {
        if (!after.fields.contains(it.key()))
            columns.insert(it.key());
    }
    return columns;
}

// Whether a pending local mutation changes the item: only then does its effective value
// differ from its confirmed one.
bool overlaidBy(const QString &itemId, const QList<LocalMutation> &mutations)
{
    return std::any_of(mutations.cbegin(), mutations.cend(), [&itemId](const LocalMutation &m) {
        return m.state == ItemState::Pending && isItemEvent(m.event.kind) && m.itemId() == itemId;
    });
}

// Batches of item creations, updates and moves change nothing but those items: the dry
// run's items are the result, and the batch need not be applied a second time.
bool changesOnlyItems(const EventList &events)
{
    return std::all_of(events.cbegin(), events.cend(), [](const Event &e) {
        return e.kind == EventKind::ItemCreated || e.kind == EventKind::ItemUpdated || e.kind == EventKind::ItemMoved;
    });
}

} // namespace

bool BatchChanges::isEmpty() const
{
    return inserted.isEmpty() && removed.isEmpty() && updated.isEmpty() && moved.isEmpty()
            && stateChanged.isEmpty() && commentsChanged.isEmpty() && !columnsChanged && !membersChanged
            && !boardChanged && !viewsChanged;
}

BoardStore::BoardStore(QObject *parent) : QObject(parent) { }

BoardStore::~BoardStore() = default;

void BoardStore::resetFromSnapshot(const BoardState &state)
{
    Q_EMIT aboutToReset();
    m_state = state;
    m_overlaid.clear();
    m_states.clear();
    for (const LocalMutation &m : std::as_const(m_mutations))
        refreshOverlay(m.itemId());
    rebuildRows();
    Q_EMIT reset();
}

ApplyResult BoardStore::applyBatch(const EventList &events)
{
    // Dry run on a scratch state holding only the items the batch touches: validates the
    // whole batch before anything changes and yields the items' final confirmed values.
    // Every item the diff below looks at must be in the scratch state with its confirmed
    // value: the items of item events, and the items of local mutations the batch confirms
    // (a confirmed comment names an item that no item event touches). An item missing
    // from the scratch state would count as deleted.
    QStringList ids;
    QSet<QString> confirmedParts; // mutationId and item id: a bulk command's events may span batches
    const auto part = [](const QString &mutationId, const QString &itemId) -> QString { return mutationId + QChar(0x1f) + itemId; };
    for (const Event &e : events) {
        if (isItemEvent(e.kind))
            ids.append(e.itemId());
        if (!e.mutationId.isEmpty())
            confirmedParts.insert(part(e.mutationId, e.itemId()));
    }
    // Local mutations the batch confirms are done: their overlays go.
    QList<LocalMutation> remaining;
    remaining.reserve(m_mutations.size());
    for (const LocalMutation &m : std::as_const(m_mutations)) {
        if (confirmedParts.contains(part(m.mutationId, m.itemId())))
            ids.append(m.itemId());
        else
            remaining.append(m);
    }
    const bool mutationsDone = remaining.size() != m_mutations.size();

    BoardState scratch = m_state; // shares everything; the item and comment tables are dropped
    scratch.items = {};
    scratch.comments = {};
    for (const QString &id : std::as_const(ids)) {
        if (const Item *item = find(m_state.items, id); item && !scratch.items.contains(id))
            scratch.items.insert(id, *item);
    }
    BatchChanges effects;
    for (const Event &e : events) {
        if (const ApplyResult r = apply(e, scratch); !r.ok)
            return r;
        noteSideEffects(e, effects);
        // apply() drops a deleted item's comments with it; views of those comments (the
        // CommentsModel, the item panel) must hear of it, or they keep showing them.
        if (e.kind == EventKind::ItemDeleted && hasComments(m_state, e.itemId()))
            effects.commentsChanged.insert(e.itemId());
    }

    BatchChanges changes = diff(ids, [&scratch](const QString &id) { return find(scratch.items, id); }, remaining);
    changes.commentsChanged = effects.commentsChanged;
    changes.columnsChanged = effects.columnsChanged;
    changes.membersChanged = effects.membersChanged;
    changes.boardChanged = effects.boardChanged;
    changes.viewsChanged = effects.viewsChanged;

    const bool onlyItems = changesOnlyItems(events);
    commit(changes, [&] {
        if (onlyItems) {
            for (auto it = scratch.items.begin(); it != scratch.items.end(); ++it)
                m_state.items.insert(it.key(), std::move(it.value()));
            m_state.seq = std::max(m_state.seq, scratch.seq);
        }
        for (const Event &e : events) {
            if (onlyItems) {
                noteSetAt(e);
                continue;
            }
            if (const ApplyResult r = apply(e, m_state); !r.ok)
                qCWarning(lcStore) << "event passed the dry run but failed:" << r.message;
            noteSetAt(e);
        }
        m_mutations = remaining;
        if (changes.columnsChanged) {
            // A deleted column strips fields from every item, overlaid ones included.
            const QStringList overlaid = m_overlaid.keys();
            for (const QString &id : overlaid)
                refreshOverlay(id);
        }
        for (const QString &id : std::as_const(ids))
            refreshOverlay(id);
    });
    if (mutationsDone)
        Q_EMIT mutationsChanged();
    return {};
}

void BoardStore::setPending(const QString &mutationId, const Event &optimisticEvent)
{
    QList<LocalMutation> after = m_mutations;
    QStringList ids { optimisticEvent.itemId() };
    LocalMutation m;
    m.mutationId = mutationId;
    m.event = optimisticEvent;
    if (const qsizetype i = indexOfMutation(mutationId); i >= 0) {
        ids.append(after.at(i).itemId());
        after[i] = m;
    } else {
        after.append(m);
    }
    changeMutations(after, ids);
}

void BoardStore::setPendingBulk(const QString &mutationId, const EventList &optimisticEvents)
{
    // A bulk command is one local mutation per event, all with its mutationId: they are
    // confirmed, failed, conflicted and cleared together.
    QList<LocalMutation> after;
    QStringList ids;
    qsizetype at = -1;
    for (const LocalMutation &m : std::as_const(m_mutations)) {
        if (m.mutationId == mutationId) {
            ids.append(m.itemId());
            if (at < 0)
                at = after.size();
            continue;
        }
        after.append(m);
    }
    if (at < 0)
        at = after.size();
    for (const Event &e : optimisticEvents) {
        LocalMutation m;
        m.mutationId = mutationId;
        m.event = e;
        ids.append(e.itemId());
        after.insert(at++, m);
    }
    changeMutations(after, ids);
}

void BoardStore::clearPending(const QString &mutationId)
{
    QList<LocalMutation> after;
    QStringList ids;
    for (const LocalMutation &m : std::as_const(m_mutations)) {
        if (m.mutationId == mutationId)
            ids.append(m.itemId());
        else
            after.append(m);
    }
    if (ids.isEmpty())
        return;
    changeMutations(after, ids);
}

void BoardStore::markFailed(const QString &mutationId, RejectCode code, const QString &message)
{
    markRejected(mutationId, ItemState::Failed, code, message, {});
}

void BoardStore::markConflict(const QString &mutationId, const Item &theirs)
{
    markRejected(mutationId, ItemState::Conflict, RejectCode::Conflict, QString(), { theirs });
}

void BoardStore::markConflicts(const QString &mutationId, const QList<Item> &theirs, const QString &message)
{
    markRejected(mutationId, ItemState::Conflict, RejectCode::Conflict, message, theirs);
}

void BoardStore::markRejected(const QString &mutationId, ItemState state, RejectCode code,
                              const QString &message, const QList<Item> &theirs)
{
    QList<LocalMutation> after = m_mutations;
    QStringList ids;
    const bool single = std::count_if(after.cbegin(), after.cend(),
                                      [&mutationId](const LocalMutation &m) { return m.mutationId == mutationId; }) == 1;
    for (LocalMutation &m : after) {
        if (m.mutationId != mutationId)
            continue;
        m.state = state;
        m.code = code;
        m.message = message;
        m.theirs.reset();
        for (const Item &item : theirs) {
            if (single || item.id == m.itemId())
                m.theirs = item;
        }
        ids.append(m.itemId());
    }
    if (ids.isEmpty())
        return;
    changeMutations(after, ids);
}

const Item *BoardStore::itemPtr(const QString &itemId) const
{
    const auto o = m_overlaid.constFind(itemId);
    if (o != m_overlaid.constEnd())
        return o->has_value() ? &**o : nullptr;
    return find(m_state.items, itemId);
}

QList<LocalMutation> BoardStore::mutationsOf(const QString &itemId) const
{
    QList<LocalMutation> out;
    for (const LocalMutation &m : m_mutations) {
        if (m.itemId() == itemId)
            out.append(m);
    }
    return out;
}

std::optional<LocalMutation> BoardStore::mutation(const QString &mutationId) const
{
    const qsizetype i = indexOfMutation(mutationId);
    return i < 0 ? std::nullopt : std::optional<LocalMutation>(m_mutations.at(i));
}

QString BoardStore::memberName(const QString &userId) const
{
    const auto it = m_state.members.constFind(userId);
    if (it == m_state.members.constEnd())
        return userId;
    if (!it->displayName.isEmpty())
        return it->displayName;
    return it->login.isEmpty() ? userId : it->login;
}

void BoardStore::setPresence(const QList<Presence> &users)
{
    QHash<QString, Presence> map;
    for (const Presence &p : users)
        map.insert(p.userId, p);
    setPresenceMap(std::move(map));
}

void BoardStore::applyPresenceDelta(const QList<Presence> &joined, const QList<Presence> &changed,
                                    const QStringList &left)
{
    QHash<QString, Presence> map = m_presence;
    for (const Presence &p : joined)
        map.insert(p.userId, p);
    for (const Presence &p : changed)
        map.insert(p.userId, p);
    for (const QString &userId : left)
        map.remove(userId);
    setPresenceMap(std::move(map));
}

QList<Presence> BoardStore::presenceOn(const QString &itemId) const
{
    QList<Presence> out;
    for (const Presence &p : m_presence) {
        if (p.itemId == itemId)
            out.append(p);
    }
    std::sort(out.begin(), out.end(), [](const Presence &a, const Presence &b) { return a.userId < b.userId; });
    return out;
}

QStringList BoardStore::presentUsers(const QString &itemId) const
{
    QStringList out;
    for (const Presence &p : presenceOn(itemId))
        out.append(p.userId);
    return out;
}

std::optional<Item> BoardStore::effectiveOf(const Item *confirmedItem, const QString &itemId,
                                            const QList<LocalMutation> &mutations) const
{
    // The item alone, advanced by the same apply() that moves the confirmed state.
    BoardState one;
    if (confirmedItem)
        one.items.insert(itemId, *confirmedItem);
    for (const LocalMutation &m : mutations) {
        if (m.state == ItemState::Pending && isItemEvent(m.event.kind) && m.itemId() == itemId)
            apply(m.event, one);
    }
    const Item *item = find(one.items, itemId);
    return item ? std::optional<Item>(*item) : std::nullopt;
}
ItemState BoardStore::stateOf(const QString &itemId, const QList<LocalMutation> &mutations)
{
    ItemState state = ItemState::Synced; // Synced < Pending < Failed < Conflict
    for (const LocalMutation &m : mutations) {
        if (isItemEvent(m.event.kind) && m.itemId() == itemId && int(m.state) > int(state))
            state = m.state;
    }
    return state;
}

BatchChanges BoardStore::diff(const QStringList &itemIds, const ConfirmedLookup &confirmedAfter,
                              const QList<LocalMutation> &mutationsAfter) const
{
    BatchChanges changes;
    QSet<QString> seen;
    for (const QString &id : itemIds) {
        if (id.isEmpty() || seen.contains(id))
            continue;
        seen.insert(id);
        const Item *before = itemPtr(id);
        const Item *after = confirmedAfter(id);
        std::optional<Item> overlaid;
        if (overlaidBy(id, mutationsAfter)) {
            overlaid = effectiveOf(after, id, mutationsAfter);
            after = overlaid ? &*overlaid : nullptr;
        }
        if (!before && after) {
            changes.inserted.append(id);
        } else if (before && !after) {
            const int row = rowOf(id);
            if (row < 0) {
                qCWarning(lcStore) << "item" << id << "is shown but has no row";
                continue;
            }
            changes.removed.append(id);
            changes.removedRows.append(row);
        } else if (before && after) {
            if (QSet<QString> columns = changedColumns(*before, *after); !columns.isEmpty())
                changes.updated.insert(id, std::move(columns));
            if (before->rank != after->rank)
                changes.moved.insert(id);
            if (itemState(id) != stateOf(id, mutationsAfter))
                changes.stateChanged.insert(id);
        }
    }
    std::sort(changes.removedRows.begin(), changes.removedRows.end());
    return changes;
}

void BoardStore::commit(const BatchChanges &changes, const std::function<void()> &mutate)
{
    Q_EMIT aboutToApplyBatch(changes);
    mutate();
    updateRows(changes);
    Q_EMIT batchApplied(changes);
}

void BoardStore::changeMutations(const QList<LocalMutation> &mutationsAfter, const QStringList &itemIds)
{
    BatchChanges changes =
            diff(itemIds, [this](const QString &id) { return find(m_state.items, id); }, mutationsAfter);
    changes.origin = BatchChanges::Origin::Local;
    commit(changes, [&] {
        m_mutations = mutationsAfter;
        for (const QString &id : itemIds)
            refreshOverlay(id);
    });
    Q_EMIT mutationsChanged();
}

void BoardStore::refreshOverlay(const QString &itemId)
{
    if (itemId.isEmpty())
        return;
    bool active = false;
    for (const LocalMutation &m : std::as_const(m_mutations)) {
        if (m.state == ItemState::Pending && isItemEvent(m.event.kind) && m.itemId() == itemId) {
            active = true;
            break;
        }
    }
    const ItemState state = stateOf(itemId, m_mutations);
    if (state == ItemState::Synced)
        m_states.remove(itemId);
    else
        m_states.insert(itemId, state);
    if (!active) {
        m_overlaid.remove(itemId);
        return;
    }
    m_overlaid.insert(itemId, effectiveOf(find(m_state.items, itemId), itemId, m_mutations));
}

void BoardStore::rebuildRows()
{
    QList<const Item *> shown;
    shown.reserve(m_state.items.size());
    for (const Item &item : std::as_const(m_state.items)) {
        if (const Item *effective = m_overlaid.isEmpty() ? &item : itemPtr(item.id))
            shown.append(effective);
    }
    sortByRank(shown);
    m_rows.clear();
    m_rows.reserve(shown.size());
    for (const Item *item : std::as_const(shown))
        m_rows.append(item->id);
    // Items that exist only as local creations come last, in the order they were made.
    for (const LocalMutation &m : std::as_const(m_mutations)) {
        const QString id = m.itemId();
        if (!id.isEmpty() && !m_state.items.contains(id) && itemPtr(id) && !m_rows.contains(id))
            m_rows.append(id);
    }
    m_rowOf.clear();
    m_rowOf.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowOf.insert(m_rows.at(i), i);
}

void BoardStore::updateRows(const BatchChanges &changes)
{
    if (!changes.removedRows.isEmpty()) {
        QStringList rows;
        rows.reserve(m_rows.size() - changes.removedRows.size() + changes.inserted.size());
        qsizetype next = 0;
        for (int i = 0; i < m_rows.size(); ++i) {
            if (next < changes.removedRows.size() && changes.removedRows.at(next) == i) {
                ++next;
                m_rowOf.remove(m_rows.at(i));
                continue;
            }
            rows.append(m_rows.at(i));
        }
        m_rows = std::move(rows);
        for (int i = changes.removedRows.first(); i < m_rows.size(); ++i)
            m_rowOf.insert(m_rows.at(i), i);
    }
    for (const QString &id : changes.inserted) {
        m_rowOf.insert(id, int(m_rows.size()));
        m_rows.append(id);
    }
}

void BoardStore::setPresenceMap(QHash<QString, Presence> presence)
{
    QSet<QString> itemIds; // where someone arrived, left or changed what they do
    bool changed = false; // also on the board as a whole (no item): the avatars change
    for (const Presence &old : std::as_const(m_presence)) {
        if (const Presence now = presence.value(old.userId); now != old) {
            itemIds << old.itemId << now.itemId;
            changed = true;
        }
    }
    for (const Presence &p : std::as_const(presence)) {
        if (!m_presence.contains(p.userId)) {
            itemIds << p.itemId;
            changed = true;
        }
    }
    itemIds.remove(QString());
    m_presence = std::move(presence);
    if (changed)
        Q_EMIT presenceChanged(itemIds);
}
void BoardStore::noteSetAt(const Event &event)
{
    const QString &at = event.at; // parsed when read: most times are never asked for
    const QString itemId = event.itemId();
    QJsonObject versions;
    if (event.kind == EventKind::ItemCreated)
        versions = event.payload.value(QLatin1String("item")).toObject().value(QLatin1String("versions")).toObject();
    else if (event.kind == EventKind::ItemUpdated || event.kind == EventKind::ItemMoved)
        versions = event.payload.value(QLatin1String("versions")).toObject();
    else if (event.kind == EventKind::ItemDeleted)
        m_setAt.remove(itemId);
    if (at.isEmpty() || versions.isEmpty())
        return;
    QList<SetAt> &times = m_setAt[itemId];
    for (auto it = versions.constBegin(); it != versions.constEnd(); ++it) {
        const qint64 version = qint64(it.value().toDouble());
        const QString columnId = it.key();
        const auto set = std::find_if(times.begin(), times.end(),
                                      [&columnId](const SetAt &t) { return t.columnId == columnId; });
        if (set == times.end())
            times.append({ columnId, version, at });
        else if (version >= set->version) // an older event read later (history) never hides a newer one
            *set = { columnId, version, at };
    }
}

void BoardStore::learnFieldTimes(const EventList &history)
{
    for (const Event &e : history) {
        // Deletions read from history are long applied; items gone since need no times.
        if (e.kind != EventKind::ItemDeleted && find(m_state.items, e.itemId()))
            noteSetAt(e);
    }
    Q_EMIT fieldTimesLearned();
}

QDateTime BoardStore::fieldSetAt(const QString &itemId, const QString &columnId) const
{
    const Item *item = find(m_state.items, itemId);
    const auto byItem = m_setAt.constFind(itemId);
    if (!item || byItem == m_setAt.constEnd())
        return {};
    const auto set = std::find_if(byItem->cbegin(), byItem->cend(),
                                  [&columnId](const SetAt &t) { return t.columnId == columnId; });
    // A snapshot may have moved the field on since: the time belongs to that version only.
    if (set == byItem->cend() || item->versions.value(columnId) != set->version)
        return {};
    return QDateTime::fromString(set->at, Qt::ISODateWithMs);
}

qsizetype BoardStore::indexOfMutation(const QString &mutationId) const
{
    for (qsizetype i = 0; i < m_mutations.size(); ++i) {
        if (m_mutations.at(i).mutationId == mutationId)
            return i;
    }
    return -1;
}

} // namespace Tessera::Core
