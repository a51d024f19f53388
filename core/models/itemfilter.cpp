#include "itemfilter.h"

#include "core/rules/itemfacts.h"

#include "boardstore.h"
#include "itemtablemodel.h"

#include <QDateTime>

namespace Tessera::Core {

namespace {

bool isEmptyValue(const QJsonValue &value)
{
    return value.isNull() || value.isUndefined() || (value.isString() && value.toString().isEmpty());
}

template<typename T>
int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

} // namespace

QString displayText(const Column &column, const QJsonValue &value, const BoardStore &store, const QLocale &locale)
{
    if (value.isNull() || value.isUndefined())
        return QString();
    switch (column.type) {
    case ColumnType::Text:
        return value.toString();
    case ColumnType::Number:
        return locale.toString(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case ColumnType::Status: {
        const StatusOption *option = column.option(value.toString());
        return option ? option->label : QString();
    }
    case ColumnType::Person:
        return store.memberName(value.toString());
    case ColumnType::Date: {
        const QString s = value.toString();
        const QDate date = QDate::fromString(s, Qt::ISODate);
        if (date.isValid())
            return locale.toString(date, QLocale::ShortFormat);
        const QDateTime when = QDateTime::fromString(s, Qt::ISODate);
        return when.isValid() ? locale.toString(when.toLocalTime(), QLocale::ShortFormat) : s;
    }
    case ColumnType::Checkbox:
        return QString();
    }
    return QString();
}

std::optional<QDate> dateOf(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    const QString s = value.toString();
    if (const QDate date = QDate::fromString(s, Qt::ISODate); date.isValid())
        return date;
    if (const QDateTime when = QDateTime::fromString(s, Qt::ISODate); when.isValid())
        return when.toLocalTime().date();
    return std::nullopt;
}

QString statusOptionOf(const Column &column, const QJsonValue &value)
{
    if (!value.isString())
        return QString();
    const StatusOption *option = column.option(value.toString());
    return option ? option->id : QString();
}

int compareValues(const Column &column, const QJsonValue &a, const QJsonValue &b, const BoardStore *store)
{
    const bool emptyA = isEmptyValue(a);
    const bool emptyB = isEmptyValue(b);
    if (emptyA || emptyB)
        return threeWay(emptyA, emptyB); // empty values last
    switch (column.type) {
    case ColumnType::Number:
        return threeWay(a.toDouble(), b.toDouble());
    case ColumnType::Checkbox:
        return threeWay(a.toBool(), b.toBool());
    case ColumnType::Status: {
        const auto position = [&column](const QJsonValue &v) {
            for (qsizetype i = 0; i < column.options.size(); ++i) {
                if (column.options.at(i).id == v.toString())
                    return i;
            }
            return column.options.size();
        };
        return threeWay(position(a), position(b));
    }
    case ColumnType::Date: {
        const QDate da = dateOf(a).value_or(QDate());
        const QDate db = dateOf(b).value_or(QDate());
        if (const int c = threeWay(da, db))
            return c;
        return threeWay(a.toString(), b.toString());
    }
    case ColumnType::Person:
        if (store)
            return store->memberName(a.toString()).compare(store->memberName(b.toString()), Qt::CaseInsensitive);
        return a.toString().compare(b.toString(), Qt::CaseInsensitive);
    case ColumnType::Text:
        return a.toString().compare(b.toString(), Qt::CaseInsensitive);
    }
    return 0;
}

bool ItemFilter::isEmpty() const
{
    return text.trimmed().isEmpty() && (statusColumnId.isEmpty() || statusOptionIds.isEmpty());
}

QStringList ItemFilter::tokens(const QString &text)
{
    QStringList out;
    QString current;
    bool quoted = false;
    for (const QChar c : text) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (c.isSpace() && !quoted) {
            if (!current.isEmpty())
                out.append(current);
            current.clear();
        } else {
            current.append(c);
        }
    }
    if (!current.isEmpty())
        out.append(current);
    return out;
}

namespace {

QString squashed(const QString &s)
{
    QString out = s.toLower();
    out.remove(QLatin1Char(' '));
    return out;
}

bool assignedTo(const Item &item, const QList<Column> &columns, const QString &userId)
{
    return !userId.isEmpty() && std::any_of(columns.cbegin(), columns.cend(), [&](const Column &c) {
        return c.type == ColumnType::Person && item.fields.value(c.id).toString() == userId;
    });
}

// One column's value against what the person typed after "column:".
bool valueMatches(const Column &column, const QJsonValue &value, const QString &wanted, const BoardStore &store,
                  const QString &me)
{
    const QString w = squashed(wanted);
    if (w == QLatin1String("none") || w == QLatin1String("empty") || w.isEmpty())
        return isEmptyValue(value);
    switch (column.type) {
    case ColumnType::Status: {
        const QString option = statusOptionOf(column, value);
        const StatusOption *o = column.option(option);
        return o && (squashed(o->label).startsWith(w) || o->id.toLower() == w);
    }
    case ColumnType::Person: {
        const QString userId = value.toString();
        if (userId.isEmpty())
            return false;
        if (w == QLatin1String("me"))
            return userId == me;
        const auto m = store.confirmed().members.constFind(userId);
        if (m == store.confirmed().members.constEnd())
            return userId.toLower() == w;
        return squashed(m->displayName).contains(w) || m->login.toLower() == w;
    }
    case ColumnType::Date: {
        const auto day = dateOf(value);
        if (!day)
            return false;
        if (w == QLatin1String("today"))
            return *day == QDate::currentDate();
        if (w == QLatin1String("overdue"))
            return *day < QDate::currentDate();
        return *day == QDate::fromString(wanted, Qt::ISODate);
    }
    case ColumnType::Checkbox:
        return value.toBool() == (w == QLatin1String("yes") || w == QLatin1String("true") || w == QLatin1String("checked"));
    case ColumnType::Number:
        return !isEmptyValue(value) && displayText(column, value, store).contains(wanted, Qt::CaseInsensitive);
    case ColumnType::Text:
        return value.toString().contains(wanted, Qt::CaseInsensitive);
    }
    return false;
}

const Column *columnByKey(const QList<Column> &columns, const QString &key)
{
    const QString k = squashed(key);
    for (const Column &c : columns) {
        if (squashed(c.name) == k || c.id.toLower() == k)
            return &c;
    }
    return nullptr;
}

} // namespace

bool isOverdue(const Item &item, const QList<Column> &columns, const QDate &today)
{
    if (isDone(item, columns))
        return false;
    return std::any_of(columns.cbegin(), columns.cend(), [&](const Column &c) {
        if (c.type != ColumnType::Date)
            return false;
        const auto day = dateOf(item.fields.value(c.id));
        return day && *day < today;
    });
}

QString filterCondition(const Column &column, const QString &value)
{
    const QString key = squashed(column.name.simplified());
    return key + QLatin1Char(':') + (value.contains(QLatin1Char(' ')) ? QLatin1Char('"') + value + QLatin1Char('"') : value);
}

bool ItemFilter::matches(const Item &item, const BoardStore &store) const
{
    const QList<Column> &columns = store.columns();
    if (!statusColumnId.isEmpty() && !statusOptionIds.isEmpty()) {
        const Column *column = store.confirmed().column(statusColumnId);
        const QString option = column ? statusOptionOf(*column, item.fields.value(statusColumnId)) : QString();
        if (!statusOptionIds.contains(option))
            return false;
    }
    const QStringList conditions = tokens(text);
    if (conditions.isEmpty())
        return true;
    QStringList texts;
    for (const Column &column : columns) {
        if (column.type == ColumnType::Text || column.type == ColumnType::Status || column.type == ColumnType::Person) {
            if (const QString t = displayText(column, item.fields.value(column.id), store); !t.isEmpty())
                texts.append(t);
        }
    }
    const auto holds = [&](const QString &condition) {
        const QString lower = condition.toLower();
        if (lower == QLatin1String("@me"))
            return assignedTo(item, columns, me);
        const qsizetype colon = condition.indexOf(QLatin1Char(':'));
        if (colon > 0) {
            const QString key = lower.left(colon);
            const QString value = condition.mid(colon + 1);
            const QString v = value.toLower();
            if (key == QLatin1String("is")) {
                if (v == QLatin1String("overdue"))
                    return isOverdue(item, columns);
                if (v == QLatin1String("done"))
                    return isDone(item, columns);
                if (v == QLatin1String("open"))
                    return !isDone(item, columns);
                if (v == QLatin1String("mine"))
                    return assignedTo(item, columns, me);
            }
            if (key == QLatin1String("no") || key == QLatin1String("has")) {
                const bool wantEmpty = key == QLatin1String("no");
                if (v == QLatin1String("date")) {
                    const bool none = std::none_of(columns.cbegin(), columns.cend(), [&](const Column &c) {
                        return c.type == ColumnType::Date && dateOf(item.fields.value(c.id)).has_value();
                    });
                    return none == wantEmpty;
                }
                if (const Column *column = columnByKey(columns, value))
                    return isEmptyValue(item.fields.value(column->id)) == wantEmpty;
            }
            if (const Column *column = columnByKey(columns, key))
                return valueMatches(*column, item.fields.value(column->id), value, store, me);
        }
        return std::any_of(texts.cbegin(), texts.cend(),
                           [&condition](const QString &t) { return t.contains(condition, Qt::CaseInsensitive); });
    };
    for (const QString &condition : conditions) {
        const bool negated = condition.size() > 1 && condition.startsWith(QLatin1Char('-'));
        if (holds(negated ? condition.mid(1) : condition) == negated)
            return false;
    }
    return true;
}

ItemFilterProxy::ItemFilterProxy(ItemTableModel *source, QObject *parent) : QSortFilterProxyModel(parent)
{
    setSourceModel(source);
    sort(-1); // board order
}

void ItemFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    m_table = qobject_cast<ItemTableModel *>(model);
    Q_ASSERT(m_table || !model);
    QSortFilterProxyModel::setSourceModel(model);
}

