#include "support/boardfixture.h"
#include "support/uidriver.h"

#include "app/board/boardwidget.h"
#include "app/calendar/calendargrid.h"
#include "app/calendar/calendarview.h"
#include "app/item/itempanel.h"
#include "app/kanban/kanbanlane.h"
#include "app/kanban/kanbanview.h"
#include "app/kanban/lanelistview.h"
#include "app/table/tableview.h"

#include "core/models/calendarmodel.h"
#include "core/rules/commandlogic.h"
#include "core/models/itemtablemodel.h"
#include "core/models/kanbanlanemodel.h"

#include <QApplication>
#include <QComboBox>
#include <QToolButton>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace Tessera::Core;
using namespace Tessera::Test;
using Tessera::App::BoardWidget;
using Tessera::App::KanbanLane;

class TstBoardWidget : public QObject
{
    Q_OBJECT

private:
    static QJsonObject opAt(const QSignalSpy &spy, int i) { return spy.at(i).at(0).value<Op>().toJson(); }

    // The lane showing `itemId` and its card's rect there (null lane: no card shows it).
    static std::pair<KanbanLane *, QRect> cardOf(BoardWidget &board, const QString &itemId)
    {
        for (KanbanLane *lane : board.kanbanView()->lanes()) {
            const int row = int(lane->laneModel()->itemIds().indexOf(itemId));
            if (row >= 0)
                return { lane, lane->listView()->visualRect(lane->laneModel()->index(row, 0)) };
        }
        return { nullptr, QRect() };
    }
    static QStringList allCards(BoardWidget &board)
    {
        QStringList ids;
        for (KanbanLane *lane : board.kanbanView()->lanes())
            ids += lane->laneModel()->itemIds();
        return ids;
    }
    static QStringList allChips(BoardWidget &board) { return board.calendarModel()->itemsByDay().values(); }

private Q_SLOTS:
    void shortcutsSwitchViewsAndCreate()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        BoardWidget board(&store);
        board.setCurrentUser(QStringLiteral("u1"));
        board.resize(1100, 700);
        board.show();
        board.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&board));
        board.tableView()->setFocus();
        QSignalSpy ops(&board, &BoardWidget::opRequested);

        QTest::keyClick(board.tableView(), Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(board.view(), BoardWidget::View::Kanban);
        QTest::keyClick(&board, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(board.view(), BoardWidget::View::Calendar);
        QTest::keyClick(&board, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(board.view(), BoardWidget::View::Table);

        QTest::keyClick(&board, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(board.filterEdit()->hasFocus());
        QTest::keyClicks(board.filterEdit(), QStringLiteral("audit"));
        QCOMPARE(board.tableView()->model()->rowCount(), 1);
        QTest::keyClick(board.filterEdit(), Qt::Key_Escape);
        QCOMPARE(board.tableView()->model()->rowCount(), 14);

        // New item: the engine would show it at once as pending; here the test does that.
        connect(&board, &BoardWidget::opRequested, &store, [&store](const Op &op) {
            const Command command { QStringLiteral("m-new"), QStringLiteral("b1"), op, {} };
            store.setPending(command.mutationId, makeEvent(command, store.confirmed(), QStringLiteral("u1"), 0, nowIso()));
        });
        QTest::keyClick(&board, Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(ops.count(), 1);
        QCOMPARE(opAt(ops, 0).value(QStringLiteral("kind")).toString(), QStringLiteral("item.create"));
        const QString newId = opAt(ops, 0).value(QStringLiteral("itemId")).toString();
        // Selected, its title open for typing: what the person types is its title.
        QCOMPARE(board.tableView()->currentItemId(), newId);
        QCOMPARE(board.tableView()->editingItemId(), newId);
        auto *title = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(title);
        QCOMPARE(title->selectedText(), QStringLiteral("New item"));
        QTest::keyClicks(title, QStringLiteral("Plan the party"));
        QTest::keyClick(title, Qt::Key_Return);
        QTRY_COMPARE(ops.count(), 2);
        QCOMPARE(opAt(ops, 1).value(QStringLiteral("kind")).toString(), QStringLiteral("item.update"));
        QCOMPARE(opAt(ops, 1).value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(),
                 QStringLiteral("Plan the party"));

        // In the kanban the new card is in an expanded lane, selected, and the panel has its title.
        QToolButton *kanbanButton = nullptr;
        for (QToolButton *button : board.findChildren<QToolButton *>()) {
            if (button->text() == QLatin1String("Kanban"))
                kanbanButton = button;
        }
        QVERIFY(kanbanButton);
        QTest::mouseClick(kanbanButton, Qt::LeftButton);
        QCOMPARE(board.view(), BoardWidget::View::Kanban);
        board.kanbanView()->lane(QString())->setCollapsed(true); // "No status": where a new card goes
        QTest::keyClick(&board, Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(ops.count(), 3);
        const QString cardId = opAt(ops, 2).value(QStringLiteral("itemId")).toString();
        QVERIFY(!board.kanbanView()->lane(QString())->isCollapsed());
        QCOMPARE(board.kanbanView()->lane(QString())->listView()->currentIndex().data(ItemTableModel::ItemIdRole).toString(), cardId);
        QVERIFY(board.itemPanel()->isVisible());
        QCOMPARE(board.itemPanel()->itemId(), cardId);
        QVERIFY(qobject_cast<QLineEdit *>(QApplication::focusWidget()));
        QCOMPARE(qobject_cast<QLineEdit *>(QApplication::focusWidget())->selectedText(), QStringLiteral("New item"));
    }

    void unreadItemsShowADotInEveryView()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        BoardWidget board(&store);
        board.setCurrentUser(QStringLiteral("u1"));
        board.calendarView()->setToday(QDate(2026, 11, 24));
        board.calendarView()->setDate(QDate(2026, 11, 24));
        board.resize(1300, 800);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        const QString id = QStringLiteral("i03");

        // What each view paints for the item before the dot, to see the dot change it.
        Tessera::App::TableView *table = board.tableView();
        const QRect cell = table->visualRect(table->model()->index(2, 0));
        QCOMPARE(table->model()->index(2, 0).data(ItemTableModel::ItemIdRole).toString(), id);
        const QImage cellBefore = table->viewport()->grab(cell).toImage();
        board.setView(BoardWidget::View::Kanban);
        const auto [lane, card] = cardOf(board, id);
        QVERIFY(lane);
        QVERIFY(!card.isEmpty());
        const QImage cardBefore = lane->listView()->viewport()->grab(card).toImage();
        board.setView(BoardWidget::View::Calendar);
        const QRect chip = board.calendarView()->grid()->chipRectOf(id);
        QVERIFY(!chip.isNull());
        const QImage chipBefore = board.calendarView()->grid()->grab(chip).toImage();

        board.setUnreadItems({ id });
        QCOMPARE(board.unreadItems(), QSet<QString>({ id }));
        QVERIFY(table->hasUnreadDot(id));
        QVERIFY(!table->hasUnreadDot(QStringLiteral("i01")));
        QVERIFY(board.kanbanView()->hasUnreadDot(id));
        QVERIFY(!board.kanbanView()->hasUnreadDot(QStringLiteral("i01")));
        QVERIFY(board.calendarView()->hasUnreadDot(id));
        QVERIFY(!board.calendarView()->hasUnreadDot(QStringLiteral("i01")));

        // ... and the dot is painted there (the grabs differ), without crashing any view.
        QVERIFY(board.calendarView()->grid()->grab(chip).toImage() != chipBefore);
        board.setView(BoardWidget::View::Kanban);
        QVERIFY(lane->listView()->viewport()->grab(card).toImage() != cardBefore);
        board.setView(BoardWidget::View::Table);
        QVERIFY(table->viewport()->grab(cell).toImage() != cellBefore);
        QVERIFY(!board.grab().isNull());

        board.setUnreadItems({});
        QVERIFY(!table->hasUnreadDot(id));
        QVERIFY(!board.kanbanView()->hasUnreadDot(id));
        QVERIFY(!board.calendarView()->hasUnreadDot(id));
        QCOMPARE(table->viewport()->grab(cell).toImage(), cellBefore);
    }

    void filterFieldFiltersLanesAndCalendar()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        BoardWidget board(&store);
        board.calendarView()->setDate(QDate(2026, 11, 24));
        board.resize(1100, 700);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        const QStringList cards = allCards(board);
        const QStringList chips = allChips(board);
        QCOMPARE(cards.size(), 14);
        QVERIFY(chips.size() > 1);
        QVERIFY(chips.contains(QStringLiteral("i04")));

        // "Accessibility audit" is i04.
        board.setView(BoardWidget::View::Kanban);
        QTest::keyClicks(board.filterEdit(), QStringLiteral("audit"));
        QCOMPARE(allCards(board), QStringList({ QStringLiteral("i04") }));
        QCOMPARE(allChips(board), chips); // the hidden calendar takes the filter when shown (#14)
        board.setView(BoardWidget::View::Calendar); // and lays its chips out then
        QCOMPARE(allChips(board), QStringList({ QStringLiteral("i04") }));
        QVERIFY(board.calendarView()->grid()->chipRectOf(QStringLiteral("i01")).isNull());
        QVERIFY(!board.calendarView()->grid()->chipRectOf(QStringLiteral("i04")).isNull());
        board.setView(BoardWidget::View::Kanban);
        QCOMPARE(board.tableView()->model()->rowCount(), 1);

        // A person's name matches too (owner u2 "Ben Okafor": i02, i06, i10, i14).
        board.filterEdit()->setText(QStringLiteral("okafor"));
        QStringList bens = allCards(board);
        bens.sort();
        QCOMPARE(bens, QStringList({ QStringLiteral("i02"), QStringLiteral("i06"), QStringLiteral("i10"),
                                     QStringLiteral("i14") }));

        // A new lane set (status column change / reset) keeps the filter.
        board.kanbanView()->setStatusColumn(QStringLiteral("status"));
        QCOMPARE(allCards(board).size(), 4);

        board.filterEdit()->setFocus();
        QTest::keyClick(board.filterEdit(), Qt::Key_Escape);
        QCOMPARE(allCards(board).size(), cards.size());
        board.setView(BoardWidget::View::Calendar);
        QCOMPARE(allChips(board), chips);
    }

    void remoteMoveHighlightsTheVisibleCard()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        BoardWidget board(&store);
        board.resize(1100, 700);
        board.setView(BoardWidget::View::Kanban);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        const QString id = QStringLiteral("i11");
        const auto [laneBefore, cardBefore] = cardOf(board, id);
        QVERIFY(laneBefore);
        QVERIFY(laneBefore->laneModel()->itemIds().indexOf(id) > 0);
        const QImage before = laneBefore->listView()->viewport()->grab().toImage();

        // Another person moves it to the top of its lane (rank only: it lands in `moved`).
        const ApplyResult r = store.applyBatch(
                { makeEvent(EventKind::ItemMoved,
                            { { QStringLiteral("itemId"), id }, { QStringLiteral("rank"), QStringLiteral("A") } },
                            QStringLiteral("u2"), QString(), 101) });
        QVERIFY2(r.ok, qPrintable(r.message));
        QVERIFY(board.kanbanView()->isHighlighted(id));
        QVERIFY(!board.kanbanView()->isHighlighted(QStringLiteral("i01")));
        QCOMPARE(laneBefore->laneModel()->itemIdAt(0), id);
        QVERIFY(laneBefore->listView()->viewport()->grab().toImage() != before);
        QTRY_VERIFY_WITH_TIMEOUT(!board.kanbanView()->isHighlighted(id), 4000);

        // My own move (pending, then confirmed with my mutation id) does not flash.
        const QJsonObject mine { { QStringLiteral("itemId"), QStringLiteral("i01") }, { QStringLiteral("rank"), QStringLiteral("Vz") } };
        store.setPending(QStringLiteral("m1"), makeEvent(EventKind::ItemMoved, mine, QStringLiteral("u1"), QStringLiteral("m1")));
        QVERIFY(!board.kanbanView()->isHighlighted(QStringLiteral("i01")));
        QVERIFY(store.applyBatch({ makeEvent(EventKind::ItemMoved, mine, QStringLiteral("u1"), QStringLiteral("m1"), 102) }).ok);
        QVERIFY(!board.kanbanView()->isHighlighted(QStringLiteral("i01")));
    }

    void groupByComboGroupsTheTableAndRegroupsLanes()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        BoardWidget board(&store);
        board.resize(1100, 700);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        QComboBox *group = board.groupByCombo();
        // The table may stay ungrouped: "No grouping" first, then the status and person columns.
        QVERIFY(group->isVisible());
        QCOMPARE(group->count(), 3);
        QCOMPARE(group->currentData().toString(), QString());
        QTest::mouseClick(group, Qt::LeftButton);
        QVERIFY(clickListEntry(group, QStringLiteral("status")));
        QTRY_COMPARE(board.tableView()->groupColumn(), QStringLiteral("status"));

        // The kanban always has lanes: no "No grouping" there.
        board.setView(BoardWidget::View::Kanban);
        QVERIFY(group->isVisible());
        QCOMPARE(group->count(), 2);
        QCOMPARE(group->currentData().toString(), QStringLiteral("status"));
        QTest::mouseClick(group, Qt::LeftButton);
        QVERIFY(clickListEntry(group, QStringLiteral("owner")));
        QTRY_COMPARE(board.kanbanView()->statusColumn(), QStringLiteral("owner"));
        QVERIFY(board.kanbanView()->lane(QStringLiteral("u3")));
        QCOMPARE(board.tableView()->groupColumn(), QStringLiteral("status")); // each view keeps its own

        board.setView(BoardWidget::View::Calendar);
        QVERIFY(!group->isVisible());
    }

    void undoSendsTheInverseWithFreshBase()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        BoardWidget board(&store);
        QSignalSpy ops(&board, &BoardWidget::opRequested);
        const Op edit { OpKind::ItemUpdate,
                        { { QStringLiteral("itemId"), QStringLiteral("i01") },
                          { QStringLiteral("fields"), QJsonObject { { QStringLiteral("points"), 5.0 } } },
                          { QStringLiteral("base"), QJsonObject { { QStringLiteral("points"), 10 } } } } };
        Q_EMIT board.tableView()->opRequested(edit);
        QCOMPARE(ops.count(), 1);
        QCOMPARE(opAt(ops, 0), edit.toJson());

        // The server confirms it at seq 101; then the person undoes.
        QVERIFY(store.applyBatch({ makeEvent(EventKind::ItemUpdated,
                                             { { QStringLiteral("itemId"), QStringLiteral("i01") },
                                               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("points"), 5.0 } } },
                                               { QStringLiteral("versions"), QJsonObject { { QStringLiteral("points"), 101 } } } },
                                             QStringLiteral("u1"), QString(), 101) }).ok);
        board.undoStack()->undo();
        QCOMPARE(ops.count(), 2);
        const QJsonObject undo = opAt(ops, 1);
        QCOMPARE(undo.value(QStringLiteral("kind")).toString(), QStringLiteral("item.update"));
        QCOMPARE(undo.value(QStringLiteral("fields")).toObject(), QJsonObject({ { QStringLiteral("points"), 1.0 } }));
        QCOMPARE(undo.value(QStringLiteral("base")).toObject(), QJsonObject({ { QStringLiteral("points"), 101 } }));
        board.undoStack()->redo();
        QCOMPARE(ops.count(), 3);
        QCOMPARE(opAt(ops, 2).value(QStringLiteral("fields")).toObject(), QJsonObject({ { QStringLiteral("points"), 5.0 } }));
    }
};

QTEST_MAIN(TstBoardWidget)
#include "tst_boardwidget.moc"
