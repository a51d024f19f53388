#pragma once

#include "boardstore.h"

#include <QAbstractListModel>

namespace Tessera::Core {

// The comments of one item, oldest first: the confirmed ones, then the person's own
// comments still on their way (PendingRole true, or FailedRole when rejected). New
// comments are row inserts at the end; edits are dataChanged; anything else a reset.
class CommentsModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        AuthorRole, // user id
        AuthorNameRole,
        BodyRole,
        CreatedAtRole,
        EditedAtRole,
        MentionsRole, // QStringList of user ids
        PendingRole, // bool: not yet confirmed by the server
        FailedRole, // bool: rejected (see the outbox entry)
    };
    Q_ENUM(Roles)

    // `store` must outlive the model.
    CommentsModel(BoardStore *store, QString itemId, QObject *parent = nullptr);

    QString itemId() const { return m_itemId; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Row
    {
        Comment comment;
        ItemState state = ItemState::Synced;
        bool operator==(const Row &) const = default;
    };
    QList<Row> current() const;
    void refresh();

    BoardStore *m_store;
    QString m_itemId;
    QList<Row> m_rows;
};

} // namespace Tessera::Core