void ItemFilterProxy::setFilter(const ItemFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    invalidateFilter();
}

bool ItemFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || !m_table)
        return false;
    if (m_filter.isEmpty())
        return true;
    const Item *item = m_table->itemAt(sourceRow);
    return item && m_filter.matches(*item, *m_table->store());
}

void ItemFilterProxy::sort(int column, Qt::SortOrder order)
{
    // Board order is a sort too (by rank, on RankRole changes); a column sorts on any change.
    m_boardOrder = column < 0;
    setSortRole(m_boardOrder ? int(ItemTableModel::RankRole) : int(Qt::DisplayRole));
    QSortFilterProxyModel::sort(m_boardOrder ? 0 : column, m_boardOrder ? Qt::AscendingOrder : order);
}

bool ItemFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const BoardStore *store = m_table->store();
    const Item *a = m_table->itemAt(left.row());
    const Item *b = m_table->itemAt(right.row());
    if (!a || !b)
        return bool(b) && !a;
    if (const Column *column = m_boardOrder ? nullptr : m_table->columnAt(left.column())) {
        if (const int c = compareValues(*column, a->fields.value(column->id), b->fields.value(column->id), store))
            return c < 0;
    }
    return a->rank == b->rank ? a->id < b->id : a->rank < b->rank;
}

} // namespace Tessera::Core
