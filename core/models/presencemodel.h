#pragma once

#include "boardstore.h"

#include <QAbstractListModel>

namespace Tessera::Core {

// Who is on a board (or, with an item id, on one item) right now, sorted by user id.
// Follows BoardStore::presenceChanged with row inserts/removes and dataChanged, no resets.
class PresenceModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Roles { UserIdRole = Qt::UserRole + 1, DisplayNameRole, ItemIdRole, StateRole, FieldRole };
    Q_ENUM(Roles)

    // `store` must outlive the model. An empty itemId follows the whole board.
    explicit PresenceModel(BoardStore *store, QString itemId = QString(), QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QList<Presence> current() const;
    void refresh();

    BoardStore *m_store;
    QString m_itemId;
    QList<Presence> m_rows;
};

} // namespace Tessera::Core
