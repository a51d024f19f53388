#pragma once

#include "core/protocol/domain.h"

#include <QDate>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>

namespace Tessera::Core {

class BoardStore;

// The numbers of a board's Dashboard (and of the headless digest), computed from the
// effective view of a BoardStore (confirmed state plus pending edits):
// - per status: the first status column's options in order (with their colours), then
//   "No status"; per person: the first person column's members with items (by name), then "Nobody".
//   Each bar carries the filter condition that shows its items in the table.
// - overdue: ItemFilter's is:overdue rule (a date before today, not done), oldest first.
// - per week (Monday to Sunday, the last `weeks` weeks ending with today's): items created
//   (Item::createdAt) and completed. "Completed" is when the status last became its
//   column's last option, known only when this store applied that event
//   (BoardStore::fieldSetAt); done items whose completion time is unknown (they came
//   with a snapshot or the cache) are counted in `doneWithoutTime`, never guessed.
struct BoardNumbers
{
    struct Bar
    {
        QString key; // option id or user id; "" = no status / nobody
        QString label;
        QString color; // "#rrggbb", status bars only
        int count = 0;
        QString filter; // the condition for the filter field, e.g. status:done
    };
    struct Week
    {
        QDate start; // a Monday
        int created = 0;
        int completed = 0;
    };

    int items = 0;
    QString statusColumnId;
    QList<Bar> perStatus;
    QString personColumnId;
    QList<Bar> perPerson;
    QStringList overdue; // item ids, the earliest date first
    QList<Week> weeks; // oldest first
    int doneWithoutTime = 0;

    bool operator==(const BoardNumbers &) const = default;
};

// Live BoardNumbers over one store. The store announces every server batch and local edit
// (batchApplied, reset); BoardStats coalesces them: the numbers are recomputed once, on the
// next turn of the event loop, however many changes arrived meanwhile, and then changed()
// is emitted once.
class BoardStats final : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultWeeks = 8;

    // `store` must outlive this object. Computes at once.
    explicit BoardStats(const BoardStore *store, QObject *parent = nullptr);

    static BoardNumbers compute(const BoardStore &store, const QDate &today = QDate::currentDate(),
                                int weeks = DefaultWeeks);

    const BoardNumbers &numbers() const { return m_numbers; }
    int recomputations() const { return m_recomputations; } // for tests: one per coalesced burst
    // While `wanted` answers false (e.g. its view is hidden behind another one), changes only
    // mark the numbers stale; catchUp() recomputes them then, if they are. Default: always.
    void setWanted(std::function<bool()> wanted) { m_wanted = std::move(wanted); }
    bool isStale() const { return m_stale; }
    void catchUp();
    // For tests: the day counted as today (default: the current date each time).
    void setToday(const QDate &today);

Q_SIGNALS:
    void changed();

private:
    void schedule();
    void recompute();

    const BoardStore *m_store;
    QTimer m_coalesce;
    QDate m_today;
    BoardNumbers m_numbers;
    int m_recomputations = 0;
    std::function<bool()> m_wanted;
    bool m_stale = false;
};

} // namespace Tessera::Core
