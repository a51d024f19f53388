#include "boardstate.h"

#include "core/protocol/jsonreader.h"

#include <QCryptographicHash>
#include <QDate>
#include <QJsonArray>

#include <algorithm>

namespace Tessera::Core {

const Column *BoardState::column(const QString &columnId) const
{
    const qsizetype i = columnIndex(columnId);
    return i < 0 ? nullptr : &columns.at(i);
}

qsizetype BoardState::columnIndex(const QString &columnId) const
{
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (columns.at(i).id == columnId)
            return i;
    }
    return -1;
}

Role BoardState::roleOf(const QString &userId) const
{
    const auto it = members.constFind(userId);
    return it == members.constEnd() ? Role::None : it->role;
}

const Member *BoardState::memberByLogin(const QString &login) const
{
    for (const Member &m : members) {
        if (m.login.compare(login, Qt::CaseInsensitive) == 0)
            return &m;
    }
    return nullptr;
}

QList<Attachment> BoardState::attachmentsOf(const QString &itemId) const
{
    QList<Attachment> out;
    for (const Attachment &a : attachments) {
        if (a.itemId == itemId)
            out.append(a);
    }
    std::sort(out.begin(), out.end(), [](const Attachment &a, const Attachment &b) {
        return a.uploadedAt == b.uploadedAt ? a.id < b.id : a.uploadedAt < b.uploadedAt;
    });
    return out;
}

QList<Comment> BoardState::commentsOf(const QString &itemId) const
{
    QList<Comment> out;
    for (const Comment &c : comments) {
        if (c.itemId == itemId)
            out.append(c);
    }
    std::sort(out.begin(), out.end(), [](const Comment &a, const Comment &b) {
        return a.createdAt == b.createdAt ? a.id < b.id : a.createdAt < b.createdAt;
    });
    return out;
}

QString BoardState::digestOf(QList<std::pair<QString, qint64>> idVersions)
{
    std::sort(idVersions.begin(), idVersions.end());
    QByteArray text;
    text.reserve(idVersions.size() * 48);
    for (qsizetype i = 0; i < idVersions.size(); ++i) {
        if (i)
            text.append('\n');
        text.append(idVersions.at(i).first.toUtf8());
        text.append(':');
        text.append(QByteArray::number(idVersions.at(i).second));
    }
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
}

QString BoardState::digest() const
{
    QList<std::pair<QString, qint64>> ids;
    ids.reserve(items.size());
    for (const Item &item : items)
        ids.append({ item.id, item.version() });
    return digestOf(std::move(ids));
}

QJsonObject BoardState::toSnapshotJson() const
{
    QJsonArray cols, mems, its, coms, vws, files;
    for (const SavedView &v : views)
        vws.append(v.toJson());
    for (const Attachment &a : attachments)
        files.append(a.toJson());
    for (const Column &c : columns)
        cols.append(c.toJson());
    for (const Member &m : members)
        mems.append(m.toJson());
    QList<const Item *> sorted;
    for (const Item &item : items)
        sorted.append(&item);
    std::sort(sorted.begin(), sorted.end(), [](const Item *a, const Item *b) { return a->id < b->id; });
    for (const Item *item : sorted)
        its.append(item->toJson());
    QList<const Comment *> cs;
    for (const Comment &c : comments)
        cs.append(&c);
    std::sort(cs.begin(), cs.end(), [](const Comment *a, const Comment *b) { return a->id < b->id; });
    for (const Comment *c : cs)
        coms.append(c->toJson());
    return { { QStringLiteral("board"), board.toJson() }, { QStringLiteral("columns"), cols },
             { QStringLiteral("members"), mems },         { QStringLiteral("items"), its },
             { QStringLiteral("comments"), coms },        { QStringLiteral("views"), vws },
             { QStringLiteral("attachments"), files },     { QStringLiteral("epoch"), epoch },
             { QStringLiteral("seq"), double(seq) } };
}

