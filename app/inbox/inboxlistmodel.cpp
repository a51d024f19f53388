#include "inboxlistmodel.h"

#include "core/models/inboxmodel.h"

namespace Tessera::App {

InboxListModel::InboxListModel(const InboxView::Roles *roles, QObject *parent)
    : QSortFilterProxyModel(parent), m_roles(roles), m_now([] { return QDateTime::currentDateTime(); })
{
}

void InboxListModel::setUnreadOnly(bool unreadOnly)
{
    if (unreadOnly == m_unreadOnly)
        return;
    m_unreadOnly = unreadOnly;
    invalidateFilter();
}

void InboxListModel::setClock(std::function<QDateTime()> now)
{
    m_now = std::move(now);
    refreshTimes();
}

void InboxListModel::refreshTimes()
{
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0),
                           { WhenTextRole, Qt::AccessibleDescriptionRole });
}

QString InboxListModel::kindText(const QString &kind)
{
    if (kind == QLatin1String("mention"))
        return tr("Mention");
    if (kind == QLatin1String("assigned"))
        return tr("Assigned to you");
    if (kind == QLatin1String("comment"))
        return tr("Comment");
    if (kind == QLatin1String("due"))
        return tr("Due date");
    return kind;
}

QVariant InboxListModel::data(const QModelIndex &index, int role) const
{
    switch (role) {
    case WhenTextRole: {
        const QDateTime at = QDateTime::fromString(index.data(m_roles->at).toString(), Qt::ISODateWithMs);
        return Core::InboxModel::relativeTime(at, m_now());
    }
    case KindTextRole:
        return kindText(index.data(m_roles->kind).toString());
    case Qt::AccessibleTextRole: {
        const QString text = index.data(m_roles->text).toString();
        return text.isEmpty() ? index.data(Qt::DisplayRole) : text;
    }
    case Qt::AccessibleDescriptionRole: {
        QStringList parts { data(index, KindTextRole).toString() };
        if (index.data(m_roles->kind).toString() != QLatin1String("due")) {
            const QString who = index.data(m_roles->actorName).toString();
            if (!who.isEmpty())
                parts.append(who);
        }
        parts.append(data(index, WhenTextRole).toString());
        if (index.data(m_roles->unread).toBool())
            parts.append(tr("unread"));
        parts.removeAll(QString());
        return parts.join(QStringLiteral(", "));
    }
    case Qt::ToolTipRole: {
        const QVariant tip = QSortFilterProxyModel::data(index, role);
        return tip.isValid() ? tip : index.data(m_roles->text);
    }
    default:
        return QSortFilterProxyModel::data(index, role);
    }
}

bool InboxListModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_unreadOnly)
        return true;
    return sourceModel()->index(sourceRow, 0, sourceParent).data(m_roles->unread).toBool();
}

} // namespace Tessera::App
