#pragma once

#include "core/protocol/domain.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QLocale>

namespace Tessera::Core {

// The signed-in person's notifications, newest first, with an unread count. Fed by
// SyncClient from the inbox stream (and the cache at start); views only read it.
// Who acted is a user id; the app tells the model people's names (addPeople) as it
// learns them (the members of the boards it opens), so rows can show a name and avatar.
class InboxModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        KindRole,
        TextRole,
        BoardIdRole,
        ItemIdRole,
        CommentIdRole,
        ActorRole,
        AtRole,
        UnreadRole, // bool
        SeqRole,
        ActorNameRole, // the actor's display name, "" while unknown
    };
    Q_ENUM(Roles)

    explicit InboxModel(QObject *parent = nullptr);

    void setNotifications(QList<Notification> notifications); // replaces all (a reload)
    bool add(const Notification &notification); // false if already known
    void markRead(const QStringList &ids);
    void markAllRead();
    void clear();
    // Display names by user id; merged with those known (a later name wins).
    void addPeople(const QHash<QString, QString> &namesById);
    QString nameOf(const QString &userId) const { return m_names.value(userId); }

    // When something happened, the way an inbox says it, relative to `now` (both read in
    // local time): "just now" (under a minute, or a clock a little ahead), "5 min ago",
    // "3 h ago" (earlier today), "yesterday", "3 days ago" (within a week), then the date
    // ("12 Nov", with the year when it is not this year's). Empty for an invalid `at`.
    static QString relativeTime(const QDateTime &at, const QDateTime &now, const QLocale &locale = QLocale());

    int unreadCount() const { return m_unread; }
    const QList<Notification> &notifications() const { return m_rows; }
    std::optional<Notification> notificationAt(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void unreadCountChanged(int unread);

private:
    void recount();

    QList<Notification> m_rows; // seq descending
    QHash<QString, QString> m_names; // user id -> display name
    int m_unread = 0;
};

} // namespace Tessera::Core
