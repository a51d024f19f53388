// `tessera-server admin ...` as an admin uses it: the real binary, offline on a data folder
// and against a running server (through DIR/admin.sock), with real HTTP and WebSockets.
#include "support/boardclient.h"
#include "support/serverprocess.h"
#include "support/wsclient.h"

#include <QDir>
#include <QLocalSocket>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

#include <unistd.h>

using namespace Tessera::Test;

namespace {

const QByteArray AnaPassword = "correct horse battery staple\n";
const QByteArray BenPassword = "purple elephant under marmalade\n";
const QByteArray BenNewPassword = "seventeen quiet lanterns drifting\n";

QString pw(const QByteArray &line)
{
    return QString::fromUtf8(line.trimmed());
}

ServerProcess::Result admin(const QString &dataDir, const QStringList &args, const QByteArray &stdinData = {})
{
    return ServerProcess::runBinary(QStringList { QStringLiteral("admin"), QStringLiteral("--data"), dataDir } + args,
                                    stdinData);
}

ServerProcess::Result admin(const ServerProcess &server, const QStringList &args, const QByteArray &stdinData = {})
{
    return admin(server.dataDir(), args, stdinData);
}

// ana (a server admin) and ben, created offline before the server starts.
bool addAnaAndBen(const ServerProcess &server)
{
    return admin(server, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ana"), QStringLiteral("--admin") },
                 AnaPassword)
                   .exitCode
            == 0
            && admin(server, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ben") }, BenPassword).exitCode == 0;
}

QString describe(const ServerProcess::Result &r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(r.exitCode).arg(r.out, r.err);
}

int loginStatus(const ServerProcess &server, const QString &login, const QString &password)
{
    return httpRequest("POST", server.url().resolved(QUrl(QStringLiteral("/api/v1/login"))),
                       jsonBytes({ { QStringLiteral("login"), login }, { QStringLiteral("password"), password } }))
        .status;
}

int meStatus(const ServerProcess &server, const QByteArray &token)
{
    return httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/api/v1/me"))), {}, token).status;
}

bool healthy(const ServerProcess &server)
{
    return httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/api/v1/health")))).status == 200;
}

// One COUNT(*) over the database (read with SQLite directly; the WAL makes this safe while serving).
int countRows(const QString &dataDir, const QString &sql, const QString &value)
{
    const QString name = QStringLiteral("count-%1").arg(value);
    int n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QDir(dataDir).absoluteFilePath(QStringLiteral("tessera.db")));
        if (db.open()) {
            QSqlQuery q(db);
            q.prepare(sql);
            q.addBindValue(value);
            if (q.exec() && q.next())
                n = q.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return n;
}

// Audit rows written by the CLI.
int auditRows(const QString &dataDir, const QString &action)
{
    return countRows(dataDir, QStringLiteral("SELECT COUNT(*) FROM audit WHERE actor = 'admin-cli' AND action = ?"),
                     action);
}

QString createdId(const ServerProcess::Result &r)
{
    return r.out.section(QLatin1Char('('), 1).section(QLatin1Char(')'), 0, 0);
}

} // namespace

class TestAdminCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY2(!ServerProcess::binary().isEmpty(), "TESSERA_SERVER_BIN is not set"); }

    void helpListsEveryCommand()
    {
        const auto r = ServerProcess::runBinary({ QStringLiteral("admin"), QStringLiteral("--help") });
        QCOMPARE(r.exitCode, 0);
        for (const char *command : { "users list", "users add", "users disable", "users enable", "users reset-password",
                                     "users grant-admin", "users revoke-admin", "users delete", "revoke-sessions",
                                     "clear-throttle", "backup --to", "restore --from", "check", "compact" })
            QVERIFY2(r.out.contains(QLatin1String(command)), command);
    }

    void offlineUsers()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("data")); // created by the first `users add`
        auto r = admin(data,
                       { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("Ana"),
                         QStringLiteral("--admin"), QStringLiteral("--display-name"), QStringLiteral("Ana Alves") },
                       AnaPassword);
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("created user ana")), qPrintable(describe(r)));
        r = admin(data, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ben") }, BenPassword);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        // The same rules as --add-user: an existing login, a weak password, no password.
        r = admin(data, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ben") }, BenNewPassword);
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("already exists")), qPrintable(describe(r)));
        r = admin(data, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("cy") }, "12345678\n");
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("guess")), qPrintable(describe(r)));
        r = admin(data, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("cy") });
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("stdin")), qPrintable(describe(r)));

        r = admin(data, { QStringLiteral("users"), QStringLiteral("list") });
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith(QStringLiteral("LOGIN")));
        QVERIFY2(lines[1].startsWith(QStringLiteral("ana ")) && lines[1].contains(QStringLiteral("Ana Alves"))
                     && lines[1].contains(QStringLiteral(" yes ")),
                 qPrintable(r.out));
        QVERIFY2(lines[2].startsWith(QStringLiteral("ben ")), qPrintable(r.out));
        // Aligned: every column starts at the same offset on every line.
        QCOMPARE(lines[1].indexOf(QStringLiteral("Ana Alves")), lines[0].indexOf(QStringLiteral("NAME")));

        // The last enabled admin keeps the rights, whatever asks.
        r = admin(data, { QStringLiteral("users"), QStringLiteral("revoke-admin"), QStringLiteral("ana") });
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("last enabled server admin")),
                 qPrintable(describe(r)));
        r = admin(data, { QStringLiteral("users"), QStringLiteral("delete"), QStringLiteral("ana") });
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("last enabled server admin")),
                 qPrintable(describe(r)));
        r = admin(data, { QStringLiteral("users"), QStringLiteral("disable"), QStringLiteral("ana") });
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("last enabled server admin")),
                 qPrintable(describe(r)));
        r = admin(data, { QStringLiteral("users"), QStringLiteral("grant-admin"), QStringLiteral("ben") });
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        r = admin(data, { QStringLiteral("users"), QStringLiteral("revoke-admin"), QStringLiteral("ana") });
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        r = admin(data, { QStringLiteral("users"), QStringLiteral("list") });
        QVERIFY2(r.out.split(QLatin1Char('\n')).value(1).contains(QStringLiteral(" no ")), qPrintable(r.out));

        r = admin(data, { QStringLiteral("users"), QStringLiteral("reset-password"), QStringLiteral("ana") },
                  "password\n");
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("guess")), qPrintable(describe(r)));
        r = admin(data, { QStringLiteral("users"), QStringLiteral("reset-password"), QStringLiteral("ana") },
                  BenNewPassword);
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("new password set for ana")),
                 qPrintable(describe(r)));
        r = admin(data, { QStringLiteral("users"), QStringLiteral("reset-password"), QStringLiteral("nobody") },
                  BenNewPassword);
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("no user 'nobody'")), qPrintable(describe(r)));

        r = admin(data, { QStringLiteral("users"), QStringLiteral("delete"), QStringLiteral("ana") });
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("deleted ana")), qPrintable(describe(r)));
        r = admin(data, { QStringLiteral("users"), QStringLiteral("list") });
        QVERIFY2(!r.out.contains(QStringLiteral("ana")) && r.out.contains(QStringLiteral("ben")), qPrintable(r.out));
        r = admin(data, { QStringLiteral("users"), QStringLiteral("delete"), QStringLiteral("ana") });
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("no user 'ana'")), qPrintable(describe(r)));
        // The login is free again; the new account is someone else.
        r = admin(data, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ana") }, AnaPassword);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));

        r = admin(data, { QStringLiteral("clear-throttle") });
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("nothing to clear")), qPrintable(describe(r)));

        QCOMPARE(auditRows(data, QStringLiteral("admin.user.created")), 3);
        QCOMPARE(auditRows(data, QStringLiteral("admin.user.deleted")), 1);
        QCOMPARE(auditRows(data, QStringLiteral("admin.password.reset")), 1);
        QCOMPARE(auditRows(data, QStringLiteral("admin.granted")), 1);
        QCOMPARE(auditRows(data, QStringLiteral("admin.revoked")), 1);
        QVERIFY(auditRows(data, QStringLiteral("admin.users.listed")) >= 3);
        QCOMPARE(auditRows(data, QStringLiteral("admin.refused")),
                 8); // the 8 refusals above (not the empty stdin: never sent)
        QVERIFY(!QFileInfo::exists(QDir(data).absoluteFilePath(QStringLiteral("tessera.lock")))); // released
    }

    // The data folder can come from the config file, as for the server.
    void dataFolderFromConfig()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("data"));
        QVERIFY(
            admin(data, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ana") }, AnaPassword).exitCode
            == 0);
        QFile config(dir.filePath(QStringLiteral("server.conf")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("data = " + QFile::encodeName(data) + '\n');
        config.close();
        const auto r = ServerProcess::runBinary({ QStringLiteral("admin"), QStringLiteral("--config"),
                                                  config.fileName(), QStringLiteral("users"), QStringLiteral("list") });
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("ana")), qPrintable(describe(r)));
    }

    // A crashed server leaves its socket file behind: the next command runs offline, the next
    // server replaces the file and answers on it.
    void staleSocketAfterCrash()
    {
        ServerProcess server;
        QVERIFY(admin(server, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ana") }, AnaPassword)
                    .exitCode
                == 0);
        QVERIFY(server.start());
        server.kill();
        const QString path = QDir(server.dataDir()).absoluteFilePath(QStringLiteral("admin.sock"));
        QVERIFY(QFileInfo::exists(path));
        auto r = admin(server, { QStringLiteral("clear-throttle") });
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("no server is running")), qPrintable(describe(r)));
        QVERIFY(server.start());
        r = admin(server, { QStringLiteral("clear-throttle") });
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("cleared the sign-in throttle")),
                 qPrintable(describe(r)));
    }

    void deleteWhileServing()
    {
        ServerProcess server;
        const auto anaAdded = admin(
            server,
            { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ana"), QStringLiteral("--admin") },
            AnaPassword);
        const auto benAdded
            = admin(server, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ben") }, BenPassword);
        QVERIFY(anaAdded.exitCode == 0 && benAdded.exitCode == 0);
        const QString anaId = createdId(anaAdded);
        const QString benId = createdId(benAdded);
        QVERIFY(!anaId.isEmpty() && !benId.isEmpty());
        QVERIFY(server.start());
        const BoardClient ben(&server, BoardClient::login(server, QStringLiteral("ben"), pw(BenPassword)));
        QVERIFY(!ben.token().isEmpty());
        const QString board = ben.createBoard(QStringLiteral("Ben's plans"));
        QVERIFY(!board.isEmpty());
        // The only owner of a board: deleting would leave it without one.
        auto r = admin(server, { QStringLiteral("users"), QStringLiteral("delete"), QStringLiteral("ben") });
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("only owner"))
                     && r.err.contains(QStringLiteral("Ben's plans")),
                 qPrintable(describe(r)));
        QCOMPARE(meStatus(server, ben.token()), 200);

        // With a second owner it goes: memberships, sessions and socket end; the board stays.
        QCOMPARE(
            ben.mutate(board,
                       op("member.add",
                          { { QStringLiteral("userId"), anaId }, { QStringLiteral("role"), QStringLiteral("owner") } }))
                .status,
            200);
        WsClient benWs;
        QCOMPARE(benWs.connectAs(server.url(), ben.token()).value(QStringLiteral("type")).toString(),
                 QStringLiteral("welcome"));
        r = admin(server, { QStringLiteral("users"), QStringLiteral("delete"), QStringLiteral("ben") });
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("left 1 board")), qPrintable(describe(r)));
        QVERIFY(benWs.waitClosed(10000));
        QCOMPARE(meStatus(server, ben.token()), 401);
        QCOMPARE(loginStatus(server, QStringLiteral("ben"), pw(BenPassword)), 401);
        QCOMPARE(countRows(server.dataDir(), QStringLiteral("SELECT COUNT(*) FROM members WHERE user_id = ?"), benId),
                 0);
        const BoardClient ana(&server, BoardClient::login(server, QStringLiteral("ana"), pw(AnaPassword)));
        QCOMPARE(ana.get(QStringLiteral("/api/v1/boards/%1/snapshot").arg(board)).status, 200);
        QVERIFY(healthy(server));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString dir = QStringLiteral("/nonexistent-tessera-admin-test");
        QTest::newRow("no command") << QStringList { QStringLiteral("--data"), dir } << QStringLiteral("no command");
        QTest::newRow("unknown command") << QStringList { QStringLiteral("--data"), dir, QStringLiteral("frobnicate") }
                                         << QStringLiteral("unknown command 'frobnicate'");
        QTest::newRow("unknown users command")
            << QStringList { QStringLiteral("--data"), dir, QStringLiteral("users"), QStringLiteral("frob") }
            << QStringLiteral("unknown command 'users frob'");
        QTest::newRow("missing login") << QStringList { QStringLiteral("--data"), dir, QStringLiteral("users"),
                                                        QStringLiteral("disable") }
                                       << QStringLiteral("needs LOGIN");
        QTest::newRow("extra argument") << QStringList { QStringLiteral("--data"), dir,
                                                         QStringLiteral("users"),  QStringLiteral("enable"),
                                                         QStringLiteral("a"),      QStringLiteral("b") }
                                        << QStringLiteral("unexpected argument 'b'");
        QTest::newRow("unknown option") << QStringList { QStringLiteral("--data"), dir, QStringLiteral("users"),
                                                         QStringLiteral("list"), QStringLiteral("--all") }
                                        << QStringLiteral("no option '--all'");
        QTest::newRow("server option") << QStringList { QStringLiteral("--listen"), QStringLiteral("1.2.3.4:5"),
                                                        QStringLiteral("users"), QStringLiteral("list") }
                                       << QStringLiteral("unknown option '--listen'");
        QTest::newRow("display name without value")
            << QStringList { QStringLiteral("--data"), dir,
                             QStringLiteral("users"),  QStringLiteral("add"),
                             QStringLiteral("x"),      QStringLiteral("--display-name") }
            << QStringLiteral("--display-name needs a NAME");
        QTest::newRow("backup without file") << QStringList { QStringLiteral("--data"), dir, QStringLiteral("backup") }
                                             << QStringLiteral("needs --to FILE");
        QTest::newRow("no data folder") << QStringList { QStringLiteral("--data"), dir, QStringLiteral("users"),
                                                         QStringLiteral("list") }
                                        << QStringLiteral("no data folder");
        QTest::newRow("no --data") << QStringList { QStringLiteral("users"), QStringLiteral("list") }
                                   << QStringLiteral("--data");
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = ServerProcess::runBinary(QStringList { QStringLiteral("admin") } + args);
        QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(message), qPrintable(describe(r)));
        QVERIFY2(r.out.isEmpty(), qPrintable(describe(r)));
        QVERIFY(!QFileInfo::exists(QStringLiteral("/nonexistent-tessera-admin-test")));
    }

    void rootRefusedOnAnotherUsersFolder()
    {
        if (::geteuid() != 0)
            QSKIP("needs root (to own a folder by someone else)");
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("data"));
        QVERIFY(
            admin(data, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ana") }, AnaPassword).exitCode
            == 0);
        const QByteArray path = QFile::encodeName(data);
        QVERIFY(::chown(path.constData(), 65534, 65534) == 0);
        const auto r = admin(data, { QStringLiteral("users"), QStringLiteral("list") });
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("run it as the folder's owner: sudo -u")),
                 qPrintable(describe(r)));
        QVERIFY(!QFileInfo::exists(QDir(data).absoluteFilePath(QStringLiteral("tessera.lock")))); // nothing written
    }

    // The running server executes the commands in its process: sockets close, tokens stop working.
    void disableClosesSocketsWhileServing()
    {
        ServerProcess server;
        QVERIFY(addAnaAndBen(server));
        QVERIFY(server.start());
        QVERIFY(QFileInfo(QDir(server.dataDir()).absoluteFilePath(QStringLiteral("admin.sock"))).exists());
        const QByteArray ana = BoardClient::login(server, QStringLiteral("ana"), pw(AnaPassword));
        const QByteArray ben = BoardClient::login(server, QStringLiteral("ben"), pw(BenPassword));
        QVERIFY(!ana.isEmpty() && !ben.isEmpty());
        WsClient anaWs, benWs;
        QCOMPARE(anaWs.connectAs(server.url(), ana).value(QStringLiteral("type")).toString(),
                 QStringLiteral("welcome"));
        QCOMPARE(benWs.connectAs(server.url(), ben).value(QStringLiteral("type")).toString(),
                 QStringLiteral("welcome"));

        auto r = admin(server, { QStringLiteral("users"), QStringLiteral("disable"), QStringLiteral("ben") });
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("ended 1 session")), qPrintable(describe(r)));
        QVERIFY(benWs.waitClosed(10000));
        QCOMPARE(meStatus(server, ben), 401);
        QCOMPARE(loginStatus(server, QStringLiteral("ben"), pw(BenPassword)), 401);
        QVERIFY(anaWs.isOpen()); // nobody else's
        QCOMPARE(meStatus(server, ana), 200);
        r = admin(server, { QStringLiteral("users"), QStringLiteral("list") });
        QVERIFY2(r.exitCode == 0 && r.out.split(QLatin1Char('\n')).value(2).contains(QStringLiteral(" yes ")),
                 qPrintable(describe(r)));
        r = admin(server, { QStringLiteral("users"), QStringLiteral("enable"), QStringLiteral("ben") });
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(loginStatus(server, QStringLiteral("ben"), pw(BenPassword)), 200);

        // Restore replaces the database: never under a serving server.
        r = admin(server, { QStringLiteral("restore"), QStringLiteral("--from"), QStringLiteral("/tmp/whatever.db") });
        QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("stop the server")), qPrintable(describe(r)));
        QVERIFY(healthy(server));
        QCOMPARE(server.process().state(), QProcess::Running);
        QCOMPARE(auditRows(server.dataDir(), QStringLiteral("admin.user.disabled")), 1);
    }

    void revokeAllSessionsWhileServing()
    {
        ServerProcess server;
        QVERIFY(addAnaAndBen(server));
        QVERIFY(server.start());
        const QByteArray ana = BoardClient::login(server, QStringLiteral("ana"), pw(AnaPassword));
        const QByteArray ben = BoardClient::login(server, QStringLiteral("ben"), pw(BenPassword));
        WsClient anaWs, benWs;
        QCOMPARE(anaWs.connectAs(server.url(), ana).value(QStringLiteral("type")).toString(),
                 QStringLiteral("welcome"));
        QCOMPARE(benWs.connectAs(server.url(), ben).value(QStringLiteral("type")).toString(),
                 QStringLiteral("welcome"));

        const auto r = admin(server, { QStringLiteral("revoke-sessions"), QStringLiteral("all") });
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("revoked 2 session(s)")), qPrintable(describe(r)));
        QVERIFY(anaWs.waitClosed(10000));
        QVERIFY(benWs.waitClosed(10000));
        QCOMPARE(meStatus(server, ana), 401);
        QCOMPARE(meStatus(server, ben), 401);
        QVERIFY(healthy(server));
        QCOMPARE(loginStatus(server, QStringLiteral("ana"), pw(AnaPassword)), 200);
    }

    void resetPasswordWhileServing()
    {
        ServerProcess server;
        QVERIFY(
            admin(server,
                  { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ana"), QStringLiteral("--admin") },
                  AnaPassword)
                .exitCode
            == 0);
        QVERIFY(server.start());
        const QByteArray token = BoardClient::login(server, QStringLiteral("ana"), pw(AnaPassword));
        WsClient ws;
        QCOMPARE(ws.connectAs(server.url(), token).value(QStringLiteral("type")).toString(), QStringLiteral("welcome"));
        const auto r
            = admin(server, { QStringLiteral("users"), QStringLiteral("reset-password"), QStringLiteral("ana") },
                    BenNewPassword);
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("ended 1 session")), qPrintable(describe(r)));
        QVERIFY(ws.waitClosed(10000));
        QCOMPARE(meStatus(server, token), 401);
        QCOMPARE(loginStatus(server, QStringLiteral("ana"), pw(AnaPassword)), 401);
        QCOMPARE(loginStatus(server, QStringLiteral("ana"), pw(BenNewPassword)), 200);
        QVERIFY(healthy(server));
    }

    void clearThrottleWhileServing()
    {
        ServerProcess server;
        QVERIFY(admin(server, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ben") }, BenPassword)
                    .exitCode
                == 0);
        QVERIFY(server.start());
        // Wrong passwords over real HTTP until the throttle answers 429 (bounded).
        int status = 0;
        for (int i = 0; i < 30 && status != 429; ++i)
            status = loginStatus(server, QStringLiteral("ben"), QStringLiteral("wrong password %1").arg(i));
        QCOMPARE(status, 429);
        QCOMPARE(loginStatus(server, QStringLiteral("ben"), pw(BenPassword)), 429); // even the right one, for now
        const auto r = admin(server, { QStringLiteral("clear-throttle"), QStringLiteral("ben") });
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("cleared")), qPrintable(describe(r)));
        QCOMPARE(loginStatus(server, QStringLiteral("ben"), pw(BenPassword)), 200);
        QCOMPARE(auditRows(server.dataDir(), QStringLiteral("admin.throttle.cleared")), 1);
    }

    void malformedRequestsOnTheSocket()
    {
        ServerProcess server;
        QVERIFY(admin(server, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ana") }, AnaPassword)
                    .exitCode
                == 0);
        QVERIFY(server.start());
        const QString path = QDir(server.dataDir()).absoluteFilePath(QStringLiteral("admin.sock"));
        const auto exchange = [&path](const QByteArray &bytes) -> QByteArray {
            QLocalSocket socket;
            socket.connectToServer(path);
            if (!socket.waitForConnected(5000))
                return QByteArray("not connected");
            socket.write(bytes);
            QByteArray answer;
            const bool done = QTest::qWaitFor(
                [&] {
                    answer += socket.readAll();
                    return answer.contains('\n') || socket.state() == QLocalSocket::UnconnectedState;
                },
                15000);
            answer += socket.readAll();
            return done ? answer : QByteArray("no answer: ") + answer;
        };
        QByteArray a = exchange("this is not json\n");
        QVERIFY2(a.contains("\"ok\":false") && a.contains("malformed request"), a.constData());
        a = exchange("{\"argv\":[1,2]}\n");
        QVERIFY2(a.contains("\"ok\":false") && a.contains("argv"), a.constData());
        a = exchange("{\"argv\":[\"users\",\"explode\"]}\n");
        QVERIFY2(a.contains("\"ok\":false") && a.contains("unknown command"), a.constData());
        a = exchange(QByteArray(200 * 1024, 'x'));
        QVERIFY2(a.contains("\"ok\":false") && a.contains("larger than"), a.constData());
        // A client that never finishes its request does not block others, and gets an answer
        // when its time is up.
        QLocalSocket silent;
        silent.connectToServer(path);
        QVERIFY(silent.waitForConnected(5000));
        silent.write("{\"argv\":");
        QVERIFY(silent.waitForBytesWritten(5000));
        a = exchange("{\"argv\":[\"users\",\"list\"]}\n");
        QVERIFY2(a.contains("\"ok\":true"), a.constData());
        QByteArray late;
        QVERIFY(QTest::qWaitFor(
            [&] {
                late += silent.readAll();
                return late.contains('\n');
            },
            30000));
        QVERIFY2(late.contains("\"ok\":false") && late.contains("no complete request"), late.constData());
        a = exchange("{\"argv\":[\"users\",\"list\"]}\n");
        QVERIFY2(a.contains("\"ok\":true") && a.contains("ana"), a.constData());
        QVERIFY(healthy(server));
        QCOMPARE(server.process().state(), QProcess::Running);
        server.stop();
        QVERIFY(!QFileInfo::exists(path)); // removed on shutdown
    }
};

QTEST_GUILESS_MAIN(TestAdminCli)
#include "tst_admincli.moc"
