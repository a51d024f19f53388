#include "command.h"

#include "domain.h"
#include "jsonreader.h"
#include "limits.h"
#include "core/rules/rank.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Tessera::Core {

namespace {

const QStringList &names()
{
    static const QStringList list {
        QStringLiteral("item.create"),    QStringLiteral("item.update"),    QStringLiteral("item.move"),
        QStringLiteral("item.delete"),    QStringLiteral("comment.create"), QStringLiteral("comment.edit"),
        QStringLiteral("comment.delete"), QStringLiteral("column.create"),  QStringLiteral("column.update"),
        QStringLiteral("column.delete"),  QStringLiteral("board.update"),   QStringLiteral("member.add"),
        QStringLiteral("member.remove"),  QStringLiteral("board.delete"),   QStringLiteral("board.restore"),
        QStringLiteral("column.move"),    QStringLiteral("view.create"),    QStringLiteral("view.update"),
        QStringLiteral("view.delete"),    QStringLiteral("attachment.add"), QStringLiteral("attachment.remove"),
    };
    return list;
}

// Text fields are short, but an item's description may be long.
qsizetype maxFieldLength(const QString &key)
{
    return key == Item::descriptionKey() ? Limits::maxItemDescriptionLength : Limits::maxTitleLength;
}

void readFields(JsonReader &r, JsonReader::Presence presence)
{
    const QJsonObject fields = r.object(QStringLiteral("fields"), presence);
    if (!r.ok())
        return;
    if (fields.size() > Limits::maxFieldsPerCommand)
        r.fail(CodecError::Kind::TooLong, QStringLiteral("fields"),
               QStringLiteral("at most %1 fields per command").arg(Limits::maxFieldsPerCommand));
    for (auto it = fields.constBegin(); it != fields.constEnd() && r.ok(); ++it) {
        const QString key = QStringLiteral("fields.") + it.key();
        if (!JsonReader::isValidId(it.key()))
            r.fail(CodecError::Kind::Invalid, key, QStringLiteral("'%1' is not a column id").arg(it.key().left(64)));
        else if (it->isObject() || it->isArray())
            r.fail(CodecError::Kind::WrongType, key,
                   QStringLiteral("field '%1' must be a string, number, boolean or null").arg(r.pathOf(key)));
        else if (it->isString() && it->toString().size() > maxFieldLength(it.key()))
            r.fail(CodecError::Kind::TooLong, key,
                   QStringLiteral("field '%1' is longer than %2 characters").arg(r.pathOf(key)).arg(maxFieldLength(it.key())));
    }
}

void readBase(JsonReader &r)
{
    const QJsonObject base = r.object(QStringLiteral("base"), JsonReader::Optional);
    if (!r.ok())
        return;
    auto parsed = versionsFromJson(base, r.pathOf(QStringLiteral("base")));
    if (!parsed)
        r.fail(parsed.error());
}

void readRank(JsonReader &r)
{
    const QString rank = r.string(QStringLiteral("rank"), JsonReader::Required, Limits::maxRankLength);
    if (r.ok() && !Rank::isValid(rank))
        r.fail(CodecError::Kind::Invalid, QStringLiteral("rank"),
               QStringLiteral("a rank is a non-empty string of 0-9A-Za-z not ending in '0'"));
}

void readBody(JsonReader &r)
{
    const QString body = r.string(QStringLiteral("body"), JsonReader::Required, Limits::maxCommentBytes);
    if (!r.ok())
        return;
    if (body.trimmed().isEmpty())
        r.fail(CodecError::Kind::Invalid, QStringLiteral("body"), QStringLiteral("a comment cannot be empty"));
    else if (body.toUtf8().size() > Limits::maxCommentBytes)
        r.fail(CodecError::Kind::TooLong, QStringLiteral("body"),
               QStringLiteral("a comment is at most %1 bytes").arg(Limits::maxCommentBytes));
}

void readOptions(JsonReader &r)
{
    const QJsonArray options = r.array(QStringLiteral("options"), JsonReader::Optional, Limits::maxStatusOptions);
    if (!r.ok())
        return;
    auto parsed = Column::optionsFromJson(options, r.pathOf(QStringLiteral("options")));
    if (!parsed)
        r.fail(parsed.error());
}

} // namespace

