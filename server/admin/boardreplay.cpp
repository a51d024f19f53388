#include "boardreplay.h"

#include "server/storage/boardrepository.h"

#include "core/rules/boardstate.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <QSet>

#include <functional>

namespace Tessera::Server {

namespace {

using Core::EventKind;

constexpr int PageEvents = 1000;

QString shown(const QJsonValue &v)
{
    if (v.isUndefined())
        return QStringLiteral("nothing");
    const QByteArray json = QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2)); // the value as JSON: strings quoted
}

// The first key (in order) whose value differs between two objects, or an empty string.
QString firstDifference(const QJsonObject &a, const QJsonObject &b)
{
    QStringList keys = a.keys() + b.keys();
    keys.sort();
    for (const QString &key : std::as_const(keys)) {
        if (a.value(key) != b.value(key))
            return key;
    }
    return QString();
}

QString columnOf(const Core::Event &e)
{
    if (e.kind == EventKind::ColumnCreated || e.kind == EventKind::ColumnUpdated)
        return e.payload.value(QStringLiteral("column")).toObject().value(QStringLiteral("id")).toString();
    if (e.kind == EventKind::ColumnDeleted || e.kind == EventKind::ColumnMoved)
        return e.payload.value(QStringLiteral("columnId")).toString();
    return QString();
}

QString itemOf(const Core::Event &e)
{
    if (e.kind == EventKind::ItemCreated)
        return e.payload.value(QStringLiteral("item")).toObject().value(QStringLiteral("id")).toString();
    if (e.kind == EventKind::ItemUpdated || e.kind == EventKind::ItemMoved || e.kind == EventKind::ItemDeleted)
        return e.payload.value(QStringLiteral("itemId")).toString();
    return QString();
}

// What a first pass over the log tells about the board before its first retained event.
struct Prelude
{
    QHash<QString, Core::Column> columns; // existed before the log starts (stand-ins where unknown)
    QHash<QString, qint64> typeUnknownUntil; // column -> seq of the update whose previous type is not in the log
    QSet<QString> columnsCreatedFirst;
    QSet<QString> itemsCreatedFirst; // the log creates them
    QSet<QString> itemsReferencedFirst; // the log changes them before (or without) creating them
};

} // namespace

