#include "domain.h"

#include "nametable.h"

#include "jsonreader.h"
#include "limits.h"

#include <QDate>
#include <QJsonDocument>
#include <QDateTime>
#include <QRegularExpression>

#include <cmath>

namespace Tessera::Core {

namespace {

constexpr NameTable<NotificationKind, 4> NotificationKinds { { {
        { NotificationKind::Mention, "mention" },
        { NotificationKind::Assigned, "assigned" },
        { NotificationKind::Comment, "comment" },
        { NotificationKind::Due, "due" },
} } };

constexpr NameTable<PresenceState, 2> PresenceStates { { {
        { PresenceState::Viewing, "viewing" },
        { PresenceState::Editing, "editing" },
} } };

} // namespace

QString notificationKindName(NotificationKind kind)
{
    return NotificationKinds.name(kind);
}

std::optional<NotificationKind> notificationKindFromName(const QString &name)
{
    return NotificationKinds.value(name);
}


QString roleName(Role role)
{
    switch (role) {
    case Role::Owner: return QStringLiteral("owner");
    case Role::Editor: return QStringLiteral("editor");
    case Role::Viewer: return QStringLiteral("viewer");
    case Role::None: return QStringLiteral("none");
    }
    return QString();
}

std::optional<Role> roleFromName(const QString &name)
{
    if (name == QLatin1String("owner"))
        return Role::Owner;
    if (name == QLatin1String("editor"))
        return Role::Editor;
    if (name == QLatin1String("viewer"))
        return Role::Viewer;
    return std::nullopt;
}

QStringList roleNames()
{
    return { QStringLiteral("owner"), QStringLiteral("editor"), QStringLiteral("viewer") };
}

QString columnTypeName(ColumnType type)
{
    switch (type) {
    case ColumnType::Text: return QStringLiteral("text");
    case ColumnType::Number: return QStringLiteral("number");
    case ColumnType::Status: return QStringLiteral("status");
    case ColumnType::Person: return QStringLiteral("person");
    case ColumnType::Date: return QStringLiteral("date");
    case ColumnType::Checkbox: return QStringLiteral("checkbox");
    }
    return QString();
}

QStringList columnTypeNames()
{
    return { QStringLiteral("text"),   QStringLiteral("number"), QStringLiteral("status"),
             QStringLiteral("person"), QStringLiteral("date"),   QStringLiteral("checkbox") };
}

std::optional<ColumnType> columnTypeFromName(const QString &name)
{
    const QStringList names = columnTypeNames();
    const qsizetype i = names.indexOf(name);
    if (i < 0)
        return std::nullopt;
    return ColumnType(i);
}

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

// ---- User

QJsonObject User::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id },
                    { QStringLiteral("login"), login },
                    { QStringLiteral("displayName"), displayName } };
    if (admin)
        o.insert(QStringLiteral("admin"), true);
    if (disabled)
        o.insert(QStringLiteral("disabled"), true);
    return o;
}

Expected<User> User::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    User u;
    u.id = r.id(QStringLiteral("id"));
    u.login = r.string(QStringLiteral("login"), JsonReader::Required, 64);
    u.displayName = r.string(QStringLiteral("displayName"), JsonReader::Optional, 128);
    u.admin = r.boolean(QStringLiteral("admin"), JsonReader::Optional);
    u.disabled = r.boolean(QStringLiteral("disabled"), JsonReader::Optional);
    if (!r.ok())
        return r.error();
    return u;
}

// ---- StatusOption / Column

QJsonObject StatusOption::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("label"), label }, { QStringLiteral("color"), color } };
}

const StatusOption *Column::option(const QString &optionId) const
{
    for (const StatusOption &o : options) {
        if (o.id == optionId)
            return &o;
    }
    return nullptr;
}

