#pragma once

#include "core/protocol/domain.h"

#include <QSqlDatabase>
#include <QStringList>

#include <optional>

namespace Tessera::Server {

class SearchIndex;

// The values of a deleted column, removed from the items table in the background.
// Deleting a column used to rewrite every item of the board in the command's own
// transaction, on the event loop (1.5 s at 100,000 items). Now the command only records
// the pair (board, column) as pending (meta key column_purge, so a restart resumes it),
// and step() purges a slice of items at a time, each slice in its own short transaction.
// Until a purge is done BoardRepository leaves the column's values out of everything it
// reads (strip()), so no client and no digest ever sees them. A column created again
// with the same id first finishes its purge (finish()), so old values never come back.
class ColumnPurge
{
public:
    ColumnPurge(QSqlDatabase db, SearchIndex &search);

    QStringList pendingFor(const QString &boardId) const; // deleted column ids not purged yet
    bool isPending() const;
    // Inside the caller's transaction.
    bool add(const QString &boardId, const QString &columnId);
    bool finish(const QString &boardId, const QString &columnId);
    // Purges up to `rows` items of the oldest pending column in a transaction of its own
    // (none may be open). True while more remains.
    bool step(int rows);
    static void strip(Core::Item &item, const QStringList &columnIds);

private:
    QList<std::pair<QString, QString>> pending() const;
    bool save(const QList<std::pair<QString, QString>> &pending);
    // Rewrites the items of `boardId` after rowid `after` that hold `columnId` (at most
    // `rows` of them read); returns the last rowid read, or -1 on an error.
    // The id of the last item read (items in id order after `after`), nullopt on error.
    std::optional<QString> purge(const QString &boardId, const QString &columnId, const QString &after, int rows, int *read);

    QSqlDatabase m_db;
    SearchIndex &m_search;
    QString m_cursor; // the last item id purged of the oldest pending column
};

} // namespace Tessera::Server
