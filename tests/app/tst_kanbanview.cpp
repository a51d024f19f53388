#include "boardfixture.h"

#include "app/kanbanlane.h"
#include "app/kanbanview.h"
#include "app/lanelistview.h"

#include "core/itemtablemodel.h"
#include "core/kanbanlaneproxy.h"

#include <QMimeData>
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
    // Drops `itemId` on `lane` at the top half of card `row` (or below the last card).
    static void dropOn(KanbanLane *lane, const QString &itemId, int row)
    {
        LaneListView *list = lane->listView();
        QPoint pos;
        if (row < list->model()->rowCount())
            pos = list->visualRect(list->model()->index(row, 0)).topLeft() + QPoint(20, 4);
        else
            pos = QPoint(20, list->viewport()->height() - 4);
        QMimeData mime;
        mime.setData(LaneListView::mimeType(), itemId.toUtf8());
        QDragEnterEvent enter(pos, Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(list->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDragMoveEvent move(pos, Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(list->viewport(), &move);
        QVERIFY(move.isAccepted());
        QDropEvent drop(QPointF(pos), Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(list->viewport(), &drop);
        QVERIFY(drop.isAccepted());
    }

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

        dropOn(done, card, 1);
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
        dropOn(dev, card, 0);
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

        dropOn(lane, ids.first(), 1); // dropped where it already is: nothing to do
        QCOMPARE(ops.count(), 0);

        dropOn(lane, ids.first(), int(ids.size())); // to the end
        QCOMPARE(ops.count(), 1);
        const QJsonObject op = ops.last().at(0).value<Op>().toJson();
        QCOMPARE(op.value(QStringLiteral("kind")).toString(), QStringLiteral("item.move"));
        QVERIFY(!op.contains(QStringLiteral("fields")));
        QVERIFY(op.value(QStringLiteral("rank")).toString() > rankOf(store, ids.last()));
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