bool Column::accepts(const QJsonValue &value, QString *why) const
{
    auto reject = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (value.isNull())
        return true;
    switch (type) {
    case ColumnType::Text:
        if (!value.isString())
            return reject(QStringLiteral("a text column takes a string"));
        if (value.toString().size() > Limits::maxTitleLength)
            return reject(QStringLiteral("text is longer than %1 characters").arg(Limits::maxTitleLength));
        return true;
    case ColumnType::Number:
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            return reject(QStringLiteral("a number column takes a finite number"));
        return true;
    case ColumnType::Status:
        if (!value.isString() || !option(value.toString()))
            return reject(QStringLiteral("a status column takes one of its option ids"));
        return true;
    case ColumnType::Person:
        if (!value.isString() || !JsonReader::isValidId(value.toString()))
            return reject(QStringLiteral("a person column takes a user id"));
        return true;
    case ColumnType::Date: {
        if (!value.isString())
            return reject(QStringLiteral("a date column takes an ISO date string"));
        const QString s = value.toString();
        const bool valid = s.size() <= 32
                && (QDate::fromString(s, Qt::ISODate).isValid() || QDateTime::fromString(s, Qt::ISODate).isValid());
        if (!valid)
            return reject(QStringLiteral("'%1' is not an ISO date").arg(s.left(32)));
        return true;
    }
    case ColumnType::Checkbox:
        if (!value.isBool())
            return reject(QStringLiteral("a checkbox column takes true or false"));
        return true;
    }
    return reject(QStringLiteral("unknown column type"));
}

QJsonObject Column::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id },
                    { QStringLiteral("name"), name },
                    { QStringLiteral("type"), columnTypeName(type) } };
    if (type == ColumnType::Status) {
        QJsonArray a;
        for (const StatusOption &opt : options)
            a.append(opt.toJson());
        o.insert(QStringLiteral("options"), a);
    }
    return o;
}

Expected<QList<StatusOption>> Column::optionsFromJson(const QJsonArray &array, const QString &path)
{
    static const QRegularExpression colorPattern(QStringLiteral("^#[0-9a-fA-F]{6}$"));
    QList<StatusOption> out;
    if (array.size() > Limits::maxStatusOptions)
        return CodecError::make(CodecError::Kind::TooLong, path,
                                QStringLiteral("at most %1 status options").arg(Limits::maxStatusOptions));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString p = QStringLiteral("%1[%2]").arg(path).arg(i);
        if (!array.at(i).isObject())
            return CodecError::make(CodecError::Kind::WrongType, p, QStringLiteral("a status option is an object"));
        JsonReader r(array.at(i).toObject(), p);
        StatusOption opt;
        opt.id = r.id(QStringLiteral("id"));
        opt.label = r.string(QStringLiteral("label"), JsonReader::Required, 128);
        opt.color = r.string(QStringLiteral("color"), JsonReader::Optional, 7);
        if (r.ok() && !opt.color.isEmpty() && !colorPattern.match(opt.color).hasMatch())
            r.fail(CodecError::Kind::Invalid, QStringLiteral("color"), QStringLiteral("a color is #rrggbb"));
        if (!r.ok())
            return r.error();
        for (const StatusOption &seen : out) {
            if (seen.id == opt.id)
                return CodecError::make(CodecError::Kind::Invalid, p + QStringLiteral(".id"),
                                        QStringLiteral("duplicate option id '%1'").arg(opt.id));
        }
        out.append(opt);
    }
    return out;
}

Expected<Column> Column::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    Column c;
    c.id = r.id(QStringLiteral("id"));
    c.name = r.string(QStringLiteral("name"), JsonReader::Required, 128);
    const QString type = r.oneOf(QStringLiteral("type"), columnTypeNames());
    const QJsonArray options = r.array(QStringLiteral("options"), JsonReader::Optional, Limits::maxStatusOptions);
    if (!r.ok())
        return r.error();
    c.type = *columnTypeFromName(type);
    auto parsed = optionsFromJson(options, r.pathOf(QStringLiteral("options")));
    if (!parsed)
        return parsed.error();
    c.options = parsed.value();
    return c;
}

