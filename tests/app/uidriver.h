#pragma once

// Real input for the app tests: what a person does with the mouse and keyboard, expressed
// with QTest::mousePress/mouseMove/mouseRelease/mouseClick and keyClick(s) on the widgets
// they would touch. No slots are called and no events are made up here.

#include "app/kanbanlane.h"
#include "app/kanbanview.h"
#include "app/lanelistview.h"
#include "core/kanbanlaneproxy.h"

#include <QTest>

namespace Tessera::Test {

// Drags card `itemId` with the mouse onto `lane`, at the top edge of card `row` (or below
// its last card). Like a real pointer, every event goes to the viewport the press was on.
// Returns false (with a test failure) when something is not where a person would see it.
inline bool dragCardOnto(App::KanbanView &view, const QString &itemId, App::KanbanLane *lane, int row)
{
    App::KanbanLane *from = nullptr;
    for (App::KanbanLane *l : view.lanes()) {
        if (l->laneModel()->itemIds().contains(itemId))
            from = l;
    }
    if (!from || !lane) {
        QTest::qFail("the card or the lane is not shown", __FILE__, __LINE__);
        return false;
    }
    view.revealLane(lane->optionId()); // as a person would scroll to it
    App::LaneListView *source = from->listView();
    const int fromRow = int(from->laneModel()->itemIds().indexOf(itemId));
    source->scrollTo(source->model()->index(fromRow, 0));
    const QPoint start = source->visualRect(source->model()->index(fromRow, 0)).center();
    App::LaneListView *list = lane->listView();
    QPoint pos;
    if (row < list->model()->rowCount())
        pos = list->visualRect(list->model()->index(row, 0)).topLeft() + QPoint(20, 4);
    else
        pos = QPoint(20, list->viewport()->height() - 4);
    const QPoint target = source->viewport()->mapFromGlobal(list->viewport()->mapToGlobal(pos));
    QTest::mousePress(source->viewport(), Qt::LeftButton, {}, start);
    QTest::mouseMove(source->viewport(), start + QPoint(12, 12));
    QTest::mouseMove(source->viewport(), (start + target) / 2);
    QTest::mouseMove(source->viewport(), target);
    const int expected = std::min(row, list->model()->rowCount());
    if (list->dropRow() != expected) {
        QTest::qFail(qPrintable(QStringLiteral("the drop line shows row %1, not %2").arg(list->dropRow()).arg(expected)),
                     __FILE__, __LINE__);
        QTest::mouseRelease(source->viewport(), Qt::LeftButton, {}, target);
        return false;
    }
    QTest::mouseRelease(source->viewport(), Qt::LeftButton, {}, target);
    return list->dropRow() == -1;
}

} // namespace Tessera::Test
