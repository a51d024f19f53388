// tessera-digest, the headless example client, run as a process against the real server
// (--demo board, with one item moved back from Done so something is overdue): its digest
// is checked section by section against the board's state fetched over HTTP; a wrong
// password, an unreachable server and an unknown board end non-zero with a clear message.
#include "support/syncharness.h"

#include "core/rules/boardstate.h"
#include "core/rules/itemfacts.h"

#include <QProcess>
#include <QTcpServer>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run digest(const QStringList &args, const QByteArray &password)
{
    QProcess p;
    p.start(QStringLiteral(TESSERA_DIGEST_BIN), args);
    if (!p.waitForStarted(10000))
        return {};
    p.write(password);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished(5000);
        return {};
    }
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
             QString::fromUtf8(p.readAllStandardError()) };
}

// "  Heading (n)" followed by "    - title [status] (due day)" lines: heading -> titles.
QHash<QString, QStringList> sections(const QString &text)
{
    QHash<QString, QStringList> out;
    QString current;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("    - ")) && !current.isEmpty()) {
            QString title = line.mid(6);
            title = title.left(title.indexOf(QLatin1String(" ["))); // the title's own text has no " ["
            out[current].append(title);
        } else if (line.startsWith(QLatin1String("  ")) && line.contains(QLatin1String(" ("))) {
            current = line.mid(2, line.indexOf(QLatin1String(" (")) - 2);
            out.insert(current, {});
        }
    }
    for (QStringList &titles : out)
        titles.sort();
    return out;
}

} // namespace

