#include "groupingproxy.h"

#include "itemfilter.h"
#include "itemtablemodel.h"

#include <algorithm>

namespace Tessera::Core {

GroupingProxy::GroupingProxy(ItemTableModel *table, QObject *parent) : QAbstractProxyModel(parent), m_table(table) { }

void GroupingProxy::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    QAbstractProxyModel::setSourceModel(source);
    connectSource();
    m_rows = computeRows();
    m_proxyOfSource.clear();
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).source >= 0)
            m_proxyOfSource.insert(m_rows.at(i).source, i);
    }
    endResetModel();
}

void GroupingProxy::connectSource()
{
    QAbstractItemModel *s = sourceModel();
    if (!s)
        return;
    // Passing through: forward the source's signals as they are. Grouped: structure
    // changes regroup as one layout change; value changes are forwarded (and regroup
    // when the group column changed).
    m_connections << connect(s, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); });
    m_connections << connect(s, &QAbstractItemModel::modelReset, this, [this] {
        m_rows = computeRows();
        m_proxyOfSource.clear();
        for (int i = 0; i < m_rows.size(); ++i) {
            if (m_rows.at(i).source >= 0)
                m_proxyOfSource.insert(m_rows.at(i).source, i);
        }
        endResetModel();
        Q_EMIT groupsChanged();
    });
    m_connections << connect(s, &QAbstractItemModel::rowsAboutToBeInserted, this, [this](const QModelIndex &, int first, int last) {
        if (m_column.isEmpty())
            beginInsertRows({}, first, last);
        else
            prepareRegroup();
    });
    m_connections << connect(s, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_column.isEmpty())
            endInsertRows();
        else
            finishRegroup();
    });
    m_connections << connect(s, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this](const QModelIndex &, int first, int last) {
        if (m_column.isEmpty())
            beginRemoveRows({}, first, last);
        else
            prepareRegroup();
    });
    m_connections << connect(s, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (m_column.isEmpty())
            endRemoveRows();
        else
            finishRegroup();
    });
    m_connections << connect(s, &QAbstractItemModel::rowsAboutToBeMoved, this,
                             [this](const QModelIndex &, int first, int last, const QModelIndex &, int to) {
                                 if (m_column.isEmpty())
                                     beginMoveRows({}, first, last, {}, to);
                                 else
                                     prepareRegroup();
                             });
    m_connections << connect(s, &QAbstractItemModel::rowsMoved, this, [this] {
        if (m_column.isEmpty())
            endMoveRows();
        else
            finishRegroup();
    });
    m_connections << connect(s, &QAbstractItemModel::columnsAboutToBeInserted, this,
                             [this](const QModelIndex &, int first, int last) { beginInsertColumns({}, first, last); });
    m_connections << connect(s, &QAbstractItemModel::columnsInserted, this, [this] { endInsertColumns(); });
    m_connections << connect(s, &QAbstractItemModel::columnsAboutToBeRemoved, this,
                             [this](const QModelIndex &, int first, int last) { beginRemoveColumns({}, first, last); });
    m_connections << connect(s, &QAbstractItemModel::columnsRemoved, this, [this] { endRemoveColumns(); });
    m_connections << connect(s, &QAbstractItemModel::layoutAboutToBeChanged, this, [this] {
        if (!m_column.isEmpty()) {
            prepareRegroup();
            return;
        }
        // Passing through: our persistent indexes follow the source's rows (as QIdentityProxyModel does).
        Q_EMIT layoutAboutToBeChanged();
        m_layoutFrom = persistentIndexList();
        m_layoutSource.clear();
        for (const QModelIndex &p : std::as_const(m_layoutFrom))
            m_layoutSource.append(QPersistentModelIndex(sourceModel()->index(p.row(), p.column())));
    });
    m_connections << connect(s, &QAbstractItemModel::layoutChanged, this, [this] {
        if (!m_column.isEmpty()) {
            finishRegroup();
            return;
        }
        QModelIndexList to;
        to.reserve(m_layoutSource.size());
        for (const QPersistentModelIndex &source : std::as_const(m_layoutSource))
            to.append(source.isValid() ? index(source.row(), source.column()) : QModelIndex());
        changePersistentIndexList(m_layoutFrom, to);
        m_layoutFrom.clear();
        m_layoutSource.clear();
        Q_EMIT layoutChanged();
    });
    m_connections << connect(s, &QAbstractItemModel::headerDataChanged, this, &QAbstractItemModel::headerDataChanged);
    m_connections << connect(s, &QAbstractItemModel::dataChanged, this,
                             [this](const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles) {
                                 if (m_column.isEmpty()) {
                                     Q_EMIT dataChanged(index(topLeft.row(), topLeft.column()),
                                                        index(bottomRight.row(), bottomRight.column()), roles);
                                     return;
                                 }
                                 bool regroup = false;
                                 for (int row = topLeft.row(); row <= bottomRight.row() && !regroup; ++row) {
                                     const auto it = std::find_if(m_rows.cbegin(), m_rows.cend(),
                                                                  [row](const Row &r) { return r.source == row; });
                                     regroup = (it == m_rows.cend() ? QString() : it->key) != keyOf(row)
                                             || it == m_rows.cend();
                                 }
                                 if (regroup) {
                                     rebuild();
                                     return;
                                 }
                                 for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                                     const int proxyRow = m_proxyOfSource.value(row, -1);
                                     if (proxyRow >= 0)
                                         Q_EMIT dataChanged(index(proxyRow, topLeft.column()), index(proxyRow, bottomRight.column()), roles);
                                 }
                             });
}