Expected<BoardState> BoardState::fromSnapshotJson(const QJsonObject &json)
{
    JsonReader r(json, QStringLiteral("snapshot"));
    BoardState s;
    const QJsonObject board = r.object(QStringLiteral("board"));
    const QJsonArray cols = r.array(QStringLiteral("columns"), JsonReader::Required, 1024);
    const QJsonArray mems = r.array(QStringLiteral("members"), JsonReader::Required, 100000);
    const QJsonArray its = r.array(QStringLiteral("items"), JsonReader::Required, 10000000);
    const QJsonArray coms = r.array(QStringLiteral("comments"), JsonReader::Optional, 10000000);
    const QJsonArray vws = r.array(QStringLiteral("views"), JsonReader::Optional, 10000);
    const QJsonArray files = r.array(QStringLiteral("attachments"), JsonReader::Optional, 10000000);
    s.epoch = r.string(QStringLiteral("epoch"), JsonReader::Required, 64);
    s.seq = r.integer(QStringLiteral("seq"), JsonReader::Required, 0);
    if (!r.ok())
        return r.error();
    auto b = Board::fromJson(board, QStringLiteral("snapshot.board"));
    if (!b)
        return b.error();
    s.board = b.value();
    for (const QJsonValue &v : cols) {
        auto c = Column::fromJson(v.toObject(), QStringLiteral("snapshot.columns"));
        if (!c)
            return c.error();
        s.columns.append(c.value());
    }
    for (const QJsonValue &v : mems) {
        auto m = Member::fromJson(v.toObject(), QStringLiteral("snapshot.members"));
        if (!m)
            return m.error();
        s.members.insert(m->userId, m.value());
    }
    s.items.reserve(its.size());
    for (const QJsonValue &v : its) {
        auto item = Item::fromJson(v.toObject(), QStringLiteral("snapshot.items"));
        if (!item)
            return item.error();
        s.items.insert(item->id, item.value());
    }
    for (const QJsonValue &v : coms) {
        auto c = Comment::fromJson(v.toObject(), QStringLiteral("snapshot.comments"));
        if (!c)
            return c.error();
        s.comments.insert(c->id, c.value());
    }
    for (const QJsonValue &v : vws) {
        auto view = SavedView::fromJson(v.toObject(), QStringLiteral("snapshot.views"));
        if (!view)
            return view.error();
        s.views.insert(view->id, view.value());
    }
    for (const QJsonValue &v : files) {
        auto file = Attachment::fromJson(v.toObject(), QStringLiteral("snapshot.attachments"));
        if (!file)
            return file.error();
        s.attachments.insert(file->id, file.value());
    }
    return s;
}

namespace {

ApplyResult fail(const QString &message)
{
    return { false, message };
}

void setFields(Item &item, const QJsonObject &fields, const QJsonObject &versions)
{
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
        item.fields.insert(it.key(), it.value());
    for (auto it = versions.constBegin(); it != versions.constEnd(); ++it)
        item.versions.insert(it.key(), qint64(it->toDouble()));
}

} // namespace