QString opKindName(OpKind kind)
{
    return names().at(int(kind));
}

std::optional<OpKind> opKindFromName(const QString &name)
{
    const qsizetype i = names().indexOf(name);
    if (i < 0)
        return std::nullopt;
    return OpKind(i);
}

QStringList opKindNames()
{
    return names();
}

QMap<QString, qint64> Op::base() const
{
    QMap<QString, qint64> out;
    const QJsonObject b = args.value(QStringLiteral("base")).toObject();
    for (auto it = b.constBegin(); it != b.constEnd(); ++it)
        out.insert(it.key(), qint64(it->toDouble()));
    return out;
}

QJsonObject Op::toJson() const
{
    QJsonObject o = args;
    o.insert(QStringLiteral("kind"), opKindName(kind));
    return o;
}

Expected<Op> Op::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    const QString kindName = r.oneOf(QStringLiteral("kind"), names());
    if (!r.ok())
        return r.error();
    Op op;
    op.kind = *opKindFromName(kindName);
    op.args = json;
    op.args.remove(QStringLiteral("kind"));
    const auto name = [&](JsonReader::Presence p) {
        const QString n = r.string(QStringLiteral("name"), p, 128);
        if (r.ok() && r.has(QStringLiteral("name")) && n.trimmed().isEmpty())
            r.fail(CodecError::Kind::Invalid, QStringLiteral("name"), QStringLiteral("a name cannot be empty"));
    };
    switch (op.kind) {
    case OpKind::ItemCreate:
        r.id(QStringLiteral("itemId"));
        readFields(r, JsonReader::Optional);
        readRank(r);
        break;
    case OpKind::ItemUpdate:
        r.id(QStringLiteral("itemId"));
        readFields(r, JsonReader::Required);
        if (r.ok() && op.fields().isEmpty())
            r.fail(CodecError::Kind::Invalid, QStringLiteral("fields"), QStringLiteral("an update changes at least one field"));
        readBase(r);
        break;
    case OpKind::ItemMove:
        r.id(QStringLiteral("itemId"));
        readRank(r);
        readFields(r, JsonReader::Optional);
        readBase(r);
        break;
    case OpKind::ItemDelete:
        r.id(QStringLiteral("itemId"));
        break;
    case OpKind::CommentCreate:
        r.id(QStringLiteral("itemId"));
        r.id(QStringLiteral("commentId"));
        readBody(r);
        break;
    case OpKind::CommentEdit:
        r.id(QStringLiteral("commentId"));
        readBody(r);
        break;
    case OpKind::CommentDelete:
        r.id(QStringLiteral("commentId"));
        break;
    case OpKind::ColumnCreate:
        r.id(QStringLiteral("columnId"));
        name(JsonReader::Required);
        r.oneOf(QStringLiteral("type"), columnTypeNames());
        readOptions(r);
        break;
    case OpKind::ColumnUpdate:
        r.id(QStringLiteral("columnId"));
        name(JsonReader::Optional);
        r.oneOf(QStringLiteral("type"), columnTypeNames(), JsonReader::Optional); // a retype, where safe
        readOptions(r);
        break;
    case OpKind::ColumnDelete:
        r.id(QStringLiteral("columnId"));
        break;
    case OpKind::BoardUpdate: {
        const QString n = r.string(QStringLiteral("name"), JsonReader::Optional, Limits::maxTitleLength);
        if (r.ok() && r.has(QStringLiteral("name")) && n.trimmed().isEmpty())
            r.fail(CodecError::Kind::Invalid, QStringLiteral("name"), QStringLiteral("a name cannot be empty"));
        r.string(QStringLiteral("description"), JsonReader::Optional, Limits::maxDescriptionLength);
        r.boolean(QStringLiteral("archived"), JsonReader::Optional);
        break;
    }
    case OpKind::BoardDelete:
    case OpKind::BoardRestore:
        break;
    case OpKind::ColumnMove:
        r.id(QStringLiteral("columnId"));
        r.integer(QStringLiteral("index"), JsonReader::Required, 0, 1000);
        break;
    case OpKind::ViewCreate:
    case OpKind::ViewUpdate: {
        r.id(QStringLiteral("viewId"));
        name(op.kind == OpKind::ViewCreate ? JsonReader::Required : JsonReader::Optional);
        const QJsonObject config = r.object(QStringLiteral("config"), JsonReader::Optional);
        if (r.ok() && QJsonDocument(config).toJson(QJsonDocument::Compact).size() > Limits::maxViewConfigBytes)
            r.fail(CodecError::Kind::TooLong, QStringLiteral("config"),
                   QStringLiteral("a view's settings are at most %1 bytes").arg(Limits::maxViewConfigBytes));
        break;
    }
    case OpKind::ViewDelete:
        r.id(QStringLiteral("viewId"));
        break;
    case OpKind::AttachmentAdd: {
        r.id(QStringLiteral("attachmentId"));
        r.id(QStringLiteral("itemId"));
        r.id(QStringLiteral("uploadId"));
        const QString fileName = r.string(QStringLiteral("name"), JsonReader::Required, Limits::maxAttachmentNameLength);
        r.integer(QStringLiteral("size"), JsonReader::Required, 0, Limits::maxAttachmentBytes);
        const QString sha = r.string(QStringLiteral("sha256"), JsonReader::Required, 64);
        r.string(QStringLiteral("contentType"), JsonReader::Required, Limits::maxContentTypeLength);
        if (r.ok() && !Attachment::isValidName(fileName))
            r.fail(CodecError::Kind::Invalid, QStringLiteral("name"), QStringLiteral("a file name has no folders or control characters"));
        if (r.ok() && !Attachment::isSha256(sha))
            r.fail(CodecError::Kind::Invalid, QStringLiteral("sha256"), QStringLiteral("sha256 is 64 lower-case hex digits"));
        break;
    }
    case OpKind::AttachmentRemove:
        r.id(QStringLiteral("attachmentId"));
        break;
    case OpKind::MemberAdd:
        r.id(QStringLiteral("userId"));
        r.oneOf(QStringLiteral("role"), roleNames());
        break;
    case OpKind::MemberRemove:
        r.id(QStringLiteral("userId"));
        break;
    }
    if (!r.ok())
        return r.error();
    return op;
}

