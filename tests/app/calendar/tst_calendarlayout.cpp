#include "app/calendar/calendarlayout.h"

#include <QTest>

using Tessera::App::CalendarLayout;

class TstCalendarLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void monthSpansWholeWeeks_data()
    {
        QTest::addColumn<QDate>("anchor");
        QTest::addColumn<int>("firstDay");
        QTest::addColumn<QDate>("first");
        QTest::addColumn<QDate>("last");
        QTest::addColumn<int>("rows");
        // Nov 2026 starts on a Sunday and ends on a Monday.
        QTest::newRow("nov-monday") << QDate(2026, 11, 24) << int(Qt::Monday) << QDate(2026, 10, 26) << QDate(2026, 12, 6) << 6;
        QTest::newRow("nov-sunday") << QDate(2026, 11, 24) << int(Qt::Sunday) << QDate(2026, 11, 1) << QDate(2026, 12, 5) << 5;
        // Feb 2027 starts on a Monday and has 28 days: exactly four weeks.
        QTest::newRow("feb-monday") << QDate(2027, 2, 14) << int(Qt::Monday) << QDate(2027, 2, 1) << QDate(2027, 2, 28) << 4;
    }
    void monthSpansWholeWeeks()
    {
        QFETCH(QDate, anchor);
        QFETCH(int, firstDay);
        QFETCH(QDate, first);
        QFETCH(QDate, last);
        QFETCH(int, rows);
        CalendarLayout layout;
        layout.setAnchor(anchor);
        layout.setFirstDayOfWeek(Qt::DayOfWeek(firstDay));
        QCOMPARE(layout.firstVisible(), first);
        QCOMPARE(layout.lastVisible(), last);
        QCOMPARE(layout.rows(), rows);
        QVERIFY(layout.isVisible(first) && layout.isVisible(last));
        QVERIFY(!layout.isVisible(first.addDays(-1)) && !layout.isVisible(last.addDays(1)));
    }

    void cellsTileTheAreaAndHitTestBack()
    {
        CalendarLayout layout;
        layout.setAnchor(QDate(2026, 11, 24));
        layout.setSize(QSize(703, 524)); // not divisible: no gaps, no overlaps
        layout.setMetrics(24, 20, 18);
        QRect united;
        QList<QRect> cells;
        qint64 area = 0;
        for (QDate d = layout.firstVisible(); d <= layout.lastVisible(); d = d.addDays(1)) {
            const QRect cell = layout.cellRect(d);
            QVERIFY(!cell.isNull());
            QCOMPARE(layout.dateAt(cell.center()), d);
            QCOMPARE(layout.dateAt(cell.topLeft()), d);
            QCOMPARE(layout.dateAt(cell.bottomRight()), d);
            for (const QRect &other : std::as_const(cells))
                QVERIFY(!other.intersects(cell));
            cells.append(cell);
            area += qint64(cell.width()) * cell.height();
            united = united.isNull() ? cell : united.united(cell);
        }
        QCOMPARE(united, QRect(0, 24, 703, 500));
        QCOMPARE(area, qint64(703) * 500);
        QVERIFY(!layout.dateAt(QPoint(10, 10)).isValid()); // header
        QVERIFY(!layout.dateAt(QPoint(703, 100)).isValid());
        QVERIFY(layout.cellRect(QDate(2027, 1, 20)).isNull());
        QCOMPARE(layout.headerRect(0).left(), 0);
        QCOMPARE(layout.headerRect(6).right(), 702);
    }

    void overflowKeepsALineForMore()
    {
        CalendarLayout layout;
        layout.setAnchor(QDate(2026, 11, 24));
        layout.setSize(QSize(700, 24 + 6 * 100)); // rows of 100 px
        layout.setMetrics(24, 20, 20); // room for (100 - 20 - 3) / 20 = 3 chips
        QCOMPARE(layout.visibleChipCount(0), 0);
        QCOMPARE(layout.visibleChipCount(3), 3);
        QCOMPARE(layout.visibleChipCount(4), 2); // two chips and "+2 more"
        QCOMPARE(layout.visibleChipCount(40), 2);
        const QDate day(2026, 11, 10);
        const QRect cell = layout.cellRect(day);
        const QRect chip0 = layout.chipRect(day, 0);
        const QRect more = layout.moreRect(day, 2);
        QVERIFY(cell.contains(chip0));
        QVERIFY(cell.contains(more));
        QVERIFY(more.top() > layout.chipRect(day, 1).bottom());
        QCOMPARE(chip0.top(), cell.top() + 20);
    }

    void weekModeAndNavigation()
    {
        CalendarLayout layout;
        layout.setAnchor(QDate(2026, 11, 26)); // a Thursday
        layout.setMode(CalendarLayout::Mode::Week);
        QCOMPARE(layout.rows(), 1);
        QCOMPARE(layout.firstVisible(), QDate(2026, 11, 23));
        QCOMPARE(layout.lastVisible(), QDate(2026, 11, 29));
        QVERIFY(layout.inAnchorMonth(QDate(2026, 11, 29)));
        QCOMPARE(layout.next(), QDate(2026, 12, 3));
        QCOMPARE(layout.previous(), QDate(2026, 11, 19));
        layout.setMode(CalendarLayout::Mode::Month);
        QCOMPARE(layout.next(), QDate(2026, 12, 26));
        QCOMPARE(layout.previous(), QDate(2026, 10, 26));
        QVERIFY(!layout.inAnchorMonth(QDate(2026, 10, 31)));
        layout.setAnchor(QDate(2027, 1, 31));
        QCOMPARE(layout.next(), QDate(2027, 2, 28)); // clamps to the month's end
    }

    void weekShowsEveryChipAndSaysHowTall()
    {
        CalendarLayout layout;
        layout.setAnchor(QDate(2026, 11, 26));
        layout.setSize(QSize(700, 300));
        layout.setMetrics(24, 20, 20);
        layout.setWeekChipHeight(40);
        QCOMPARE(layout.contentHeight(5), 0); // a month always fits its view
        layout.setMode(CalendarLayout::Mode::Week);
        QCOMPARE(layout.chipHeight(), 40);
        QCOMPARE(layout.visibleChipCount(30), 30); // no "+N more": the grid grows and scrolls
        QCOMPARE(layout.contentHeight(30), 24 + 20 + 30 * 40 + 3);
        layout.setSize(QSize(700, layout.contentHeight(30)));
        const QDate day(2026, 11, 24);
        const QRect cell = layout.cellRect(day);
        QCOMPARE(cell.top(), 24);
        for (int i = 0; i < 30; ++i)
            QVERIFY2(cell.contains(layout.chipRect(day, i)), qPrintable(QString::number(i)));
        QCOMPARE(layout.chipRect(day, 1).top() - layout.chipRect(day, 0).top(), 40);
        QCOMPARE(layout.dateAt(layout.chipRect(day, 29).center()), day);
        layout.setMode(CalendarLayout::Mode::Month);
        QCOMPARE(layout.chipHeight(), 20);
    }
};

QTEST_GUILESS_MAIN(TstCalendarLayout)
#include "tst_calendarlayout.moc"
