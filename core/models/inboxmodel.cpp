#include "inboxmodel.h"

#include <algorithm>

namespace Tessera::Core {

InboxModel::InboxModel(QObject *parent) : QAbstractListModel(parent) { }

void InboxModel::setNotifications(QList<Notification> notifications)
{
    std::sort(notifications.begin(), notifications.end(),
              [](const Notification &a, const Notification &b) { return a.seq > b.seq; });
    beginResetModel();
    m_rows = std::move(notifications);
    endResetModel();
    recount();
}

bool InboxModel::add(const Notification &n)
{
    if (std::any_of(m_rows.cbegin(), m_rows.cend(), [&n](const Notification &o) { return o.id == n.id; }))
        return false;
    const auto at = std::find_if(m_rows.cbegin(), m_rows.cend(), [&n](const Notification &o) { return o.seq < n.seq; });
    const int row = int(at - m_rows.cbegin());
    beginInsertRows(QModelIndex(), row, row);
    m_rows.insert(row, n);
    endInsertRows();
    recount();
    return true;
}

void InboxModel::markRead(const QStringList &ids)
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (!m_rows.at(row).read && ids.contains(m_rows.at(row).id)) {
            m_rows[row].read = true;
            Q_EMIT dataChanged(index(row), index(row), { UnreadRole });
        }
    }
    recount();
}

void InboxModel::markAllRead()
{
    QStringList ids;
    for (const Notification &n : std::as_const(m_rows))
        ids.append(n.id);
    markRead(ids);
}

void InboxModel::clear()
{
    setNotifications({});
}

std::optional<Notification> InboxModel::notificationAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? std::optional<Notification>(m_rows.at(row)) : std::nullopt;
}

int InboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant InboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Notification &n = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return n.text;
    case IdRole:
        return n.id;
    case KindRole:
        return notificationKindName(n.kind);
    case BoardIdRole:
        return n.boardId;
    case ItemIdRole:
        return n.itemId;
    case CommentIdRole:
        return n.commentId;
    case ActorRole:
        return n.actor;
    case AtRole:
        return n.at;
    case UnreadRole:
        return !n.read;
    case SeqRole:
        return n.seq;
    default:
        return {};
    }
}

QHash<int, QByteArray> InboxModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({ { IdRole, "id" }, { KindRole, "kind" }, { TextRole, "text" }, { BoardIdRole, "boardId" },
                   { ItemIdRole, "itemId" }, { CommentIdRole, "commentId" }, { ActorRole, "actor" }, { AtRole, "at" },
                   { UnreadRole, "unread" }, { SeqRole, "seq" } });
    return names;
}

void InboxModel::recount()
{
    const int unread = int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Notification &n) { return !n.read; }));
    if (unread == m_unread)
        return;
    m_unread = unread;
    Q_EMIT unreadCountChanged(m_unread);
}

} // namespace Tessera::Core
