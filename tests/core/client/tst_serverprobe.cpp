// ServerProbe: what a person types as the server becomes a URL — https when the server
// speaks it (a self-signed certificate included), http with a warning when it does not,
// and a clear error when nothing answers. Against the real server, plain and with TLS.
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
