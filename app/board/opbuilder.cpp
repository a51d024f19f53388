#include "opbuilder.h"

#include "core/models/boardstore.h"
#include "core/rules/rank.h"

#include <QJsonArray>
#include <QUuid>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {

QJsonObject baseOf(const BoardStore &store, const QString &itemId, const QJsonObject &fields)
{
    QJsonObject base;
    const Item *item = store.itemPtr(itemId);
    for (auto it = fields.begin(); it != fields.end(); ++it)
        base.insert(it.key(), item ? item->versions.value(it.key(), 0) : 0);
    return base;
}

Op make(OpKind kind, QJsonObject args)
{
    return Op { kind, std::move(args) };
}

QJsonObject optionsJson(const Column &column)
{
    return column.toJson();
}

} // namespace

QString OpBuilder::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

Op OpBuilder::updateItem(const BoardStore &store, const QString &itemId, const QJsonObject &fields,
                         const QJsonObject &editBase)
{
    QJsonObject base = baseOf(store, itemId, fields);
    for (auto it = editBase.begin(); it != editBase.end(); ++it) {
        if (base.contains(it.key()))
            base.insert(it.key(), it.value());
    }
    return make(OpKind::ItemUpdate, { { QStringLiteral("itemId"), itemId },
                                      { QStringLiteral("fields"), fields },
                                      { QStringLiteral("base"), base } });
}

QJsonObject OpBuilder::editBase(const BoardStore &store, const QString &itemId, const QStringList &columnIds)
{
    QSet<QString> mine; // fields my pending commands write
    for (const LocalMutation &m : store.mutationsOf(itemId)) {
        if (m.state == ItemState::Pending) {
            const QJsonObject written = m.event.kind == EventKind::ItemCreated
                    ? m.event.payload.value(QStringLiteral("item")).toObject().value(QStringLiteral("fields")).toObject()
                    : m.event.payload.value(QStringLiteral("fields")).toObject();
            for (auto it = written.begin(); it != written.end(); ++it)
                mine.insert(it.key());
        }
    }
    QJsonObject base;
    const Item *item = store.itemPtr(itemId);
    for (const QString &id : columnIds) {
        if (item && !mine.contains(id))
            base.insert(id, double(item->versions.value(id, 0)));
    }
    return base;
}

Op OpBuilder::moveItem(const BoardStore &store, const QString &itemId, const QString &rank, const QJsonObject &fields)
{
    QJsonObject args { { QStringLiteral("itemId"), itemId }, { QStringLiteral("rank"), rank } };
    if (!fields.isEmpty()) {
        args.insert(QStringLiteral("fields"), fields);
        args.insert(QStringLiteral("base"), baseOf(store, itemId, fields));
    }
    return make(OpKind::ItemMove, args);
}

Op OpBuilder::createItem(const QString &itemId, const QJsonObject &fields, const QString &rank)
{
    return make(OpKind::ItemCreate,
                { { QStringLiteral("itemId"), itemId }, { QStringLiteral("fields"), fields }, { QStringLiteral("rank"), rank } });
}

Op OpBuilder::deleteItem(const QString &itemId)
{
    return make(OpKind::ItemDelete, { { QStringLiteral("itemId"), itemId } });
}

Op OpBuilder::createComment(const QString &itemId, const QString &body)
{
    return make(OpKind::CommentCreate, { { QStringLiteral("itemId"), itemId },
                                         { QStringLiteral("commentId"), newId() },
                                         { QStringLiteral("body"), body } });
}

Op OpBuilder::editComment(const QString &commentId, const QString &body)
{
    return make(OpKind::CommentEdit, { { QStringLiteral("commentId"), commentId }, { QStringLiteral("body"), body } });
}

Op OpBuilder::deleteComment(const QString &commentId)
{
    return make(OpKind::CommentDelete, { { QStringLiteral("commentId"), commentId } });
}

Op OpBuilder::createColumn(const Column &column)
{
    const QJsonObject json = optionsJson(column);
    QJsonObject args { { QStringLiteral("columnId"), column.id },
                       { QStringLiteral("name"), column.name },
                       { QStringLiteral("type"), columnTypeName(column.type) } };
    if (column.type == ColumnType::Status)
        args.insert(QStringLiteral("options"), json.value(QStringLiteral("options")));
    return make(OpKind::ColumnCreate, args);
}

Op OpBuilder::updateColumn(const Column &column)
{
    const QJsonObject json = optionsJson(column);
    QJsonObject args { { QStringLiteral("columnId"), column.id }, { QStringLiteral("name"), column.name } };
    if (column.type == ColumnType::Status)
        args.insert(QStringLiteral("options"), json.value(QStringLiteral("options")));
    return make(OpKind::ColumnUpdate, args);
}

Op OpBuilder::deleteColumn(const QString &columnId)
{
    return make(OpKind::ColumnDelete, { { QStringLiteral("columnId"), columnId } });
}

Op OpBuilder::rebased(const BoardStore &store, const Op &op)
{
    Op result = op;
    if ((op.kind == OpKind::ItemUpdate || op.kind == OpKind::ItemMove) && op.has(QStringLiteral("fields")))
        result.args.insert(QStringLiteral("base"), baseOf(store, op.itemId(), op.fields()));
    return result;
}

std::optional<Op> OpBuilder::inverse(const BoardStore &store, const Op &op)
{
    const Item *item = store.itemPtr(op.itemId());
    switch (op.kind) {
    case OpKind::ItemCreate:
        return deleteItem(op.itemId());
    case OpKind::ItemDelete:
        if (!item)
            return std::nullopt;
        return createItem(item->id, item->fields, item->rank);
    case OpKind::ItemUpdate:
    case OpKind::ItemMove: {
        if (!item)
            return std::nullopt;
        QJsonObject old;
        const QJsonObject changed = op.fields();
        for (auto it = changed.begin(); it != changed.end(); ++it)
            old.insert(it.key(), item->fields.value(it.key()).isUndefined() ? QJsonValue() : item->fields.value(it.key()));
        if (op.kind == OpKind::ItemMove)
            return moveItem(store, item->id, item->rank, old);
        return updateItem(store, item->id, old);
    }
    default:
        return std::nullopt;
    }
}

QString OpBuilder::rankAtEnd(const BoardStore &store)
{
    QString last;
    for (const QString &id : store.itemIds()) {
        if (const Item *item = store.itemPtr(id); item && item->rank > last)
            last = item->rank;
    }
    return Rank::after(last).value_or(QStringLiteral("V"));
}

} // namespace Tessera::App
