#pragma once

// Real input for the app tests: what a person does with the mouse and keyboard, expressed
// with QTest::mousePress/mouseMove/mouseRelease/mouseClick and keyClick(s) on the widgets
// they would touch. No slots are called and no events are made up here.

#include "app/kanbanlane.h"
#include "app/kanbanview.h"
#include "app/lanelistview.h"
#include "core/kanbanlaneproxy.h"

#include <QApplication>
#include <QTest>

namespace Tessera::Test {

// Types `text` the way a keyboard does: each key goes to whichever widget has the focus
// at that moment (the first key of a table cell opens its editor, the rest go there).
inline void typeText(const QString &text)
{
    for (const QChar c : text) {
        QWidget *target = QApplication::focusWidget();
        if (!target) {
            QTest::qFail("no widget has the keyboard focus", __FILE__, __LINE__);
            return;
        }
        QTest::keyClick(target, c.toLatin1());
    }
}

// A double click as the window system delivers it: press, release, a second press that is
// a double click, release.
inline void doubleClick(QWidget *widget, const QPoint &pos)
{
    QTest::mousePress(widget, Qt::LeftButton, {}, pos);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, pos);
    QTest::mouseDClick(widget, Qt::LeftButton, {}, pos);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, pos);
}

// One key (with modifiers) to the focused widget.
inline void pressKey(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    if (QWidget *target = QApplication::focusWidget())
        QTest::keyClick(target, key, modifiers);
    else
        QTest::qFail("no widget has the keyboard focus", __FILE__, __LINE__);
}

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
