#pragma once

#include "expected.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Tessera::Core {

enum class EventKind {
    ItemCreated,
    ItemUpdated,
    ItemMoved,
    ItemDeleted,
    ColumnCreated,
    ColumnUpdated,
    ColumnDeleted,
    BoardUpdated,
    MemberAdded,
    MemberRemoved,
    CommentCreated,
    CommentEdited,
    CommentDeleted,
    NotificationCreated,
    NotificationRead,
    BoardDeleted, // {board}: deleted (its owners can restore it for a while)
    BoardRestored, // {board}
    ColumnMoved, // {columnId, index}: the column now stands at `index`
    ViewCreated, // {view}
    ViewUpdated, // {view}
    ViewDeleted, // {viewId}
    AttachmentAdded, // {attachment}
    AttachmentRemoved, // {attachmentId, itemId, sha256}
};

QString eventKindName(EventKind kind);
std::optional<EventKind> eventKindFromName(const QString &name);
QStringList eventKindNames();

// One entry of a board or inbox stream. `payload` holds the kind-specific fields
// (item, itemId, fields, versions, rank, column, columnId, board, member, userId,
// comment, notification, ids); fromJson validates them strictly per kind.
struct Event
{
    qint64 seq = 0;
    EventKind kind = EventKind::ItemUpdated;
    QString actor;
    QString mutationId;
    QString at;
    QJsonObject payload;

    // The item this event is about, if any (item.* and comment.* events).
    QString itemId() const;

    QJsonObject toJson() const;
    static Expected<Event> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("event"));
    bool operator==(const Event &) const = default;
};

using EventList = QList<Event>;

// The events of a batch or a changes page. An event whose kind this version does not know
// (a newer server's) is left out and its kind added to `unknownKinds`: the stream still
// advances past it (batches and pages carry their seq range), and the client tells the
// person that an update is available instead of failing the whole batch.
Expected<EventList> eventsFromJson(const QJsonArray &array, const QString &path, QStringList *unknownKinds);

} // namespace Tessera::Core
