#include "inboxmodel.h"

#include <QSet>

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
    case Qt::ToolTipRole: // the whole text, also when a view elides it
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
    case ActorNameRole:
        return m_names.value(n.actor);
    default:
        return {};
    }
}

QHash<int, QByteArray> InboxModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({ { IdRole, "id" }, { KindRole, "kind" }, { TextRole, "text" }, { BoardIdRole, "boardId" },
                   { ItemIdRole, "itemId" }, { CommentIdRole, "commentId" }, { ActorRole, "actor" }, { AtRole, "at" },
                   { UnreadRole, "unread" }, { SeqRole, "seq" }, { ActorNameRole, "actorName" } });
    return names;
}

void InboxModel::addPeople(const QHash<QString, QString> &namesById)
{
    QSet<QString> changed;
    for (auto it = namesById.cbegin(); it != namesById.cend(); ++it) {
        if (it.value().isEmpty() || m_names.value(it.key()) == it.value())
            continue;
        m_names.insert(it.key(), it.value());
        changed.insert(it.key());
    }
    if (changed.isEmpty())
        return;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (changed.contains(m_rows.at(row).actor))
            Q_EMIT dataChanged(index(row), index(row), { ActorNameRole });
    }
}

QString InboxModel::relativeTime(const QDateTime &at, const QDateTime &now, const QLocale &locale)
{
    if (!at.isValid() || !now.isValid())
        return QString();
    const qint64 seconds = at.secsTo(now);
    const QDate day = at.toLocalTime().date();
    const QDate today = now.toLocalTime().date();
    const auto date = [&] {
        return locale.toString(day, day.year() == today.year() ? QStringLiteral("d MMM") : QStringLiteral("d MMM yyyy"));
    };
    if (seconds < -5 * 60) // well ahead of this clock: say when
        return date();
    if (seconds < 60)
        return tr("just now");
    if (seconds < 60 * 60)
        return tr("%n min ago", nullptr, int(seconds / 60));
    const qint64 days = day.daysTo(today);
    if (days <= 0)
        return tr("%n h ago", nullptr, int(seconds / 3600));
    if (days == 1)
        return tr("yesterday");
    if (days < 7)
        return tr("%n days ago", nullptr, int(days));
    return date();
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
