#include "presencemodel.h"

#include <algorithm>

namespace Tessera::Core {

PresenceModel::PresenceModel(BoardStore *store, QString itemId, QObject *parent)
    : QAbstractListModel(parent), m_store(store), m_itemId(std::move(itemId)), m_rows(current())
{
    connect(m_store, &BoardStore::presenceChanged, this, &PresenceModel::refresh);
}

QList<Presence> PresenceModel::current() const
{
    QList<Presence> out = m_itemId.isEmpty() ? m_store->presence() : m_store->presenceOn(m_itemId);
    std::sort(out.begin(), out.end(), [](const Presence &a, const Presence &b) { return a.userId < b.userId; });
    return out;
}

void PresenceModel::refresh()
{
    const QList<Presence> next = current();
    // Both lists are sorted by user id: walk them together.
    int row = 0;
    qsizetype j = 0;
    while (row < m_rows.size() || j < next.size()) {
        if (j >= next.size() || (row < m_rows.size() && m_rows.at(row).userId < next.at(j).userId)) {
            beginRemoveRows(QModelIndex(), row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        } else if (row >= m_rows.size() || next.at(j).userId < m_rows.at(row).userId) {
            beginInsertRows(QModelIndex(), row, row);
            m_rows.insert(row, next.at(j));
            endInsertRows();
            ++row;
            ++j;
        } else {
            if (m_rows.at(row) != next.at(j)) {
                m_rows[row] = next.at(j);
                Q_EMIT dataChanged(index(row), index(row));
            }
            ++row;
            ++j;
        }
    }
}

int PresenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant PresenceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Presence &p = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case DisplayNameRole:
        return p.displayName.isEmpty() ? m_store->memberName(p.userId) : p.displayName;
    case UserIdRole:
        return p.userId;
    case ItemIdRole:
        return p.itemId;
    case StateRole:
        return presenceStateName(p.state);
    case FieldRole:
        return p.field;
    default:
        return {};
    }
}

QHash<int, QByteArray> PresenceModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({ { UserIdRole, "userId" }, { DisplayNameRole, "displayName" }, { ItemIdRole, "itemId" },
                   { StateRole, "state" }, { FieldRole, "field" } });
    return names;
}

} // namespace Tessera::Core
