#include "searchindex.h"

#include "sqldialect.h"

#include "core/rules/itemfacts.h"
#include "server/ops/logging.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace Tessera::Server {

SearchIndex::SearchIndex(QSqlDatabase db) : m_db(db), m_statements(std::move(db)) { }

namespace {

// Each row has a rowid derived from what it indexes (an item: board and item id; a
// comment: board and comment id), so replacing or removing one finds it by rowid in
// O(log n): FTS5 cannot look up its UNINDEXED columns without reading every row, which at
// 100,000 items kept every item write on the event loop for tens of milliseconds.
qint64 rowOf(const QString &boardId, const QString &itemId, const QString &commentId)
{
    const QByteArray key = boardId.toUtf8() + '\0' + itemId.toUtf8() + '\0' + commentId.toUtf8();
    const QByteArray hash = QCryptographicHash::hash(key, QCryptographicHash::Sha256);
    quint64 n = 0;
    for (int i = 0; i < 8; ++i)
        n = (n << 8) | quint8(hash[i]);
    return qint64(n & 0x3fffffffffffffffULL) + 1;
}

qint64 itemRow(const QString &boardId, const QString &itemId)
{
    return rowOf(boardId, itemId, QString());
}

qint64 commentRow(const QString &boardId, const QString &commentId)
{
    return rowOf(boardId, QString(), commentId);
}

} // namespace

bool SearchIndex::removeRow(qint64 row)
{
    QSqlQuery &del = m_statements.prepared(QStringLiteral("DELETE FROM search_index WHERE rowid = ?"));
    del.addBindValue(row);
    return run(del);
}

bool SearchIndex::run(QSqlQuery &q) const
{
    if (q.exec())
        return true;
    m_error = q.lastError().text();
    qCWarning(lcStorage, "search index: %s", qPrintable(m_error));
    return false;
}

