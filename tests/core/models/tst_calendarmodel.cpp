#include "core/models/calendarmodel.h"
#include "core/models/itemtablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Tessera::Core;

namespace {

constexpr auto Fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

Item dated(const QString &id, const QString &rank, const QJsonValue &due)
{
    Item item;
    item.id = id;
    item.rank = rank;
    item.fields.insert(QStringLiteral("title"), id);
    if (!due.isNull())
        item.fields.insert(QStringLiteral("due"), due);
    return item;
}

// March 2024: a 5th (r2), b 5th (r1), c 10th, d 31st, e 1 April, f none, g in "title" only.
BoardState makeState()
{
    BoardState s;
    s.board.id = QStringLiteral("b1");
    s.columns = { { QStringLiteral("title"), QStringLiteral("Title"), ColumnType::Text, {} },
                  { QStringLiteral("due"), QStringLiteral("Due"), ColumnType::Date, {} } };
    for (const Item &item : { dated(QStringLiteral("a"), QStringLiteral("r2"), QStringLiteral("2024-03-05")),
                              dated(QStringLiteral("b"), QStringLiteral("r1"), QStringLiteral("2024-03-05")),
                              dated(QStringLiteral("c"), QStringLiteral("r3"), QStringLiteral("2024-03-10")),
                              dated(QStringLiteral("d"), QStringLiteral("r4"), QStringLiteral("2024-03-31")),
                              dated(QStringLiteral("e"), QStringLiteral("r5"), QStringLiteral("2024-04-01")),
                              dated(QStringLiteral("f"), QStringLiteral("r6"), QJsonValue()) })
        s.items.insert(item.id, item);
    return s;
}

Event setDue(const QString &itemId, const QJsonValue &due)
{
    return { 0, EventKind::ItemUpdated, QStringLiteral("u1"), QString(), nowIso(),
             { { QStringLiteral("itemId"), itemId },
               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("due"), due } } } } };
}

QStringList rows(const CalendarModel &model)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out.append(model.itemIdAt(r));
    return out;
}

} // namespace

class tst_CalendarModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filtersByRange();
    void openRangeAndColumnChoice();
    void itemsByDayInRankOrder();
    void dateChangesMoveItemsInAndOut();
    void dateTimeValues();
    void itemFilterHidesItems();
    void undatedOnlyListsTheOtherHalf();
    void overdueIsNeverDone();
};

void tst_CalendarModel::itemFilterHidesItems()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    CalendarModel calendar(&model);
    QAbstractItemModelTester tester(&calendar, Fatal);
    calendar.setDateColumn(QStringLiteral("due"));
    calendar.setRange(QDate(2024, 3, 1), QDate(2024, 3, 31));
    ItemFilter filter;
    filter.text = QStringLiteral("c");
    calendar.setItemFilter(filter);
    QCOMPARE(rows(calendar), QStringList({ QStringLiteral("c") }));
    filter.text = QStringLiteral("f"); // matches, but has no date
    calendar.setItemFilter(filter);
    QCOMPARE(calendar.rowCount(), 0);
    calendar.setItemFilter({});
    QCOMPARE(rows(calendar), QStringList({ QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c"),
                                           QStringLiteral("d") }));
}

