#include "core/models/inboxmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Tessera::Core;

namespace {

Notification note(const QString &id, qint64 seq, bool read = false)
{
    Notification n;
    n.id = id;
    n.seq = seq;
    n.kind = Tessera::Core::NotificationKind::Mention;
    n.boardId = QStringLiteral("b1");
    n.actor = QStringLiteral("u1");
    n.text = QStringLiteral("note %1").arg(id);
    n.read = read;
    return n;
}

} // namespace

class TestInboxModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newestFirstWithUnreadCount()
    {
        InboxModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy unread(&model, &InboxModel::unreadCountChanged);
        model.setNotifications({ note(QStringLiteral("a"), 1), note(QStringLiteral("c"), 3, true), note(QStringLiteral("b"), 2) });
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.data(model.index(0), InboxModel::IdRole).toString(), QStringLiteral("c"));
        QCOMPARE(model.data(model.index(2), InboxModel::IdRole).toString(), QStringLiteral("a"));
        QCOMPARE(model.unreadCount(), 2);
        QCOMPARE(unread.size(), 1);

        QVERIFY(model.add(note(QStringLiteral("d"), 4)));
        QVERIFY(!model.add(note(QStringLiteral("d"), 4))); // duplicates are ignored
        QCOMPARE(model.data(model.index(0), InboxModel::IdRole).toString(), QStringLiteral("d"));
        QVERIFY(model.add(note(QStringLiteral("x"), 2))); // out of order lands in place
        QCOMPARE(model.data(model.index(3), InboxModel::SeqRole).toLongLong(), 2);
        QCOMPARE(model.unreadCount(), 4);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.markRead({ QStringLiteral("d"), QStringLiteral("nope") });
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.data(model.index(0), InboxModel::UnreadRole).toBool(), false);
        QCOMPARE(model.unreadCount(), 3);
        model.markAllRead();
        QCOMPARE(model.unreadCount(), 0);
        QCOMPARE(unread.last().first().toInt(), 0);
        QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("note d"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void relativeTime_data()
    {
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QString>("expected");
        const QDateTime now(QDate(2026, 11, 24), QTime(15, 30)); // a Tuesday afternoon, local time
        QTest::newRow("seconds") << now.addSecs(-20) << now << QStringLiteral("just now");
        QTest::newRow("now") << now << now << QStringLiteral("just now");
        QTest::newRow("a clock a little ahead") << now.addSecs(90) << now << QStringLiteral("just now");
        QTest::newRow("one minute") << now.addSecs(-60) << now << QStringLiteral("1 min ago");
        QTest::newRow("five minutes") << now.addSecs(-5 * 60 - 30) << now << QStringLiteral("5 min ago");
        QTest::newRow("59 minutes") << now.addSecs(-59 * 60) << now << QStringLiteral("59 min ago");
        QTest::newRow("hours today") << now.addSecs(-3 * 3600 - 10) << now << QStringLiteral("3 h ago");
        QTest::newRow("late last night, minutes ago")
                << QDateTime(QDate(2026, 11, 23), QTime(23, 50)) << QDateTime(QDate(2026, 11, 24), QTime(0, 10))
                << QStringLiteral("20 min ago");
        QTest::newRow("yesterday evening") << QDateTime(QDate(2026, 11, 23), QTime(22, 0)) << now << QStringLiteral("yesterday");
        QTest::newRow("yesterday morning") << QDateTime(QDate(2026, 11, 23), QTime(0, 1)) << now << QStringLiteral("yesterday");
        QTest::newRow("two days") << QDateTime(QDate(2026, 11, 22), QTime(23, 59)) << now << QStringLiteral("2 days ago");
        QTest::newRow("six days") << QDateTime(QDate(2026, 11, 18), QTime(9, 0)) << now << QStringLiteral("6 days ago");
        QTest::newRow("a week: the date") << QDateTime(QDate(2026, 11, 17), QTime(9, 0)) << now << QStringLiteral("17 Nov");
        QTest::newRow("last year: with the year") << QDateTime(QDate(2025, 12, 30), QTime(9, 0)) << now
                                                  << QStringLiteral("30 Dec 2025");
        QTest::newRow("far ahead: the date") << QDateTime(QDate(2026, 11, 26), QTime(9, 0)) << now << QStringLiteral("26 Nov");
        QTest::newRow("utc in, local out") << now.toUTC().addSecs(-120) << now << QStringLiteral("2 min ago");
        QTest::newRow("invalid") << QDateTime() << now << QString();
    }
    void relativeTime()
    {
        QFETCH(QDateTime, at);
        QFETCH(QDateTime, now);
        QFETCH(QString, expected);
        QCOMPARE(InboxModel::relativeTime(at, now, QLocale(QLocale::English, QLocale::UnitedKingdom)), expected);
    }

    void actorNamesAndTooltips()
    {
        InboxModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Notification due = note(QStringLiteral("r"), 2);
        due.kind = NotificationKind::Due;
        due.actor = QStringLiteral("u9");
        model.setNotifications({ note(QStringLiteral("a"), 1), due });
        QCOMPARE(model.data(model.index(1), InboxModel::ActorNameRole).toString(), QString()); // not known yet
        QCOMPARE(model.data(model.index(0), InboxModel::KindRole).toString(), QStringLiteral("due"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.addPeople({ { QStringLiteral("u1"), QStringLiteral("Ben Brook") }, { QStringLiteral("u2"), QStringLiteral("Cy") } });
        QCOMPARE(changed.size(), 1); // only the row whose actor got a name
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
        QCOMPARE(changed.first().at(2).value<QList<int>>(), QList<int>({ InboxModel::ActorNameRole }));
        QCOMPARE(model.data(model.index(1), InboxModel::ActorNameRole).toString(), QStringLiteral("Ben Brook"));
        QCOMPARE(model.nameOf(QStringLiteral("u2")), QStringLiteral("Cy"));
        model.addPeople({ { QStringLiteral("u1"), QStringLiteral("Ben Brook") } }); // nothing new
        QCOMPARE(changed.size(), 1);
        model.addPeople({ { QStringLiteral("u1"), QString() } }); // an empty name never replaces one
        QCOMPARE(model.data(model.index(1), InboxModel::ActorNameRole).toString(), QStringLiteral("Ben Brook"));
        QCOMPARE(model.data(model.index(1), Qt::ToolTipRole).toString(), QStringLiteral("note a")); // the whole text
    }
};

QTEST_GUILESS_MAIN(TestInboxModel)
#include "tst_inboxmodel.moc"