// ---- Item

qint64 Item::version() const
{
    qint64 v = 0;
    for (qint64 fieldVersion : versions)
        v = std::max(v, fieldVersion);
    return v;
}

QJsonObject versionsToJson(const QMap<QString, qint64> &versions)
{
    QJsonObject o;
    for (auto it = versions.constBegin(); it != versions.constEnd(); ++it)
        o.insert(it.key(), double(it.value()));
    return o;
}

QJsonObject Item::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id },
                    { QStringLiteral("fields"), fields },
                    { QStringLiteral("versions"), versionsToJson(versions) },
                    { QStringLiteral("rank"), rank } };
    if (!createdBy.isEmpty())
        o.insert(QStringLiteral("createdBy"), createdBy);
    if (!createdAt.isEmpty())
        o.insert(QStringLiteral("createdAt"), createdAt);
    return o;
}

Expected<QMap<QString, qint64>> versionsFromJson(const QJsonObject &json, const QString &path)
{
    QMap<QString, qint64> out;
    JsonReader r(json, path);
    for (auto it = json.constBegin(); it != json.constEnd() && r.ok(); ++it)
        out.insert(it.key(), r.integer(it.key(), JsonReader::Required, 0));
    if (!r.ok())
        return r.error();
    return out;
}

Expected<Item> Item::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    Item item;
    item.id = r.id(QStringLiteral("id"));
    item.fields = r.object(QStringLiteral("fields"), JsonReader::Optional);
    const QJsonObject versions = r.object(QStringLiteral("versions"), JsonReader::Optional);
    item.rank = r.string(QStringLiteral("rank"), JsonReader::Required, Limits::maxRankLength);
    item.createdBy = r.string(QStringLiteral("createdBy"), JsonReader::Optional, 64);
    item.createdAt = r.string(QStringLiteral("createdAt"), JsonReader::Optional, 64);
    if (!r.ok())
        return r.error();
    auto v = versionsFromJson(versions, r.pathOf(QStringLiteral("versions")));
    if (!v)
        return v.error();
    item.versions = v.value();
    return item;
}

// ---- Member

QJsonObject Member::toJson() const
{
    QJsonObject o { { QStringLiteral("userId"), userId }, { QStringLiteral("role"), roleName(role) } };
    if (!login.isEmpty())
        o.insert(QStringLiteral("login"), login);
    if (!displayName.isEmpty())
        o.insert(QStringLiteral("displayName"), displayName);
    return o;
}

Expected<Member> Member::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    Member m;
    m.userId = r.id(QStringLiteral("userId"));
    const QString role = r.oneOf(QStringLiteral("role"), roleNames());
    m.login = r.string(QStringLiteral("login"), JsonReader::Optional, 64);
    m.displayName = r.string(QStringLiteral("displayName"), JsonReader::Optional, 128);
    if (!r.ok())
        return r.error();
    m.role = *roleFromName(role);
    return m;
}

// ---- Board

QJsonObject Board::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id }, { QStringLiteral("name"), name }, { QStringLiteral("description"), description } };
    if (archived)
        o.insert(QStringLiteral("archived"), true);
    if (!deletedAt.isEmpty())
        o.insert(QStringLiteral("deletedAt"), deletedAt);
    return o;
}

QJsonObject SavedView::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id }, { QStringLiteral("name"), name }, { QStringLiteral("config"), config } };
    if (!createdBy.isEmpty())
        o.insert(QStringLiteral("createdBy"), createdBy);
    return o;
}

