#include "event.h"

#include "domain.h"
#include "jsonreader.h"
#include "limits.h"

namespace Tessera::Core {

namespace {

const QStringList &names()
{
    static const QStringList list {
        QStringLiteral("item.created"),        QStringLiteral("item.updated"),    QStringLiteral("item.moved"),
        QStringLiteral("item.deleted"),        QStringLiteral("column.created"),  QStringLiteral("column.updated"),
        QStringLiteral("column.deleted"),      QStringLiteral("board.updated"),   QStringLiteral("member.added"),
        QStringLiteral("member.removed"),      QStringLiteral("comment.created"), QStringLiteral("comment.edited"),
        QStringLiteral("comment.deleted"),     QStringLiteral("notification.created"),
        QStringLiteral("notification.read"),   QStringLiteral("board.deleted"),   QStringLiteral("board.restored"),
        QStringLiteral("column.moved"),        QStringLiteral("view.created"),    QStringLiteral("view.updated"),
        QStringLiteral("view.deleted"),        QStringLiteral("attachment.added"), QStringLiteral("attachment.removed"),
    };
    return list;
}

const QStringList &envelopeKeys()
{
    static const QStringList keys { QStringLiteral("seq"), QStringLiteral("kind"), QStringLiteral("actor"),
                                    QStringLiteral("mutationId"), QStringLiteral("at") };
    return keys;
}

// Checks the kind-specific payload; returns an error naming the field.
CodecError checkPayload(EventKind kind, const QJsonObject &payload, const QString &path)
{
    JsonReader r(payload, path);
    auto sub = [&](auto parsed) { return parsed ? CodecError() : parsed.error(); };
    const auto obj = [&](const QString &key) { return r.object(key); };
    switch (kind) {
    case EventKind::ItemCreated:
        if (const QJsonObject o = obj(QStringLiteral("item")); r.ok())
            return sub(Item::fromJson(o, r.pathOf(QStringLiteral("item"))));
        break;
    case EventKind::ItemUpdated:
        r.id(QStringLiteral("itemId"));
        r.object(QStringLiteral("fields"));
        if (const QJsonObject v = r.object(QStringLiteral("versions")); r.ok())
            return sub(versionsFromJson(v, r.pathOf(QStringLiteral("versions"))));
        break;
    case EventKind::ItemMoved:
        r.id(QStringLiteral("itemId"));
        r.string(QStringLiteral("rank"), JsonReader::Required, Limits::maxRankLength);
        r.object(QStringLiteral("fields"), JsonReader::Optional);
        if (const QJsonObject v = r.object(QStringLiteral("versions"), JsonReader::Optional); r.ok())
            return sub(versionsFromJson(v, r.pathOf(QStringLiteral("versions"))));
        break;
    case EventKind::ItemDeleted:
        r.id(QStringLiteral("itemId"));
        break;
    case EventKind::ColumnCreated:
    case EventKind::ColumnUpdated:
        if (const QJsonObject o = obj(QStringLiteral("column")); r.ok())
            return sub(Column::fromJson(o, r.pathOf(QStringLiteral("column"))));
        break;
    case EventKind::ColumnDeleted:
        r.id(QStringLiteral("columnId"));
        break;
    case EventKind::BoardUpdated:
    case EventKind::BoardDeleted:
    case EventKind::BoardRestored:
        if (const QJsonObject o = obj(QStringLiteral("board")); r.ok())
            return sub(Board::fromJson(o, r.pathOf(QStringLiteral("board"))));
        break;
    case EventKind::MemberAdded:
        if (const QJsonObject o = obj(QStringLiteral("member")); r.ok())
            return sub(Member::fromJson(o, r.pathOf(QStringLiteral("member"))));
        break;
    case EventKind::MemberRemoved:
        r.id(QStringLiteral("userId"));
        break;
    case EventKind::CommentCreated:
    case EventKind::CommentEdited:
    case EventKind::CommentDeleted:
        if (const QJsonObject o = obj(QStringLiteral("comment")); r.ok())
            return sub(Comment::fromJson(o, r.pathOf(QStringLiteral("comment"))));
        break;
    case EventKind::NotificationCreated:
        if (const QJsonObject o = obj(QStringLiteral("notification")); r.ok())
            return sub(Notification::fromJson(o, r.pathOf(QStringLiteral("notification"))));
        break;
    case EventKind::NotificationRead:
        r.idList(QStringLiteral("ids"), JsonReader::Required, 10000);
        break;
    case EventKind::ColumnMoved:
        r.id(QStringLiteral("columnId"));
        r.integer(QStringLiteral("index"), JsonReader::Required, 0, 1000);
        break;
    case EventKind::ViewCreated:
    case EventKind::ViewUpdated:
        if (const QJsonObject o = obj(QStringLiteral("view")); r.ok())
            return sub(SavedView::fromJson(o, r.pathOf(QStringLiteral("view"))));
        break;
    case EventKind::ViewDeleted:
        r.id(QStringLiteral("viewId"));
        break;
    case EventKind::AttachmentAdded:
        if (const QJsonObject o = obj(QStringLiteral("attachment")); r.ok())
            return sub(Attachment::fromJson(o, r.pathOf(QStringLiteral("attachment"))));
        break;
    case EventKind::AttachmentRemoved:
        r.id(QStringLiteral("attachmentId"));
        r.id(QStringLiteral("itemId"));
        r.string(QStringLiteral("sha256"), JsonReader::Required, 64);
        break;
    }
    return r.error();
}

} // namespace

QString eventKindName(EventKind kind)
{
    return names().at(int(kind));
}

std::optional<EventKind> eventKindFromName(const QString &name)
{
    const qsizetype i = names().indexOf(name);
    if (i < 0)
        return std::nullopt;
    return EventKind(i);
}

QStringList eventKindNames()
{
    return names();
}

QString Event::itemId() const
{
    switch (kind) {
    case EventKind::ItemCreated:
        return payload.value(QStringLiteral("item")).toObject().value(QStringLiteral("id")).toString();
    case EventKind::ItemUpdated:
    case EventKind::ItemMoved:
    case EventKind::ItemDeleted:
        return payload.value(QStringLiteral("itemId")).toString();
    case EventKind::CommentCreated:
    case EventKind::CommentEdited:
    case EventKind::CommentDeleted:
        return payload.value(QStringLiteral("comment")).toObject().value(QStringLiteral("itemId")).toString();
    case EventKind::AttachmentAdded:
        return payload.value(QStringLiteral("attachment")).toObject().value(QStringLiteral("itemId")).toString();
    case EventKind::AttachmentRemoved:
        return payload.value(QStringLiteral("itemId")).toString();
    default:
        return QString();
    }
}

QJsonObject Event::toJson() const
{
    QJsonObject o = payload;
    o.insert(QStringLiteral("seq"), double(seq));
    o.insert(QStringLiteral("kind"), eventKindName(kind));
    o.insert(QStringLiteral("actor"), actor);
    if (!mutationId.isEmpty())
        o.insert(QStringLiteral("mutationId"), mutationId);
    o.insert(QStringLiteral("at"), at);
    return o;
}

Expected<Event> Event::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    Event e;
    e.seq = r.integer(QStringLiteral("seq"), JsonReader::Required, 1);
    const QString kind = r.oneOf(QStringLiteral("kind"), names());
    e.actor = r.string(QStringLiteral("actor"), JsonReader::Required, 64);
    e.mutationId = r.id(QStringLiteral("mutationId"), JsonReader::Optional);
    e.at = r.string(QStringLiteral("at"), JsonReader::Required, 64);
    if (!r.ok())
        return r.error();
    e.kind = *eventKindFromName(kind);
    e.payload = json;
    for (const QString &key : envelopeKeys())
        e.payload.remove(key);
    const CodecError error = checkPayload(e.kind, e.payload, path);
    if (error.isError())
        return error;
    return e;
}

Expected<EventList> eventsFromJson(const QJsonArray &array, const QString &path, QStringList *unknownKinds)
{
    EventList events;
    events.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = QStringLiteral("%1[%2]").arg(path).arg(i);
        if (!array.at(i).isObject())
            return CodecError::make(CodecError::Kind::WrongType, at, QStringLiteral("expected an object"));
        const QJsonObject json = array.at(i).toObject();
        const QJsonValue kind = json.value(QStringLiteral("kind"));
        if (kind.isString() && !eventKindFromName(kind.toString()) && !kind.toString().isEmpty()
            && kind.toString().size() <= 64) {
            if (unknownKinds && !unknownKinds->contains(kind.toString()))
                unknownKinds->append(kind.toString());
            continue;
        }
        auto e = Event::fromJson(json, at);
        if (!e)
            return e.error();
        events.append(std::move(e).value());
    }
    return events;
}

} // namespace Tessera::Core
