// Issue #15, item 7 (logging): the running server's messages go through Qt categories,
// under journald with the syslog priority prefix, otherwise "tessera-server: [category]";
// --log-level and --log-rules choose what is written; one start line says what is served.
#include "support/serverprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QTest>

using namespace Tessera::Test;

class TestServerLogging : public QObject
{
    Q_OBJECT

private:
    // Starts, stops (SIGTERM) and returns everything the server wrote to stderr.
    static QString stderrOfARun(ServerProcess &server, const QStringList &args)
    {
        if (!server.start(args))
            return QStringLiteral("(did not start)");
        server.stop();
        return QString::fromUtf8(server.process().readAllStandardError());
    }

    static QString startLine(const ServerProcess &server)
    {
        return QStringLiteral("tessera-server 0.1.0 serving %1, plain http (no TLS), database %2, data folder %3")
            .arg(server.url().toString(QUrl::StripTrailingSlash),
                 QDir(server.dataDir()).absoluteFilePath(QStringLiteral("tessera.db")),
                 QDir(server.dataDir()).absolutePath());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(!ServerProcess::binary().isEmpty(), "TESSERA_SERVER_BIN is not set"); }
    void cleanup() { qunsetenv("JOURNAL_STREAM"); }

    void journaldLinesCarryTheirPriority()
    {
        qputenv("JOURNAL_STREAM", "8:424242"); // what systemd sets when stderr is the journal
        ServerProcess server;
        const QString err = stderrOfARun(server, { QStringLiteral("--demo") });
        const QStringList lines = err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.contains(QStringLiteral("<6>[tessera.server] ") + startLine(server)), qPrintable(err));
        QVERIFY2(lines.contains(QStringLiteral("<6>[tessera.server] shut down cleanly")), qPrintable(err));
        for (const QString &line : lines)
            QVERIFY2(line.startsWith(QLatin1Char('<')) && line.at(2) == QLatin1Char('>'), qPrintable(line));
        // The line tools parse is unchanged on stdout.
        QCOMPARE(server.output(),
                 QStringLiteral("listening on %1\n").arg(server.url().toString(QUrl::StripTrailingSlash)));
    }

    void warningsArePriorityFourUnderJournald()
    {
        ServerProcess first;
        QVERIFY(first.addUser(QStringLiteral("someone"), QStringLiteral("a-long-enough-password-1"))); // a real user
        qputenv("JOURNAL_STREAM", "8:424242");
        const QString err = stderrOfARun(first, { QStringLiteral("--demo") }); // --demo on a used folder: a warning
        QVERIFY2(err.contains(QStringLiteral("<4>[tessera.server] --demo ignored")), qPrintable(err));
    }

    void plainStderrNamesTheServerAndCategory()
    {
        ServerProcess server;
        const QString err = stderrOfARun(server, {});
        QVERIFY2(err.split(QLatin1Char('\n'))
                     .contains(QStringLiteral("tessera-server: [tessera.server] ") + startLine(server)),
                 qPrintable(err));
        QVERIFY(!err.contains(QStringLiteral("<6>")));
    }

    void levelAndRulesChooseWhatIsWritten()
    {
        ServerProcess quiet;
        QString err = stderrOfARun(quiet, { QStringLiteral("--log-level"), QStringLiteral("warning") });
        QVERIFY2(!err.contains(QStringLiteral("serving")) && !err.contains(QStringLiteral("shut down")),
                 qPrintable(err));
        // A rule over the level turns one category back on.
        ServerProcess ruled;
        err = stderrOfARun(ruled,
                           { QStringLiteral("--log-level"), QStringLiteral("error"), QStringLiteral("--log-rules"),
                             QStringLiteral("tessera.server.info=true;tessera.server.warning=true") });
        QVERIFY2(err.contains(startLine(ruled)), qPrintable(err));
    }

    void badLevelOrRulesAreNamed()
    {
        auto r = ServerProcess::runBinary(
            { QStringLiteral("--data"), QDir::tempPath(), QStringLiteral("--log-level"), QStringLiteral("chatty") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("--log-level expects error, warning, info or debug (got 'chatty')")),
                 qPrintable(r.err));
        r = ServerProcess::runBinary({ QStringLiteral("--data"), QDir::tempPath(), QStringLiteral("--log-rules"),
                                       QStringLiteral("tessera.http.debug=maybe") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("--log-rules expects Qt filter rules")), qPrintable(r.err));
        r = ServerProcess::runBinary({ QStringLiteral("--data"), QDir::tempPath(), QStringLiteral("--trusted-proxies"),
                                       QStringLiteral("127.0.0.1,proxy.example") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("'proxy.example' is neither")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestServerLogging)
#include "tst_serverlogging.moc"
