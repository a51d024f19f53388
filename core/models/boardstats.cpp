#include "boardstats.h"

#include "boardstore.h"
#include "itemfilter.h"

#include "core/rules/itemfacts.h"

#include <algorithm>

namespace Tessera::Core {

namespace {

const Column *firstOfType(const QList<Column> &columns, ColumnType type)
{
    const auto it = std::find_if(columns.cbegin(), columns.cend(), [type](const Column &c) { return c.type == type; });
    return it == columns.cend() ? nullptr : &*it;
}

QList<BoardNumbers::Bar> statusBars(const BoardStore &store, const Column &column)
{
    QList<BoardNumbers::Bar> bars;
    for (const StatusOption &o : column.options)
        bars.append({ o.id, o.label, o.color, 0, filterCondition(column, o.label) });
    bars.append({ QString(), QObject::tr("No status"), QString(), 0, filterCondition(column, QStringLiteral("none")) });
    for (const QString &id : store.itemIds()) {
        const Item *item = store.itemPtr(id);
        const QString option = item ? statusOptionOf(column, item->fields.value(column.id)) : QString();
        const auto bar = std::find_if(bars.begin(), bars.end(), [&option](const auto &b) { return b.key == option; });
        ++bar->count; // the last bar ("") always matches
    }
    return bars;
}

QList<BoardNumbers::Bar> personBars(const BoardStore &store, const Column &column)
{
    QList<BoardNumbers::Bar> bars;
    for (const Member &m : store.confirmed().members)
        bars.append({ m.userId, store.memberName(m.userId), QString(), 0, filterCondition(column, m.login) });
    int nobody = 0;
    for (const QString &id : store.itemIds()) {
        const Item *item = store.itemPtr(id);
        const QString userId = item ? item->fields.value(column.id).toString() : QString();
        const auto bar = std::find_if(bars.begin(), bars.end(), [&userId](const auto &b) { return b.key == userId; });
        if (userId.isEmpty() || bar == bars.end())
            ++nobody; // empty, or someone no longer a member
        else
            ++bar->count;
    }
    bars.removeIf([](const BoardNumbers::Bar &b) { return b.count == 0; });
    std::sort(bars.begin(), bars.end(), [](const BoardNumbers::Bar &a, const BoardNumbers::Bar &b) {
        return a.label.localeAwareCompare(b.label) < 0; // by name, the same order every time
    });
    bars.append(
        { QString(), QObject::tr("Nobody"), QString(), nobody, filterCondition(column, QStringLiteral("none")) });
    return bars;
}

// When the item became done: its first status column holding the last option, and the
// time this store saw that value set. Null when unknown.
QDateTime completedAt(const BoardStore &store, const Item &item)
{
    for (const Column &c : store.columns()) {
        if (c.type == ColumnType::Status && !c.options.isEmpty()
            && statusOptionOf(c, item.fields.value(c.id)) == c.options.constLast().id)
            return store.fieldSetAt(item.id, c.id);
    }
    return {};
}

QDate earliestDate(const Item &item, const QList<Column> &columns)
{
    QDate earliest;
    for (const auto &[columnId, day] : datesOf(item, columns)) {
        if (!earliest.isValid() || day < earliest)
            earliest = day;
    }
    return earliest;
}

} // namespace

BoardStats::BoardStats(const BoardStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(0);
    connect(&m_coalesce, &QTimer::timeout, this, &BoardStats::recompute);
    connect(store, &BoardStore::batchApplied, this, &BoardStats::schedule);
    connect(store, &BoardStore::reset, this, &BoardStats::schedule);
    connect(store, &BoardStore::fieldTimesLearned, this, &BoardStats::schedule);
    recompute();
}

void BoardStats::setToday(const QDate &today)
{
    m_today = today;
    schedule();
}

void BoardStats::schedule()
{
    if (m_wanted && !m_wanted()) {
        m_stale = true; // counted when wanted again (catchUp): a hidden Dashboard costs nothing
        return;
    }
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void BoardStats::catchUp()
{
    if (m_stale || m_coalesce.isActive())
        recompute();
}

void BoardStats::recompute()
{
    m_coalesce.stop();
    m_stale = false;
    m_numbers = compute(*m_store, m_today.isValid() ? m_today : QDate::currentDate());
    ++m_recomputations;
    Q_EMIT changed();
}

BoardNumbers BoardStats::compute(const BoardStore &store, const QDate &today, int weeks)
{
    BoardNumbers n;
    const QList<Column> &columns = store.columns();
    n.items = store.itemCount();
    if (const Column *status = firstOfType(columns, ColumnType::Status)) {
        n.statusColumnId = status->id;
        n.perStatus = statusBars(store, *status);
    }
    if (const Column *person = firstOfType(columns, ColumnType::Person)) {
        n.personColumnId = person->id;
        n.perPerson = personBars(store, *person);
    }
    const QDate thisMonday = today.addDays(1 - today.dayOfWeek());
    for (int w = weeks - 1; w >= 0; --w)
        n.weeks.append({ thisMonday.addDays(-7 * w), 0, 0 });
    const auto weekOf = [&n, &thisMonday](const QDateTime &at) -> BoardNumbers::Week * {
        if (!at.isValid())
            return nullptr;
        const QDate day = at.toLocalTime().date();
        const qint64 back = (thisMonday.toJulianDay() - day.toJulianDay() + 6) / 7; // weeks before this one
        const qint64 index = n.weeks.size() - 1 - back;
        return day <= thisMonday.addDays(6) && index >= 0 && index < n.weeks.size() ? &n.weeks[index] : nullptr;
    };
    QList<std::pair<QDate, QString>> overdue;
    for (const QString &id : store.itemIds()) {
        const Item *item = store.itemPtr(id);
        if (!item)
            continue;
        if (BoardNumbers::Week *week = weekOf(QDateTime::fromString(item->createdAt, Qt::ISODateWithMs)))
            ++week->created;
        if (isDone(*item, columns)) {
            const QDateTime done = completedAt(store, *item);
            if (!done.isValid())
                ++n.doneWithoutTime;
            else if (BoardNumbers::Week *week = weekOf(done))
                ++week->completed;
        }
        if (isOverdue(*item, columns, today))
            overdue.append({ earliestDate(*item, columns), id });
    }
    std::sort(overdue.begin(), overdue.end());
    for (const auto &[day, id] : std::as_const(overdue))
        n.overdue.append(id);
    return n;
}

} // namespace Tessera::Core
