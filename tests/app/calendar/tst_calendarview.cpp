#include "support/boardfixture.h"
#include "support/uidriver.h"

#include "app/calendar/calendargrid.h"
#include "app/calendar/calendarview.h"
#include "app/calendar/undatedlist.h"

#include "core/models/calendarmodel.h"
#include "core/models/itemtablemodel.h"

#include <QAccessible>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace Tessera::Core;
using namespace Tessera::Test;
using Tessera::App::CalendarGrid;
using Tessera::App::CalendarLayout;
using Tessera::App::CalendarView;
using Tessera::App::UndatedList;

class TstCalendarView : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        explicit Fixture(int extraOn24th = 0)
        {
            QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); // weeks start on Monday
            BoardState state = demoBoard(QDate(2026, 11, 24));
            for (int i = 0; i < extraOn24th; ++i) {
                Item item;
                item.id = QStringLiteral("x%1").arg(i, 2, 10, QLatin1Char('0'));
                item.rank = QStringLiteral("W%1").arg(i, 2, 10, QLatin1Char('0'));
                item.fields = { { QStringLiteral("title"), QStringLiteral("Extra %1").arg(i) },
                                { QStringLiteral("due"), QStringLiteral("2026-11-24") } };
                state.items.insert(item.id, item);
            }
            store.resetFromSnapshot(state);
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

    // The op's JSON, for comparing.
    static QJsonObject opJson(const QSignalSpy &ops, int at = -1)
    {
        return ops.at(at < 0 ? ops.size() - 1 : at).at(0).value<Op>().toJson();
    }

    // A mouse drag as a person makes it: press, a few moves, release; every event goes to
    // the widget pressed on (the implicit grab), positions given where the pointer is.
    static void drag(QWidget *from, const QPoint &start, QWidget *to, const QPoint &end)
    {
        const QPoint target = from->mapFromGlobal(to->mapToGlobal(end));
        QTest::mousePress(from, Qt::LeftButton, {}, start);
        QTest::mouseMove(from, start + QPoint(8, 8));
        QTest::mouseMove(from, (start + target) / 2);
        QTest::mouseMove(from, target);
        QTest::mouseRelease(from, Qt::LeftButton, {}, target);
    }

    static QStringList chipNames(CalendarGrid *grid)
    {
        QStringList names;
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(grid);
        for (int i = 0; i < iface->childCount(); ++i)
            names.append(iface->child(i)->text(QAccessible::Name));
        return names;
    }

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

    void weekViewByButtonsAndKeys()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QTest::mouseClick(f.view.weekButton(), Qt::LeftButton);
        QCOMPARE(f.view.mode(), CalendarLayout::Mode::Week);
        QCOMPARE(f.view.title(), QStringLiteral("23 Nov – 29 Nov 2026"));
        // Days as columns, each day's items under it: 26 Nov holds i06 and i12, one above the other.
        const QRect first = f.view.grid()->chipRectOf(QStringLiteral("i06"));
        const QRect second = f.view.grid()->chipRectOf(QStringLiteral("i12"));
        QVERIFY(!first.isNull() && !second.isNull());
        QCOMPARE(first.left(), second.left());
        QVERIFY(second.top() > first.bottom());
        QVERIFY(first.height() >= 2 * f.view.grid()->fontMetrics().height()); // two lines: title, status and person
        QVERIFY(f.view.grid()->chipRectOf(QStringLiteral("i02")).isNull()); // 6 Nov is another week

        auto *next = f.view.findChild<QToolButton *>(QStringLiteral("calendarNext"));
        auto *previous = f.view.findChild<QToolButton *>(QStringLiteral("calendarPrevious"));
        auto *today = f.view.findChild<QToolButton *>(QStringLiteral("calendarToday"));
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(f.view.title(), QStringLiteral("30 Nov – 6 Dec 2026"));
        QTest::mouseClick(previous, Qt::LeftButton);
        QTest::mouseClick(previous, Qt::LeftButton);
        QCOMPARE(f.view.title(), QStringLiteral("16 Nov – 22 Nov 2026"));
        QTest::mouseClick(today, Qt::LeftButton);
        QCOMPARE(f.view.title(), QStringLiteral("23 Nov – 29 Nov 2026"));

        // The keyboard: Page Down/Up a week, Home today, Alt+M / Alt+W switch.
        f.view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&f.view));
        QTest::mouseClick(f.view.grid(), Qt::LeftButton, {}, f.view.grid()->layoutMath().cellRect(QDate(2026, 11, 24)).bottomLeft() + QPoint(10, -10));
        QVERIFY(f.view.grid()->hasFocus());
        QTest::keyClick(f.view.grid(), Qt::Key_PageDown);
        QCOMPARE(f.view.title(), QStringLiteral("30 Nov – 6 Dec 2026"));
        QTest::keyClick(f.view.grid(), Qt::Key_Home);
        QCOMPARE(f.view.title(), QStringLiteral("23 Nov – 29 Nov 2026"));
        QTest::keyClick(f.view.grid(), Qt::Key_M, Qt::AltModifier);
        QTRY_COMPARE(f.view.mode(), CalendarLayout::Mode::Month); // a mnemonic clicks after a moment
        QCOMPARE(f.view.title(), QStringLiteral("November 2026"));
        QTest::keyClick(f.view.grid(), Qt::Key_PageDown);
        QCOMPARE(f.view.title(), QStringLiteral("December 2026"));
        QTest::keyClick(f.view.grid(), Qt::Key_W, Qt::AltModifier);
        QTRY_COMPARE(f.view.mode(), CalendarLayout::Mode::Week);
        QCOMPARE(f.view.title(), QStringLiteral("21 Dec – 27 Dec 2026"));
    }

    void fullWeekDaysScrollWithTheHeaderOnTop()
    {
        Fixture f(30); // 30 more items on 24 Nov
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QTest::mouseClick(f.view.weekButton(), Qt::LeftButton);
        CalendarGrid *grid = f.view.grid();
        QScrollArea *scroll = f.view.scrollArea();
        QTRY_VERIFY(grid->height() > scroll->viewport()->height()); // taller than the view: it scrolls
        const QRect last = grid->chipRectOf(QStringLiteral("x29"));
        QVERIFY(!last.isNull()); // every chip is there, none hidden in "+N more"
        QVERIFY(grid->rect().contains(last));
        // Down through the day's chips: the selection stays in sight.
        QTest::mouseClick(grid, Qt::LeftButton, {}, grid->chipRectOf(QStringLiteral("x00")).center());
        QCOMPARE(grid->selectedItem(), QStringLiteral("x00"));
        for (int i = 0; i < 29; ++i)
            QTest::keyClick(grid, Qt::Key_Down);
        QCOMPARE(grid->selectedItem(), QStringLiteral("x29"));
        QVERIFY(scroll->verticalScrollBar()->value() > 0);
        const QRect shown(QPoint(0, scroll->verticalScrollBar()->value()), scroll->viewport()->size());
        QVERIFY(shown.contains(grid->chipRectOf(QStringLiteral("x29"))));
        // The weekday header is painted at the top of what is shown; no day is under it.
        QVERIFY(!grid->dayAt(shown.topLeft() + QPoint(20, 4)).isValid());
        QVERIFY(grid->dayAt(shown.topLeft() + QPoint(20, grid->layoutMath().headerHeight() + 4)).isValid());
    }

    void dragFromNoDateOntoADayDatesTheItem()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        UndatedList *list = f.view.undatedList();
        QVERIFY(list->isVisible());
        QCOMPARE(list->itemIds(), QStringList({ QStringLiteral("i05"), QStringLiteral("i10") }));
        QSignalSpy ops(&f.view, &CalendarView::opRequested);
        const QPoint start = list->rectOf(QStringLiteral("i05")).center();
        const QPoint day = f.view.grid()->layoutMath().cellRect(QDate(2026, 11, 25)).center();
        // Halfway the day under the pointer is tinted; Esc would cancel.
        QTest::mousePress(list->viewport(), Qt::LeftButton, {}, start);
        QTest::mouseMove(list->viewport(), start + QPoint(-10, 4));
        const QPoint over = list->viewport()->mapFromGlobal(f.view.grid()->mapToGlobal(day));
        QTest::mouseMove(list->viewport(), over);
        QCOMPARE(f.view.grid()->dropDay(), QDate(2026, 11, 25));
        QTest::mouseRelease(list->viewport(), Qt::LeftButton, {}, over);
        QCOMPARE(f.view.grid()->dropDay(), QDate());
        QCOMPARE(ops.count(), 1);
        const QJsonObject op = opJson(ops);
        QCOMPARE(op.value(QStringLiteral("kind")).toString(), QStringLiteral("item.update"));
        QCOMPARE(op.value(QStringLiteral("itemId")).toString(), QStringLiteral("i05"));
        QCOMPARE(op.value(QStringLiteral("fields")).toObject(), QJsonObject({ { QStringLiteral("due"), QStringLiteral("2026-11-25") } }));

        // Esc cancels a drag; a release outside any day does nothing.
        QTest::mousePress(list->viewport(), Qt::LeftButton, {}, list->rectOf(QStringLiteral("i10")).center());
        QTest::mouseMove(list->viewport(), list->rectOf(QStringLiteral("i10")).center() + QPoint(-12, 0));
        QTest::mouseMove(list->viewport(), over);
        QTest::keyClick(list, Qt::Key_Escape);
        QTest::mouseRelease(list->viewport(), Qt::LeftButton, {}, over);
        QCOMPARE(ops.count(), 1);
    }

    void dragAWeekChipToAnotherDayOrToNoDate()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QTest::mouseClick(f.view.weekButton(), Qt::LeftButton);
        CalendarGrid *grid = f.view.grid();
        QSignalSpy ops(&f.view, &CalendarView::opRequested);
        const QRect chip = grid->chipRectOf(QStringLiteral("i06")); // 26 Nov
        drag(grid, chip.center(), grid, grid->layoutMath().cellRect(QDate(2026, 11, 28)).center());
        QCOMPARE(ops.count(), 1);
        QCOMPARE(opJson(ops).value(QStringLiteral("fields")).toObject(),
                 QJsonObject({ { QStringLiteral("due"), QStringLiteral("2026-11-28") } }));
        // Onto "No date": the date goes.
        UndatedList *list = f.view.undatedList();
        drag(grid, grid->chipRectOf(QStringLiteral("i12")).center(), list->viewport(), QPoint(40, 10));
        QCOMPARE(ops.count(), 2);
        QCOMPARE(opJson(ops).value(QStringLiteral("itemId")).toString(), QStringLiteral("i12"));
        QCOMPARE(opJson(ops).value(QStringLiteral("fields")).toObject(), QJsonObject({ { QStringLiteral("due"), QJsonValue::Null } }));
        QVERIFY(!list->isDropHighlighted());
    }

    void doubleClickADayTypesANewItem()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        f.view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&f.view));
        CalendarGrid *grid = f.view.grid();
        QSignalSpy ops(&f.view, &CalendarView::opRequested);
        const QRect cell = grid->layoutMath().cellRect(QDate(2026, 11, 19));
        const QPoint free = cell.bottomLeft() + QPoint(12, -6);
        QVERIFY(grid->chipAt(free).isEmpty());
        doubleClick(grid, free);
        QLineEdit *editor = f.view.newItemEditor();
        QTRY_VERIFY(editor->isVisible());
        QVERIFY(editor->hasFocus());
        QVERIFY(cell.contains(editor->geometry()));
        QTest::keyClicks(editor, QStringLiteral("Print the posters"));
        QTest::keyClick(editor, Qt::Key_Return);
        QVERIFY(!editor->isVisible());
        QCOMPARE(ops.count(), 1);
        const QJsonObject op = opJson(ops);
        QCOMPARE(op.value(QStringLiteral("kind")).toString(), QStringLiteral("item.create"));
        QCOMPARE(op.value(QStringLiteral("fields")).toObject(),
                 QJsonObject({ { QStringLiteral("title"), QStringLiteral("Print the posters") },
                               { QStringLiteral("due"), QStringLiteral("2026-11-19") } }));

        // Enter on a day opens the same field; Esc leaves without an item.
        QVERIFY(grid->hasFocus());
        QTest::keyClick(grid, Qt::Key_Right);
        QCOMPARE(grid->currentDay(), QDate(2026, 11, 20));
        QTest::keyClick(grid, Qt::Key_Return);
        QTRY_VERIFY(editor->isVisible());
        QTest::keyClicks(editor, QStringLiteral("Never mind"));
        QTest::keyClick(editor, Qt::Key_Escape);
        QVERIFY(!editor->isVisible());
        QCOMPARE(ops.count(), 1);
    }

    void keyboardChoosesOpensAndMovesItems()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        CalendarGrid *grid = f.view.grid();
        QSignalSpy ops(&f.view, &CalendarView::opRequested);
        QSignalSpy opened(&f.view, &CalendarView::openItemRequested);
        QTest::mouseClick(grid, Qt::LeftButton, {}, grid->layoutMath().cellRect(QDate(2026, 11, 5)).bottomLeft() + QPoint(10, -5));
        QCOMPARE(grid->currentDay(), QDate(2026, 11, 5));
        QTest::keyClick(grid, Qt::Key_Right); // 6 Nov: i02 first
        QCOMPARE(grid->selectedItem(), QStringLiteral("i02"));
        QTest::keyClick(grid, Qt::Key_Down);
        QCOMPARE(grid->selectedItem(), QStringLiteral("i08"));
        QTest::keyClick(grid, Qt::Key_Return);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.last().at(0).toString(), QStringLiteral("i08"));
        QTest::keyClick(grid, Qt::Key_Right, Qt::ControlModifier); // a day later
        QCOMPARE(ops.count(), 1);
        QCOMPARE(opJson(ops).value(QStringLiteral("itemId")).toString(), QStringLiteral("i08"));
        QCOMPARE(opJson(ops).value(QStringLiteral("fields")).toObject(), QJsonObject({ { QStringLiteral("due"), QStringLiteral("2026-11-07") } }));
        QTest::keyClick(grid, Qt::Key_Down, Qt::ControlModifier); // a week later (from what the store still says)
        QCOMPARE(opJson(ops).value(QStringLiteral("fields")).toObject(), QJsonObject({ { QStringLiteral("due"), QStringLiteral("2026-11-13") } }));
    }

    void overdueButNeverWhenDone()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        CalendarGrid *grid = f.view.grid();
        // 1 Nov, to do: overdue. 6 Nov, done: not overdue. 26 Nov, to do: not yet.
        QVERIFY(grid->isOverdue(QStringLiteral("i01")));
        QVERIFY(!grid->isOverdue(QStringLiteral("i02")));
        QVERIFY(grid->isDone(QStringLiteral("i02")));
        QVERIFY(!grid->isOverdue(QStringLiteral("i06")));
        const QStringList names = chipNames(grid);
        QVERIFY2(names.contains(QStringLiteral("Write launch announcement, Sunday, 1 November 2026, overdue")), qPrintable(names.join(QLatin1Char('|'))));
        QVERIFY2(names.contains(QStringLiteral("Migrate blog to new CMS, Friday, 6 November 2026, done")), qPrintable(names.join(QLatin1Char('|'))));
        // What a person sees: the overdue chip has a red edge, the done one does not.
        const auto reddish = [grid](const QString &id) {
            const QImage image = grid->grab(grid->chipRectOf(id)).toImage();
            for (int y : { 0, 1 }) {
                const QColor edge = image.pixelColor(image.width() / 2, y);
                if (edge.red() > edge.green() + 60 && edge.red() > edge.blue() + 60)
                    return true;
            }
            return false;
        };
        QVERIFY(reddish(QStringLiteral("i01")));
        QVERIFY(!reddish(QStringLiteral("i02")));
    }
};

QTEST_MAIN(TstCalendarView)
#include "tst_calendarview.moc"
