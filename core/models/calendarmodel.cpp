#include "calendarmodel.h"

#include "boardstore.h"
#include "itemfilter.h"
#include "itemtablemodel.h"

#include "core/rules/itemfacts.h"

#include <algorithm>

namespace Tessera::Core {

CalendarModel::CalendarModel(ItemTableModel *source, QObject *parent) : QSortFilterProxyModel(parent)
{
    setSourceModel(source);
    resort();
}

void CalendarModel::setSourceModel(QAbstractItemModel *model)
{
    m_table = qobject_cast<ItemTableModel *>(model);
    Q_ASSERT(m_table || !model);
    QSortFilterProxyModel::setSourceModel(model);
    disconnect(m_resetConnection);
    if (model) // columns only move across a reset; follow the date column there
        m_resetConnection = connect(model, &QAbstractItemModel::modelReset, this, &CalendarModel::resort);
}

void CalendarModel::setDateColumn(const QString &columnId)
{
    if (columnId == m_columnId)
        return;
    m_columnId = columnId;
    invalidateFilter();
    resort();
}

// Sorts on the date column itself, so a changed date re-sorts its row.
void CalendarModel::resort()
{
    const int column = m_table ? m_table->columnOf(m_columnId) : -1;
    sort(std::max(column, 0));
}

void CalendarModel::setRange(const QDate &from, const QDate &to)
{
    if (from == m_from && to == m_to)
        return;
    m_from = from;
    m_to = to;
    invalidateFilter();
}

void CalendarModel::setItemFilter(const ItemFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    invalidateFilter();
    Q_EMIT itemFilterChanged();
}

void CalendarModel::setUndatedOnly(bool undated)
{
    if (undated == m_undated)
        return;
    m_undated = undated;
    invalidateFilter();
}

QDate CalendarModel::dateOf(const QString &itemId) const
{
    const int row = m_table ? m_table->rowOfItem(itemId) : -1;
    return row >= 0 ? dateOfSourceRow(row) : QDate();
}

bool CalendarModel::isDone(const QString &itemId) const
{
    const Item *item = m_table ? m_table->store()->itemPtr(itemId) : nullptr;
    return item && Core::isDone(*item, m_table->store()->columns());
}

bool CalendarModel::isOverdue(const QString &itemId, const QDate &today) const
{
    const QDate date = dateOf(itemId);
    return date.isValid() && date < today && !isDone(itemId);
}

QDate CalendarModel::dateAt(int row) const
{
    const QModelIndex source = mapToSource(index(row, 0));
    return source.isValid() ? dateOfSourceRow(source.row()) : QDate();
}

QString CalendarModel::itemIdAt(int row) const
{
    const QModelIndex source = mapToSource(index(row, 0));
    return m_table && source.isValid() ? m_table->itemIdAt(source.row()) : QString();
}

QMultiMap<QDate, QString> CalendarModel::itemsByDay() const
{
    // QMultiMap hands out equal keys newest first: insert backwards to keep rank order.
    QMultiMap<QDate, QString> days;
    for (int row = rowCount() - 1; row >= 0; --row)
        days.insert(dateAt(row), itemIdAt(row));
    return days;
}

QDate CalendarModel::dateOfSourceRow(int sourceRow) const
{
    if (!m_table || m_columnId.isEmpty())
        return QDate();
    const Column *column = m_table->store()->confirmed().column(m_columnId);
    const Item *item = m_table->itemAt(sourceRow);
    if (!column || column->type != ColumnType::Date || !item)
        return QDate();
    return Core::dateOf(item->fields.value(m_columnId)).value_or(QDate());
}

bool CalendarModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const QDate date = dateOfSourceRow(sourceRow);
    if (m_undated) {
        const Column *column = m_table->store()->confirmed().column(m_columnId);
        if (!column || column->type != ColumnType::Date || date.isValid())
            return false;
    } else if (!date.isValid()) {
        return false;
    } else if ((m_from.isValid() && date < m_from) || (m_to.isValid() && date > m_to)) {
        return false;
    }
    if (m_filter.isEmpty())
        return true;
    const Item *item = m_table->itemAt(sourceRow);
    return item && m_filter.matches(*item, *m_table->store());
}

bool CalendarModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QDate da = dateOfSourceRow(left.row());
    const QDate db = dateOfSourceRow(right.row());
    if (da != db)
        return da < db;
    const Item *a = m_table->itemAt(left.row());
    const Item *b = m_table->itemAt(right.row());
    if (!a || !b)
        return bool(b) && !a;
    return a->rank == b->rank ? a->id < b->id : a->rank < b->rank;
}

} // namespace Tessera::Core
