#include "boardfixture.h"

#include "app/boardwidget.h"
#include "app/itempanel.h"
#include "app/tableview.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace Tessera::Core;
using namespace Tessera::Test;
using Tessera::App::BoardWidget;

class TstBoardWidget : public QObject
{
    Q_OBJECT

private:
    static QJsonObject opAt(const QSignalSpy &spy, int i) { return spy.at(i).at(0).value<Op>().toJson(); }

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

        QTest::keyClick(&board, Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(ops.count(), 1);
        QCOMPARE(opAt(ops, 0).value(QStringLiteral("kind")).toString(), QStringLiteral("item.create"));
        QVERIFY(board.itemPanel()->isVisible());
        QCOMPARE(board.itemPanel()->itemId(), opAt(ops, 0).value(QStringLiteral("itemId")).toString());
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
