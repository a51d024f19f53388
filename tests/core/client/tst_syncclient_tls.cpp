// TLS trust on first use: a self-signed server certificate is pinned; a new one is a hard error.
#include "support/syncharness.h"

#include "core/client/certificatepin.h"

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QStandardPaths>

using namespace Tessera::Core;
using namespace Tessera::Test;

class TestSyncClientTls : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_certs;

    bool makeCertificate(const QString &name)
    {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                        QStringLiteral("-keyout"), m_certs.filePath(name + QStringLiteral(".key")), QStringLiteral("-out"),
                        m_certs.filePath(name + QStringLiteral(".pem")), QStringLiteral("-days"), QStringLiteral("2"),
                        QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1") });
        return openssl.waitForFinished(30000) && openssl.exitCode() == 0;
    }
    QStringList tlsArgs(const QString &name) const
    {
        return { QStringLiteral("--tls-cert"), m_certs.filePath(name + QStringLiteral(".pem")), QStringLiteral("--tls-key"),
                 m_certs.filePath(name + QStringLiteral(".key")) };
    }
    QSslCertificate certificate(const QString &name) const
    {
        QFile f(m_certs.filePath(name + QStringLiteral(".pem")));
        return f.open(QIODevice::ReadOnly) ? QSslCertificate(f.readAll()) : QSslCertificate();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is needed to make test certificates");
        QVERIFY(makeCertificate(QStringLiteral("a")));
        QVERIFY(makeCertificate(QStringLiteral("b")));
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
        QCOMPARE(pin.check(a, selfSigned), CertificatePin::Verdict::Trusted); // first use: pinned
        QCOMPARE(pin.pinned(), CertificatePin::spkiHash(a));
        QCOMPARE(pin.check(a, selfSigned), CertificatePin::Verdict::Trusted);
        QString why;
        QCOMPARE(pin.check(b, { QSslError(QSslError::SelfSignedCertificate, b) }, &why), CertificatePin::Verdict::Changed);
        QVERIFY(why.contains(QStringLiteral("changed")));
        QCOMPARE(pin.check(a, { QSslError(QSslError::CertificateExpired, a) }), CertificatePin::Verdict::Refused);
        pin.clear();
        QCOMPARE(pin.check(b, { QSslError(QSslError::SelfSignedCertificate, b) }), CertificatePin::Verdict::Trusted);
    }

    void pinnedOnFirstUseAndAChangeIsAHardError()
    {
        ServerProcess server;
        QVERIFY(server.start(QStringList { QStringLiteral("--demo") } + tlsArgs(QStringLiteral("a"))));
        QCOMPARE(server.url().scheme(), QStringLiteral("https"));
        Peer ana;
        SyncClient *c = ana.make(server.url());
        c->setPingIntervalMs(1000);
        QVERIFY(signIn(c, QStringLiteral("ana")));
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
        const int sockets = c->socketsOpened();
        QTest::qWait(1500); // no retry loop against a server we do not trust
        QCOMPARE(c->state(), SyncClient::State::Offline);
        QCOMPARE(c->socketsOpened(), sockets);

        c->trustNewCertificate(); // the administrator confirmed the new certificate
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), SyncClient::State::Live, 10000);
        QVERIFY(c->certificateProblem().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSyncClientTls)
#include "tst_syncclient_tls.moc"
