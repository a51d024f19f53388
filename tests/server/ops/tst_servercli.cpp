// The tessera-server binary as an admin uses it: start on port 0, health, add-user, bad arguments.
#include "support/serverprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Tessera::Test;

class TestServerCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY2(!ServerProcess::binary().isEmpty(), "TESSERA_SERVER_BIN is not set"); }

    void startsOnPortZeroAndAnswersHealth()
    {
        ServerProcess server;
        QVERIFY(server.start());
        QVERIFY(server.port() > 0);
        QVERIFY(server.output().startsWith(QStringLiteral("listening on http://127.0.0.1:%1\n").arg(server.port())));
        const HttpResult health = httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/api/v1/health"))));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QVERIFY(!health.json().value(QStringLiteral("epoch")).toString().isEmpty());
        server.stop();
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.process().exitCode(), 0); // SIGTERM is a clean shutdown
        const QString err = QString::fromUtf8(server.process().readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("shut down cleanly")), qPrintable(err));
        QVERIFY2(!err.contains(QStringLiteral("still in use")), qPrintable(err)); // the database closes last
    }

    void restartKeepsEpoch()
    {
        ServerProcess server;
        QVERIFY(server.start());
        const QUrl health = server.url().resolved(QUrl(QStringLiteral("/api/v1/health")));
        const QString epoch = httpRequest("GET", health).json().value(QStringLiteral("epoch")).toString();
        server.stop();
        QVERIFY(server.start());
        QCOMPARE(httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/api/v1/health")))).json().value(QStringLiteral("epoch")).toString(), epoch);
        server.stop();
        const auto r = server.run({ QStringLiteral("--new-epoch") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(server.start());
        QVERIFY(httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/api/v1/health")))).json().value(QStringLiteral("epoch")).toString() != epoch);
    }

    void addUser()
    {
        ServerProcess server;
        auto r = server.run({ QStringLiteral("--add-user"), QStringLiteral("Ana"), QStringLiteral("--password-stdin"),
                              QStringLiteral("--admin"), QStringLiteral("--display-name"), QStringLiteral("Ana A") },
                            "correct horse\n");
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("created user ana")));
        QVERIFY(r.out.contains(QStringLiteral("server admin")));
        r = server.run({ QStringLiteral("--add-user"), QStringLiteral("ana"), QStringLiteral("--password-stdin") }, "another one\n");
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QStringLiteral("already exists")));
        r = server.run({ QStringLiteral("--add-user"), QStringLiteral("bob"), QStringLiteral("--password-stdin") }, "short\n");
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QStringLiteral("at least 8")));
        r = server.run({ QStringLiteral("--add-user"), QStringLiteral("no spaces"), QStringLiteral("--password-stdin") }, "long enough\n");
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QStringLiteral("a login is")));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no data") << QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") } << QStringLiteral("--data DIR is required");
        QTest::newRow("bad listen") << QStringList { QStringLiteral("--data"), QStringLiteral("/tmp/x"), QStringLiteral("--listen"), QStringLiteral("nowhere") } << QStringLiteral("--listen expects HOST:PORT");
        QTest::newRow("port too big") << QStringList { QStringLiteral("--data"), QStringLiteral("/tmp/x"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:70000") } << QStringLiteral("--listen expects HOST:PORT");
        QTest::newRow("unknown option") << QStringList { QStringLiteral("--frobnicate") } << QStringLiteral("frobnicate");
        QTest::newRow("password on argv") << QStringList { QStringLiteral("--data"), QStringLiteral("/tmp/x"), QStringLiteral("--add-user"), QStringLiteral("a") } << QStringLiteral("--password-stdin");
        QTest::newRow("half tls") << QStringList { QStringLiteral("--data"), QStringLiteral("/tmp/x"), QStringLiteral("--tls-cert"), QStringLiteral("c.pem") } << QStringLiteral("go together");
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = ServerProcess::runBinary(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void helpDocumentsEveryOption()
    {
        const auto r = ServerProcess::runBinary({ QStringLiteral("--help") });
        QCOMPARE(r.exitCode, 0);
        for (const char *option : { "--data", "--listen", "--add-user", "--password-stdin", "--admin", "--display-name",
                                    "--new-epoch", "--tls-cert", "--tls-key", "--demo" })
            QVERIFY2(r.out.contains(QLatin1String(option)), option);
    }

    void demoSeedsUsersAndBoardOnce()
    {
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        const auto api = [&](const char *path) { return server.url().resolved(QUrl(QLatin1String(path))); };
        const auto login = httpRequest("POST", api("/api/v1/login"), R"({"login":"ben","password":"tessera-demo"})");
        QCOMPARE(login.status, 200);
        const QByteArray token = login.json().value(QStringLiteral("token")).toString().toLatin1();
        auto boards = httpRequest("GET", api("/api/v1/boards"), {}, token).json().value(QStringLiteral("boards")).toArray();
        QCOMPARE(boards.size(), 1);
        const QJsonObject board = boards.at(0).toObject();
        QCOMPARE(board.value(QStringLiteral("name")).toString(), QStringLiteral("Product launch"));
        QCOMPARE(board.value(QStringLiteral("role")).toString(), QStringLiteral("editor"));
        const QUrl snapshotUrl = server.url().resolved(QUrl(QStringLiteral("/api/v1/boards/%1/snapshot").arg(board.value(QStringLiteral("id")).toString())));
        const QJsonObject snapshot = httpRequest("GET", snapshotUrl, {}, token).json();
        QCOMPARE(snapshot.value(QStringLiteral("items")).toArray().size(), 10);
        QCOMPARE(snapshot.value(QStringLiteral("members")).toArray().size(), 3);
        const auto inbox = httpRequest("GET", api("/api/v1/inbox"), {}, token).json();
        bool mentioned = false;
        for (const QJsonValue &n : inbox.value(QStringLiteral("notifications")).toArray())
            mentioned |= n.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("mention");
        QVERIFY(mentioned);
        server.stop();
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        const auto again = httpRequest("POST", api("/api/v1/login"), R"({"login":"ben","password":"tessera-demo"})");
        boards = httpRequest("GET", api("/api/v1/boards"), {}, again.json().value(QStringLiteral("token")).toString().toLatin1())
                         .json().value(QStringLiteral("boards")).toArray();
        QCOMPARE(boards.size(), 1);
    }

    // Found following docs/admin.md: --demo on a real server's folder added demo accounts
    // with a published password and a demo board. Now the demo is for an empty folder only.
    void demoIsIgnoredWhereUsersExist()
    {
        ServerProcess server;
        QVERIFY(server.addUser(QStringLiteral("root"), QStringLiteral("tessera-test-pass"), true));
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        const auto api = [&](const char *path) { return server.url().resolved(QUrl(QLatin1String(path))); };
        QCOMPARE(httpRequest("POST", api("/api/v1/login"), R"({"login":"ana","password":"tessera-demo"})").status, 401);
        const auto login = httpRequest("POST", api("/api/v1/login"), R"({"login":"root","password":"tessera-test-pass"})");
        QCOMPARE(login.status, 200);
        const QByteArray token = login.json().value(QStringLiteral("token")).toString().toLatin1();
        QVERIFY(httpRequest("GET", api("/api/v1/boards"), {}, token).json().value(QStringLiteral("boards")).toArray().isEmpty());
    }

    // Root on the service's folder would leave files the service cannot open: refused, and
    // nothing is written (no lock, no -wal, no TLS key).
    void rootIsRefusedOnTheServicesFolder()
    {
        if (::geteuid() != 0)
            QSKIP("needs root (to own a folder by someone else)");
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(data));
        QVERIFY(::chown(QFile::encodeName(data).constData(), 65534, 65534) == 0);
        for (const QStringList &args : { QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") },
                                         QStringList { QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0"),
                                                       QStringLiteral("--show-fingerprint") },
                                         QStringList { QStringLiteral("--new-epoch") } }) {
            const auto r = ServerProcess::runBinary(QStringList { QStringLiteral("--data"), data } + args);
            QVERIFY2(r.exitCode == 1 && r.err.contains(QLatin1String("run it as the folder's owner: sudo -u")),
                     qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err));
        }
        QCOMPARE(QDir(data).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }

    // The attachments' folder (--files-dir) is checked at start like the data folder: root
    // is refused on someone else's, and one that cannot be made is a clear error.
    void filesDirIsCheckedAtStart()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("data"));
        const QString notAFolder = dir.filePath(QStringLiteral("plain-file"));
        QFile plain(notAFolder);
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        const auto start = [&data](const QString &files) {
            return ServerProcess::runBinary({ QStringLiteral("--data"), data, QStringLiteral("--listen"),
                                              QStringLiteral("127.0.0.1:0"), QStringLiteral("--files-dir"), files });
        };
        auto r = start(notAFolder + QStringLiteral("/files"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("cannot create the attachments folder %1/files (--files-dir)").arg(notAFolder)),
                 qPrintable(r.err));
        r = start(notAFolder);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("the attachments folder %1 (--files-dir) is not a folder").arg(notAFolder)),
                 qPrintable(r.err));

        // Two servers (two databases) on one attachments folder: the second is refused, its
        // sweep would delete the first one's files.
        const QString shared = dir.filePath(QStringLiteral("shared"));
        ServerProcess first;
        QVERIFY(first.start({ QStringLiteral("--files-dir"), shared }));
        ServerProcess second;
        r = second.run({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--files-dir"), shared });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is serving %1; one attachments folder (--files-dir) is used by one server")
                                        .arg(shared)),
                 qPrintable(r.err));
        first.stop();
        QVERIFY(second.start({ QStringLiteral("--files-dir"), shared })); // free again once the first is gone
        second.stop();

        if (::geteuid() != 0)
            QSKIP("the rest needs root (to own a folder by someone else)");
        const QString foreign = dir.filePath(QStringLiteral("foreign"));
        QVERIFY(QDir().mkpath(foreign));
        QVERIFY(::chown(QFile::encodeName(foreign).constData(), 65534, 65534) == 0);
        r = start(foreign);
        QVERIFY2(r.exitCode == 1 && r.err.contains(foreign + QStringLiteral(" belongs to "))
                         && r.err.contains(QLatin1String("run it as the folder's owner: sudo -u")),
                 qPrintable(r.err));
        QCOMPARE(QDir(foreign).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }

    void portInUseIsAClearError()
    {
        ServerProcess first;
        QVERIFY(first.start());
        ServerProcess second;
        const auto r = second.run({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(first.port()) });
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QStringLiteral("cannot listen")));
    }
};

QTEST_GUILESS_MAIN(TestServerCli)
#include "tst_servercli.moc"
