#include "notifier.h"

#include "core/rules/itemfacts.h"

#include <QJsonArray>

namespace Tessera::Server::Notifier {

namespace {

QString itemTitle(const Core::BoardState &state, const QString &itemId, const QJsonObject &fields = {})
{
    Core::Item changed;
    changed.fields = fields;
    QString title = Core::titleOf(changed, state.columns);
    if (title.isEmpty())
        title = Core::titleOf(state.items.value(itemId), state.columns);
    return title.isEmpty() ? itemId : title.left(80);
}

QString nameOf(const Core::BoardState &state, const QString &userId)
{
    const Core::Member m = state.members.value(userId);
    return m.displayName.isEmpty() ? (m.login.isEmpty() ? userId : m.login) : m.displayName;
}

Core::Notification make(Core::NotificationKind kind, const Core::Event &event, const Core::BoardState &state,
                        const QString &itemId, const QString &commentId, const QString &text)
{
    Core::Notification n;
    n.kind = kind;
    n.boardId = state.board.id;
    n.itemId = itemId;
    n.commentId = commentId;
    n.actor = event.actor;
    n.text = text.left(1000);
    n.at = event.at;
    return n;
}

} // namespace

QList<Recipient> compute(const Core::Event &event, const Core::BoardState &before)
{
    using Core::EventKind;
    QList<Recipient> out;
    const QString actorName = nameOf(before, event.actor);
    switch (event.kind) {
    case EventKind::ItemCreated:
    case EventKind::ItemUpdated:
    case EventKind::ItemMoved: {
        const bool created = event.kind == EventKind::ItemCreated;
        const QJsonObject item = event.payload.value(QStringLiteral("item")).toObject();
        const QString itemId = created ? item.value(QStringLiteral("id")).toString() : event.itemId();
        const QJsonObject fields = created ? item.value(QStringLiteral("fields")).toObject()
                                           : event.payload.value(QStringLiteral("fields")).toObject();
        const QJsonObject old = created ? QJsonObject() : before.items.value(itemId).fields;
        QStringList notified;
        for (const Core::Column &c : before.columns) {
            if (c.type != Core::ColumnType::Person || !fields.contains(c.id))
                continue;
            const QString userId = fields.value(c.id).toString();
            if (userId.isEmpty() || userId == event.actor || !before.members.contains(userId)
                || old.value(c.id).toString() == userId || notified.contains(userId))
                continue;
            notified.append(userId);
            out.append({ userId,
                         make(Core::NotificationKind::Assigned, event, before, itemId, QString(),
                              QStringLiteral("%1 assigned you to \"%2\"").arg(actorName, itemTitle(before, itemId, fields))) });
        }
        break;
    }
    case EventKind::CommentCreated:
    case EventKind::CommentEdited: {
        const auto comment = Core::Comment::fromJson(event.payload.value(QStringLiteral("comment")).toObject());
        if (!comment)
            break;
        const Core::Comment &c = comment.value();
        QStringList previous; // an edit notifies only newly added mentions
        if (event.kind == EventKind::CommentEdited)
            previous = before.comments.value(c.id).mentions;
        const QString title = itemTitle(before, c.itemId);
        QStringList notified;
        for (const QString &userId : c.mentions) {
            if (userId == c.author || !before.members.contains(userId) || previous.contains(userId)
                || notified.contains(userId))
                continue;
            notified.append(userId);
            out.append({ userId, make(Core::NotificationKind::Mention, event, before, c.itemId, c.id,
                                      QStringLiteral("%1 mentioned you on \"%2\": %3").arg(actorName, title, c.body.left(200))) });
        }
        if (event.kind != EventKind::CommentCreated)
            break;
        for (const QString &userId : Core::assigneesOf(before.items.value(c.itemId).fields, before)) {
            if (userId == c.author || notified.contains(userId))
                continue;
            notified.append(userId);
            out.append({ userId, make(Core::NotificationKind::Comment, event, before, c.itemId, c.id,
                                      QStringLiteral("%1 commented on \"%2\": %3").arg(actorName, title, c.body.left(200))) });
        }
        break;
    }
    default:
        break;
    }
    return out;
}

} // namespace Tessera::Server::Notifier
