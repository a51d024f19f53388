#include "itemtablemodel.h"

#include "itemfilter.h"

#include <algorithm>

namespace Tessera::Core {

ItemTableModel::ItemTableModel(BoardStore *store, QObject *parent)
    : QAbstractTableModel(parent), m_store(store), m_rows(store->itemIds())
{
    connect(m_store, &BoardStore::aboutToReset, this, [this] { beginResetModel(); });
    connect(m_store, &BoardStore::reset, this, [this] {
        m_rows = m_store->itemIds();
        endResetModel();
    });
    connect(m_store, &BoardStore::aboutToApplyBatch, this, &ItemTableModel::onAboutToApplyBatch);
    connect(m_store, &BoardStore::batchApplied, this, &ItemTableModel::onBatchApplied);
    connect(m_store, &BoardStore::presenceChanged, this, &ItemTableModel::onPresenceChanged);
}

QString ItemTableModel::itemIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : QString();
}

const Item *ItemTableModel::itemAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return nullptr;
    const QString &id = m_rows.at(row);
    const auto it = m_unannounced.constFind(id);
    return it != m_unannounced.constEnd() ? &*it : m_store->itemPtr(id);
}

int ItemTableModel::rowOfItem(const QString &itemId) const
{
    return m_resetting ? -1 : m_store->rowOf(itemId);
}

const Column *ItemTableModel::columnAt(int column) const
{
    const QList<Column> &columns = m_store->columns();
    return column >= 0 && column < columns.size() ? &columns.at(column) : nullptr;
}

int ItemTableModel::columnOf(const QString &columnId) const
{
    return int(m_store->confirmed().columnIndex(columnId));
}

void ItemTableModel::setLocale(const QLocale &locale)
{
    m_locale = locale;
    if (!m_rows.isEmpty() && columnCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), { Qt::DisplayRole });
}

int ItemTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ItemTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_store->columns().size());
}

QVariant ItemTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const QString &id = m_rows.at(index.row());
    switch (role) {
    case ItemIdRole:
        return id;
    case StateRole:
        return int(m_store->itemState(id));
    case PresenceRole:
        return m_store->presentUsers(id);
    default:
        break;
    }
    const Item *item = itemAt(index.row());
    const Column *column = columnAt(index.column());
    if (!item || !column)
        return {};
    return cellData(*item, *column, role);
}

QVariant ItemTableModel::cellData(const Item &item, const Column &column, int role) const
{
    const QJsonValue value = item.fields.value(column.id);
    const bool isNull = value.isNull() || value.isUndefined();
    switch (role) {
    case Qt::DisplayRole:
        if (column.type == ColumnType::Checkbox || isNull)
            return {};
        return displayText(column, value, *m_store, m_locale);
    case Qt::CheckStateRole:
        if (column.type != ColumnType::Checkbox)
            return {};
        return int(value.toBool() ? Qt::Checked : Qt::Unchecked);
    case Qt::AccessibleTextRole: // what a screen reader says: never nothing
        if (column.type == ColumnType::Checkbox)
            return value.toBool() ? tr("%1: yes").arg(column.name) : tr("%1: no").arg(column.name);
        if (isNull)
            return tr("%1: empty").arg(column.name);
        return displayText(column, value, *m_store, m_locale);
    case Qt::TextAlignmentRole:
        if (column.type == ColumnType::Number)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::EditRole:
    case RawValueRole:
        return isNull ? QVariant() : value.toVariant();
    case RankRole:
        return item.rank;
    case ColumnIdRole:
        return column.id;
    case ColumnTypeRole:
        return int(column.type);
    case StatusColorRole:
        if (column.type != ColumnType::Status)
            return {};
        if (const StatusOption *option = column.option(value.toString()))
            return option->color;
        return QString();
    case StatusOptionRole:
        if (column.type != ColumnType::Status)
            return {};
        return statusOptionOf(column, value);
    default:
        return {};
    }
}

QVariant ItemTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        const Column *column = columnAt(section);
        if (!column)
            return {};
        switch (role) {
        case Qt::DisplayRole:
            return column->name;
        case ColumnIdRole:
            return column->id;
        case ColumnTypeRole:
            return int(column->type);
        default:
            return {};
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

Qt::ItemFlags ItemTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    // Editable for delegates: edits are sent as commands by the views, never via setData().
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren | Qt::ItemIsEditable;
    if (const Column *column = columnAt(index.column()); column && column->type == ColumnType::Checkbox)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QHash<int, QByteArray> ItemTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RawValueRole, QByteArrayLiteral("rawValue"));
    names.insert(ItemIdRole, QByteArrayLiteral("itemId"));
    names.insert(RankRole, QByteArrayLiteral("rank"));
    names.insert(StateRole, QByteArrayLiteral("itemState"));
    names.insert(ColumnIdRole, QByteArrayLiteral("columnId"));
    names.insert(ColumnTypeRole, QByteArrayLiteral("columnType"));
    names.insert(StatusColorRole, QByteArrayLiteral("statusColor"));
    names.insert(StatusOptionRole, QByteArrayLiteral("statusOption"));
    names.insert(PresenceRole, QByteArrayLiteral("presence"));
    return names;
}

namespace {

enum RoleSet { AllRoles, RankOnly, StateOnly, PresenceOnly };

QList<int> rolesOf(int set)
{
    switch (set) {
    case RankOnly:
        return { ItemTableModel::RankRole };
    case StateOnly:
        return { ItemTableModel::StateRole };
    case PresenceOnly:
        return { ItemTableModel::PresenceRole };
    default:
        return {};
    }
}

} // namespace

