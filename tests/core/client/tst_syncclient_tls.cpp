// TLS trust on first use for every server (issue #13, finding 8): a system-trusted
// server's key is pinned on the first successful connection; a first self-signed contact
// is not trusted silently but asked about (certificateDecisionNeeded, with the SPKI
// fingerprint); a changed key — an interceptor's self-signed certificate after a trusted
// one, or a renewal — is refused with an explanation until the person accepts it.
#include "support/syncharness.h"

#include "core/client/certificatepin.h"

#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>

using namespace Tessera::Core;
using namespace Tessera::Test;

class TestSyncClientTls : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_certs;

    bool openssl(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral("openssl"), args);
        return p.waitForFinished(30000) && p.exitCode() == 0;
    }
    QString path(const QString &name, const char *ext) const { return m_certs.filePath(name + QLatin1String(ext)); }
    // A self-signed EC certificate for 127.0.0.1.
    bool makeCertificate(const QString &name)
    {
        return openssl({ QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                         QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                         QStringLiteral("-keyout"), path(name, ".key"), QStringLiteral("-out"), path(name, ".pem"),
                         QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                         QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1") });
    }
    // A certificate for 127.0.0.1 issued by the test CA (which the test adds to the trusted roots).
    bool makeCaSigned(const QString &name)
    {
        const QString ext = m_certs.filePath(QStringLiteral("san.ext"));
        QFile f(ext);
        if (!f.open(QIODevice::WriteOnly) || f.write("subjectAltName=IP:127.0.0.1\n") < 0)
            return false;
        f.close();
        return openssl({ QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                         QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                         path(name, ".key"), QStringLiteral("-out"), path(name, ".csr"), QStringLiteral("-subj"),
                         QStringLiteral("/CN=127.0.0.1") })
                && openssl({ QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), path(name, ".csr"),
                             QStringLiteral("-CA"), path(QStringLiteral("ca"), ".pem"), QStringLiteral("-CAkey"),
                             path(QStringLiteral("ca"), ".key"), QStringLiteral("-CAcreateserial"), QStringLiteral("-days"),
                             QStringLiteral("2"), QStringLiteral("-extfile"), ext, QStringLiteral("-out"), path(name, ".pem") });
    }
    QStringList tlsArgs(const QString &name) const
    {
        return { QStringLiteral("--tls-cert"), path(name, ".pem"), QStringLiteral("--tls-key"), path(name, ".key") };
    }
    QSslCertificate certificate(const QString &name) const
    {
        QFile f(path(name, ".pem"));
        return f.open(QIODevice::ReadOnly) ? QSslCertificate(f.readAll()) : QSslCertificate();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is needed to make test certificates");
        QVERIFY(makeCertificate(QStringLiteral("a")));
        QVERIFY(makeCertificate(QStringLiteral("b")));
        QVERIFY(makeCertificate(QStringLiteral("ca")));
        QVERIFY(makeCaSigned(QStringLiteral("trusted")));
    }

    void pinDecisions()
    {
        QTemporaryDir dir;
        CertificatePin pin(dir.filePath(QStringLiteral("pin.txt")));
        const QSslCertificate a = certificate(QStringLiteral("a"));
        const QSslCertificate b = certificate(QStringLiteral("b"));
        QVERIFY(!a.isNull() && !b.isNull());
        QCOMPARE(CertificatePin::spkiHash(a).size(), 44);
        QVERIFY(CertificatePin::spkiHash(a) != CertificatePin::spkiHash(b));
        const QList<QSslError> selfSigned { QSslError(QSslError::SelfSignedCertificate, a) };
        // A first self-signed contact is a question, and nothing is pinned by asking.
        CertificateQuestion question;
        QCOMPARE(pin.check(a, selfSigned, nullptr, &question), CertificatePin::Verdict::NeedsDecision);
        QVERIFY(pin.pinned().isEmpty());
        QCOMPARE(question.fingerprint, CertificatePin::spkiHash(a));
        QCOMPARE(question.fingerprintHex.count(QLatin1Char(':')), 31);
        QVERIFY(!question.changed && !question.systemTrusted);
        QVERIFY(pin.trust(question.fingerprint));
        QCOMPARE(pin.check(a, selfSigned), CertificatePin::Verdict::Trusted);
        QCOMPARE(pin.check(a, {}), CertificatePin::Verdict::Trusted);
        // Another key: refused with an explanation, never re-pinned silently.
        QString why;
        QCOMPARE(pin.check(b, { QSslError(QSslError::SelfSignedCertificate, b) }, &why, &question), CertificatePin::Verdict::Changed);
        QVERIFY(why.contains(QStringLiteral("changed")));
        QVERIFY(question.changed);
        QCOMPARE(pin.check(b, {}, &why), CertificatePin::Verdict::Changed); // even if the system trusted it
        QCOMPARE(pin.pinned(), CertificatePin::spkiHash(a));
        QCOMPARE(pin.check(a, { QSslError(QSslError::CertificateExpired, a) }), CertificatePin::Verdict::Refused);
        // A certificate the system trusts is pinned on first contact without asking.
        pin.clear();
        QCOMPARE(pin.check(b, {}), CertificatePin::Verdict::Trusted);
        QCOMPARE(pin.pinned(), CertificatePin::spkiHash(b));
    }

    void firstSelfSignedContactAsksThenAChangeIsAHardError()
    {
        ServerProcess server;
        QVERIFY(server.start(QStringList { QStringLiteral("--demo") } + tlsArgs(QStringLiteral("a"))));
        QCOMPARE(server.url().scheme(), QStringLiteral("https"));
        Peer ana;
        SyncClient *c = ana.make(server.url());
        c->setPingIntervalMs(1000);
        QSignalSpy asked(c, &SyncClient::certificateDecisionNeeded);
        QSignalSpy signedIn(c, &SyncClient::signedIn);
        QSignalSpy failed(c, &SyncClient::signInFailed);
        c->signIn(QStringLiteral("ana"), DemoPassword);
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 10000);
        const auto question = asked.first().first().value<CertificateQuestion>();
        QCOMPARE(question.fingerprint, CertificatePin::spkiHash(certificate(QStringLiteral("a"))));
        QVERIFY(!question.changed);
        QTest::qWait(500); // the sign-in waits for the person: no failure, no session
        QCOMPARE(failed.size(), 0);
        QCOMPARE(signedIn.size(), 0);

        c->trustCertificate(question.fingerprint); // compared with what the admin said
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), SyncClient::State::Live, 10000); // https and wss
        BoardStore *store = c->openBoard(c->boards().isEmpty() ? QString() : c->boards().first().board.id);
        QTRY_VERIFY(store->itemCount() >= 10);

        const quint16 port = server.port();
        server.stop();
        QSignalSpy changed(c, &SyncClient::certificateChanged);
        QVERIFY(server.start(QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) }
                             + tlsArgs(QStringLiteral("b"))));
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 15000);
        QTRY_COMPARE(c->state(), SyncClient::State::Offline);
        QVERIFY(c->stateReason().contains(QStringLiteral("certificate has changed")));
        QCOMPARE(asked.size(), 2);
        const auto renewed = asked.last().first().value<CertificateQuestion>();
        QVERIFY(renewed.changed);
        QCOMPARE(renewed.fingerprint, CertificatePin::spkiHash(certificate(QStringLiteral("b"))));
        const int sockets = c->socketsOpened();
        QTest::qWait(1500); // no retry loop against a server we do not trust
        QCOMPARE(c->state(), SyncClient::State::Offline);
        QCOMPARE(c->socketsOpened(), sockets);

        c->trustCertificate(renewed.fingerprint); // the administrator confirmed the new certificate
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), SyncClient::State::Live, 10000);
        QVERIFY(c->certificateProblem().isEmpty());
    }

    void refusingAFirstContactFailsTheSignIn()
    {
        ServerProcess server;
        QVERIFY(server.start(QStringList { QStringLiteral("--demo") } + tlsArgs(QStringLiteral("a"))));
        Peer ana;
        SyncClient *c = ana.make(server.url());
        QSignalSpy asked(c, &SyncClient::certificateDecisionNeeded);
        QSignalSpy failed(c, &SyncClient::signInFailed);
        c->signIn(QStringLiteral("ana"), DemoPassword);
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 10000);
        c->refuseCertificate();
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("not trusted")));
        QCOMPARE(c->state(), SyncClient::State::SignedOut);
        QVERIFY(CertificatePin(CertificatePin::filePathFor(ana.cacheDir.path(), server.url())).pinned().isEmpty());
    }

    void systemTrustedServerIsPinnedAndAnInterceptorRefused()
    {
        // The test CA is trusted like a system root for this process.
        QSslConfiguration defaults = QSslConfiguration::defaultConfiguration();
        const QSslConfiguration original = defaults;
        defaults.addCaCertificate(certificate(QStringLiteral("ca")));
        QSslConfiguration::setDefaultConfiguration(defaults);
        const auto restore = qScopeGuard([&original] { QSslConfiguration::setDefaultConfiguration(original); });

        ServerProcess server;
        QVERIFY(server.start(QStringList { QStringLiteral("--demo") } + tlsArgs(QStringLiteral("trusted"))));
        Peer ana;
        SyncClient *c = ana.make(server.url());
        c->setPingIntervalMs(1000);
        QSignalSpy asked(c, &SyncClient::certificateDecisionNeeded);
        QVERIFY(signIn(c, QStringLiteral("ana"))); // no question: the system vouches for it
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), SyncClient::State::Live, 10000);
        QCOMPARE(asked.size(), 0);
        const CertificatePin pin(CertificatePin::filePathFor(ana.cacheDir.path(), server.url()));
        QCOMPARE(pin.pinned(), CertificatePin::spkiHash(certificate(QStringLiteral("trusted")))); // pinned all the same

        // Someone in the middle answers with their own self-signed certificate.
        const quint16 port = server.port();
        server.stop();
        QVERIFY(server.start(QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) }
                             + tlsArgs(QStringLiteral("b"))));
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 15000);
        QVERIFY(asked.first().first().value<CertificateQuestion>().changed);
        QTRY_COMPARE(c->state(), SyncClient::State::Offline);
        QVERIFY(c->stateReason().contains(QStringLiteral("certificate has changed")));
        QCOMPARE(pin.pinned(), CertificatePin::spkiHash(certificate(QStringLiteral("trusted")))); // not replaced
    }
};

QTEST_GUILESS_MAIN(TestSyncClientTls)
#include "tst_syncclient_tls.moc"