class TstDigest : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QString m_boardId;

    Core::BoardState serverState()
    {
        const QJsonObject snap = httpCall(m_server, "GET", QStringLiteral("/api/v1/boards/%1/snapshot").arg(m_boardId),
                                          httpToken(m_server, QStringLiteral("ana")))
                                     .json();
        auto state = Core::BoardState::fromSnapshotJson(snap);
        return state ? state.value() : Core::BoardState();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
        // Ben moves "Presence avatars" (done yesterday) back to In progress: overdue now.
        Peer ben;
        Core::SyncClient *client = ben.make(m_server.url());
        QVERIFY(signIn(client, QStringLiteral("ben")));
        QTRY_VERIFY_WITH_TIMEOUT(!client->boards().isEmpty(), 10000);
        m_boardId = client->boards().first().board.id;
        Core::BoardStore *store = client->openBoard(m_boardId);
        QTRY_VERIFY_WITH_TIMEOUT(store->itemCount() == 10 && client->state() == Core::SyncClient::State::Live, 15000);
        QString avatars;
        for (const QString &id : store->itemIds())
            avatars = titleOf(store, id) == QLatin1String("Presence avatars") ? id : avatars;
        QVERIFY(!avatars.isEmpty());
        QSignalSpy acked(client, &Core::SyncClient::commandAcked);
        client->submit(m_boardId, itemUpdate(avatars, { { QStringLiteral("status"), QStringLiteral("doing") } }));
        QVERIFY(acked.wait(10000));
    }

    void digestMatchesTheBoard()
    {
        const Run run = digest({ QStringLiteral("--server"), m_server.url().toString(), QStringLiteral("--login"),
                                 QStringLiteral("ana"), QStringLiteral("--password-stdin") },
                               DemoPassword.toUtf8() + '\n');
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.err.isEmpty());
        const Core::BoardState s = serverState();
        QCOMPARE(s.items.size(), 10);
        const QString anaId = s.memberByLogin(QStringLiteral("ana"))->userId;
        const QDate today = QDate::currentDate();
        const QDate sunday = today.addDays(7 - today.dayOfWeek());
        QStringList overdue, dueToday, dueWeek, mine;
        QHash<QString, int> perStatus;
        for (const Core::Item &item : s.items) {
            const QString title = item.fields.value(QStringLiteral("title")).toString();
            const bool done = item.fields.value(QStringLiteral("status")).toString() == QLatin1String("done");
            const QDate due = QDate::fromString(item.fields.value(QStringLiteral("due")).toString(), Qt::ISODate);
            ++perStatus[item.fields.value(QStringLiteral("status")).toString()];
            if (done)
                continue;
            if (due.isValid() && due < today)
                overdue.append(title);
            if (due == today)
                dueToday.append(title);
            if (due > today && due <= sunday)
                dueWeek.append(title);
            if (item.fields.value(QStringLiteral("assignee")).toString() == anaId)
                mine.append(title);
        }
        for (QStringList *l : { &overdue, &dueToday, &dueWeek, &mine })
            l->sort();
        QCOMPARE(overdue, QStringList { QStringLiteral("Presence avatars") });

        QVERIFY2(run.out.startsWith(
                     QStringLiteral("Tessera digest for Ana Alves (ana), %1\n").arg(today.toString(Qt::ISODate))),
                 qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("\nProduct launch (10 items)\n")));
        const auto got = sections(run.out);
        QCOMPARE(got.value(QStringLiteral("Overdue")), overdue);
        QCOMPARE(got.value(QStringLiteral("Due today")), dueToday);
        QCOMPARE(got.value(QStringLiteral("Due later this week")), dueWeek);
        QCOMPARE(got.value(QStringLiteral("Assigned to you, not done")), mine);
        QVERIFY(!mine.isEmpty());
        QVERIFY(run.out.contains(QStringLiteral("  Overdue (1)\n    - Presence avatars [In progress] (due %1)\n")
                                     .arg(today.addDays(-1).toString(Qt::ISODate))));
        QVERIFY2(run.out.contains(QStringLiteral("  By status: To do %1, In progress %2, Done %3, No status 0\n")
                                      .arg(perStatus.value(QStringLiteral("todo")))
                                      .arg(perStatus.value(QStringLiteral("doing")))
                                      .arg(perStatus.value(QStringLiteral("done")))),
                 qPrintable(run.out));

        // --board picks one board by name.
        const Run one = digest({ QStringLiteral("--server"), m_server.url().toString(), QStringLiteral("--login"),
                                 QStringLiteral("ben"), QStringLiteral("--password-stdin"), QStringLiteral("--board"),
                                 QStringLiteral("Product launch") },
                               DemoPassword.toUtf8() + '\n');
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));
        QVERIFY(one.out.startsWith(QStringLiteral("Tessera digest for Ben Brook (ben)")));
        QVERIFY(one.out.contains(QStringLiteral("\nProduct launch (10 items)\n")));
    }

    void failuresAreClear()
    {
        const QString url = m_server.url().toString();
        const Run wrong = digest({ QStringLiteral("--server"), url, QStringLiteral("--login"), QStringLiteral("ana"),
                                   QStringLiteral("--password-stdin") },
                                 "not-the-password\n");
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY(wrong.out.isEmpty());
        QVERIFY2(wrong.err.startsWith(QStringLiteral("tessera-digest: cannot sign in to %1 as ana: ").arg(url)),
                 qPrintable(wrong.err));

        // A port nobody listens on: taken and released again.
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        }
        const QString nowhere = QStringLiteral("http://127.0.0.1:%1").arg(port);
        const Run unreachable
            = digest({ QStringLiteral("--server"), nowhere, QStringLiteral("--login"), QStringLiteral("ana"),
                       QStringLiteral("--password-stdin"), QStringLiteral("--timeout"), QStringLiteral("10") },
                     DemoPassword.toUtf8() + '\n');
        QVERIFY(unreachable.exitCode == 2 || unreachable.exitCode == 3);
        QVERIFY(unreachable.out.isEmpty());
        QVERIFY2(unreachable.err.contains(nowhere), qPrintable(unreachable.err));

        const Run noBoard
            = digest({ QStringLiteral("--server"), url, QStringLiteral("--login"), QStringLiteral("ana"),
                       QStringLiteral("--password-stdin"), QStringLiteral("--board"), QStringLiteral("Nope") },
                     DemoPassword.toUtf8() + '\n');
        QCOMPARE(noBoard.exitCode, 4);
        QVERIFY2(noBoard.err.contains(QStringLiteral("no board named \"Nope\"; the boards are: Product launch")),
                 qPrintable(noBoard.err));

        const Run usage = digest({ QStringLiteral("--server"), url }, {});
        QCOMPARE(usage.exitCode, 1);
        QVERIFY(usage.err.contains(QStringLiteral("--password-stdin")));
    }
};

QTEST_GUILESS_MAIN(TstDigest)
#include "tst_digest.moc"
