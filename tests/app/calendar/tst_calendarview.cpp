#include "support/boardfixture.h"

#include "app/calendar/calendargrid.h"
#include "app/calendar/calendarview.h"

#include "core/models/calendarmodel.h"
#include "core/models/itemtablemodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tessera::Core;
using namespace Tessera::Test;
using Tessera::App::CalendarGrid;
using Tessera::App::CalendarLayout;
using Tessera::App::CalendarView;

class TstCalendarView : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        Fixture()
        {
            QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); // weeks start on Monday
            store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
            view.setToday(QDate(2026, 11, 24));
            view.setDate(QDate(2026, 11, 24));
            view.resize(900, 640);
            view.show();
        }
        BoardStore store;
        ItemTableModel model { &store };
        CalendarModel calendar { &model };
        CalendarView view { &calendar };
    };

private Q_SLOTS:
    void showsTheMonthAndNavigates()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QCOMPARE(f.view.dateColumn(), QStringLiteral("due"));
        QCOMPARE(f.view.title(), QStringLiteral("November 2026"));
        QVERIFY(!f.view.grid()->chipRectOf(QStringLiteral("i02")).isNull()); // due 6 Nov
        f.view.showNext();
        QCOMPARE(f.view.title(), QStringLiteral("December 2026"));
        QVERIFY(f.view.grid()->chipRectOf(QStringLiteral("i02")).isNull());
        f.view.showToday();
        QCOMPARE(f.view.date(), QDate(2026, 11, 24));
        f.view.setMode(CalendarLayout::Mode::Week);
        QCOMPARE(f.view.grid()->layoutMath().firstVisible(), QDate(2026, 11, 23));
    }

    void dragChipToAnotherDayReschedules()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy ops(&f.view, &CalendarView::opRequested);
        CalendarGrid *grid = f.view.grid();
        const QRect chip = grid->chipRectOf(QStringLiteral("i02")); // due 2026-11-06
        QVERIFY(!chip.isNull());
        const QPoint target = grid->layoutMath().cellRect(QDate(2026, 11, 19)).center();
        QTest::mousePress(grid, Qt::LeftButton, {}, chip.center());
        QTest::mouseMove(grid, chip.center() + QPoint(10, 10));
        QTest::mouseMove(grid, target);
        QTest::mouseRelease(grid, Qt::LeftButton, {}, target);
        QCOMPARE(ops.count(), 1);
        const QJsonObject op = ops.last().at(0).value<Op>().toJson();
        QCOMPARE(op.value(QStringLiteral("kind")).toString(), QStringLiteral("item.update"));
        QCOMPARE(op.value(QStringLiteral("itemId")).toString(), QStringLiteral("i02"));
        QCOMPARE(op.value(QStringLiteral("fields")).toObject(), QJsonObject({ { QStringLiteral("due"), QStringLiteral("2026-11-19") } }));
        QCOMPARE(op.value(QStringLiteral("base")).toObject(), QJsonObject({ { QStringLiteral("due"), 11 } }));
    }

    void clickWithoutDragDoesNothing()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy ops(&f.view, &CalendarView::opRequested);
        const QRect chip = f.view.grid()->chipRectOf(QStringLiteral("i02"));
        QTest::mouseClick(f.view.grid(), Qt::LeftButton, {}, chip.center());
        QCOMPARE(ops.count(), 0);
    }
};

QTEST_MAIN(TstCalendarView)
#include "tst_calendarview.moc"
