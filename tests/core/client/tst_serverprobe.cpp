// ServerProbe: what a person types as the server becomes a URL — https when the server
// speaks it (a self-signed certificate included), http with a warning when it does not,
// and a clear error when nothing answers; a comma-separated list of nodes, each entry
// checked. Against the real server, plain and with TLS.
#include "core/client/apiclient.h"
#include "core/client/serverprobe.h"
#include "support/serverprocess.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;

class TstServerProbe : public QObject
{
    Q_OBJECT

private:
    static std::optional<Core::ServerProbe::Result> resolve(const QString &typed)
    {
        Core::ServerProbe probe;
        std::optional<Core::ServerProbe::Result> result;
        probe.resolve(typed, [&result](const Core::ServerProbe::Result &r) { result = r; });
        if (!QTest::qWaitFor([&result] { return result.has_value(); }, 20000))
            return std::nullopt;
        return result;
    }

private Q_SLOTS:
    void hostAndPortOfAPlainServerIsHttpWithAWarning()
    {
        Test::ServerProcess server;
        QVERIFY(server.start());
        const QString typed = QStringLiteral("127.0.0.1:%1").arg(server.port());
        const auto r = resolve(typed);
        QVERIFY(r);
        QVERIFY2(r->error.isEmpty(), qPrintable(r->error));
        QCOMPARE(r->url, QUrl(QStringLiteral("http://") + typed));
        QVERIFY(r->note.contains(QStringLiteral("not encrypted")));
    }

    // A server that answers 503 "degraded" (its disk is nearly full) is there: the probe
    // takes it, and the health check says reachable and names the problem.
    void aDegradedServerIsReachableWithItsProblem()
    {
        Test::ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--min-free-disk-mb"), QStringLiteral("1000000000") }));
        const auto r = resolve(QStringLiteral("127.0.0.1:%1").arg(server.port()));
        QVERIFY(r);
        QVERIFY2(r->error.isEmpty(), qPrintable(r->error));
        Core::ApiClient api;
        api.setServer(server.url());
        QSignalSpy checked(&api, &Core::ApiClient::healthChecked);
        api.checkHealth();
        QVERIFY(checked.wait(15000));
        QCOMPARE(checked.first().at(0).toBool(), true);
        QVERIFY2(checked.first().at(2).toString().contains(QLatin1String("free")), qPrintable(checked.first().at(2).toString()));
    }

    void aSchemeIsTakenAsTyped()
    {
        const auto r = resolve(QStringLiteral("https://tessera.invalid:7420"));
        QVERIFY(r);
        QCOMPARE(r->url, QUrl(QStringLiteral("https://tessera.invalid:7420")));
        QVERIFY(r->note.isEmpty());
        QVERIFY(!resolve(QStringLiteral("ftp://host"))->error.isEmpty());
        QVERIFY(!resolve(QStringLiteral("not a host"))->error.isEmpty());
    }

    void nobodyListeningIsAnError()
    {
        QTcpServer closed; // a port that was free a moment ago
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        const auto r = resolve(QStringLiteral("127.0.0.1:%1").arg(port));
        QVERIFY(r);
        QVERIFY(r->url.isEmpty());
        QVERIFY2(r->error.contains(QStringLiteral("Could not reach")), qPrintable(r->error));
    }

    // Several nodes of one server, one line: the first node is down, so the second's
    // answer decides the scheme of both; the order is kept (the first is the identity).
    void aListOfNodesTakesTheSchemeOfTheOneThatAnswers()
    {
        Test::ServerProcess server;
        QVERIFY(server.start());
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 dead = closed.serverPort();
        closed.close();
        const QString typed = QStringLiteral(" 127.0.0.1:%1 , 127.0.0.1:%2").arg(dead).arg(server.port());
        const auto r = resolve(typed);
        QVERIFY(r);
        QVERIFY2(r->error.isEmpty(), qPrintable(r->error));
        const QList<QUrl> expected { QUrl(QStringLiteral("http://127.0.0.1:%1").arg(dead)),
                                     QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())) };
        QCOMPARE(r->servers.urls(), expected);
        QCOMPARE(r->url, expected.first());
        QCOMPARE(r->servers.toText(), QStringLiteral("http://127.0.0.1:%1,http://127.0.0.1:%2").arg(dead).arg(server.port()));

        // A scheme on one entry is the scheme of all: no probing.
        const auto typedWithScheme = resolve(QStringLiteral("https://a.invalid:7420,b.invalid:7420"));
        QVERIFY(typedWithScheme);
        QCOMPARE(typedWithScheme->servers.urls(),
                 (QList<QUrl> { QUrl(QStringLiteral("https://a.invalid:7420")), QUrl(QStringLiteral("https://b.invalid:7420")) }));

        // Nobody answers: an error naming every attempt.
        const auto none = resolve(QStringLiteral("127.0.0.1:%1,127.0.0.1:%1").arg(dead).replace(QStringLiteral(",127"), QStringLiteral(",localhost")));
        QVERIFY(none);
        QVERIFY(none->url.isEmpty());
        QVERIFY2(none->error.contains(QStringLiteral("any of")) && none->error.contains(QStringLiteral("localhost")), qPrintable(none->error));
    }

    // A bad entry is named in the message; nothing is probed.
    void aBadEntryIsNamed_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("named");
        QTest::newRow("not an address") << QStringLiteral("https://a:7420,not a host") << QStringLiteral("\"not a host\"");
        QTest::newRow("wrong scheme") << QStringLiteral("ftp://a:21,https://b:7420") << QStringLiteral("\"ftp://a:21\"");
        QTest::newRow("empty entry") << QStringLiteral("https://a:7420,,https://b:7420") << QStringLiteral("2 of 3 is empty");
        QTest::newRow("twice") << QStringLiteral("https://a:7420, https://a:7420") << QStringLiteral("listed twice");
    }
    void aBadEntryIsNamed()
    {
        QFETCH(QString, typed);
        QFETCH(QString, named);
        const auto r = resolve(typed);
        QVERIFY(r);
        QVERIFY(r->url.isEmpty());
        QVERIFY2(r->error.contains(named), qPrintable(r->error));
        QString error;
        QVERIFY(Core::ServerList::parse(typed, QStringLiteral("https"), &error).isEmpty());
        QCOMPARE(error, r->error);
    }

    void aSelfSignedTlsServerIsHttps()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is needed to make a test certificate");
        QTemporaryDir certs;
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                        QStringLiteral("-keyout"), certs.filePath(QStringLiteral("k.pem")), QStringLiteral("-out"),
                        certs.filePath(QStringLiteral("c.pem")), QStringLiteral("-days"), QStringLiteral("2"),
                        QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1") });
        QVERIFY(openssl.waitForFinished(30000) && openssl.exitCode() == 0);
        Test::ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--tls-cert"), certs.filePath(QStringLiteral("c.pem")),
                               QStringLiteral("--tls-key"), certs.filePath(QStringLiteral("k.pem")) }));
        const QString typed = QStringLiteral("127.0.0.1:%1").arg(server.port());
        const auto r = resolve(typed);
        QVERIFY(r);
        QVERIFY2(r->error.isEmpty(), qPrintable(r->error));
        QCOMPARE(r->url, QUrl(QStringLiteral("https://") + typed));
        QVERIFY(r->note.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstServerProbe)
#include "tst_serverprobe.moc"
