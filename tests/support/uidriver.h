#pragma once

// Real input for the app tests: what a person does with the mouse and keyboard, expressed
// with QTest::mousePress/mouseMove/mouseRelease/mouseClick and keyClick(s) on the widgets
// they would touch. No slots are called and no events are made up here.

#include "app/kanban/kanbanlane.h"
#include "app/kanban/kanbanview.h"
#include "app/kanban/lanelistview.h"
#include "app/table/tableview.h"
#include "core/models/itemtablemodel.h"
#include "core/models/kanbanlanemodel.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractProxyModel>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

namespace Tessera::Test {

// Where the keyboard goes now: an open popup (a completion list, a combo's list, a menu)
// has grabbed it, as on a desktop; otherwise the focused widget.
//
// The offscreen platform activates every window it shows, popups included, and may do so
// after the popup has closed again, leaving no window active (a window manager never
// activates popups). When that happened, the window the person was typing into gets the
// activation back, as it would on a desktop.
inline QWidget *keyboardTarget()
{
    static QPointer<QWidget> lastWindow;
    if (QWidget *popup = QApplication::activePopupWidget())
        return popup->focusWidget() ? popup->focusWidget() : popup;
    if (QWidget *focus = QApplication::focusWidget()) {
        lastWindow = focus->window();
        return focus;
    }
    if (lastWindow && lastWindow->isVisible() && !QApplication::activeWindow()) {
        lastWindow->activateWindow();
        if (QTest::qWaitForWindowActive(lastWindow))
            return QApplication::focusWidget();
    }
    return nullptr;
}

// Types `text` the way a keyboard does: each key goes to whichever widget has the keyboard
// at that moment (the first key of a table cell opens its editor, the rest go there).
inline void typeText(const QString &text)
{
    for (const QChar c : text) {
        QWidget *target = keyboardTarget();
        if (!target) {
            QTest::qFail("no widget has the keyboard focus", __FILE__, __LINE__);
            return;
        }
        QTest::keyClick(target, c.toLatin1());
    }
}

// A double click as the window system delivers it: press, release, a second press that is
// a double click, release. (With QTEST_QPA_MOUSE_HANDLING, QTest::mouseDClick goes through
// the window system and does all four itself.)
inline void doubleClick(QWidget *widget, const QPoint &pos)
{
#ifdef QTEST_QPA_MOUSE_HANDLING
    QTest::mouseDClick(widget, Qt::LeftButton, {}, pos);
#else
    QTest::mousePress(widget, Qt::LeftButton, {}, pos);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, pos);
    QTest::mouseDClick(widget, Qt::LeftButton, {}, pos);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, pos);
#endif
}

// Where a person sees the cell of (item, column) in the table, in viewport coordinates
// (scrolled into view first, as they would scroll). Null when the row is not shown.
inline QPoint cellPoint(App::TableView *table, const QString &itemId, const QString &columnId)
{
    const QModelIndex index = table->indexOf(itemId, columnId);
    if (!index.isValid())
        return {};
    table->scrollTo(index);
    return table->visualRect(index).center();
}

// Clicks the entry of an open combo box list whose data is `value` (a status option or a
// member's id).
inline bool clickListEntry(QComboBox *combo, const QString &value)
{
    if (!QTest::qWaitFor([combo] { return combo->view()->isVisible(); }, 3000))
        return false;
    QAbstractItemView *list = combo->view();
    const int row = combo->findData(value);
    if (row < 0)
        return false;
    const QModelIndex option = list->model()->index(row, 0);
    list->scrollTo(option);
    // A list opened by a mouse press ignores releases for a double-click interval (Qt guards
    // against the opening click picking an entry): click again until it takes, as a person does.
    // A cell's editor combo is deleted once a pick commits it: the list goes with it.
    const QPointer<QAbstractItemView> shown(list);
    const QRect rect = list->visualRect(option);
    return QTest::qWaitFor([shown, rect] {
        if (!shown || !shown->isVisible())
            return true;
        QTest::mouseClick(shown->viewport(), Qt::LeftButton, {}, rect.center());
        return !shown || !shown->isVisible();
    }, 3000);
}

