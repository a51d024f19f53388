#pragma once

#include "core/protocol/command.h"
#include "core/protocol/commandoutcome.h"
#include "core/rules/boardstate.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

namespace Tessera::Server {

// What one user may do to everyone else, for CommandService (one instance, owned by
// Server):
//  - admin-set quotas (settings max_items_per_board, max_boards_per_user), refused with
//    quota_exceeded;
//  - a per-user token bucket for commands that arrive over HTTP (a socket has its own per
//    connection), refused with rate_limited and retryAfterMs (HTTP 429 + Retry-After);
//  - the budget of the cache of board states (setting board_cache_mb): each cached board's
//    size is estimated when loaded and grown by what its events add; past the budget the
//    least recently used boards are dropped (they load again from the database);
//  - events applied to a cached state without a pass over every item: column.deleted
//    removes the column at once and its values from the items a slice at a time
//    (stripStep()), so no single command holds the event loop for the size of the board.
//    Until then the values linger in memory only, under a column that no longer exists
//    (nothing can reach them: commands and reads go by the columns; a column created again
//    with the same id first finishes the strip).
class CommandLimits
{
public:
    CommandLimits(QSqlDatabase db, int httpRatePerSecond = 100, int httpBurst = 600);

    // ---- quotas and rate
    // A command refused before it is queued (HTTP rate), or nothing.
    std::optional<Core::CommandOutcome> admitHttp(const QString &userId, const Core::Command &command);
    // Whether `command` keeps `state` within the quotas; a reject verdict if not.
    std::optional<QString> quotaProblem(const Core::Command &command, const Core::BoardState &state) const;
    // Whether `userId` may create another board; why not, if not.
    std::optional<QString> newBoardProblem(const QString &userId) const;

    // ---- the board-state cache budget
    // A board was loaded into the cache: returns the boards to drop first (least recently
    // used, never `boardId`) so the cache stays within board_cache_mb.
    QStringList loaded(const QString &boardId, const Core::BoardState &state);
    void used(const QString &boardId); // a cached board was used: most recent now
    void grew(const QString &boardId, const Core::EventList &events);
    void dropped(const QString &boardId);
    void clear();
    qint64 cachedBytes() const { return m_total; }
    int cachedBoards() const { return int(m_boards.size()); }
    qint64 budgetBytes() const;

    static qint64 estimateBytes(const Core::BoardState &state);

    // ---- applying events to cached states
    // Finds a cached state (CommandService sets it).
    void setStateLookup(std::function<Core::BoardState *(const QString &boardId)> lookup) { m_lookup = std::move(lookup); }
    // As Core::apply, with column.deleted's per-item part deferred.
    Core::ApplyResult apply(const QString &boardId, const Core::Event &event, Core::BoardState &state);
    // Strips up to `items` items of deferred column values; true while more remains.
    bool stripStep(int items);
    bool stripPending() const { return !m_strips.isEmpty(); }

    // Counted refusals (for /metrics): "items_per_board", "boards_per_user", "http_mutation".
    std::function<void(const QByteArray &quota)> quotaExceeded;
    std::function<void()> throttled;

private:
    qint64 setting(const char *key, qint64 fallback) const;

    QSqlDatabase m_db;
    int m_ratePerSecond;
    int m_burst;
    struct Bucket
    {
        double tokens = 0;
        QElapsedTimer refill;
    };
    QHash<QString, Bucket> m_buckets;
    struct Cached
    {
        qint64 bytes = 0;
        quint64 lastUse = 0;
    };
    QHash<QString, Cached> m_boards;
    qint64 m_total = 0;
    quint64 m_clock = 0;
    struct Strip
    {
        QString boardId;
        QString columnId;
        QStringList items; // still to strip
    };
    QList<Strip> m_strips;
    std::function<Core::BoardState *(const QString &)> m_lookup;
    void finishStrips(const QString &boardId, const QString &columnId, Core::BoardState &state);
};

} // namespace Tessera::Server
