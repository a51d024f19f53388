#pragma once

#include "itemfilter.h"

#include <QDate>
#include <QMultiMap>
#include <QSortFilterProxyModel>

namespace Tessera::Core {

class ItemTableModel;

// The items whose value in the chosen date column falls within [from, to] (an invalid
// bound is open) and that pass the ItemFilter (the board's search), ordered by day, then
// rank, then id. itemsByDay() is what a painted calendar grid draws.
// With setUndatedOnly(true) it is the other half instead: the items that pass the filter
// but have no date in that column (the range does not apply), in rank order — the
// calendar's "No date" list. Without a date column both halves are empty.
class CalendarModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit CalendarModel(ItemTableModel *source, QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override; // must be an ItemTableModel
    void setDateColumn(const QString &columnId);
    void setRange(const QDate &from, const QDate &to);
    void setItemFilter(const ItemFilter &filter);
    const ItemFilter &itemFilter() const { return m_filter; }
    void setUndatedOnly(bool undated);
    bool undatedOnly() const { return m_undated; }
    QString dateColumnId() const { return m_columnId; }
    QDate from() const { return m_from; }
    QDate to() const { return m_to; }

    QDate dateAt(int row) const; // proxy row
    QString itemIdAt(int row) const; // proxy row
    // Item ids by day; values(day) lists one day's items in rank order.
    QMultiMap<QDate, QString> itemsByDay() const;
    // The item's day in the date column (invalid when it has none), with pending edits.
    QDate dateOf(const QString &itemId) const;
    // Done: a status column holds its last option (Core::isDone, the rule the server's
    // reminders use). Overdue: dated before `today` and not done.
    bool isDone(const QString &itemId) const;
    bool isOverdue(const QString &itemId, const QDate &today) const;

Q_SIGNALS:
    void itemFilterChanged(); // a twin model (the "No date" list) follows the search

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void resort();
    QDate dateOfSourceRow(int sourceRow) const;

    ItemTableModel *m_table = nullptr;
    QMetaObject::Connection m_resetConnection;
    QString m_columnId;
    QDate m_from;
    QDate m_to;
    ItemFilter m_filter;
    bool m_undated = false;
};

} // namespace Tessera::Core