void GroupingProxy::setGroupColumn(const QString &columnId)
{
    if (columnId == m_column)
        return;
    beginResetModel();
    m_column = columnId;
    m_collapsed.clear();
    m_rows = computeRows();
    m_proxyOfSource.clear();
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).source >= 0)
            m_proxyOfSource.insert(m_rows.at(i).source, i);
    }
    endResetModel();
    Q_EMIT groupsChanged();
}

void GroupingProxy::setCollapsed(const QString &key, bool collapsed)
{
    if (m_column.isEmpty() || collapsed == m_collapsed.contains(key))
        return;
    if (collapsed)
        m_collapsed.insert(key);
    else
        m_collapsed.remove(key);
    rebuild();
}

QString GroupingProxy::keyOf(int sourceRow) const
{
    const QModelIndex source = sourceModel()->index(sourceRow, 0);
    const int tableRow = m_table->rowOfItem(source.data(ItemTableModel::ItemIdRole).toString());
    const Item *item = m_table->itemAt(tableRow);
    const Column *column = m_table->store()->confirmed().column(m_column);
    if (!item || !column)
        return QString();
    const QJsonValue value = item->fields.value(m_column);
    if (column->type == ColumnType::Status)
        return statusOptionOf(*column, value);
    return value.toString();
}

QString GroupingProxy::groupName(const QString &key) const
{
    const Column *column = m_table->store()->confirmed().column(m_column);
    if (!column)
        return key;
    if (key.isEmpty())
        return tr("No %1").arg(column->name.toLower());
    if (column->type == ColumnType::Status) {
        const StatusOption *option = column->option(key);
        return option ? option->label : key;
    }
    return m_table->store()->memberName(key);
}

QList<GroupingProxy::Row> GroupingProxy::computeRows() const
{
    QList<Row> out;
    QAbstractItemModel *s = sourceModel();
    if (!s)
        return out;
    const Column *column = m_column.isEmpty() ? nullptr : m_table->store()->confirmed().column(m_column);
    if (!column)
        return out; // passing through
    QHash<QString, QList<int>> members;
    for (int row = 0; row < s->rowCount(); ++row)
        members[keyOf(row)].append(row);
    QStringList keys;
    if (column->type == ColumnType::Status) {
        for (const StatusOption &o : column->options)
            keys.append(o.id);
    } else {
        QStringList people = members.keys();
        people.removeAll(QString());
        std::sort(people.begin(), people.end(), [this](const QString &a, const QString &b) {
            return m_table->store()->memberName(a).compare(m_table->store()->memberName(b), Qt::CaseInsensitive) < 0;
        });
        keys = people;
    }
    keys.append(QString());
    auto *self = const_cast<GroupingProxy *>(this);
    self->m_counts.clear();
    for (const QString &key : std::as_const(keys)) {
        const QList<int> rows = members.value(key);
        if (rows.isEmpty() && (key.isEmpty() || column->type != ColumnType::Status))
            continue; // empty groups: only a status's options show (a place to see nothing is there)
        self->m_counts.insert(key, int(rows.size()));
        out.append({ -1, key });
        if (m_collapsed.contains(key))
            continue;
        for (int row : rows)
            out.append({ row, key });
    }
    return out;
}

void GroupingProxy::rebuild()
{
    prepareRegroup();
    finishRegroup();
}

