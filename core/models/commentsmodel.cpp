#include "commentsmodel.h"

#include <algorithm>

namespace Tessera::Core {

CommentsModel::CommentsModel(BoardStore *store, QString itemId, QObject *parent)
    : QAbstractListModel(parent), m_store(store), m_itemId(std::move(itemId)), m_rows(current())
{
    connect(m_store, &BoardStore::batchApplied, this, [this](const BatchChanges &changes) {
        if (changes.commentsChanged.contains(m_itemId) || changes.membersChanged)
            refresh();
    });
    connect(m_store, &BoardStore::mutationsChanged, this, &CommentsModel::refresh);
    connect(m_store, &BoardStore::reset, this, &CommentsModel::refresh);
}

QList<CommentsModel::Row> CommentsModel::current() const
{
    QList<Row> rows;
    QSet<QString> confirmed;
    for (const Comment &c : m_store->confirmed().commentsOf(m_itemId)) {
        rows.append({ c, ItemState::Synced });
        confirmed.insert(c.id);
    }
    // My comments on their way, and my edits and deletes of comments not yet confirmed:
    // an edit shows its text at once, a delete hides the comment (unless it was refused).
    for (const LocalMutation &m : m_store->mutations()) {
        const EventKind kind = m.event.kind;
        if (kind != EventKind::CommentCreated && kind != EventKind::CommentEdited && kind != EventKind::CommentDeleted)
            continue;
        auto c = Comment::fromJson(m.event.payload.value(QStringLiteral("comment")).toObject());
        if (!c || c->itemId != m_itemId)
            continue;
        const auto row = std::find_if(rows.begin(), rows.end(), [&c](const Row &r) { return r.comment.id == c->id; });
        if (kind == EventKind::CommentCreated) {
            if (!confirmed.contains(c->id))
                rows.append({ c.value(), m.state });
        } else if (row != rows.end() && kind == EventKind::CommentEdited) {
            if (m.state == ItemState::Pending)
                row->comment = c.value();
            row->state = m.state;
        } else if (row != rows.end() && m.state == ItemState::Pending) {
            rows.erase(row);
        } else if (row != rows.end()) {
            row->state = m.state;
        }
    }
    return rows;
}

void CommentsModel::refresh()
{
    QList<Row> next = current();
    if (next == m_rows)
        return;
    const auto sameIds = [](const QList<Row> &a, const QList<Row> &b, qsizetype n) {
        for (qsizetype i = 0; i < n; ++i) {
            if (a.at(i).comment.id != b.at(i).comment.id)
                return false;
        }
        return true;
    };
    if (next.size() < m_rows.size() || !sameIds(m_rows, next, m_rows.size())) {
        beginResetModel();
        m_rows = std::move(next);
        endResetModel();
        return;
    }
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row) != next.at(row)) {
            m_rows[row] = next.at(row);
            Q_EMIT dataChanged(index(row), index(row));
        }
    }
    if (next.size() > m_rows.size()) {
        beginInsertRows(QModelIndex(), int(m_rows.size()), int(next.size()) - 1);
        m_rows = std::move(next);
        endInsertRows();
    }
}

int CommentsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant CommentsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Comment &c = row.comment;
    switch (role) {
    case Qt::DisplayRole:
    case BodyRole:
        return c.body;
    case IdRole:
        return c.id;
    case AuthorRole:
        return c.author;
    case AuthorNameRole:
        return m_store->memberName(c.author);
    case CreatedAtRole:
        return c.createdAt;
    case EditedAtRole:
        return c.editedAt;
    case MentionsRole:
        return c.mentions;
    case PendingRole:
        return row.state == ItemState::Pending;
    case FailedRole:
        return row.state == ItemState::Failed || row.state == ItemState::Conflict;
    default:
        return {};
    }
}

QHash<int, QByteArray> CommentsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({ { IdRole, "id" }, { AuthorRole, "author" }, { AuthorNameRole, "authorName" }, { BodyRole, "body" },
                   { CreatedAtRole, "createdAt" }, { EditedAtRole, "editedAt" }, { MentionsRole, "mentions" },
                   { PendingRole, "pending" }, { FailedRole, "failed" } });
    return names;
}

} // namespace Tessera::Core