Expected<SavedView> SavedView::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    SavedView v;
    v.id = r.id(QStringLiteral("id"));
    v.name = r.string(QStringLiteral("name"), JsonReader::Required, 128).trimmed();
    v.config = r.object(QStringLiteral("config"), JsonReader::Optional);
    v.createdBy = r.id(QStringLiteral("createdBy"), JsonReader::Optional);
    if (r.ok() && v.name.isEmpty())
        r.fail(CodecError::Kind::Invalid, QStringLiteral("name"), QStringLiteral("a view needs a name"));
    if (r.ok() && QJsonDocument(v.config).toJson(QJsonDocument::Compact).size() > Limits::maxViewConfigBytes)
        r.fail(CodecError::Kind::TooLong, QStringLiteral("config"),
               QStringLiteral("a view's settings are at most %1 bytes").arg(Limits::maxViewConfigBytes));
    if (!r.ok())
        return r.error();
    return v;
}

Expected<Board> Board::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    Board b;
    b.id = r.id(QStringLiteral("id"));
    b.name = r.string(QStringLiteral("name"), JsonReader::Required, Limits::maxTitleLength);
    b.description = r.string(QStringLiteral("description"), JsonReader::Optional, Limits::maxDescriptionLength);
    b.archived = r.boolean(QStringLiteral("archived"), JsonReader::Optional);
    b.deletedAt = r.string(QStringLiteral("deletedAt"), JsonReader::Optional, 64);
    if (!r.ok())
        return r.error();
    return b;
}

// ---- Attachment

bool Attachment::isImage() const
{
    static const QStringList images { QStringLiteral("image/png"), QStringLiteral("image/jpeg"), QStringLiteral("image/gif"),
                                      QStringLiteral("image/webp") };
    return images.contains(contentType);
}

bool Attachment::isSha256(const QString &text)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    return hex.match(text).hasMatch();
}

bool Attachment::isValidName(const QString &name)
{
    if (name.trimmed().isEmpty() || name.size() > Limits::maxAttachmentNameLength || name == QLatin1String(".")
        || name == QLatin1String(".."))
        return false;
    return std::none_of(name.begin(), name.end(), [](QChar c) {
        return c.unicode() < 0x20 || c.unicode() == 0x7f || c == QLatin1Char('/') || c == QLatin1Char('\\');
    });
}

QJsonObject Attachment::toJson() const
{
    return { { QStringLiteral("id"), id },
             { QStringLiteral("itemId"), itemId },
             { QStringLiteral("name"), name },
             { QStringLiteral("size"), double(size) },
             { QStringLiteral("contentType"), contentType },
             { QStringLiteral("sha256"), sha256 },
             { QStringLiteral("uploadedBy"), uploadedBy },
             { QStringLiteral("uploadedAt"), uploadedAt } };
}

Expected<Attachment> Attachment::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    Attachment a;
    a.id = r.id(QStringLiteral("id"));
    a.itemId = r.id(QStringLiteral("itemId"));
    a.name = r.string(QStringLiteral("name"), JsonReader::Required, Limits::maxAttachmentNameLength);
    a.size = r.integer(QStringLiteral("size"), JsonReader::Required, 0, Limits::maxAttachmentBytes);
    a.contentType = r.string(QStringLiteral("contentType"), JsonReader::Required, Limits::maxContentTypeLength);
    a.sha256 = r.string(QStringLiteral("sha256"), JsonReader::Required, 64);
    a.uploadedBy = r.id(QStringLiteral("uploadedBy"));
    a.uploadedAt = r.string(QStringLiteral("uploadedAt"), JsonReader::Required, 64);
    if (r.ok() && !isValidName(a.name))
        r.fail(CodecError::Kind::Invalid, QStringLiteral("name"), QStringLiteral("a file name has no folders or control characters"));
    if (r.ok() && !isSha256(a.sha256))
        r.fail(CodecError::Kind::Invalid, QStringLiteral("sha256"), QStringLiteral("sha256 is 64 lower-case hex digits"));
    if (!r.ok())
        return r.error();
    return a;
}

// ---- Comment

QJsonObject Comment::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id },
                    { QStringLiteral("itemId"), itemId },
                    { QStringLiteral("author"), author },
                    { QStringLiteral("body"), body },
                    { QStringLiteral("mentions"), QJsonArray::fromStringList(mentions) },
                    { QStringLiteral("createdAt"), createdAt } };
    if (!editedAt.isEmpty())
        o.insert(QStringLiteral("editedAt"), editedAt);
    return o;
}

