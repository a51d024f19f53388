#pragma once

#include "core/protocol/httpbodies.h"
#include "core/rules/boardstate.h"
#include "core/protocol/domain.h"
#include "core/protocol/event.h"
#include "columnpurge.h"
#include "loggedevent.h"
#include "searchindex.h"
#include "statementcache.h"

#include <QSqlDatabase>

#include <optional>

namespace Tessera::Server {

// All SQL for boards: their state tables (boards, board_columns, members, items,
// comments), the per-board event log, and the idempotency records in `mutations`.
// It does not open transactions itself (except where a method says so): the
// CommandService wraps a whole group of commands in one, the HTTP routes wrap reads
// that must be consistent in a ReadTransaction.
class BoardRepository
{
public:
    explicit BoardRepository(QSqlDatabase db);

    // ---- reads
    struct Heads
    {
        qint64 head = 0;
        qint64 floor = 0; // events <= floor were compacted away
        bool deleted = false; // only its owners may still read it (and restore it)
    };
    std::optional<Heads> heads(const QString &boardId) const;
    bool exists(const QString &boardId) const { return heads(boardId).has_value(); }
    Core::Role roleOf(const QString &boardId, const QString &userId) const;
    // The whole board at its head seq (members joined with users for login and name).
    std::optional<Core::BoardState> load(const QString &boardId, const QString &epoch) const;
    // Events with seq in (afterSeq, afterSeq + limit], in order.
    std::optional<Core::EventList> eventsAfter(const QString &boardId, qint64 afterSeq, int limit) const;
    // The same events as stored (for a catch-up), stopping before the one that would take
    // their JSON past maxBytes (the first always comes): nothing is parsed in C++.
    std::optional<LoggedEventList> loggedEventsAfter(const QString &boardId, qint64 afterSeq, int limit, qint64 maxBytes) const;
    // What the digest is computed from: (item id, item version) and the head seq.
    struct DigestInputs
    {
        qint64 seq = 0;
        QList<std::pair<QString, qint64>> items;
    };
    std::optional<DigestInputs> digestInputs(const QString &boardId) const;

    QList<Core::BoardSummary> boardsOf(const QString &userId) const;
    QStringList memberIds(const QString &boardId) const;
    // Boards that are not deleted, for jobs that visit every board (reminders).
    QStringList liveBoardIds() const;
    const SearchIndex &search() const { return m_search; }
    // Deleted columns' values, purged in the background (Server drives step()).
    ColumnPurge &columnPurge() { return m_columnPurge; }

    // PostgreSQL (nodes sharing the database): locks the board's row until the transaction
    // ends, so no other node commits to the board meanwhile, and returns its head seq
    // (nullopt: no such board, or an error: see failed()). SQLite has one writer: the head.
    std::optional<qint64> lockHead(const QString &boardId);

    bool itemIdTaken(const QString &itemId) const;
    bool commentIdTaken(const QString &commentId) const;

    // ---- writes (inside the caller's transaction)
    // Creates a board owned by `creator` with `columns` (defaultColumns() when empty).
    bool create(const Core::Board &board, const QList<Core::Column> &columns, const Core::User &creator);
    static QList<Core::Column> defaultColumns();
    // Appends `event` to the log and writes its effect on the state tables; `after` is
    // the board's state with the event applied. Advances head_seq.
    bool append(const QString &boardId, const Core::Event &event, const Core::BoardState &after);

    // Idempotency: the stored ack/reject of (user, mutationId), if any.
    std::optional<QJsonObject> mutationResult(const QString &userId, const QString &mutationId) const;
    bool recordMutation(const QString &userId, const QString &mutationId, const QString &boardId,
                        const QJsonObject &result);

    // Log retention: on every board, deletes events older than maxAgeDays while keeping
    // at least minEvents, and raises floor_seq. Runs in its own transaction. Returns the
    // number of events deleted, -1 on error.
    int compact(int maxAgeDays, int minEventsPerBoard);
    // Removes for good the boards deleted more than graceDays ago (with their items,
    // comments, log and index rows). Runs in its own transaction; returns how many, -1 on error.
    int purgeDeleted(int graceDays);
    // Fills the search index from every board's state (for boards stored before it
    // existed). Runs in its own transaction.
    bool rebuildSearchIndex(const QString &epoch);

    QString lastError() const { return m_error; }
    // Set by any failed statement until clearFailure(): lets a caller running many
    // statements in one transaction check once whether all of them succeeded.
    bool failed() const { return m_failed; }
    void clearFailure() { m_failed = false; }

private:
    bool upsertItem(const QString &boardId, const Core::Item &item);
    bool writeColumns(const QString &boardId, const QList<Core::Column> &columns);
    bool upsertComment(const QString &boardId, const Core::Comment &comment);
    bool run(class QSqlQuery &q) const;

    QSqlDatabase m_db;
    mutable StatementCache m_statements; // the commit path's statements, compiled once
    SearchIndex m_search;
    ColumnPurge m_columnPurge;
    mutable QString m_error;
    mutable bool m_failed = false;
};

// A read transaction: everything read while it lives is one consistent state.
class ReadTransaction
{
public:
    explicit ReadTransaction(QSqlDatabase db);
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction &) = delete;
    ReadTransaction &operator=(const ReadTransaction &) = delete;

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace Tessera::Server