void ItemTableModel::onAboutToApplyBatch(const BatchChanges &changes)
{
    if (changes.columnsChanged) {
        beginResetModel();
        m_resetting = true;
        return;
    }
    // Keep showing the old items until their change is signalled: a sorting proxy that
    // places one announced row must compare it against rows it has been told about.
    const auto keep = [this](const QString &id) {
        if (const Item *item = m_store->itemPtr(id))
            m_unannounced.insert(id, *item);
    };
    for (auto it = changes.updated.constBegin(); it != changes.updated.constEnd(); ++it)
        keep(it.key());
    for (const QString &id : changes.moved)
        keep(id);
    for (const QString &id : changes.removed)
        keep(id);
}

void ItemTableModel::onBatchApplied(const BatchChanges &changes)
{
    if (m_resetting) {
        m_rows = m_store->itemIds();
        m_resetting = false;
        endResetModel();
        return;
    }
    // Removals, last range first so earlier rows keep their numbers.
    const QList<int> &removed = changes.removedRows;
    for (qsizetype end = removed.size(); end > 0;) {
        qsizetype begin = end - 1;
        while (begin > 0 && removed.at(begin - 1) == removed.at(begin) - 1)
            --begin;
        const int first = removed.at(begin);
        const int last = removed.at(end - 1);
        beginRemoveRows(QModelIndex(), first, last);
        for (int row = first; row <= last; ++row)
            m_unannounced.remove(m_rows.at(row));
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        end = begin;
    }
    // Surviving items now sit at their final rows (insertions only append), so updates go
    // out before insertions: proxies re-sort existing rows before placing new ones.
    emitUpdates(changes);
    m_unannounced.clear();
    if (!changes.inserted.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows(QModelIndex(), first, first + int(changes.inserted.size()) - 1);
        m_rows = m_store->itemIds();
        endInsertRows();
    } else {
        m_rows = m_store->itemIds(); // equal content; share the store's list
    }
    Q_ASSERT(m_rows.size() == m_store->itemIds().size());
}

// One dataChanged per row (consecutive rows with equal spans share one), covering all
// that changed on it: its leftmost..rightmost changed column, or the whole row when its
// rank or state changed (roles of the whole row).
void ItemTableModel::emitUpdates(const BatchChanges &changes)
{
    const int columns = columnCount();
    if (columns == 0 || m_rows.isEmpty())
        return;
    if (changes.membersChanged) { // person names first: later rows compare against them
        const QList<Column> &cols = m_store->columns();
        for (int c = 0; c < cols.size(); ++c) {
            if (cols.at(c).type == ColumnType::Person)
                Q_EMIT dataChanged(index(0, c), index(rowCount() - 1, c), { Qt::DisplayRole });
        }
    }
    QList<Span> spans;
    spans.reserve(changes.updated.size() + changes.moved.size() + changes.stateChanged.size());
    const auto addSpan = [&](const QString &id, const QSet<QString> *updatedColumns) {
        const int row = m_store->rowOf(id);
        if (row < 0)
            return;
        int left = columns;
        int right = -1;
        if (updatedColumns) {
            for (const QString &columnId : *updatedColumns) {
                if (const int c = columnOf(columnId); c >= 0) { // a field without a column is not shown
                    left = std::min(left, c);
                    right = std::max(right, c);
                }
            }
        }
        const bool values = right >= 0;
        const bool moved = changes.moved.contains(id);
        const bool state = changes.stateChanged.contains(id);
        if (moved || state) {
            left = 0;
            right = columns - 1;
        }
        if (right < 0) {
            m_unannounced.remove(id);
            return;
        }
        const int roles = values || (moved && state) ? AllRoles : (moved ? RankOnly : StateOnly);
        spans.append({ row, left, right, roles });
    };
    // Each id once: updated ones, then moved ones not updated, then the rest.
    for (auto it = changes.updated.constBegin(); it != changes.updated.constEnd(); ++it)
        addSpan(it.key(), &it.value());
    for (const QString &id : changes.moved) {
        if (!changes.updated.contains(id))
            addSpan(id, nullptr);
    }
    for (const QString &id : changes.stateChanged) {
        if (!changes.updated.contains(id) && !changes.moved.contains(id))
            addSpan(id, nullptr);
    }
    emitSpans(std::move(spans));
}

// Emits one dataChanged per run of consecutive rows sharing a span, announcing their items.
void ItemTableModel::emitSpans(QList<Span> spans)
{
    std::sort(spans.begin(), spans.end());
    for (qsizetype i = 0; i < spans.size();) {
        const Span &first = spans.at(i);
        qsizetype j = i + 1;
        while (j < spans.size() && spans.at(j).row == spans.at(j - 1).row + 1 && spans.at(j).left == first.left
               && spans.at(j).right == first.right && spans.at(j).roles == first.roles)
            ++j;
        const Span &last = spans.at(j - 1);
        for (int row = first.row; row <= last.row; ++row)
            m_unannounced.remove(m_rows.at(row));
        Q_EMIT dataChanged(index(first.row, first.left), index(last.row, last.right), rolesOf(first.roles));
        i = j;
    }
}

void ItemTableModel::onPresenceChanged(const QSet<QString> &itemIds)
{
    const int columns = columnCount();
    if (columns == 0 || m_resetting)
        return;
    QList<Span> spans;
    for (const QString &id : itemIds) {
        if (const int row = m_store->rowOf(id); row >= 0)
            spans.append({ row, 0, columns - 1, PresenceOnly });
    }
    emitSpans(std::move(spans));
}

} // namespace Tessera::Core
