#include "support/boardfixture.h"
#include "support/uidriver.h"

#include "app/table/celldelegate.h"
#include "app/board/datefield.h"
#include "app/table/tableview.h"

#include "core/models/itemfilter.h"
#include "core/models/itemtablemodel.h"

#include <QAbstractItemView>
#include <QCalendarWidget>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace Tessera::Core;
using namespace Tessera::Test;
using Tessera::App::TableView;

class TstTableView : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        Fixture()
        {
            store.resetFromSnapshot(demoBoard(QDate(2026, 11, 24)));
            view.setCurrentUser(QStringLiteral("u1"));
            view.resize(900, 500);
            view.show();
            view.activateWindow(); // keys and focus as in a window the person works in
        }
        QModelIndex index(const QString &itemId, const QString &columnId)
        {
            return view.indexOf(itemId, columnId);
        }
        BoardStore store;
        ItemTableModel model { &store };
        ItemFilterProxy proxy { &model };
        TableView view { &model, &proxy };
    };

    static QJsonObject lastOp(const QSignalSpy &spy)
    {
        return spy.last().at(0).value<Op>().toJson();
    }

private Q_SLOTS:
    void editTextCellSendsUpdateWithBase()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy ops(&f.view, &TableView::opRequested);
        const QModelIndex cell = f.index(QStringLiteral("i01"), QStringLiteral("title"));
        f.view.setCurrentIndex(cell);
        f.view.setFocus();
        QTest::keyClick(&f.view, Qt::Key_F2);
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(editor);
        QCOMPARE(editor->text(), QStringLiteral("Write launch announcement"));
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("Launch post"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(ops.count(), 1); // the delegate commits through a queued call
        const QJsonObject op = lastOp(ops);
        QCOMPARE(op.value(QStringLiteral("kind")).toString(), QStringLiteral("item.update"));
        QCOMPARE(op.value(QStringLiteral("itemId")).toString(), QStringLiteral("i01"));
        QCOMPARE(op.value(QStringLiteral("fields")).toObject(), QJsonObject({ { QStringLiteral("title"), QStringLiteral("Launch post") } }));
        QCOMPARE(op.value(QStringLiteral("base")).toObject(), QJsonObject({ { QStringLiteral("title"), 10 } }));
        // The view does not change the store itself.
        QCOMPARE(f.store.item(QStringLiteral("i01"))->fields.value(QStringLiteral("title")).toString(),
                 QStringLiteral("Write launch announcement"));
    }

    void escapeCancelsEdit()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy ops(&f.view, &TableView::opRequested);
        f.view.setCurrentIndex(f.index(QStringLiteral("i02"), QStringLiteral("title")));
        f.view.setFocus();
        QTest::keyClick(&f.view, Qt::Key_F2);
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(editor);
        QTest::keyClicks(editor, QStringLiteral("xyz"));
        const QPointer<QLineEdit> watched(editor);
        QTest::keyClick(editor, Qt::Key_Escape);
        QTRY_VERIFY(!watched); // the editor closed
        QTest::qWait(50);
        QCOMPARE(ops.count(), 0);
    }

    void enterOpensDeleteDeletesSelectionTypingEdits()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy opened(&f.view, &TableView::openItemRequested);
        QSignalSpy deleted(&f.view, &TableView::deleteRequested);
        QSignalSpy ops(&f.view, &TableView::opRequested);
        // Click one row, Shift+click a third: three rows selected, the current cell framed.
        const QRect first = f.view.visualRect(f.index(QStringLiteral("i02"), QStringLiteral("points")));
        const QRect last = f.view.visualRect(f.index(QStringLiteral("i04"), QStringLiteral("points")));
        QTest::mouseClick(f.view.viewport(), Qt::LeftButton, {}, first.center());
        QTest::mouseClick(f.view.viewport(), Qt::LeftButton, Qt::ShiftModifier, last.center());
        QCOMPARE(f.view.selectedItemIds(), QStringList({ QStringLiteral("i02"), QStringLiteral("i03"), QStringLiteral("i04") }));
        QCOMPARE(f.view.currentItemId(), QStringLiteral("i04"));

        QTest::keyClick(&f.view, Qt::Key_Return);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.last().at(0).toString(), QStringLiteral("i04"));
        QCOMPARE(ops.count(), 0); // Enter does not edit

        QTest::keyClick(&f.view, Qt::Key_Delete);
        QCOMPARE(deleted.count(), 1);
        QCOMPARE(deleted.last().at(0).toStringList(), QStringList({ QStringLiteral("i02"), QStringLiteral("i03"), QStringLiteral("i04") }));

        // Typing on a cell edits it, starting with what was typed.
        QTest::mouseClick(f.view.viewport(), Qt::LeftButton, {}, first.center());
        typeText(QStringLiteral("42"));
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(editor);
        QCOMPARE(editor->text(), QStringLiteral("42"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(ops.count(), 1);
        QCOMPARE(lastOp(ops).value(QStringLiteral("fields")).toObject().value(QStringLiteral("points")).toDouble(), 42.0);
    }

    void openButtonOnTheTitleCell()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy opened(&f.view, &TableView::openItemRequested);
        const QRect cell = f.view.visualRect(f.index(QStringLiteral("i05"), QStringLiteral("title")));
        QTest::mouseClick(f.view.viewport(), Qt::LeftButton, {}, cell.center()); // selects the row
        QCOMPARE(opened.count(), 0);
        QTest::mouseClick(f.view.viewport(), Qt::LeftButton, {}, Tessera::App::CellDelegate::openButtonRect(cell).center());
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.last().at(0).toString(), QStringLiteral("i05"));
    }

    void oneClickOnStatusOpensItsListAndAPickSaves()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy ops(&f.view, &TableView::opRequested);
        QSignalSpy editing(&f.view, &TableView::editingFieldChanged);
        const QString before = f.store.item(QStringLiteral("i03"))->fields.value(QStringLiteral("status")).toString();
        const QRect cell = f.view.visualRect(f.index(QStringLiteral("i03"), QStringLiteral("status")));
        QTest::mouseClick(f.view.viewport(), Qt::LeftButton, {}, cell.center());
        auto *combo = qobject_cast<QComboBox *>(QApplication::focusWidget());
        QVERIFY(combo);
        QTRY_VERIFY(combo->view()->isVisible()); // the list is open after one click
        QCOMPARE(editing.count(), 1); // presence: editing the status of i03
        QCOMPARE(editing.last().at(0).toString(), QStringLiteral("i03"));
        QCOMPARE(editing.last().at(1).toString(), QStringLiteral("status"));
        const QString target = before == QLatin1String("done") ? QStringLiteral("todo") : QStringLiteral("done");
        QAbstractItemView *list = combo->view();
        const QModelIndex option = list->model()->index(combo->findData(target), 0);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(option).center());
        QTRY_COMPARE(ops.count(), 1); // picked: saved, no Enter needed
        QCOMPARE(lastOp(ops).value(QStringLiteral("fields")).toObject().value(QStringLiteral("status")).toString(), target);
        QTRY_COMPARE(f.view.editingItemId(), QString());
        QCOMPARE(editing.last().at(1).toString(), QString()); // and no longer editing

        // Closing the list without a pick closes the cell unchanged.
        const QRect person = f.view.visualRect(f.index(QStringLiteral("i03"), QStringLiteral("owner")));
        QTest::mouseClick(f.view.viewport(), Qt::LeftButton, {}, person.center());
        auto *people = qobject_cast<QComboBox *>(QApplication::focusWidget());
        QVERIFY(people);
        QTRY_VERIFY(people->view()->isVisible());
        QTest::keyClick(people->view(), Qt::Key_Escape);
        QTRY_COMPARE(f.view.editingItemId(), QString());
        QCOMPARE(ops.count(), 1);
    }

    void emptyDateCellOpensAtTodayAndTakesTypedDates()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy ops(&f.view, &TableView::opRequested);
        QVERIFY(!f.store.item(QStringLiteral("i05"))->fields.contains(QStringLiteral("due"))); // no date
        const QModelIndex cell = f.index(QStringLiteral("i05"), QStringLiteral("due"));
        f.view.scrollTo(cell);
        doubleClick(f.view.viewport(), f.view.visualRect(cell).center());
        auto *date = qobject_cast<Tessera::App::DateField *>(QApplication::focusWidget());
        QVERIFY(date);
        QVERIFY(date->isEmpty());
        QTest::keyClick(date, Qt::Key_Down, Qt::AltModifier); // the picker
        QTRY_VERIFY(date->picker()->isVisible());
        QCOMPARE(date->calendar()->selectedDate(), QDate::currentDate());
        QTest::keyClick(date->calendar(), Qt::Key_Escape);
        QTRY_VERIFY(!date->picker()->isVisible());
        // The offscreen platform leaves no window active after a popup; a window manager
        // gives the activation back, as here.
        f.view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&f.view));
        QCOMPARE(QApplication::focusWidget(), date);
        QTest::keyClicks(date, QStringLiteral("15Dec2026"));
        QTest::keyClick(date, Qt::Key_Return);
        QTRY_COMPARE(ops.count(), 1);
        QCOMPARE(lastOp(ops).value(QStringLiteral("fields")).toObject().value(QStringLiteral("due")).toString(), QStringLiteral("2026-12-15"));

        // Clearing a date saves "no date".
        const QModelIndex dated = f.index(QStringLiteral("i01"), QStringLiteral("due"));
        QTest::mouseClick(f.view.viewport(), Qt::LeftButton, {}, f.view.visualRect(dated).center());
        pressKey(Qt::Key_F2);
        auto *clearing = qobject_cast<Tessera::App::DateField *>(QApplication::focusWidget());
        QVERIFY(clearing);
        QVERIFY(!clearing->isEmpty());
        clearing->selectAll();
        QTest::keyClick(clearing, Qt::Key_Backspace);
        QTest::keyClick(clearing, Qt::Key_Return);
        QTRY_COMPARE(ops.count(), 2);
        QVERIFY(lastOp(ops).value(QStringLiteral("fields")).toObject().value(QStringLiteral("due")).isNull());
    }

    void statusEditorOffersColouredOptions()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy ops(&f.view, &TableView::opRequested);
        const QString before = f.store.item(QStringLiteral("i03"))->fields.value(QStringLiteral("status")).toString();
        f.view.setCurrentIndex(f.index(QStringLiteral("i03"), QStringLiteral("status")));
        f.view.setFocus();
        QTest::keyClick(&f.view, Qt::Key_F2);
        auto *combo = qobject_cast<QComboBox *>(QApplication::focusWidget());
        QVERIFY(combo);
        QCOMPARE(combo->count(), 5); // (none) + four options
        QCOMPARE(combo->currentData().toString(), before);
        QVERIFY(!combo->itemIcon(combo->findData(QStringLiteral("done"))).isNull());
        const QString target = before == QLatin1String("done") ? QStringLiteral("todo") : QStringLiteral("done");
        combo->setCurrentIndex(combo->findData(target));
        QTest::keyClick(combo, Qt::Key_Return);
        QTRY_COMPARE(ops.count(), 1);
        const QJsonObject op = lastOp(ops);
        QCOMPARE(op.value(QStringLiteral("kind")).toString(), QStringLiteral("item.update"));
        QCOMPARE(op.value(QStringLiteral("fields")).toObject().value(QStringLiteral("status")).toString(), target);
        QCOMPARE(op.value(QStringLiteral("base")).toObject().value(QStringLiteral("status")).toInt(), 12);
    }

    void checkboxClickToggles()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy ops(&f.view, &TableView::opRequested);
        const QModelIndex cell = f.index(QStringLiteral("i01"), QStringLiteral("approved"));
        f.view.scrollTo(cell);
        QTest::mouseClick(f.view.viewport(), Qt::LeftButton, {}, f.view.visualRect(cell).center());
        QCOMPARE(ops.count(), 1);
        const QJsonObject op = lastOp(ops);
        QCOMPARE(op.value(QStringLiteral("fields")).toObject(), QJsonObject({ { QStringLiteral("approved"), false } }));
        QCOMPARE(op.value(QStringLiteral("base")).toObject(), QJsonObject({ { QStringLiteral("approved"), 10 } }));
    }

    void pendingAndFailedAreShaded()
    {
        Fixture f;
        const QPalette palette = f.view.palette();
        const QModelIndex cell = f.index(QStringLiteral("i02"), QStringLiteral("title"));
        QVERIFY(!f.view.cellDelegate()->backgroundFor(cell, palette).isValid());
        f.store.setPending(QStringLiteral("m1"),
                           makeEvent(EventKind::ItemUpdated,
                                     { { QStringLiteral("itemId"), QStringLiteral("i02") },
                                       { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Mine") } } } },
                                     QStringLiteral("u1"), QStringLiteral("m1")));
        const QModelIndex pendingCell = f.index(QStringLiteral("i02"), QStringLiteral("title"));
        QCOMPARE(ItemState(pendingCell.data(ItemTableModel::StateRole).toInt()), ItemState::Pending);
        QCOMPARE(pendingCell.data().toString(), QStringLiteral("Mine"));
        const QColor pending = f.view.cellDelegate()->backgroundFor(pendingCell, palette);
        QVERIFY(pending.isValid());
        QVERIFY(pending != palette.base().color());

        f.store.markFailed(QStringLiteral("m1"), Tessera::Core::RejectCode::Invalid, QStringLiteral("nope"));
        const QModelIndex failedCell = f.index(QStringLiteral("i02"), QStringLiteral("title"));
        QCOMPARE(ItemState(failedCell.data(ItemTableModel::StateRole).toInt()), ItemState::Failed);
        const QColor failed = f.view.cellDelegate()->backgroundFor(failedCell, palette);
        QVERIFY(failed.isValid());
        QVERIFY(failed != pending);
        QVERIFY(failed.red() > failed.green());
    }

    void failedRowOffersRetryAndDiscard()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        f.store.setPending(QStringLiteral("m7"),
                           makeEvent(EventKind::ItemUpdated,
                                     { { QStringLiteral("itemId"), QStringLiteral("i02") },
                                       { QStringLiteral("fields"), QJsonObject { { QStringLiteral("points"), 99.0 } } } },
                                     QStringLiteral("u1"), QStringLiteral("m7")));
        f.store.markFailed(QStringLiteral("m7"), Tessera::Core::RejectCode::Forbidden, QStringLiteral("read-only board"));
        QSignalSpy retry(&f.view, &TableView::retryRequested);
        QSignalSpy discard(&f.view, &TableView::discardRequested);
        for (const QString &choice : { QStringLiteral("Retry"), QStringLiteral("Discard my change") }) {
            QStringList seen;
            // The menu is modal: pick the entry from inside its event loop.
            std::function<void()> pick = [&seen, &pick, choice] {
                auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
                if (!menu) {
                    QTimer::singleShot(10, pick);
                    return;
                }
                for (QAction *action : menu->actions()) {
                    seen.append(action->text());
                    if (action->text() == choice) {
                        menu->close();
                        action->trigger();
                        return;
                    }
                }
                menu->close();
            };
            QTimer::singleShot(0, pick);
            const QPoint pos = f.view.visualRect(f.index(QStringLiteral("i02"), QStringLiteral("title"))).center();
            QContextMenuEvent event(QContextMenuEvent::Mouse, pos, f.view.viewport()->mapToGlobal(pos));
            QApplication::sendEvent(f.view.viewport(), &event);
            QVERIFY2(seen.contains(choice), qPrintable(seen.join(QLatin1Char('|'))));
        }
        QCOMPARE(retry.count(), 1);
        QCOMPARE(retry.last().at(0).toString(), QStringLiteral("m7"));
        QCOMPARE(discard.count(), 1);
        QCOMPARE(discard.last().at(0).toString(), QStringLiteral("m7"));
    }

    void remoteChangeFlashes()
    {
        Fixture f;
        QVERIFY(!f.view.isFlashing(QStringLiteral("i04")));
        const ApplyResult r = f.store.applyBatch(
                { makeEvent(EventKind::ItemUpdated,
                            { { QStringLiteral("itemId"), QStringLiteral("i04") },
                              { QStringLiteral("fields"), QJsonObject { { QStringLiteral("points"), 13.0 } } },
                              { QStringLiteral("versions"), QJsonObject { { QStringLiteral("points"), 101 } } } },
                            QStringLiteral("u2"), QString(), 101) });
        QVERIFY2(r.ok, qPrintable(r.message));
        QVERIFY(f.view.isFlashing(QStringLiteral("i04")));
        const QModelIndex cell = f.index(QStringLiteral("i04"), QStringLiteral("points"));
        QVERIFY(f.view.cellDelegate()->backgroundFor(cell, f.view.palette()).isValid());
        QTRY_VERIFY_WITH_TIMEOUT(!f.view.isFlashing(QStringLiteral("i04")), 3000);
    }

    void othersPresenceTintsRow()
    {
        Fixture f;
        f.store.setPresence({ { QStringLiteral("u2"), QStringLiteral("Ben Okafor"), QStringLiteral("b1"), QStringLiteral("i05"),
                                Tessera::Core::PresenceState::Editing, QStringLiteral("title") },
                              { QStringLiteral("u1"), QStringLiteral("Ana Lima"), QStringLiteral("b1"), QStringLiteral("i06"),
                                Tessera::Core::PresenceState::Viewing, QString() } });
        QVERIFY(f.view.cellDelegate()->backgroundFor(f.index(QStringLiteral("i05"), QStringLiteral("points")), f.view.palette()).isValid());
        // One's own presence is not highlighted.
        QVERIFY(!f.view.cellDelegate()->backgroundFor(f.index(QStringLiteral("i06"), QStringLiteral("points")), f.view.palette()).isValid());
    }

    void rowsHaveFixedHeight()
    {
        Fixture f;
        QCOMPARE(f.view.verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
    }
};

QTEST_MAIN(TstTableView)
#include "tst_tableview.moc"
