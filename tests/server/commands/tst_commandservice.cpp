// CommandService in-process: group commit (one transaction and one signal per turn),
// callbacks only after COMMIT, a failed transaction answering every command with
// an error, changing nothing, and leaving the mutation retryable, and background work
// (an import's rows) committed in short groups of its own after people's commands.
#include "server/storage/boardrepository.h"
#include "server/commands/commandservice.h"
#include "server/storage/database.h"
#include "server/server.h"
#include "server/accounts/userstore.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Server;

namespace {

Core::Command createItem(const QString &boardId, const QString &itemId, const QString &mutationId)
{
    Core::Command c;
    c.mutationId = mutationId;
    c.boardId = boardId;
    c.op.kind = Core::OpKind::ItemCreate;
    c.op.args = { { QStringLiteral("itemId"), itemId },
                  { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), itemId } } },
                  { QStringLiteral("rank"), QStringLiteral("U") } };
    return c;
}

} // namespace

class TestCommandService : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Server::Server> m_server;
    Core::User m_ana;
    QString m_board = QStringLiteral("board-1");

    qint64 head() { return m_server->boards().heads(m_board)->head; }

private Q_SLOTS:
    void initTestCase()
    {
        ServerOptions options;
        options.dataDir = m_dir.path();
        options.port = 0;
        m_server = std::make_unique<Server::Server>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        const auto created = m_server->users().create(QStringLiteral("ana"), QStringLiteral("tessera-test-pass"), QStringLiteral("Ana"), false);
        QVERIFY(created.user);
        m_ana = *created.user;
        QSqlDatabase db = m_server->database().db();
        QVERIFY(db.transaction());
        QVERIFY(m_server->boards().create({ m_board, QStringLiteral("B"), QString(), false, QString() }, {}, m_ana));
        QVERIFY(db.commit());
    }

    void groupCommitInOneTurn()
    {
        CommandService &commands = m_server->commands();
        QSignalSpy committed(&commands, &CommandService::boardEventsCommitted);
        QList<CommandResult> results;
        for (int i = 0; i < 5; ++i) {
            commands.submit(m_ana.id, createItem(m_board, QStringLiteral("g%1").arg(i), QStringLiteral("gm%1").arg(i)),
                            [&results](const CommandResult &r) { results.append(r); });
        }
        // A retry of the first mutation within the same group is a duplicate.
        commands.submit(m_ana.id, createItem(m_board, QStringLiteral("g0"), QStringLiteral("gm0")),
                        [&results](const CommandResult &r) { results.append(r); });
        QVERIFY(results.isEmpty()); // nothing is answered before the group commits
        QTRY_COMPARE(results.size(), 6);
        QCOMPARE(committed.size(), 1); // one group, one announcement
        QCOMPARE(committed.at(0).at(1).value<Core::EventList>().size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(results.at(i).status, CommandResult::Status::Ack);
            QCOMPARE(results.at(i).seq, i + 1);
        }
        QCOMPARE(results.at(5).status, CommandResult::Status::Ack);
        QVERIFY(results.at(5).duplicate);
        QCOMPARE(results.at(5).seq, 1);
        QCOMPARE(head(), 5);
    }

    void failedTransactionAnswersErrorAndChangesNothing()
    {
        CommandService &commands = m_server->commands();
        QSignalSpy committed(&commands, &CommandService::boardEventsCommitted);
        QSqlQuery readOnly(m_server->database().db());
        QVERIFY(readOnly.exec(QStringLiteral("PRAGMA query_only = 1"))); // every write now fails
        QList<CommandResult> results;
        commands.submit(m_ana.id, createItem(m_board, QStringLiteral("f1"), QStringLiteral("fm1")),
                        [&results](const CommandResult &r) { results.append(r); });
        commands.submit(m_ana.id, createItem(m_board, QStringLiteral("f2"), QStringLiteral("fm2")),
                        [&results](const CommandResult &r) { results.append(r); });
        QTRY_COMPARE(results.size(), 2);
        for (const CommandResult &r : results) {
            QCOMPARE(r.status, CommandResult::Status::Error);
            QCOMPARE(r.toJson().value(QStringLiteral("type")).toString(), QStringLiteral("error"));
        }
        QCOMPARE(committed.size(), 0);
        QVERIFY(readOnly.exec(QStringLiteral("PRAGMA query_only = 0")));
        QCOMPARE(head(), 5);
        // Nothing was recorded: the same mutation succeeds now, at the next seq, not as a duplicate.
        const CommandResult retry = commands.submitNow(m_ana.id, createItem(m_board, QStringLiteral("f1"), QStringLiteral("fm1")));
        QCOMPARE(retry.status, CommandResult::Status::Ack);
        QCOMPARE(retry.seq, 6);
        QVERIFY(!retry.duplicate);
        QCOMPARE(m_server->boards().load(m_board, QString())->items.size(), 6);
    }

    void backgroundWorkYieldsToPeople()
    {
        CommandService &commands = m_server->commands();
        const QString other = QStringLiteral("board-2");
        {
            QSqlDatabase db = m_server->database().db();
            QVERIFY(db.transaction());
            QVERIFY(m_server->boards().create({ other, QStringLiteral("B2"), QString(), false, QString() }, {}, m_ana));
            QVERIFY(db.commit());
        }
        QSignalSpy groups(&commands, &CommandService::groupCommitted);
        constexpr int Rows = 600; // far more than one 2 ms slice can apply
        QList<CommandResult> background;
        QList<int> peopleAnsweredAfter; // how many background rows were answered before each person's command
        auto person = [&](const QString &id) {
            commands.submit(m_ana.id, createItem(other, id, QStringLiteral("p-") + id),
                            [&](const CommandResult &r) {
                                QCOMPARE(r.status, CommandResult::Status::Ack);
                                peopleAnsweredAfter.append(int(background.size()));
                            });
        };
        const qint64 before = head();
        for (int i = 0; i < Rows; ++i)
            commands.submitBackground(m_ana.id, createItem(m_board, QStringLiteral("bg%1").arg(i), QStringLiteral("bgm%1").arg(i)),
                                      [&](const CommandResult &r) {
                                          background.append(r);
                                          if (background.size() == 1)
                                              person(QStringLiteral("during")); // arrives while the import runs
                                      });
        person(QStringLiteral("first"));
        QTRY_COMPARE_WITH_TIMEOUT(background.size(), Rows, 30000);
        QTRY_COMPARE(peopleAnsweredAfter.size(), 2);
        QCOMPARE(peopleAnsweredAfter.at(0), 0); // queued with the import: answered before any of its rows
        QVERIFY2(peopleAnsweredAfter.at(1) < Rows, "a person's command waited for the whole import");
        // Never mixed: the two people's commands committed in groups of one.
        int ones = 0;
        qsizetype total = 0;
        for (const QList<QVariant> &g : std::as_const(groups)) {
            ones += g.at(0).value<qsizetype>() == 1;
            total += g.at(0).value<qsizetype>();
        }
        QCOMPARE(total, Rows + 2);
        QVERIFY2(groups.size() >= 4, "the background rows were not sliced into several groups");
        QVERIFY(ones >= 2);
        for (int i = 0; i < Rows; ++i) {
            QCOMPARE(background.at(i).status, CommandResult::Status::Ack);
            QCOMPARE(background.at(i).seq, before + 1 + i); // in submission order
        }
        QCOMPARE(head(), before + Rows);
    }
};

QTEST_GUILESS_MAIN(TestCommandService)
#include "tst_commandservice.moc"
