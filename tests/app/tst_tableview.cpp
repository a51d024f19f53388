#include "boardfixture.h"

#include "app/celldelegate.h"
#include "app/tableview.h"

#include "core/itemfilter.h"
#include "core/itemtablemodel.h"

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
        }
        QModelIndex index(const QString &itemId, const QString &columnId)
        {
            const QModelIndex source = model.index(model.rowOfItem(itemId), model.columnOf(columnId));
            return proxy.mapFromSource(source);
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
        QTest::keyClick(&f.view, Qt::Key_Return); // Enter edits too
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(editor);
        QTest::keyClicks(editor, QStringLiteral("xyz"));
        const QPointer<QLineEdit> watched(editor);
        QTest::keyClick(editor, Qt::Key_Escape);
        QTRY_VERIFY(!watched); // the editor closed
        QTest::qWait(50);
        QCOMPARE(ops.count(), 0);
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

        f.store.markFailed(QStringLiteral("m1"), QStringLiteral("invalid"), QStringLiteral("nope"));
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
        f.store.markFailed(QStringLiteral("m7"), QStringLiteral("forbidden"), QStringLiteral("read-only board"));
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
                                QStringLiteral("editing"), QStringLiteral("title") },
                              { QStringLiteral("u1"), QStringLiteral("Ana Lima"), QStringLiteral("b1"), QStringLiteral("i06"),
                                QStringLiteral("viewing"), QString() } });
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