Expected<Comment> Comment::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    Comment c;
    c.id = r.id(QStringLiteral("id"));
    c.itemId = r.id(QStringLiteral("itemId"));
    c.author = r.id(QStringLiteral("author"));
    c.body = r.string(QStringLiteral("body"), JsonReader::Required, Limits::maxCommentBytes);
    c.mentions = r.idList(QStringLiteral("mentions"), JsonReader::Optional, 256);
    c.createdAt = r.string(QStringLiteral("createdAt"), JsonReader::Optional, 64);
    c.editedAt = r.string(QStringLiteral("editedAt"), JsonReader::Optional, 64);
    if (!r.ok())
        return r.error();
    return c;
}

// ---- Notification

QJsonObject Notification::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id },     { QStringLiteral("seq"), double(seq) },
                    { QStringLiteral("kind"), notificationKindName(kind) }, { QStringLiteral("boardId"), boardId },
                    { QStringLiteral("actor"), actor }, { QStringLiteral("text"), text },
                    { QStringLiteral("at"), at },     { QStringLiteral("read"), read } };
    if (!itemId.isEmpty())
        o.insert(QStringLiteral("itemId"), itemId);
    if (!commentId.isEmpty())
        o.insert(QStringLiteral("commentId"), commentId);
    return o;
}

Expected<Notification> Notification::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    Notification n;
    n.id = r.id(QStringLiteral("id"));
    n.seq = r.integer(QStringLiteral("seq"), JsonReader::Optional, 0);
    n.kind = notificationKindFromName(r.oneOf(QStringLiteral("kind"), NotificationKinds.names())).value_or(NotificationKind::Comment);
    n.boardId = r.id(QStringLiteral("boardId"));
    n.itemId = r.id(QStringLiteral("itemId"), JsonReader::Optional);
    n.commentId = r.id(QStringLiteral("commentId"), JsonReader::Optional);
    n.actor = r.id(QStringLiteral("actor"));
    n.text = r.string(QStringLiteral("text"), JsonReader::Optional, 1024);
    n.at = r.string(QStringLiteral("at"), JsonReader::Optional, 64);
    n.read = r.boolean(QStringLiteral("read"), JsonReader::Optional);
    if (!r.ok())
        return r.error();
    return n;
}

// ---- Presence

QString presenceStateName(PresenceState state)
{
    return PresenceStates.name(state);
}

std::optional<PresenceState> presenceStateFromName(const QString &name)
{
    return PresenceStates.value(name);
}

QJsonObject Presence::toJson() const
{
    QJsonObject o { { QStringLiteral("userId"), userId }, { QStringLiteral("state"), presenceStateName(state) } };
    if (!displayName.isEmpty())
        o.insert(QStringLiteral("displayName"), displayName);
    if (!boardId.isEmpty())
        o.insert(QStringLiteral("board"), boardId);
    if (!itemId.isEmpty())
        o.insert(QStringLiteral("itemId"), itemId);
    if (!field.isEmpty())
        o.insert(QStringLiteral("field"), field);
    return o;
}

Expected<Presence> Presence::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    Presence p;
    p.userId = r.id(QStringLiteral("userId"));
    p.displayName = r.string(QStringLiteral("displayName"), JsonReader::Optional, 128);
    p.boardId = r.id(QStringLiteral("board"), JsonReader::Optional);
    p.itemId = r.id(QStringLiteral("itemId"), JsonReader::Optional);
    p.state = presenceStateFromName(r.oneOf(QStringLiteral("state"), PresenceStates.names())).value_or(PresenceState::Viewing);
    p.field = r.id(QStringLiteral("field"), JsonReader::Optional);
    if (!r.ok())
        return r.error();
    return p;
}

} // namespace Tessera::Core
