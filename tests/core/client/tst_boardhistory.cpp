// After an app restart a board comes as a snapshot: values without the times they were set.
// BoardHistory reads the recent log from the real server so the store learns them again, and
// the Dashboard's numbers (BoardStats) place completed items in their week instead of
// counting them as "done, time unknown".
#include "support/syncharness.h"

#include "core/models/boardstats.h"

using namespace Tessera::Core;
using namespace Tessera::Test;

class TestBoardHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restartedClientLearnsWhenItemsWereCompleted()
    {
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        Peer writer;
        SyncClient *ana = writer.make(server.url());
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        QTRY_VERIFY_WITH_TIMEOUT(!ana->boards().isEmpty(), 15000);
        const QString boardId = ana->boards().constFirst().board.id;
        BoardStore *source = ana->openBoard(boardId);
        QTRY_VERIFY_WITH_TIMEOUT(source->itemCount() >= 10, 15000);

        // Two items done now (the demo's status column ends with "done").
        QStringList completed;
        for (const QString &id : source->itemIds()) {
            const auto item = source->item(id);
            if (item && item->fields.value(QStringLiteral("status")).toString() != QLatin1String("done") && completed.size() < 2)
                completed << id;
        }
        QCOMPARE(completed.size(), 2);
        for (const QString &id : completed)
            ana->submit(boardId, itemUpdate(id, { { QStringLiteral("status"), QStringLiteral("done") } }));
        QTRY_COMPARE_WITH_TIMEOUT(ana->outboxSize(), 0, 15000);
        const QDate today = QDate::currentDate();
        const auto completedThisWeek = [&today](const BoardStore &store) {
            const BoardNumbers n = BoardStats::compute(store, today);
            return n.weeks.isEmpty() ? -1 : n.weeks.constLast().completed;
        };

        // Another person's app, started after the change: a snapshot, no times.
        Peer reader;
        SyncClient *ben = reader.make(server.url());
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        BoardStore *view = ben->openBoard(boardId);
        QTRY_VERIFY_WITH_TIMEOUT(view->itemCount() >= 10 && view->confirmed().seq == source->confirmed().seq, 15000);
        for (const QString &id : completed)
            QVERIFY(!view->fieldSetAt(id, QStringLiteral("status")).isValid());
        const int before = completedThisWeek(*view);
        QVERIFY(BoardStats::compute(*view, today).doneWithoutTime >= 2);

        QSignalSpy learned(view, &BoardStore::fieldTimesLearned);
        ben->loadBoardHistory(boardId);
        QTRY_VERIFY_WITH_TIMEOUT(!learned.isEmpty(), 15000);
        for (const QString &id : completed) {
            QCOMPARE(view->fieldSetAt(id, QStringLiteral("status")), source->fieldSetAt(id, QStringLiteral("status")));
            QVERIFY(view->fieldSetAt(id, QStringLiteral("status")).isValid());
        }
        // Every done item got its time back (the demo's own were set today too, at the seed).
        int done = 0;
        for (const QString &id : view->itemIds())
            done += view->item(id)->fields.value(QStringLiteral("status")).toString() == QLatin1String("done") ? 1 : 0;
        QVERIFY(done >= before + 2);
        QCOMPARE(completedThisWeek(*view), done);
        QCOMPARE(BoardStats::compute(*view, today).doneWithoutTime, 0);

        // Once per session: a second call reads nothing more.
        const int pages = int(learned.size());
        ben->loadBoardHistory(boardId);
        QTest::qWait(200); // proving that nothing happens
        QCOMPARE(int(learned.size()), pages);
    }
};

QTEST_GUILESS_MAIN(TestBoardHistory)
#include "tst_boardhistory.moc"
