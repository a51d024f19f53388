#include "support/boardfixture.h"
#include "support/uidriver.h"

#include "app/kanban/kanbanlane.h"
#include "app/kanban/kanbanview.h"
#include "app/kanban/lanelistview.h"

#include "core/models/itemtablemodel.h"
#include "core/models/kanbanlanemodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tessera::Core;
using namespace Tessera::Test;
using Tessera::App::KanbanLane;
using Tessera::App::KanbanView;
using Tessera::App::LaneListView;

class TstKanbanView : public QObject
{
    Q_OBJECT

private:
    static QString rankOf(const BoardStore &store, const QString &id) { return store.item(id)->rank; }

private Q_SLOTS:
    void lanesFollowStatusOptions()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        ItemTableModel model(&store);
        KanbanView view(&model);
        QCOMPARE(view.statusColumn(), QStringLiteral("status"));
        QCOMPARE(view.lanes().size(), 5); // No status + four options
        int cards = 0;
        for (KanbanLane *lane : view.lanes())
            cards += lane->laneModel()->rowCount();
        QCOMPARE(cards, 14);
        QVERIFY(view.lane(QString())->isCollapsed()); // empty "No status" lane starts collapsed
        view.lane(QStringLiteral("todo"))->setCollapsed(true);
        QVERIFY(!view.lane(QStringLiteral("todo"))->listView()->isVisibleTo(view.lane(QStringLiteral("todo"))));
    }

    void dragToAnotherLaneMovesWithStatusAndRankBetweenNeighbours()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        ItemTableModel model(&store);
        KanbanView view(&model);
        view.resize(1400, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy ops(&view, &KanbanView::opRequested);

        KanbanLane *todo = view.lane(QStringLiteral("todo"));
        KanbanLane *done = view.lane(QStringLiteral("done"));
        const QString card = todo->laneModel()->itemIdAt(0);
        const QStringList doneIds = done->laneModel()->itemIds();
        QVERIFY(doneIds.size() >= 2);
        const qint64 statusVersion = store.item(card)->versions.value(QStringLiteral("status"));

        QVERIFY(dragCardOnto(view, card, done, 1));
        QCOMPARE(ops.count(), 1);
        const QJsonObject op = ops.last().at(0).value<Op>().toJson();
        QCOMPARE(op.value(QStringLiteral("kind")).toString(), QStringLiteral("item.move"));
        QCOMPARE(op.value(QStringLiteral("itemId")).toString(), card);
        QCOMPARE(op.value(QStringLiteral("fields")).toObject(), QJsonObject({ { QStringLiteral("status"), QStringLiteral("done") } }));
        QCOMPARE(op.value(QStringLiteral("base")).toObject(), QJsonObject({ { QStringLiteral("status"), statusVersion } }));
        const QString rank = op.value(QStringLiteral("rank")).toString();
        QVERIFY2(rank > rankOf(store, doneIds.at(0)), qPrintable(rank));
        QVERIFY2(rank < rankOf(store, doneIds.at(1)), qPrintable(rank));
    }

    // "group" control: lanes by a person column; a drop assigns the card to that person.
    void groupByPersonMakesALanePerMemberAndADropAssigns()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        ItemTableModel model(&store);
        KanbanView view(&model);
        view.resize(1400, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setStatusColumn(QStringLiteral("owner"));
        QCOMPARE(view.statusColumn(), QStringLiteral("owner"));
        QCOMPARE(view.lanes().size(), 5); // Unassigned + four members
        int cards = 0;
        for (KanbanLane *lane : view.lanes())
            cards += lane->laneModel()->rowCount();
        QCOMPARE(cards, 14); // every card in exactly one lane
        KanbanLane *ben = view.lane(QStringLiteral("u2"));
        KanbanLane *dev = view.lane(QStringLiteral("u4"));
        QVERIFY(ben && dev);
        for (const QString &id : ben->laneModel()->itemIds())
            QCOMPARE(store.item(id)->fields.value(QStringLiteral("owner")).toString(), QStringLiteral("u2"));
        QSignalSpy ops(&view, &KanbanView::opRequested);
        const QString card = ben->laneModel()->itemIdAt(0);
        QVERIFY(dragCardOnto(view, card, dev, 0));
        QCOMPARE(ops.count(), 1);
        const QJsonObject op = ops.last().at(0).value<Op>().toJson();
        QCOMPARE(op.value(QStringLiteral("kind")).toString(), QStringLiteral("item.move"));
        QCOMPARE(op.value(QStringLiteral("fields")).toObject(), QJsonObject({ { QStringLiteral("owner"), QStringLiteral("u4") } }));
        // A text column cannot make lanes: the view falls back to the first status column.
        view.setStatusColumn(QStringLiteral("title"));
        QCOMPARE(view.statusColumn(), QStringLiteral("status"));
    }

    void dragWithinLaneReordersWithoutStatus()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        ItemTableModel model(&store);
        KanbanView view(&model);
        view.resize(1400, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy ops(&view, &KanbanView::opRequested);
        KanbanLane *lane = view.lanes().first();
        for (KanbanLane *l : view.lanes()) {
            if (l->laneModel()->rowCount() > lane->laneModel()->rowCount())
                lane = l;
        }
        const QStringList ids = lane->laneModel()->itemIds();
        QVERIFY(ids.size() >= 3);

        QVERIFY(dragCardOnto(view, ids.first(), lane, 1)); // dropped where it already is: nothing to do
        QCOMPARE(ops.count(), 0);

        QVERIFY(dragCardOnto(view, ids.first(), lane, int(ids.size()))); // to the end
        QCOMPARE(ops.count(), 1);
        const QJsonObject op = ops.last().at(0).value<Op>().toJson();
        QCOMPARE(op.value(QStringLiteral("kind")).toString(), QStringLiteral("item.move"));
        QVERIFY(!op.contains(QStringLiteral("fields")));
        QVERIFY(op.value(QStringLiteral("rank")).toString() > rankOf(store, ids.last()));
    }

    void escapeCancelsADragAndAClickDoesNotMove()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        ItemTableModel model(&store);
        KanbanView view(&model);
        view.resize(1400, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy ops(&view, &KanbanView::opRequested);
        LaneListView *todo = view.lane(QStringLiteral("todo"))->listView();
        LaneListView *done = view.lane(QStringLiteral("done"))->listView();
        const QPoint start = todo->visualRect(todo->model()->index(0, 0)).center();
        QTest::mouseClick(todo->viewport(), Qt::LeftButton, {}, start);
        QCOMPARE(ops.count(), 0);

        const QPoint target = todo->viewport()->mapFromGlobal(done->viewport()->mapToGlobal(QPoint(20, 4)));
        QTest::mousePress(todo->viewport(), Qt::LeftButton, {}, start);
        QTest::mouseMove(todo->viewport(), start + QPoint(15, 15));
        QTest::mouseMove(todo->viewport(), target);
        QVERIFY(view.findChild<QWidget *>(QStringLiteral("draggedCard"))->isVisible());
        QCOMPARE(done->dropRow(), 0);
        QTest::keyClick(todo, Qt::Key_Escape);
        QVERIFY(!view.findChild<QWidget *>(QStringLiteral("draggedCard"))->isVisible());
        QCOMPARE(done->dropRow(), -1);
        QTest::mouseRelease(todo->viewport(), Qt::LeftButton, {}, target);
        QCOMPARE(ops.count(), 0);
    }

    void newCardButtonCreatesInLane()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        ItemTableModel model(&store);
        KanbanView view(&model);
        QSignalSpy ops(&view, &KanbanView::opRequested);
        QSignalSpy opened(&view, &KanbanView::openItemRequested);
        Q_EMIT view.lane(QStringLiteral("review"))->newCardRequested(QStringLiteral("review"));
        QCOMPARE(ops.count(), 1);
        const QJsonObject op = ops.last().at(0).value<Op>().toJson();
        QCOMPARE(op.value(QStringLiteral("kind")).toString(), QStringLiteral("item.create"));
        QCOMPARE(op.value(QStringLiteral("fields")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("review"));
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.last().at(0).toString(), op.value(QStringLiteral("itemId")).toString());
    }

    void remoteMoveHighlights()
    {
        BoardStore store;
        store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
        ItemTableModel model(&store);
        KanbanView view(&model);
        const ApplyResult r = store.applyBatch(
                { makeEvent(EventKind::ItemMoved,
                            { { QStringLiteral("itemId"), QStringLiteral("i02") }, { QStringLiteral("rank"), QStringLiteral("A") },
                              { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("done") } } },
                              { QStringLiteral("versions"), QJsonObject { { QStringLiteral("status"), 101 } } } },
                            QStringLiteral("u2"), QString(), 101) });
        QVERIFY2(r.ok, qPrintable(r.message));
        QVERIFY(view.isHighlighted(QStringLiteral("i02")));
        QCOMPARE(view.lane(QStringLiteral("done"))->laneModel()->itemIdAt(0), QStringLiteral("i02"));
        QTRY_VERIFY_WITH_TIMEOUT(!view.isHighlighted(QStringLiteral("i02")), 4000);
    }
};

QTEST_MAIN(TstKanbanView)
#include "tst_kanbanview.moc"