ApplyResult apply(const Event &event, BoardState &state)
{
    const QJsonObject &p = event.payload;
    const auto obj = [&p](const char *key) { return p.value(QLatin1String(key)).toObject(); };
    const auto str = [&p](const char *key) { return p.value(QLatin1String(key)).toString(); };
    switch (event.kind) {
    case EventKind::ItemCreated: {
        auto item = Item::fromJson(obj("item"));
        if (!item)
            return fail(item.error().message);
        state.items.insert(item->id, item.value());
        break;
    }
    case EventKind::ItemUpdated:
    case EventKind::ItemMoved: {
        auto it = state.items.find(str("itemId"));
        if (it == state.items.end())
            return fail(QStringLiteral("event %1 changes unknown item %2").arg(event.seq).arg(str("itemId")));
        if (event.kind == EventKind::ItemMoved)
            it->rank = str("rank");
        setFields(*it, obj("fields"), obj("versions"));
        break;
    }
    case EventKind::ItemDeleted: {
        const QString itemId = str("itemId");
        if (!state.items.remove(itemId))
            return fail(QStringLiteral("event %1 deletes unknown item %2").arg(event.seq).arg(itemId));
        state.comments.removeIf([&itemId](const auto &c) { return c.value().itemId == itemId; });
        state.attachments.removeIf([&itemId](const auto &a) { return a.value().itemId == itemId; });
        break;
    }
    case EventKind::ColumnCreated:
    case EventKind::ColumnUpdated: {
        auto column = Column::fromJson(obj("column"));
        if (!column)
            return fail(column.error().message);
        if (const Column *old = state.column(column->id); old && old->type != column->type) {
            // A retype converts every value (validate() made sure each one can be).
            for (Item &item : state.items) {
                const QJsonValue value = item.fields.value(column->id);
                if (value.isUndefined() || value.isNull())
                    continue;
                const auto converted = convertValue(*old, column->type, value, state);
                if (!converted)
                    return fail(QStringLiteral("event %1 cannot convert a value of column %2").arg(event.seq).arg(column->id));
                item.fields.insert(column->id, *converted);
                item.versions.insert(column->id, event.seq);
            }
        }
        const qsizetype i = state.columnIndex(column->id);
        if (i >= 0)
            state.columns[i] = column.value();
        else if (event.kind == EventKind::ColumnCreated)
            state.columns.append(column.value());
        else
            return fail(QStringLiteral("event %1 updates unknown column %2").arg(event.seq).arg(column->id));
        break;
    }
    case EventKind::ColumnDeleted: {
        const QString columnId = str("columnId");
        const qsizetype i = state.columnIndex(columnId);
        if (i < 0)
            return fail(QStringLiteral("event %1 deletes unknown column %2").arg(event.seq).arg(columnId));
        state.columns.removeAt(i);
        for (Item &item : state.items) {
            item.fields.remove(columnId);
            item.versions.remove(columnId);
        }
        break;
    }
    case EventKind::BoardUpdated: {
        auto board = Board::fromJson(obj("board"));
        if (!board)
            return fail(board.error().message);
        state.board = board.value();
        break;
    }
    case EventKind::MemberAdded: {
        auto member = Member::fromJson(obj("member"));
        if (!member)
            return fail(member.error().message);
        state.members.insert(member->userId, member.value());
        break;
    }
    case EventKind::MemberRemoved:
        state.members.remove(str("userId"));
        break;
    case EventKind::CommentCreated:
    case EventKind::CommentEdited: {
        auto comment = Comment::fromJson(obj("comment"));
        if (!comment)
            return fail(comment.error().message);
        state.comments.insert(comment->id, comment.value());
        break;
    }
    case EventKind::CommentDeleted:
        state.comments.remove(obj("comment").value(QStringLiteral("id")).toString());
        break;
    case EventKind::BoardDeleted:
    case EventKind::BoardRestored: {
        auto board = Board::fromJson(obj("board"));
        if (!board)
            return fail(board.error().message);
        state.board = board.value();
        break;
    }
    case EventKind::ColumnMoved: {
        const qsizetype from = state.columnIndex(str("columnId"));
        if (from < 0)
            return fail(QStringLiteral("event %1 moves unknown column %2").arg(event.seq).arg(str("columnId")));
        const qsizetype to = std::clamp<qsizetype>(p.value(QStringLiteral("index")).toInteger(), 0, state.columns.size() - 1);
        state.columns.move(from, to);
        break;
    }
    case EventKind::ViewCreated:
    case EventKind::ViewUpdated: {
        auto view = SavedView::fromJson(obj("view"));
        if (!view)
            return fail(view.error().message);
        state.views.insert(view->id, view.value());
        break;
    }
    case EventKind::ViewDeleted:
        state.views.remove(str("viewId"));
        break;
    case EventKind::AttachmentAdded: {
        auto file = Attachment::fromJson(obj("attachment"));
        if (!file)
            return fail(file.error().message);
        if (!state.items.contains(file->itemId))
            return fail(QStringLiteral("event %1 attaches a file to unknown item %2").arg(event.seq).arg(file->itemId));
        state.attachments.insert(file->id, file.value());
        break;
    }
    case EventKind::AttachmentRemoved:
        state.attachments.remove(str("attachmentId"));
        break;
    case EventKind::NotificationCreated:
    case EventKind::NotificationRead:
        return fail(QStringLiteral("inbox event %1 applied to a board").arg(event.seq));
    }
    state.seq = std::max(state.seq, event.seq);
    return {};
}

std::optional<QJsonValue> convertValue(const Column &from, ColumnType to, const QJsonValue &value, const BoardState &state)
{
    if (value.isNull() || value.isUndefined() || from.type == to)
        return value;
    if (to == ColumnType::Text) {
        switch (from.type) {
        case ColumnType::Number: return QJsonValue(QString::number(value.toDouble(), 'g', 15));
        case ColumnType::Status: {
            const StatusOption *option = from.option(value.toString());
            return QJsonValue(option ? option->label : value.toString());
        }
        case ColumnType::Person: {
            const auto it = state.members.constFind(value.toString());
            if (it == state.members.constEnd())
                return QJsonValue(value.toString());
            return QJsonValue(it->displayName.isEmpty() ? it->login : it->displayName);
        }
        case ColumnType::Date: return QJsonValue(value.toString());
        case ColumnType::Checkbox: return QJsonValue(value.toBool() ? QStringLiteral("yes") : QStringLiteral("no"));
        case ColumnType::Text: break;
        }
        return value;
    }
    if (from.type == ColumnType::Text && to == ColumnType::Number) {
        bool ok = false;
        const double number = value.toString().trimmed().toDouble(&ok);
        return ok ? std::optional<QJsonValue>(QJsonValue(number)) : std::nullopt;
    }
    if (from.type == ColumnType::Text && to == ColumnType::Date) {
        const QDate date = QDate::fromString(value.toString().trimmed(), Qt::ISODate);
        return date.isValid() ? std::optional<QJsonValue>(QJsonValue(date.toString(Qt::ISODate))) : std::nullopt;
    }
    return std::nullopt; // e.g. a person into a status: it would mean nothing
}

} // namespace Tessera::Core
