// TLS against the real server: with --tls-cert/--tls-key the one port serves https and
// wss (TLS 1.2 or later); a client that trusts the certificate runs a whole session.
#include "support/wsclient.h"

#include <QProcess>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace Tessera::Test;

class TestWsTls : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    ServerProcess m_server;
    QSslConfiguration m_ssl;

private Q_SLOTS:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            QSKIP("openssl is not installed (scripts/setup.sh installs it)");
        const QString cert = m_dir.filePath(QStringLiteral("cert.pem"));
        const QString key = m_dir.filePath(QStringLiteral("key.pem"));
        QProcess p;
        p.start(openssl, { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                           QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                           QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
                           QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert });
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const auto certs = QSslCertificate::fromPath(cert);
        QCOMPARE(certs.size(), 1);
        // Trust exactly this certificate, for the HTTP helper and the WebSocket client.
        m_ssl = QSslConfiguration::defaultConfiguration();
        m_ssl.setCaCertificates(certs);
        QSslConfiguration::setDefaultConfiguration(m_ssl);

        QVERIFY(m_server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.start({ QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key }));
        QCOMPARE(m_server.url().scheme(), QStringLiteral("https"));
    }

    void httpsWorks()
    {
        const HttpResult health = httpRequest("GET", m_server.url().resolved(QUrl(QStringLiteral("/api/v1/health"))));
        QCOMPARE(health.status, 200);
    }

    void wssSession()
    {
        const QByteArray token = BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass"));
        QVERIFY(!token.isEmpty());
        const QString board = BoardClient(&m_server, token).createBoard(QStringLiteral("Secure"));
        QVERIFY(!board.isEmpty());
        WsClient c(m_ssl);
        QCOMPARE(frameType(c.connectAs(m_server.url(), token)), QStringLiteral("welcome"));
        const QSsl::SslProtocol protocol = c.socket().sslConfiguration().sessionProtocol();
        QVERIFY(protocol == QSsl::TlsV1_2 || protocol == QSsl::TlsV1_3);
        const QString stream = QStringLiteral("board:") + board;
        const QJsonObject sub = c.subscribe(stream);
        QCOMPARE(sub.value(QStringLiteral("mode")).toString(), QStringLiteral("live"));
        const QJsonObject ack = c.mutate(board, op("item.create", { { QStringLiteral("itemId"), QStringLiteral("s1") },
                                                                    { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("tls") } } },
                                                                    { QStringLiteral("rank"), QStringLiteral("U") } }));
        QCOMPARE(frameType(ack), QStringLiteral("ack"));
        StreamTracker t(stream, sub.value(QStringLiteral("headSeq")).toInteger());
        QVERIFY(c.follow(t, ack.value(QStringLiteral("seq")).toInteger()));
        QCOMPARE(t.events.last().value(QStringLiteral("kind")).toString(), QStringLiteral("item.created"));
    }

    void plainSocketIsRefused()
    {
        QUrl plain = m_server.url();
        plain.setScheme(QStringLiteral("http"));
        WsClient c;
        QVERIFY(!c.open(plain, 1500));
    }
};

QTEST_GUILESS_MAIN(TestWsTls)
#include "tst_wstls.moc"