// Right-click menus run their own event loop: this arranges for the entry named `text` to
// be clicked once the menu is up. Call it right before the click that opens the menu; the
// result says which entries the menu had, and is filled when the menu has closed.
// A path ({"Status", "Done"}) goes through submenus: each entry is clicked in turn.
struct MenuChoice
{
    QStringList seen; // the entries of the last menu looked at
    bool clicked = false; // the last entry of the path was clicked
};
inline std::shared_ptr<MenuChoice> chooseFromNextMenu(const QStringList &path)
{
    auto choice = std::make_shared<MenuChoice>();
    auto *timer = new QTimer;
    timer->setInterval(20);
    auto triesLeft = std::make_shared<int>(150);
    auto step = std::make_shared<int>(0);
    auto previous = std::make_shared<QPointer<QMenu>>();
    QObject::connect(timer, &QTimer::timeout, timer, [timer, choice, path, triesLeft, step, previous] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu || menu == previous->data()) { // not up yet, or the submenu not yet open
            if (--*triesLeft <= 0) {
                if (menu)
                    menu->close();
                timer->stop();
                timer->deleteLater();
            }
            return;
        }
        QAction *wanted = nullptr;
        choice->seen.clear();
        for (QAction *action : menu->actions()) {
            choice->seen.append(action->text());
            if (action->text() == path.at(*step) && !wanted)
                wanted = action;
        }
        if (!wanted) {
            timer->stop();
            timer->deleteLater();
            menu->close();
            return;
        }
        const bool last = *step == path.size() - 1;
        *previous = menu;
        ++*step;
        *triesLeft = 150;
        if (last) {
            timer->stop();
            timer->deleteLater();
            choice->clicked = true;
        }
        QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(wanted).center());
    });
    timer->start();
    return choice;
}
inline std::shared_ptr<MenuChoice> chooseFromNextMenu(const QString &text)
{
    return chooseFromNextMenu(QStringList { text });
}

// Blocking dialogs (QInputDialog::getText, QMessageBox::question) run their own event
// loop: this arranges for `act` to run on the next modal dialog once it is up (as the
// person's typing and clicking). Call it right before what opens the dialog; the result is
// true once `act` ran.
inline std::shared_ptr<bool> whenModalOpens(std::function<void(QWidget *)> act)
{
    auto done = std::make_shared<bool>(false);
    auto *timer = new QTimer;
    timer->setInterval(20);
    auto triesLeft = std::make_shared<int>(250);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, done, act, triesLeft] {
        QWidget *dialog = QApplication::activeModalWidget();
        if (!dialog || !dialog->isVisible()) {
            if (--*triesLeft <= 0) {
                timer->stop();
                timer->deleteLater();
            }
            return;
        }
        timer->stop();
        timer->deleteLater();
        *done = true;
        act(dialog);
    });
    timer->start();
    return done;
}

// Types `text` into the next modal dialog's line edit and presses Enter (QInputDialog).
inline std::shared_ptr<bool> answerNextInput(const QString &text)
{
    return whenModalOpens([text](QWidget *dialog) {
        auto *edit = dialog->findChild<QLineEdit *>();
        if (!edit)
            return;
        QTest::mouseClick(edit, Qt::LeftButton);
        QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(edit, text);
        QTest::keyClick(edit, Qt::Key_Return);
    });
}

// Clicks the button `which` of the next modal message box.
inline std::shared_ptr<bool> answerNextQuestion(QMessageBox::StandardButton which)
{
    return whenModalOpens([which](QWidget *dialog) {
        if (auto *box = qobject_cast<QMessageBox *>(dialog))
            if (QAbstractButton *button = box->button(which))
                QTest::mouseClick(button, Qt::LeftButton);
    });
}

// One key (with modifiers) to wherever the keyboard goes.
inline void pressKey(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    if (QWidget *target = keyboardTarget())
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
