#pragma once

#include "itemfilter.h"

#include <QSortFilterProxyModel>

namespace Tessera::Core {

class ItemTableModel;

// One kanban lane: the items whose status in the chosen status column is one option
// (option id "" = items with no status, or with an option the column no longer has) —
// or, grouped by a person column, whose person is one member ("" = nobody or a non-member),
// ordered by rank (plain string compare, ties by item id). Cards move between lanes
// as their status changes, live. An ItemFilter (the board's search) hides cards too.
class KanbanLaneModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit KanbanLaneModel(ItemTableModel *source, QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override; // must be an ItemTableModel
    void setLane(const QString &statusColumnId, const QString &optionId);
    void setItemFilter(const ItemFilter &filter);
    const ItemFilter &itemFilter() const { return m_filter; }
    QString statusColumnId() const { return m_columnId; }
    QString optionId() const { return m_optionId; }
    QString itemIdAt(int row) const; // proxy row
    QStringList itemIds() const; // in lane order

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    ItemTableModel *m_table = nullptr;
    QString m_columnId;
    QString m_optionId;
    ItemFilter m_filter;
};

} // namespace Tessera::Core
