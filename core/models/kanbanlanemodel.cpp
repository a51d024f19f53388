#include "kanbanlanemodel.h"

#include "itemfilter.h"
#include "itemtablemodel.h"

namespace Tessera::Core {

KanbanLaneModel::KanbanLaneModel(ItemTableModel *source, QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ItemTableModel::RankRole);
    setSourceModel(source);
    sort(0);
}

void KanbanLaneModel::setSourceModel(QAbstractItemModel *model)
{
    m_table = qobject_cast<ItemTableModel *>(model);
    Q_ASSERT(m_table || !model);
    QSortFilterProxyModel::setSourceModel(model);
}

void KanbanLaneModel::setLane(const QString &statusColumnId, const QString &optionId)
{
    if (statusColumnId == m_columnId && optionId == m_optionId)
        return;
    m_columnId = statusColumnId;
    m_optionId = optionId;
    invalidateFilter();
}

void KanbanLaneModel::setItemFilter(const ItemFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    invalidateFilter();
}

QString KanbanLaneModel::itemIdAt(int row) const
{
    const QModelIndex source = mapToSource(index(row, 0));
    return m_table && source.isValid() ? m_table->itemIdAt(source.row()) : QString();
}

QStringList KanbanLaneModel::itemIds() const
{
    QStringList ids;
    ids.reserve(rowCount());
    for (int row = 0; row < rowCount(); ++row)
        ids.append(itemIdAt(row));
    return ids;
}

bool KanbanLaneModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || !m_table || m_columnId.isEmpty())
        return false;
    const Column *column = m_table->store()->confirmed().column(m_columnId);
    const Item *item = m_table->itemAt(sourceRow);
    if (!column || !item)
        return false;
    // The lane key: a status option id, or a member's user id when grouping by a person column.
    QString key;
    if (column->type == ColumnType::Status) {
        key = statusOptionOf(*column, item->fields.value(m_columnId));
    } else if (column->type == ColumnType::Person) {
        const QString who = item->fields.value(m_columnId).toString();
        key = m_table->store()->confirmed().members.contains(who) ? who : QString();
    } else {
        return false;
    }
    if (key != m_optionId)
        return false;
    return m_filter.isEmpty() || m_filter.matches(*item, *m_table->store());
}

bool KanbanLaneModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const Item *a = m_table->itemAt(left.row());
    const Item *b = m_table->itemAt(right.row());
    if (!a || !b)
        return bool(b) && !a;
    return a->rank == b->rank ? a->id < b->id : a->rank < b->rank;
}

} // namespace Tessera::Core
