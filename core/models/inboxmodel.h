#pragma once

#include "core/protocol/domain.h"

#include <QAbstractListModel>

namespace Tessera::Core {

// The signed-in person's notifications, newest first, with an unread count. Fed by
// SyncClient from the inbox stream (and the cache at start); views only read it.
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
    };
    Q_ENUM(Roles)

    explicit InboxModel(QObject *parent = nullptr);

    void setNotifications(QList<Notification> notifications); // replaces all (a reload)
    bool add(const Notification &notification); // false if already known
    void markRead(const QStringList &ids);
    void markAllRead();
    void clear();

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
    int m_unread = 0;
};

} // namespace Tessera::Core