void GroupingProxy::prepareRegroup()
{
    if (m_regrouping)
        return;
    m_regrouping = true;
    Q_EMIT layoutAboutToBeChanged();
    // What every persistent index points at, while the source rows are still the old ones.
    m_layoutFrom = persistentIndexList();
    m_was.clear();
    m_was.reserve(m_layoutFrom.size());
    for (const QModelIndex &p : std::as_const(m_layoutFrom)) {
        const Row r = m_rows.value(p.row());
        if (r.source < 0)
            m_was.append({ {}, r.key, true, p.column() });
        else
            m_was.append({ QPersistentModelIndex(sourceModel()->index(r.source, p.column())), {}, false, p.column() });
    }
}

void GroupingProxy::finishRegroup()
{
    if (!m_regrouping)
        return;
    m_regrouping = false;
    m_rows = computeRows();
    m_proxyOfSource.clear();
    QHash<QString, int> headerRow;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).source >= 0)
            m_proxyOfSource.insert(m_rows.at(i).source, i);
        else
            headerRow.insert(m_rows.at(i).key, i);
    }
    QModelIndexList to;
    to.reserve(m_was.size());
    for (const Was &w : std::as_const(m_was)) {
        int row = -1;
        if (w.header)
            row = headerRow.value(w.headerKey, -1);
        else if (w.source.isValid())
            row = m_proxyOfSource.value(w.source.row(), -1);
        to.append(row < 0 ? QModelIndex() : createIndex(row, w.column));
    }
    changePersistentIndexList(m_layoutFrom, to);
    m_layoutFrom.clear();
    m_was.clear();
    Q_EMIT layoutChanged();
    Q_EMIT groupsChanged();
}

bool GroupingProxy::isHeader(int row) const
{
    return !m_column.isEmpty() && row >= 0 && row < m_rows.size() && m_rows.at(row).source < 0;
}

QList<int> GroupingProxy::headerRows() const
{
    QList<int> rows;
    for (int i = 0; !m_column.isEmpty() && i < m_rows.size(); ++i) {
        if (m_rows.at(i).source < 0)
            rows.append(i);
    }
    return rows;
}

QStringList GroupingProxy::groupKeys() const
{
    QStringList keys;
    for (const Row &r : m_rows) {
        if (r.source < 0)
            keys.append(r.key);
    }
    return keys;
}

QModelIndex GroupingProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel())
        return {};
    if (m_column.isEmpty())
        return sourceModel()->index(proxyIndex.row(), proxyIndex.column());
    const Row &r = m_rows.value(proxyIndex.row());
    return r.source < 0 ? QModelIndex() : sourceModel()->index(r.source, proxyIndex.column());
}

QModelIndex GroupingProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid())
        return {};
    if (m_column.isEmpty())
        return index(sourceIndex.row(), sourceIndex.column());
    const int row = m_proxyOfSource.value(sourceIndex.row(), -1);
    return row < 0 ? QModelIndex() : index(row, sourceIndex.column());
}

QModelIndex GroupingProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex GroupingProxy::parent(const QModelIndex &) const
{
    return {};
}

int GroupingProxy::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !sourceModel())
        return 0;
    return m_column.isEmpty() ? sourceModel()->rowCount() : int(m_rows.size());
}

int GroupingProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

QVariant GroupingProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!sourceModel() || orientation == Qt::Vertical)
        return QAbstractProxyModel::headerData(section, orientation, role);
    return sourceModel()->headerData(section, orientation, role);
}

QVariant GroupingProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (!isHeader(index.row()))
        return role == GroupHeaderRole ? QVariant(false) : QAbstractProxyModel::data(index, role);
    const QString key = m_rows.at(index.row()).key;
    switch (role) {
    case GroupHeaderRole: return true;
    case GroupKeyRole: return key;
    case GroupCountRole: return m_counts.value(key);
    case GroupCollapsedRole: return m_collapsed.contains(key);
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        if (index.column() != 0)
            return {};
        return role == Qt::DisplayRole ? groupName(key)
                                       : tr("%1, %n item(s)%2", nullptr, m_counts.value(key))
                                                 .arg(groupName(key), m_collapsed.contains(key) ? tr(", collapsed") : QString());
    default: return {};
    }
}

Qt::ItemFlags GroupingProxy::flags(const QModelIndex &index) const
{
    if (isHeader(index.row()))
        return Qt::ItemIsEnabled;
    return QAbstractProxyModel::flags(index);
}

void GroupingProxy::sort(int column, Qt::SortOrder order)
{
    if (sourceModel())
        sourceModel()->sort(column, order);
}

} // namespace Tessera::Core