void tst_CalendarModel::filtersByRange()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    CalendarModel calendar(&model);
    QAbstractItemModelTester tester(&calendar, Fatal);
    calendar.setDateColumn(QStringLiteral("due"));
    calendar.setRange(QDate(2024, 3, 1), QDate(2024, 3, 31));
    QCOMPARE(rows(calendar), QStringList({ QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c"),
                                           QStringLiteral("d") }));
    QCOMPARE(calendar.dateAt(3), QDate(2024, 3, 31));
    calendar.setRange(QDate(2024, 3, 6), QDate(2024, 4, 1)); // bounds inclusive
    QCOMPARE(rows(calendar), QStringList({ QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e") }));
    calendar.setRange(QDate(2024, 5, 1), QDate(2024, 5, 31));
    QCOMPARE(calendar.rowCount(), 0);
}

void tst_CalendarModel::openRangeAndColumnChoice()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    CalendarModel calendar(&model);
    QAbstractItemModelTester tester(&calendar, Fatal);
    QCOMPARE(calendar.rowCount(), 0); // no date column chosen
    calendar.setDateColumn(QStringLiteral("due"));
    QCOMPARE(calendar.rowCount(), 5); // open range: every dated item
    calendar.setDateColumn(QStringLiteral("title")); // not a date column
    QCOMPARE(calendar.rowCount(), 0);
}

void tst_CalendarModel::itemsByDayInRankOrder()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    CalendarModel calendar(&model);
    QAbstractItemModelTester tester(&calendar, Fatal);
    calendar.setDateColumn(QStringLiteral("due"));
    calendar.setRange(QDate(2024, 3, 1), QDate(2024, 3, 31));
    const QMultiMap<QDate, QString> days = calendar.itemsByDay();
    QCOMPARE(days.size(), 4);
    QCOMPARE(days.uniqueKeys(), QList<QDate>({ QDate(2024, 3, 5), QDate(2024, 3, 10), QDate(2024, 3, 31) }));
    QCOMPARE(days.values(QDate(2024, 3, 5)), QStringList({ QStringLiteral("b"), QStringLiteral("a") }));
    QStringList iterated;
    for (auto it = days.constBegin(); it != days.constEnd(); ++it)
        iterated.append(it.value());
    QCOMPARE(iterated, QStringList({ QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c"),
                                     QStringLiteral("d") }));
}

void tst_CalendarModel::dateChangesMoveItemsInAndOut()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    CalendarModel calendar(&model);
    QAbstractItemModelTester tester(&calendar, Fatal);
    calendar.setDateColumn(QStringLiteral("due"));
    calendar.setRange(QDate(2024, 3, 1), QDate(2024, 3, 31));
    QSignalSpy reset(&calendar, &QAbstractItemModel::modelReset);

    QVERIFY(store.applyBatch({ setDue(QStringLiteral("e"), QStringLiteral("2024-03-02")),
                               setDue(QStringLiteral("a"), QJsonValue::Null),
                               setDue(QStringLiteral("d"), QStringLiteral("2024-03-01")) })
                    .ok);
    QCOMPARE(rows(calendar), QStringList({ QStringLiteral("d"), QStringLiteral("e"), QStringLiteral("b"),
                                           QStringLiteral("c") }));
    // An optimistic edit shows at once and goes away when dropped.
    store.setPending(QStringLiteral("m1"), setDue(QStringLiteral("f"), QStringLiteral("2024-03-20")));
    QCOMPARE(rows(calendar).last(), QStringLiteral("f"));
    store.clearPending(QStringLiteral("m1"));
    QVERIFY(!rows(calendar).contains(QStringLiteral("f")));
    QCOMPARE(reset.size(), 0);
}

void tst_CalendarModel::dateTimeValues()
{
    BoardStore store;
    BoardState s = makeState();
    const QDateTime noonUtc(QDate(2024, 3, 15), QTime(12, 0), Qt::UTC);
    s.items[QStringLiteral("f")].fields.insert(QStringLiteral("due"), noonUtc.toString(Qt::ISODate));
    store.resetFromSnapshot(s);
    ItemTableModel model(&store);
    CalendarModel calendar(&model);
    QAbstractItemModelTester tester(&calendar, Fatal);
    calendar.setDateColumn(QStringLiteral("due"));
    calendar.setRange(QDate(2024, 3, 11), QDate(2024, 3, 20));
    QCOMPARE(rows(calendar), QStringList { QStringLiteral("f") });
    QCOMPARE(calendar.dateAt(0), noonUtc.toLocalTime().date());
}

