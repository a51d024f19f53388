#pragma once

#include "statementcache.h"

#include "core/protocol/httpbodies.h"
#include "core/rules/boardstate.h"

#include <QSqlDatabase>

namespace Tessera::Server {

// The full-text index behind search (SQLite FTS5, or on PostgreSQL a table with a
// generated tsvector: table search_index): one row per item
// (its title, text fields and description, see Core::searchTextOf) and one per comment.
// BoardRepository keeps it current in the same transaction as the event that changed the
// text; rebuild() fills it for boards written before the index existed.
class SearchIndex
{
public:
    explicit SearchIndex(QSqlDatabase db);

    bool indexItem(const QString &boardId, const Core::Item &item, const QList<Core::Column> &columns);
    bool removeItem(const QString &boardId, const QString &itemId); // and its comments
    bool indexComment(const QString &boardId, const Core::Comment &comment);
    bool removeComment(const QString &boardId, const QString &commentId);
    bool indexBoard(const Core::BoardState &state); // every item and comment, replacing the board's rows
    bool removeBoard(const QString &boardId);

    // Items matching every word of `query` (each as a prefix) on the boards `userId` is a
    // member of (deleted boards left out), best first, at most `limit`.
    QList<Core::SearchHit> search(const QString &userId, const QString &query, int limit) const;
    // The FTS5 query for what a person typed: each word quoted (no operators) and a prefix.
    static QString matchExpression(const QString &typed);
    // The PostgreSQL tsquery for the same: each word a prefix ('word':*), all required.
    static QString tsQueryExpression(const QString &typed);

    QString lastError() const { return m_error; }

private:
    bool insert(const QString &body, const QString &boardId, const QString &itemId, const QString &commentId);
    bool removeRow(qint64 row);
    bool run(class QSqlQuery &q) const;

    QSqlDatabase m_db;
    StatementCache m_statements;
    mutable QString m_error;
};

} // namespace Tessera::Server
