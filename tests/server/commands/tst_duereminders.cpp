// Due-date reminders and the purge of deleted boards, in-process with a real database:
// the assignee hears of a date that is today and again once it is overdue, once per
// item, column, date and stage; done items and unassigned ones stay quiet; a day the
// server missed is caught up; a changed date is a new reminder. Deleted boards are
// purged only after the grace period, with their search rows.
#include "server/commands/commandservice.h"
#include "server/commands/duereminders.h"
#include "server/server.h"
#include "server/storage/boardrepository.h"
#include "server/storage/database.h"
#include "server/storage/inboxrepository.h"
#include "server/accounts/userstore.h"

#include <QDate>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Server;

class TestDueReminders : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Server::Server> m_server;
    Core::User m_ana, m_ben;
    QString m_board = QStringLiteral("board-r");
    QDate m_today = QDate(2026, 11, 30);
    int m_mutation = 0;

    CommandResult run(const QString &userId, Core::OpKind kind, const QJsonObject &args)
    {
        Core::Command c;
        c.mutationId = QStringLiteral("m%1").arg(++m_mutation);
        c.boardId = m_board;
        c.op.kind = kind;
        c.op.args = args;
        return m_server->commands().submitNow(userId, c);
    }
    bool createItem(const QString &id, const QJsonObject &fields)
    {
        QJsonObject all = fields;
        all.insert(QStringLiteral("title"), id);
        return run(m_ana.id, Core::OpKind::ItemCreate,
                   { { QStringLiteral("itemId"), id }, { QStringLiteral("fields"), all }, { QStringLiteral("rank"), QStringLiteral("U") } })
                       .status == CommandResult::Status::Ack;
    }
    // Sorted: reminders of one run come in no particular order.
    QStringList dueTexts(const Core::User &user)
    {
        QStringList texts;
        for (const Core::Notification &n : m_server->inbox().list(user.id, 1000)) {
            if (n.kind == Core::NotificationKind::Due)
                texts.append(n.itemId + QLatin1Char(' ') + n.text);
        }
        texts.sort();
        return texts;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ServerOptions options;
        options.dataDir = m_dir.path();
        options.port = 0;
        m_server = std::make_unique<Server::Server>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        m_ana = *m_server->users().create(QStringLiteral("ana"), QStringLiteral("tessera-test-pass"), QStringLiteral("Ana"), false).user;
        m_ben = *m_server->users().create(QStringLiteral("ben"), QStringLiteral("tessera-test-pass"), QStringLiteral("Ben"), false).user;
        QSqlDatabase db = m_server->database().db();
        QVERIFY(db.transaction());
        QVERIFY(m_server->boards().create({ m_board, QStringLiteral("Reminders"), QString(), false, QString() }, {}, m_ana));
        QVERIFY(db.commit());
        QCOMPARE(run(m_ana.id, Core::OpKind::MemberAdd, { { QStringLiteral("userId"), m_ben.id }, { QStringLiteral("role"), QStringLiteral("editor") } }).status,
                 CommandResult::Status::Ack);
    }

    void todayOverdueOnce()
    {
        const QString ben = m_ben.id;
        const auto iso = [](const QDate &d) { return d.toString(Qt::ISODate); };
        QVERIFY(createItem(QStringLiteral("today"), { { QStringLiteral("due"), iso(m_today) }, { QStringLiteral("assignee"), ben } }));
        QVERIFY(createItem(QStringLiteral("tomorrow"), { { QStringLiteral("due"), iso(m_today.addDays(1)) }, { QStringLiteral("assignee"), ben } }));
        QVERIFY(createItem(QStringLiteral("missed"), { { QStringLiteral("due"), iso(m_today.addDays(-3)) }, { QStringLiteral("assignee"), ben } }));
        QVERIFY(createItem(QStringLiteral("ancient"), { { QStringLiteral("due"), iso(m_today.addDays(-400)) }, { QStringLiteral("assignee"), ben } }));
        QVERIFY(createItem(QStringLiteral("finished"), { { QStringLiteral("due"), iso(m_today) }, { QStringLiteral("assignee"), ben }, { QStringLiteral("status"), QStringLiteral("done") } }));
        QVERIFY(createItem(QStringLiteral("nobody"), { { QStringLiteral("due"), iso(m_today) } }));

        QSignalSpy announced(&m_server->commands(), &CommandService::inboxEventsCommitted);
        DueReminders &reminders = m_server->reminders();
        // Today's and the one missed while the server was down (as overdue); not the far
        // past, not what is done or unassigned, not tomorrow's.
        QCOMPARE(reminders.run(m_today), 2);
        QCOMPARE(announced.size(), 1);
        QCOMPARE(announced.at(0).at(0).toString(), ben);
        QCOMPARE(dueTexts(m_ben), QStringList({ QStringLiteral("missed \"missed\" is overdue: Due was Fri 27 Nov"),
                                                QStringLiteral("today \"today\" is due today (Due)") }));
        QVERIFY(dueTexts(m_ana).isEmpty());

        // Once: running again the same day (or after a restart) sends nothing new.
        QCOMPARE(reminders.run(m_today), 0);
        // The next day: today's became overdue, tomorrow's is today.
        QCOMPARE(reminders.run(m_today.addDays(1)), 2);
        QCOMPARE(dueTexts(m_ben).size(), 4);
        QCOMPARE(dueTexts(m_ben).at(2), QStringLiteral("today \"today\" is overdue: Due was Mon 30 Nov"));
        QCOMPARE(dueTexts(m_ben).at(3), QStringLiteral("tomorrow \"tomorrow\" is due today (Due)"));

        // A new date is a new reminder; a done item is never overdue.
        QCOMPARE(run(m_ana.id, Core::OpKind::ItemUpdate, { { QStringLiteral("itemId"), QStringLiteral("missed") },
                                                           { QStringLiteral("fields"), QJsonObject { { QStringLiteral("due"), iso(m_today.addDays(2)) } } } }).status,
                 CommandResult::Status::Ack);
        QCOMPARE(run(m_ana.id, Core::OpKind::ItemUpdate, { { QStringLiteral("itemId"), QStringLiteral("tomorrow") },
                                                           { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("done") } } } }).status,
                 CommandResult::Status::Ack);
        QCOMPARE(reminders.run(m_today.addDays(2)), 1);
        QVERIFY(dueTexts(m_ben).contains(QStringLiteral("missed \"missed\" is due today (Due)")));
        QCOMPARE(dueTexts(m_ben).size(), 5);
    }

    void deletedBoardsArePurgedAfterTheGracePeriod()
    {
        const CommandResult deleted = run(m_ana.id, Core::OpKind::BoardDelete, {});
        QCOMPARE(deleted.status, CommandResult::Status::Ack);
        QCOMPARE(m_server->commands().purgeDeletedBoards(), 0); // still restorable
        QVERIFY(m_server->boards().exists(m_board));
        // No reminders for a deleted board.
        QCOMPARE(m_server->reminders().run(m_today.addDays(30)), 0);

        QSqlQuery age(m_server->database().db());
        QVERIFY(age.exec(QStringLiteral("UPDATE boards SET deleted_at = '2000-01-01T00:00:00.000Z'")));
        QCOMPARE(m_server->commands().purgeDeletedBoards(), 1);
        QVERIFY(!m_server->boards().exists(m_board));
        QSqlQuery left(m_server->database().db());
        for (const char *table : { "items", "events", "search_index", "reminders_sent", "members" }) {
            QVERIFY(left.exec(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE board_id = '%2'").arg(QLatin1String(table), m_board)));
            QVERIFY(left.next());
            QCOMPARE(left.value(0).toInt(), 0);
        }
        // A command for it is now refused as unknown.
        QCOMPARE(run(m_ana.id, Core::OpKind::BoardRestore, {}).status, CommandResult::Status::Reject);
    }
};

QTEST_GUILESS_MAIN(TestDueReminders)
#include "tst_duereminders.moc"