QJsonObject Command::toJson() const
{
    QJsonObject o { { QStringLiteral("mutationId"), mutationId }, { QStringLiteral("board"), boardId } };
    if (isBulk()) {
        QJsonArray list;
        for (const Op &each : ops)
            list.append(each.toJson());
        o.insert(QStringLiteral("ops"), list);
    } else {
        o.insert(QStringLiteral("op"), op.toJson());
    }
    return o;
}

Expected<Command> Command::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    Command c;
    c.mutationId = r.id(QStringLiteral("mutationId"));
    c.boardId = r.id(QStringLiteral("board"));
    if (!r.ok())
        return r.error();
    if (json.contains(QStringLiteral("ops"))) {
        if (json.contains(QStringLiteral("op")))
            return CodecError::make(CodecError::Kind::Invalid, r.pathOf(QStringLiteral("op")),
                                    QStringLiteral("a command has either op or ops"));
        const QJsonArray ops = r.array(QStringLiteral("ops"), JsonReader::Required, Limits::maxOpsPerCommand);
        if (!r.ok())
            return r.error();
        if (ops.isEmpty())
            return CodecError::make(CodecError::Kind::Invalid, r.pathOf(QStringLiteral("ops")), QStringLiteral("ops is empty"));
        for (qsizetype i = 0; i < ops.size(); ++i) {
            const QString opPath = r.pathOf(QStringLiteral("ops")) + QStringLiteral("[%1]").arg(i);
            if (!ops.at(i).isObject())
                return CodecError::make(CodecError::Kind::WrongType, opPath, QStringLiteral("expected an object"));
            auto parsed = Op::fromJson(ops.at(i).toObject(), opPath);
            if (!parsed)
                return parsed.error();
            c.ops.append(parsed.value());
        }
        return c;
    }
    const QJsonObject op = r.object(QStringLiteral("op"));
    if (!r.ok())
        return r.error();
    auto parsed = Op::fromJson(op, r.pathOf(QStringLiteral("op")));
    if (!parsed)
        return parsed.error();
    c.op = parsed.value();
    return c;
}

} // namespace Tessera::Core