BoardReplay::Result BoardReplay::run(const BoardRepository &boards, const QString &boardId)
{
    Result r;
    const auto heads = boards.heads(boardId);
    const auto stored = boards.load(boardId, QString());
    if (!heads || !stored) {
        r.problem = QStringLiteral("board %1: cannot be read: %2").arg(boardId, boards.lastError());
        return r;
    }
    const QString who = QStringLiteral("board '%1' (%2)").arg(stored->board.name, boardId);
    r.trimmed = heads->floor > 0;

    // Every retained event in order, checking the log is complete from floor + 1 to head.
    const auto forEachEvent = [&](const std::function<bool(const Core::Event &)> &visit) {
        qint64 expected = heads->floor + 1;
        for (qint64 after = heads->floor; after < heads->head; after += PageEvents) {
            const auto page = boards.eventsAfter(boardId, after, PageEvents);
            if (!page) {
                r.problem = QStringLiteral("%1: the log cannot be read after seq %2: %3")
                                .arg(who)
                                .arg(after)
                                .arg(boards.lastError());
                return false;
            }
            for (const Core::Event &e : *page) {
                if (e.seq != expected) {
                    r.problem
                        = QStringLiteral(
                              "%1: event %2 is missing from the log (it should hold every seq from %3 to the head, %4)")
                              .arg(who)
                              .arg(expected)
                              .arg(heads->floor + 1)
                              .arg(heads->head);
                    return false;
                }
                ++expected;
                if (!visit(e))
                    return false;
            }
        }
        if (expected != heads->head + 1) {
            r.problem = QStringLiteral("%1: the head seq is %2 but the log ends at %3")
                            .arg(who)
                            .arg(heads->head)
                            .arg(expected - 1);
            return false;
        }
        const auto beyond = boards.eventsAfter(boardId, heads->head, 1);
        if (beyond && !beyond->isEmpty()) {
            r.problem = QStringLiteral("%1: the log holds event %2, past the head seq %3")
                            .arg(who)
                            .arg(beyond->first().seq)
                            .arg(heads->head);
            return false;
        }
        return true;
    };

    // Pass 1: which columns and items existed before the first retained event.
    Prelude pre;
    QSet<QString> columnsSeen, itemsSeen, columnsRecreated;
    bool boardChanged = false; // its name, description, archived and deleted flags come from the log
    const bool scanned = forEachEvent([&](const Core::Event &e) {
        boardChanged = boardChanged || e.kind == EventKind::BoardUpdated || e.kind == EventKind::BoardDeleted
            || e.kind == EventKind::BoardRestored;
        if (const QString item = itemOf(e); !item.isEmpty() && !itemsSeen.contains(item)) {
            itemsSeen.insert(item);
            (e.kind == EventKind::ItemCreated ? pre.itemsCreatedFirst : pre.itemsReferencedFirst).insert(item);
        }
        const QString column = columnOf(e);
        if (column.isEmpty())
            return true;
        if (e.kind == EventKind::ColumnCreated)
            columnsRecreated.insert(column);
        if (!columnsSeen.contains(column)) {
            columnsSeen.insert(column);
            if (e.kind == EventKind::ColumnCreated)
                pre.columnsCreatedFirst.insert(column);
        }
        if (e.kind == EventKind::ColumnUpdated && !pre.columnsCreatedFirst.contains(column)
            && !columnsRecreated.contains(column) && !pre.typeUnknownUntil.contains(column)) {
            // Its definition before this update is older than the log: start from this one.
            auto def = Core::Column::fromJson(e.payload.value(QStringLiteral("column")).toObject());
            if (def) {
                pre.columns.insert(column, def.value());
                pre.typeUnknownUntil.insert(column, e.seq);
            }
        }
        return true;
    });
    if (!scanned)
        return r;

    Core::BoardState state;
    state.board = stored->board;
    state.members = stored->members;
    state.seq = heads->floor;
    for (const Core::Column &c : stored->columns) { // today's columns the log never touches are exact
        if (!columnsSeen.contains(c.id))
            state.columns.append(c);
    }
    for (const QString &id : std::as_const(columnsSeen)) {
        if (pre.columnsCreatedFirst.contains(id))
            continue;
        if (pre.columns.contains(id)) {
            state.columns.append(pre.columns.value(id));
            continue;
        }
        // Deleted or moved before any update: its type never matters to the replay.
        const Core::Column *now = stored->column(id);
        state.columns.append(now ? *now : Core::Column { id, id, Core::ColumnType::Text, {} });
    }
    for (auto it = pre.typeUnknownUntil.constBegin(); it != pre.typeUnknownUntil.constEnd(); ++it)
        r.notes.append(
            QStringLiteral("%1: the type of column '%2' before event %3 is older than the log; its values up to "
                           "that event are not compared")
                .arg(who, it.key())
                .arg(it.value()));

    if (r.trimmed) {
        // The state at the floor is gone: items from before it keep only what the log cannot know.
        r.notes.append(
            QStringLiteral("%1: retention removed events 1..%2; items older than that are checked only for what "
                           "events %3..%4 wrote")
                .arg(who)
                .arg(heads->floor)
                .arg(heads->floor + 1)
                .arg(heads->head));
        for (const Core::Item &item : stored->items) {
            if (pre.itemsCreatedFirst.contains(item.id))
                continue;
            Core::Item seed = item;
            seed.fields = {};
            seed.versions.clear();
            for (auto v = item.versions.constBegin(); v != item.versions.constEnd(); ++v) {
                if (v.value() <= heads->floor) {
                    seed.versions.insert(v.key(), v.value());
                    seed.fields.insert(v.key(), item.fields.value(v.key()));
                }
            }
            state.items.insert(seed.id, seed);
        }
        for (const QString &id : std::as_const(pre.itemsReferencedFirst)) {
            if (!state.items.contains(id)) { // changed, then deleted, within the retained log
                Core::Item seed;
                seed.id = id;
                state.items.insert(id, seed);
            }
        }
    }

    // Pass 2: the replay, with the rules the server applies events with.
    const bool replayed = forEachEvent([&](const Core::Event &e) {
        const Core::ApplyResult applied = Core::apply(e, state);
        if (!applied.ok) {
            r.problem = QStringLiteral("%1: event %2 (%3) cannot be replayed: %4")
                            .arg(who)
                            .arg(e.seq)
                            .arg(Core::eventKindName(e.kind), applied.message);
            return false;
        }
        ++r.events;
        return true;
    });
    if (!replayed)
        return r;

    // The comparison, in item id order so the first mismatch reported is stable.
    QStringList ids = state.items.keys();
    ids.sort();
    for (const QString &id : std::as_const(ids)) {
        const Core::Item &log = state.items[id];
        const auto found = stored->items.constFind(id);
        const QString item = QStringLiteral("%1: item %2").arg(who, id);
        if (found == stored->items.constEnd()) {
            r.problem = QStringLiteral("%1: the log has it (last written at seq %2), the items table does not")
                            .arg(item)
                            .arg(log.version());
            return r;
        }
        const Core::Item &table = *found;
        const auto differs = [&](const QString &what, const QString &fromLog, const QString &fromTable) {
            r.problem = QStringLiteral("%1 %2: log gives %3, stored %4").arg(item, what, fromLog, fromTable);
            return r;
        };
        if (log.rank != table.rank)
            return differs(QStringLiteral("rank"), shown(log.rank), shown(table.rank));
        if (log.createdBy != table.createdBy)
            return differs(QStringLiteral("creator"), shown(log.createdBy), shown(table.createdBy));
        if (log.createdAt != table.createdAt)
            return differs(QStringLiteral("creation time"), shown(log.createdAt), shown(table.createdAt));
        QStringList keys = log.fields.keys() + table.fields.keys() + log.versions.keys() + table.versions.keys();
        keys.sort();
        keys.removeDuplicates();
        for (const QString &key : std::as_const(keys)) {
            const auto unknown = pre.typeUnknownUntil.constFind(key);
            if (unknown != pre.typeUnknownUntil.constEnd()
                && (log.versions.value(key, 0) <= *unknown || table.versions.value(key, 0) <= *unknown))
                continue;
            const QString field = QStringLiteral("field '%1'").arg(key);
            if (log.fields.value(key) != table.fields.value(key))
                return differs(field, shown(log.fields.value(key)), shown(table.fields.value(key)));
            if (log.versions.value(key, -1) != table.versions.value(key, -1))
                return differs(field + QStringLiteral(" version"), QString::number(log.versions.value(key, -1)),
                               QString::number(table.versions.value(key, -1)));
        }
        ++r.items;
    }
    for (const Core::Item &table : stored->items) {
        if (!state.items.contains(table.id)) {
            r.problem
                = QStringLiteral("%1: item %2 is in the items table, but the log (events %3..%4) leaves no such item")
                      .arg(who, table.id)
                      .arg(heads->floor + 1)
                      .arg(heads->head);
            return r;
        }
    }
    // The board row, when the log sets it (its values at creation are not an event).
    if (boardChanged) {
        const Core::Board &b = state.board, &t = stored->board;
        const QJsonObject log { { QStringLiteral("name"), b.name },
                                { QStringLiteral("description"), b.description },
                                { QStringLiteral("archived"), b.archived },
                                { QStringLiteral("deletedAt"), b.deletedAt } };
        const QJsonObject table { { QStringLiteral("name"), t.name },
                                  { QStringLiteral("description"), t.description },
                                  { QStringLiteral("archived"), t.archived },
                                  { QStringLiteral("deletedAt"), t.deletedAt } };
        if (const QString key = firstDifference(log, table); !key.isEmpty()) {
            r.problem = QStringLiteral("%1: board field '%2': log gives %3, stored %4")
                            .arg(who, key, shown(log.value(key)), shown(table.value(key)));
            return r;
        }
    }
    // Comments: all of them are in a complete log; a trimmed one may have lost their creation.
    if (!r.trimmed) {
        QStringList commentIds = state.comments.keys() + stored->comments.keys();
        commentIds.sort();
        commentIds.removeDuplicates();
        for (const QString &id : std::as_const(commentIds)) {
            const auto log = state.comments.constFind(id);
            const auto table = stored->comments.constFind(id);
            const QString comment = QStringLiteral("%1: comment %2").arg(who, id);
            if (table == stored->comments.constEnd()) {
                r.problem = QStringLiteral("%1 (on item %2): the log has it, the comments table does not")
                                .arg(comment, log->itemId);
                return r;
            }
            if (log == state.comments.constEnd()) {
                r.problem
                    = QStringLiteral("%1 (on item %2) is in the comments table, but the log leaves no such comment")
                          .arg(comment, table->itemId);
                return r;
            }
            const QJsonObject fromLog = log->toJson(), fromTable = table->toJson();
            if (const QString key = firstDifference(fromLog, fromTable); !key.isEmpty()) {
                r.problem
                    = QStringLiteral("%1 (on item %2) field '%3': log gives %4, stored %5")
                          .arg(comment, table->itemId, key, shown(fromLog.value(key)), shown(fromTable.value(key)));
                return r;
            }
        }
    }
    r.ok = true;
    return r;
}

} // namespace Tessera::Server
