// SIGHUP makes the real tessera-server read its config file again: the reloadable settings
// (here the largest request body and the /metrics scrape token) are in force over real HTTP
// at once, a changed setting that needs a restart is named and left as it was, a file that
// no longer validates changes nothing, and the server keeps serving throughout.
#include "support/serverprocess.h"

#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Tessera::Test;

class TestConfigReload : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_stderr;

    QString write(const QString &name, const QByteArray &text)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        f.write(text);
        return path;
    }

    // Sends SIGHUP and waits for a stderr line with `line` in it (after the logger's
    // "tessera-server: [tessera.server] "); returns it from there.
    QString reload(ServerProcess &server, const QString &line)
    {
        m_stderr.clear();
        if (::kill(pid_t(server.process().processId()), SIGHUP) != 0)
            return QStringLiteral("kill failed");
        QString found;
        [[maybe_unused]] const bool ended = QTest::qWaitFor(
                [&] {
                    m_stderr += QString::fromUtf8(server.process().readAllStandardError());
                    const qsizetype at = m_stderr.indexOf(line);
                    const qsizetype end = m_stderr.indexOf(QLatin1Char('\n'), at);
                    if (at >= 0 && end > at)
                        found = m_stderr.mid(at, end - at);
                    return !found.isEmpty() || server.process().state() != QProcess::Running;
                },
                15000);
        return found.isEmpty() ? QStringLiteral("no such line in: ") + m_stderr : found;
    }

    // POST /api/v1/login with a body of `size` bytes (>= 1100): 413 when it is over the
    // limit, else 400 (read, then refused for its 1000+ character password).
    static int postBody(ServerProcess &server, int size)
    {
        QByteArray body = "{\"login\":\"nobody\",\"password\":\"";
        body += QByteArray(size - body.size() - 2, 'p') + "\"}";
        return httpRequest("POST", server.url().resolved(QUrl(QStringLiteral("/api/v1/login"))), body).status;
    }

    // GET /metrics as relayed by a trusted proxy on this machine for a scraper elsewhere.
    static int scrape(ServerProcess &server, const QByteArray &token)
    {
        QNetworkAccessManager nam;
        QNetworkRequest request(server.url().resolved(QUrl(QStringLiteral("/metrics"))));
        request.setRawHeader("X-Forwarded-For", "203.0.113.7");
        request.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *reply = nam.get(request);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 15000))
            return 0;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        delete reply;
        return status;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("TESSERA_CONFIG", QFile::encodeName(m_dir.filePath(QStringLiteral("absent.conf"))));
        QVERIFY2(!ServerProcess::binary().isEmpty(), "TESSERA_SERVER_BIN is not set");
    }

    void reloadAppliesLimitsAndKeepsServing()
    {
        const QString path = write(QStringLiteral("limits.conf"), "[server]\nmax-body-bytes = 2000\n");
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--config"), path }));
        QCOMPARE(postBody(server, 3000), 413);
        QCOMPARE(postBody(server, 1500), 400);

        write(QStringLiteral("limits.conf"), "[server]\nmax-body-bytes = 4000\ndemo = true\n");
        QCOMPARE(reload(server, QStringLiteral("reloaded ")),
                 QStringLiteral("reloaded %1: changed max-body-bytes; demo needs a restart").arg(path));
        QCOMPARE(server.process().state(), QProcess::Running);
        QCOMPARE(postBody(server, 3000), 400); // the new limit is in force
        QCOMPARE(postBody(server, 5000), 413);

        // A file that no longer validates changes nothing.
        write(QStringLiteral("limits.conf"), "[server]\nmax-body-bytes = 100\nmax-sockets-per-user = lots\n");
        QCOMPARE(reload(server, QStringLiteral("reload failed")),
                 QStringLiteral("reload failed, the running settings stay: %1:3: key 'max-sockets-per-user': "
                                "expects a whole number from 1 to 100000 (got 'lots')")
                         .arg(path));
        QCOMPARE(server.process().state(), QProcess::Running);
        QCOMPARE(postBody(server, 3000), 400); // still 4000, not 100
        QCOMPARE(postBody(server, 5000), 413);

        // Unchanged: nothing to apply. The command line still wins over the file.
        write(QStringLiteral("limits.conf"), "[server]\nmax-body-bytes = 4000\ndemo = true\nlisten = 127.0.0.1:1\n");
        QCOMPARE(reload(server, QStringLiteral("reloaded ")),
                 QStringLiteral("reloaded %1: demo needs a restart").arg(path));
        QCOMPARE(httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/api/v1/health")))).status, 200);

        server.stop();
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.process().exitCode(), 0);
    }

    // The attachments' folder does not move under a running server: a new files-dir is
    // named as needing a restart, and the server keeps (and holds) the folder it started with.
    void filesDirNeedsARestart()
    {
        const QString first = m_dir.filePath(QStringLiteral("files-a"));
        const QString second = m_dir.filePath(QStringLiteral("files-b"));
        const QString path = write(QStringLiteral("files.conf"), "[server]\nfiles-dir = " + QFile::encodeName(first) + "\n");
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--config"), path }));
        QVERIFY(QFileInfo::exists(first + QStringLiteral("/tessera-files.lock")));

        write(QStringLiteral("files.conf"), "[server]\nfiles-dir = " + QFile::encodeName(second) + "\n");
        QCOMPARE(reload(server, QStringLiteral("reloaded ")),
                 QStringLiteral("reloaded %1: files-dir needs a restart").arg(path));
        QCOMPARE(server.process().state(), QProcess::Running);
        QVERIFY(!QFileInfo::exists(second));
        QVERIFY(QFileInfo::exists(first + QStringLiteral("/tessera-files.lock")));

        QVERIFY(server.start({ QStringLiteral("--config"), path })); // a restart takes it
        QVERIFY(QFileInfo::exists(second + QStringLiteral("/tessera-files.lock")));
    }

    // Log levels change live, and the access log is opened again under its name on every
    // reload (logrotate moved the old file away).
    void reloadChangesLogLevelsAndReopensTheAccessLog()
    {
        const QString accessLog = m_dir.filePath(QStringLiteral("access.log"));
        const QString path = write(QStringLiteral("logs.conf"),
                                   QStringLiteral("[server]\nlog-level = warning\naccess-log = %1\n").arg(accessLog).toUtf8());
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--config"), path }));
        QCOMPARE(httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/api/v1/health")))).status, 200);
        QTRY_VERIFY(QFileInfo(accessLog).size() > 0);
        QVERIFY(QFile::rename(accessLog, accessLog + QStringLiteral(".1")));

        // At "warning" the info line of a reload would not show: that it shows proves the
        // new level is in force.
        write(QStringLiteral("logs.conf"), QStringLiteral("[server]\nlog-level = info\naccess-log = %1\n").arg(accessLog).toUtf8());
        QCOMPARE(reload(server, QStringLiteral("reloaded ")), QStringLiteral("reloaded %1: changed log-level").arg(path));
        QVERIFY(QFile::exists(accessLog));
        QCOMPARE(httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/api/v1/health")))).status, 200);
        QTRY_VERIFY(QFileInfo(accessLog).size() > 0);
        QFile fresh(accessLog);
        QVERIFY(fresh.open(QIODevice::ReadOnly));
        QVERIFY(fresh.readAll().contains("GET /api/v1/health 200"));
        server.stop();
    }

    // The scrape token file rewritten in place (the path unchanged) is a new token.
    void reloadRotatesTheMetricsToken()
    {
        const QByteArray oldToken = "old-scrape-token-0123456789";
        const QByteArray newToken = "new-scrape-token-9876543210";
        const QString tokenFile = write(QStringLiteral("token"), oldToken + '\n');
        const QString path = write(QStringLiteral("metrics.conf"), "metrics-token-file = " + QFile::encodeName(tokenFile) + "\n");
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--config"), path, QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1") }));
        QCOMPARE(scrape(server, oldToken), 200);
        QCOMPARE(scrape(server, newToken), 403);

        write(QStringLiteral("token"), newToken + '\n');
        QCOMPARE(reload(server, QStringLiteral("reloaded ")),
                 QStringLiteral("reloaded %1: changed metrics-token-file").arg(path));
        QCOMPARE(scrape(server, newToken), 200);
        QCOMPARE(scrape(server, oldToken), 403);

        // A token too short to be one: refused, the running token stays.
        write(QStringLiteral("token"), "short\n");
        QVERIFY(reload(server, QStringLiteral("reload failed")).contains(QStringLiteral("key 'metrics-token-file'")));
        QCOMPARE(scrape(server, newToken), 200);
        QCOMPARE(server.process().state(), QProcess::Running);
    }
};

QTEST_GUILESS_MAIN(TestConfigReload)
#include "tst_configreload.moc"
