#pragma once

#include "boardstore.h"

#include <QAbstractTableModel>
#include <QLocale>

#include <compare>

namespace Tessera::Core {

// The one board model every view reads: rows are the store's items in row order,
// columns the board's columns. Read-only: views change items by sending commands.
// Each store change is one model transaction: removed rows, one dataChanged per changed
// row (its leftmost..rightmost changed column; the whole row when rank or state changed),
// then inserted rows at the end. Until a row's dataChanged goes out, data() still shows
// its old item, so sorting/filtering proxies never see unannounced changes. Only column
// schema changes (and snapshots) reset the model.
class ItemTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Roles {
        RawValueRole = Qt::UserRole + 1, // the JSON value as QVariant (null -> invalid)
        ItemIdRole,
        RankRole,
        StateRole, // int(ItemState)
        ColumnIdRole, // also in headerData
        ColumnTypeRole, // int(ColumnType), also in headerData
        StatusColorRole, // "#rrggbb" of a status cell's option, empty otherwise
        StatusOptionRole, // a status cell's option id if it is a known option, else ""
        PresenceRole, // QStringList of user ids present on the item
    };
    Q_ENUM(Roles)

    // `store` must outlive the model.
    explicit ItemTableModel(BoardStore *store, QObject *parent = nullptr);

    BoardStore *store() const { return m_store; }
    QString itemIdAt(int row) const;
    // The item a row shows now. Inside a model transaction this is the value already
    // announced by a signal, so proxies always sort and filter on announced data.
    const Item *itemAt(int row) const;
    int rowOfItem(const QString &itemId) const;
    const Column *columnAt(int column) const;
    int columnOf(const QString &columnId) const;
    void setLocale(const QLocale &locale);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void onAboutToApplyBatch(const BatchChanges &changes);
    void onBatchApplied(const BatchChanges &changes);
    void onPresenceChanged(const QSet<QString> &itemIds);
    void emitUpdates(const BatchChanges &changes);
    struct Span
    {
        int row, left, right, roles; // roles: one of the RoleSet values
        auto operator<=>(const Span &) const = default;
    };
    void emitSpans(QList<Span> spans);
    QVariant cellData(const Item &item, const Column &column, int role) const;

    BoardStore *m_store; // outlives the model
    QStringList m_rows; // mirrors m_store->itemIds() between model transactions
    QHash<QString, Item> m_unannounced; // during a transaction: old items not yet signalled
    QLocale m_locale;
    bool m_resetting = false;
};

} // namespace Tessera::Core
