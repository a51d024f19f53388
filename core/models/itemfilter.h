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

// What the table's search box and status chips keep.
struct ItemFilter
{
    // Every whitespace-separated word must occur (case-insensitively) in a text field,
    // a status label or a person's name. Empty: no text condition.
    QString text;
    // With options set: keep items whose status in this column is one of them
    // ("" stands for items with no status). No options: no status condition.
    QString statusColumnId;
    QSet<QString> statusOptionIds;

    bool isEmpty() const;
    bool matches(const Item &item, const BoardStore &store) const;
    bool operator==(const ItemFilter &) const = default;
};

// The table's filter and sort: ItemFilter over the rows, sorting by the typed value of
// the sort column (ties by rank, then id).
class ItemFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ItemFilterProxy(ItemTableModel *source, QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override; // must be an ItemTableModel
    void setFilter(const ItemFilter &filter);
    const ItemFilter &filter() const { return m_filter; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    ItemTableModel *m_table = nullptr;
    ItemFilter m_filter;
};

} // namespace Tessera::Core
