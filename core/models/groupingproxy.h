#pragma once

#include "boardstore.h"

#include <QAbstractProxyModel>
#include <QSet>

namespace Tessera::Core {

class ItemTableModel;

// Groups the rows of a flat item model (the table's filtered, sorted proxy over an
// ItemTableModel) by a status or person column: a header row per group ("Done", "Ana
// Lima", "No status"; groups in option order or by name, the empty group last) followed
// by its items in the source's order. A collapsed group shows only its header. Without a
// group column the proxy passes every row through unchanged. Header rows are enabled but
// neither selectable nor editable; they answer GroupHeaderRole true, GroupKeyRole,
// GroupCountRole (items in the group) and DisplayRole "Name". Structural changes of the
// source are one layout change here, so selections and open editors survive them.
class GroupingProxy final : public QAbstractProxyModel
{
    Q_OBJECT

public:
    enum Roles {
        GroupHeaderRole = Qt::UserRole + 100,
        GroupKeyRole, // the option id, user id, or "" for the empty group
        GroupCountRole,
        GroupCollapsedRole,
    };

    // `table` is the ItemTableModel at the bottom of the chain (for the columns and values).
    GroupingProxy(ItemTableModel *table, QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *source) override;
    void setGroupColumn(const QString &columnId); // "" ungroups
    QString groupColumn() const { return m_column; }
    void setCollapsed(const QString &key, bool collapsed);
    bool isCollapsed(const QString &key) const { return m_collapsed.contains(key); }
    QSet<QString> collapsedGroups() const { return m_collapsed; }
    bool isHeader(int row) const;
    QList<int> headerRows() const;
    QStringList groupKeys() const; // in display order

    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    // Columns are the source's: its header, whatever row 0 is (a group header maps to no row).
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void groupsChanged(); // rows were regrouped: header rows may have moved

private:
    struct Row
    {
        int source = -1; // -1: a header
        QString key; // the group
    };
    void rebuild(); // as one layout change
    void prepareRegroup(); // before the source changes: remembers what persistent indexes show
    void finishRegroup(); // after: regroups and moves them
    QList<Row> computeRows() const;
    QString keyOf(int sourceRow) const;
    QString groupName(const QString &key) const;
    void connectSource();

    ItemTableModel *m_table;
    QString m_column;
    QSet<QString> m_collapsed;
    QList<Row> m_rows; // grouped only
    QHash<int, int> m_proxyOfSource; // grouped only: source row -> proxy row
    QHash<QString, int> m_counts;
    QList<QMetaObject::Connection> m_connections;
    QModelIndexList m_layoutFrom; // passing through a source layout change
    QList<QPersistentModelIndex> m_layoutSource;
    struct Was
    {
        QPersistentModelIndex source;
        QString headerKey;
        bool header = false;
        int column = 0;
    };
    QList<Was> m_was; // grouped: between prepareRegroup and finishRegroup
    bool m_regrouping = false;
};

} // namespace Tessera::Core
