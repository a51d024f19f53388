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
};

QTEST_GUILESS_MAIN(TestInboxModel)
#include "tst_inboxmodel.moc"
