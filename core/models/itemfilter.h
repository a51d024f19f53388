#pragma once

#include "core/protocol/domain.h"

#include <QDate>
#include <QLocale>
#include <QSet>
#include <QSortFilterProxyModel>

#include <optional>

namespace Tessera::Core {

class BoardStore;
class ItemTableModel;

// ---- Value predicates shared by the models, proxies and views

// The human text of a cell: status label, person name, formatted number or date.
QString displayText(const Column &column, const QJsonValue &value, const BoardStore &store,
                    const QLocale &locale = QLocale());
// The day an ISO date or date-time value falls on (date-times in local time).
std::optional<QDate> dateOf(const QJsonValue &value);
// A status value's option id when the column knows that option, else "" (no status).
QString statusOptionOf(const Column &column, const QJsonValue &value);
// Orders two values of `column`: numbers numerically, statuses by option order, dates by
// day, text and people case-insensitively (people by name when `store` is given); empty
// values last. Returns <0, 0 or >0.
int compareValues(const Column &column, const QJsonValue &a, const QJsonValue &b,
                  const BoardStore *store = nullptr);
// The is:overdue rule: a date column's day is before `today` and the item is not done.
bool isOverdue(const Item &item, const QList<Column> &columns, const QDate &today = QDate::currentDate());
// The filter text condition "column:value" for `column` (its name without spaces, lower
// case), the value quoted when it has spaces: what the Filter menu and the Dashboard add.
QString filterCondition(const Column &column, const QString &value);

// What the filter field (and the table's status chips) keep. The text is a list of
// conditions, all of which must hold (AND):
//   word            occurs (case-insensitively) in a text field, a status label or a person's name
//   column:value    a column (by name without spaces, or id) has that value: a status by its
//                   label (a prefix is enough), a person by name or login or "me", a date
//                   as yyyy-mm-dd, "today" or "overdue", text and numbers by containing it;
//                   column:none (or :empty) means the field is empty
//   is:overdue      a date has passed and the item is not done (Core::isDone)
//   is:done is:open done or not
//   is:mine  @me    assigned to me (a person field holds `me`)
//   no:date         no date at all; no:column: that column is empty
//   -condition      not
// Values with spaces go in quotes: status:"in progress". A key that is no column and no
// keyword is an ordinary word (so "http://…" still finds links).
struct ItemFilter
{
    QString text;
    QString me; // the signed-in user, for "me"
    // With options set: keep items whose status in this column is one of them
    // ("" stands for items with no status). No options: no status condition.
    QString statusColumnId;
    QSet<QString> statusOptionIds;

    bool isEmpty() const;
    bool matches(const Item &item, const BoardStore &store) const;
    bool operator==(const ItemFilter &) const = default;

    // The text split into conditions (quotes removed, a leading '-' kept).
    static QStringList tokens(const QString &text);
};

// The table's filter and sort: ItemFilter over the rows, sorting by the typed value of
// the sort column (ties by rank, then id). Without a sort column (sort(-1)) the rows are in
// board order: by rank, kept as ranks change, so a row dragged elsewhere shows there.
class ItemFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ItemFilterProxy(ItemTableModel *source, QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override; // must be an ItemTableModel
    void setFilter(const ItemFilter &filter);
    const ItemFilter &filter() const { return m_filter; }
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortedColumn() const { return m_boardOrder ? -1 : sortColumn(); } // -1: board order

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    ItemTableModel *m_table = nullptr;
    ItemFilter m_filter;
    bool m_boardOrder = true;
};

} // namespace Tessera::Core
