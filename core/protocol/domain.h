#pragma once

#include "expected.h"

#include <QJsonArray>
#include <QJsonObject>

#include <optional>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Tessera::Core {

enum class Role { None, Viewer, Editor, Owner };
enum class ColumnType { Text, Number, Status, Person, Date, Checkbox };

QString roleName(Role role);
std::optional<Role> roleFromName(const QString &name);
QStringList roleNames(); // owner, editor, viewer
QString columnTypeName(ColumnType type);
std::optional<ColumnType> columnTypeFromName(const QString &name);
QStringList columnTypeNames();

struct User
{
    QString id;
    QString login;
    QString displayName;
    bool admin = false;
    bool disabled = false;

    QJsonObject toJson() const;
    static Expected<User> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("user"));
    bool operator==(const User &) const = default;
};

struct StatusOption
{
    QString id;
    QString label;
    QString color; // "#rrggbb"

    QJsonObject toJson() const;
    bool operator==(const StatusOption &) const = default;
};

struct Column
{
    QString id;
    QString name;
    ColumnType type = ColumnType::Text;
    QList<StatusOption> options; // status columns only

    const StatusOption *option(const QString &optionId) const;
    // Whether `value` is acceptable for this column (null always is). Sets `why` when not.
    bool accepts(const QJsonValue &value, QString *why = nullptr) const;

    QJsonObject toJson() const;
    static Expected<Column> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("column"));
    static Expected<QList<StatusOption>> optionsFromJson(const QJsonArray &array, const QString &path);
    bool operator==(const Column &) const = default;
};

struct Item
{
    // The one field that is not a column: a multi-line plain-text description, versioned
    // and conflict-checked like every field.
    static QString descriptionKey() { return QStringLiteral("description"); }

    QString id;
    QJsonObject fields; // columnId -> value
    QMap<QString, qint64> versions; // columnId -> seq that last set it
    QString rank;
    QString createdBy;
    QString createdAt;

    // The highest field version: what the digest uses.
    qint64 version() const;

    QJsonObject toJson() const;
    static Expected<Item> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("item"));
    bool operator==(const Item &) const = default;
};

struct Member
{
    QString userId;
    Role role = Role::Viewer;
    QString login;
    QString displayName;

    QJsonObject toJson() const;
    static Expected<Member> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("member"));
    bool operator==(const Member &) const = default;
};

struct Board
{
    QString id;
    QString name;
    QString description;
    bool archived = false; // hidden from the sidebar's main list, still readable and editable
    QString deletedAt; // set: deleted (restorable by an owner for a while), ISO-8601

    QJsonObject toJson() const;
    static Expected<Board> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("board"));
    bool operator==(const Board &) const = default;
};

// A board's named view: what a view of the board shows and how (type, filters, sort,
// grouping, visible columns, widths). `config` is the app's, kept opaque here.
struct SavedView
{
    QString id;
    QString name;
    QJsonObject config;
    QString createdBy;

    QJsonObject toJson() const;
    static Expected<SavedView> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("view"));
    bool operator==(const SavedView &) const = default;
};

// A file on an item: its bytes are stored once per SHA-256 by the server (files room);
// this is what the board knows of it (attachment.added, the snapshot's `attachments`).
struct Attachment
{
    QString id;
    QString itemId;
    QString name; // the file name as uploaded (no folders)
    qint64 size = 0; // bytes
    QString contentType; // e.g. image/png; application/octet-stream when unknown
    QString sha256; // lower-case hex of the bytes
    QString uploadedBy; // user id
    QString uploadedAt; // ISO-8601

    bool isImage() const;
    QJsonObject toJson() const;
    static Expected<Attachment> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("attachment"));
    // Lower-case hex of 64 digits.
    static bool isSha256(const QString &text);
    // A file name as stored: no path separators or control characters, 1-255 characters.
    static bool isValidName(const QString &name);
    bool operator==(const Attachment &) const = default;
};

struct Comment
{
    QString id;
    QString itemId;
    QString author;
    QString body;
    QStringList mentions; // user ids
    QString createdAt;
    QString editedAt;

    QJsonObject toJson() const;
    static Expected<Comment> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("comment"));
    bool operator==(const Comment &) const = default;
};

// What a notification is about (wire names in domain.cpp).
enum class NotificationKind { Mention, Assigned, Comment, Due };
QString notificationKindName(NotificationKind kind);
std::optional<NotificationKind> notificationKindFromName(const QString &name);

struct Notification
{
    QString id;
    qint64 seq = 0; // position in the owner's inbox stream
    NotificationKind kind = NotificationKind::Comment;
    QString boardId;
    QString itemId;
    QString commentId;
    QString actor;
    QString text; // short human-readable summary
    QString at;
    bool read = false;

    QJsonObject toJson() const;
    static Expected<Notification> fromJson(const QJsonObject &json,
                                           const QString &path = QStringLiteral("notification"));
    bool operator==(const Notification &) const = default;
};

// What someone present is doing (wire names "viewing", "editing").
enum class PresenceState { Viewing, Editing };
QString presenceStateName(PresenceState state);
std::optional<PresenceState> presenceStateFromName(const QString &name);

struct Presence
{
    QString userId;
    QString displayName;
    QString boardId;
    QString itemId;
    PresenceState state = PresenceState::Viewing;
    QString field;

    QJsonObject toJson() const;
    static Expected<Presence> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("presence"));
    bool operator==(const Presence &) const = default;
};

QString nowIso(); // current UTC time as ISO-8601 with milliseconds

QJsonObject versionsToJson(const QMap<QString, qint64> &versions);
Expected<QMap<QString, qint64>> versionsFromJson(const QJsonObject &json, const QString &path);

} // namespace Tessera::Core