bool SearchIndex::insert(const QString &body, const QString &boardId, const QString &itemId, const QString &commentId)
{
    if (body.trimmed().isEmpty())
        return true;
    QSqlQuery &q = m_statements.prepared(QStringLiteral("INSERT INTO search_index (rowid, body, board_id, item_id, comment_id) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(commentId.isEmpty() ? itemRow(boardId, itemId) : commentRow(boardId, commentId));
    q.addBindValue(body);
    q.addBindValue(boardId);
    q.addBindValue(itemId);
    q.addBindValue(commentId);
    return run(q);
}

bool SearchIndex::indexItem(const QString &boardId, const Core::Item &item, const QList<Core::Column> &columns)
{
    return removeRow(itemRow(boardId, item.id)) && insert(Core::searchTextOf(item, columns), boardId, item.id, QStringLiteral(""));
}

bool SearchIndex::removeItem(const QString &boardId, const QString &itemId)
{
    QSqlQuery comments(m_db); // called before the item's comments are deleted
    comments.prepare(QStringLiteral("SELECT id FROM comments WHERE board_id = ? AND item_id = ?"));
    comments.addBindValue(boardId);
    comments.addBindValue(itemId);
    if (!run(comments))
        return false;
    QStringList ids;
    while (comments.next())
        ids.append(comments.value(0).toString());
    for (const QString &id : std::as_const(ids)) {
        if (!removeRow(commentRow(boardId, id)))
            return false;
    }
    return removeRow(itemRow(boardId, itemId));
}

bool SearchIndex::indexComment(const QString &boardId, const Core::Comment &comment)
{
    return removeComment(boardId, comment.id) && insert(comment.body, boardId, comment.itemId, comment.id);
}

bool SearchIndex::removeComment(const QString &boardId, const QString &commentId)
{
    return removeRow(commentRow(boardId, commentId));
}

bool SearchIndex::removeBoard(const QString &boardId)
{
    QSqlQuery del(m_db);
    del.prepare(QStringLiteral("DELETE FROM search_index WHERE board_id = ?"));
    del.addBindValue(boardId);
    return run(del);
}

bool SearchIndex::indexBoard(const Core::BoardState &state)
{
    if (!removeBoard(state.board.id))
        return false;
    for (const Core::Item &item : state.items) {
        if (!insert(Core::searchTextOf(item, state.columns), state.board.id, item.id, QStringLiteral("")))
            return false;
    }
    for (const Core::Comment &comment : state.comments) {
        if (!insert(comment.body, state.board.id, comment.itemId, comment.id))
            return false;
    }
    return true;
}

namespace {

// The words of what a person typed (letters, digits, '_'; at most 16): no operator, no
// quote of either engine's query language can come through.
QStringList typedWords(const QString &typed)
{
    static const QRegularExpression separators(QStringLiteral("[^\\w]+"), QRegularExpression::UseUnicodePropertiesOption);
    return typed.split(separators, Qt::SkipEmptyParts).mid(0, 16);
}

} // namespace

QString SearchIndex::matchExpression(const QString &typed)
{
    QStringList terms;
    for (const QString &word : typedWords(typed))
        terms.append(QLatin1Char('"') + word + QStringLiteral("\"*"));
    return terms.join(QLatin1Char(' '));
}

QString SearchIndex::tsQueryExpression(const QString &typed)
{
    QStringList terms;
    for (const QString &word : typedWords(typed))
        terms.append(QLatin1Char('\'') + word + QStringLiteral("':*"));
    return terms.join(QStringLiteral(" & "));
}

namespace {

// The best row per item (its own text or one of its comments), items of boards the user
// belongs to that are not deleted: (board, board name, item, comment, item title, snippet).
const QString sqliteQuery = QStringLiteral(
        "SELECT s.board_id, b.name, s.item_id, s.comment_id,"
        " json_extract(i.fields, '$.\"' || (SELECT c.id FROM board_columns c WHERE c.board_id = s.board_id"
        "  AND c.type = 'text' ORDER BY c.position LIMIT 1) || '\"'),"
        " snippet(search_index, 0, '', '', '…', 12) "
        "FROM search_index s "
        "JOIN members m ON m.board_id = s.board_id AND m.user_id = ? "
        "JOIN boards b ON b.id = s.board_id AND b.deleted_at IS NULL "
        "JOIN items i ON i.id = s.item_id AND i.board_id = s.board_id "
        "WHERE search_index MATCH ? ORDER BY s.rank LIMIT ?");
// The same on PostgreSQL: a tsquery against the generated tsvector (GIN index), ranked by
// ts_rank, the snippet from ts_headline.
const QString postgresQuery = QStringLiteral(
        "SELECT s.board_id, b.name, s.item_id, s.comment_id,"
        " i.fields::jsonb->>(SELECT c.id FROM board_columns c WHERE c.board_id = s.board_id"
        "  AND c.type = 'text' ORDER BY c.position LIMIT 1),"
        " ts_headline('simple', s.body, query, 'StartSel=\"\", StopSel=\"\", MaxWords=12, MinWords=4') "
        "FROM search_index s "
        "JOIN members m ON m.board_id = s.board_id AND m.user_id = ? "
        "JOIN boards b ON b.id = s.board_id AND b.deleted_at IS NULL "
        "JOIN items i ON i.id = s.item_id AND i.board_id = s.board_id "
        "CROSS JOIN to_tsquery('simple', ?) query "
        "WHERE s.tsv @@ query ORDER BY ts_rank(s.tsv, query) DESC LIMIT ?");

} // namespace

QList<Core::SearchHit> SearchIndex::search(const QString &userId, const QString &query, int limit) const
{
    QList<Core::SearchHit> out;
    const QString match = isPostgres(m_db) ? tsQueryExpression(query) : matchExpression(query);
    if (match.isEmpty())
        return out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(isPostgres(m_db) ? postgresQuery : sqliteQuery);
    q.addBindValue(userId);
    q.addBindValue(match);
    q.addBindValue(limit * 4); // an item may match in its text and several comments
    if (!run(q))
        return out;
    QSet<QString> seen;
    while (q.next() && out.size() < limit) {
        const QString itemId = q.value(2).toString();
        if (seen.contains(itemId))
            continue;
        seen.insert(itemId);
        out.append({ q.value(0).toString(), q.value(1).toString(), itemId, q.value(4).toString(),
                     q.value(3).toString(), q.value(5).toString().simplified() });
    }
    // Grouped by board, boards in the order of their best hit, hits by rank within.
    QStringList boardOrder;
    for (const Core::SearchHit &hit : std::as_const(out)) {
        if (!boardOrder.contains(hit.boardId))
            boardOrder.append(hit.boardId);
    }
    std::stable_sort(out.begin(), out.end(), [&boardOrder](const Core::SearchHit &a, const Core::SearchHit &b) {
        return boardOrder.indexOf(a.boardId) < boardOrder.indexOf(b.boardId);
    });
    return out;
}

} // namespace Tessera::Server