void tst_CalendarModel::undatedOnlyListsTheOtherHalf()
{
    BoardStore store;
    BoardState s = makeState();
    s.items.insert(QStringLiteral("h"), dated(QStringLiteral("h"), QStringLiteral("r0"), QStringLiteral("not a date")));
    store.resetFromSnapshot(s);
    ItemTableModel model(&store);
    CalendarModel undated(&model);
    QAbstractItemModelTester tester(&undated, Fatal);
    undated.setUndatedOnly(true);
    QCOMPARE(undated.rowCount(), 0); // no date column: nothing can be dated, nothing listed
    undated.setDateColumn(QStringLiteral("due"));
    undated.setRange(QDate(2024, 3, 1), QDate(2024, 3, 2)); // the range is the dated half's
    QCOMPARE(rows(undated), QStringList({ QStringLiteral("h"), QStringLiteral("f") })); // rank order
    QSignalSpy filterChanged(&undated, &CalendarModel::itemFilterChanged);
    ItemFilter filter;
    filter.text = QStringLiteral("f");
    undated.setItemFilter(filter);
    QCOMPARE(filterChanged.size(), 1);
    QCOMPARE(rows(undated), QStringList({ QStringLiteral("f") }));
    undated.setItemFilter({});

    // Dating an item moves it out; clearing a date moves it in, optimistic edits included.
    QVERIFY(store.applyBatch({ setDue(QStringLiteral("f"), QStringLiteral("2024-03-02")),
                               setDue(QStringLiteral("a"), QJsonValue::Null) })
                    .ok);
    QCOMPARE(rows(undated), QStringList({ QStringLiteral("h"), QStringLiteral("a") }));
    store.setPending(QStringLiteral("m1"), setDue(QStringLiteral("h"), QStringLiteral("2024-03-09")));
    QCOMPARE(rows(undated), QStringList({ QStringLiteral("a") }));
    QCOMPARE(undated.dateOf(QStringLiteral("h")), QDate(2024, 3, 9));
    QCOMPARE(undated.dateOf(QStringLiteral("a")), QDate());
    QCOMPARE(undated.dateOf(QStringLiteral("nope")), QDate());
    undated.setDateColumn(QStringLiteral("title")); // not a date column
    QCOMPARE(undated.rowCount(), 0);
}

void tst_CalendarModel::overdueIsNeverDone()
{
    BoardStore store;
    BoardState s = makeState();
    s.columns.append({ QStringLiteral("status"), QStringLiteral("Status"), ColumnType::Status,
                       { { QStringLiteral("todo"), QStringLiteral("To do"), QStringLiteral("#888888") },
                         { QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("#22a06b") } } });
    s.items[QStringLiteral("a")].fields.insert(QStringLiteral("status"), QStringLiteral("done"));
    s.items[QStringLiteral("b")].fields.insert(QStringLiteral("status"), QStringLiteral("todo"));
    store.resetFromSnapshot(s);
    ItemTableModel model(&store);
    CalendarModel calendar(&model);
    calendar.setDateColumn(QStringLiteral("due"));
    const QDate today(2024, 3, 6);
    QVERIFY(calendar.isDone(QStringLiteral("a")));
    QVERIFY(!calendar.isOverdue(QStringLiteral("a"), today)); // 5 March, but done
    QVERIFY(!calendar.isDone(QStringLiteral("b")));
    QVERIFY(calendar.isOverdue(QStringLiteral("b"), today)); // 5 March, to do
    QVERIFY(!calendar.isOverdue(QStringLiteral("c"), today)); // 10 March: not yet
    QVERIFY(!calendar.isOverdue(QStringLiteral("b"), QDate(2024, 3, 5))); // due today is not overdue
    QVERIFY(!calendar.isOverdue(QStringLiteral("f"), today)); // no date
    // Done through a pending edit counts at once; undone again, it is overdue again.
    store.setPending(QStringLiteral("m1"), { 0, EventKind::ItemUpdated, QStringLiteral("u1"), QString(), nowIso(),
                                             { { QStringLiteral("itemId"), QStringLiteral("b") },
                                               { QStringLiteral("fields"),
                                                 QJsonObject { { QStringLiteral("status"), QStringLiteral("done") } } } } });
    QVERIFY(!calendar.isOverdue(QStringLiteral("b"), today));
    store.clearPending(QStringLiteral("m1"));
    QVERIFY(calendar.isOverdue(QStringLiteral("b"), today));
}

QTEST_GUILESS_MAIN(tst_CalendarModel)
#include "tst_calendarmodel.moc"
