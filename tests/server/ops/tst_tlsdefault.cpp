// TLS by default (issue #15): the real tessera-server on any address serves https with a
// self-signed certificate it makes once and keeps, prints its fingerprint, and refuses a key
// that is not its certificate's. Tests only ever connect to 127.0.0.1.
#include "core/client/certificatepin.h"
#include "server/ops/selfsignedcert.h"
#include "support/serverprocess.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera::Test;
using Tessera::Core::CertificatePin;
using Tessera::Server::SelfSignedCert;

namespace {

const QStringList anyAddress { QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0") };

// The fingerprint of the "TLS certificate ..." line the server printed to stderr.
QString printedFingerprint(ServerProcess &server, QString *line = nullptr)
{
    static const QRegularExpression pattern(
        QStringLiteral("(TLS certificate \\S+ \\([^)]*\\), SPKI SHA-256 ([0-9A-F:]{95}))\n"));
    QString err;
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        err += QString::fromUtf8(server.process().readAllStandardError());
        const auto match = pattern.match(err);
        if (match.hasMatch()) {
            if (line)
                *line = match.captured(1);
            return match.captured(2);
        }
        server.process().waitForReadyRead(100);
    }
    qWarning("no fingerprint line in: %s", qPrintable(err));
    return {};
}

// Everything the server wrote to stderr so far (kept in `seen`: each read takes it from the pipe).
QString standardError(ServerProcess &server, QString *seen)
{
    server.process().waitForReadyRead(100);
    *seen += QString::fromUtf8(server.process().readAllStandardError());
    return *seen;
}

struct HttpsResult
{
    int status = 0;
    QByteArray body;
    QString peerFingerprint; // what the client computed from the certificate it was shown
};

// GET over TLS, accepting the server's certificate only if the client's fingerprint of it
// (CertificatePin, as the first-contact dialog shows it) is `acceptFingerprint`.
HttpsResult httpsGet(const QUrl &url, const QString &acceptFingerprint)
{
    QNetworkAccessManager nam;
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    HttpsResult r;
    QObject::connect(
        reply, &QNetworkReply::sslErrors, reply, [&r, reply, acceptFingerprint](const QList<QSslError> &errors) {
            r.peerFingerprint
                = CertificatePin::hexOf(CertificatePin::spkiHash(reply->sslConfiguration().peerCertificate()));
            if (r.peerFingerprint == acceptFingerprint && CertificatePin::onlyTrustErrors(errors))
                reply->ignoreSslErrors(errors);
        });
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(15000);
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    reply->deleteLater();
    return r;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A certificate and key made with our generator, valid from `from` to `until`.
SelfSignedCert::Result makePair(const QDateTime &from, const QDateTime &until, const QByteArray &keyPem = {})
{
    SelfSignedCert::Request request
        = SelfSignedCert::forServer(QHostAddress(QHostAddress::LocalHost), QDateTime::currentDateTimeUtc());
    request.notBefore = from;
    request.notAfter = until;
    request.keyPem = keyPem;
    return SelfSignedCert::create(request);
}

// openssl's SPKI SHA-256 of a PEM certificate, as "AB:CD:..."; empty without the openssl CLI.
QString opensslFingerprint(const QString &certificatePath)
{
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        return {};
    QProcess pubkey;
    pubkey.start(QStringLiteral("openssl"),
                 { QStringLiteral("x509"), QStringLiteral("-in"), certificatePath, QStringLiteral("-noout"),
                   QStringLiteral("-pubkey") });
    if (!pubkey.waitForFinished(20000))
        return {};
    QProcess der;
    der.start(QStringLiteral("openssl"),
              { QStringLiteral("pkey"), QStringLiteral("-pubin"), QStringLiteral("-outform"), QStringLiteral("DER") });
    der.write(pubkey.readAllStandardOutput());
    der.closeWriteChannel();
    if (!der.waitForFinished(20000))
        return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(der.readAllStandardOutput(), QCryptographicHash::Sha256).toHex(':').toUpper());
}

} // namespace

class TestTlsDefault : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!ServerProcess::binary().isEmpty(), "TESSERA_SERVER_BIN is not set");
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
    }

    void anyAddressServesTlsWithAKeptSelfSignedCertificate()
    {
        ServerProcess server;
        QVERIFY(server.start(anyAddress));
        QCOMPARE(server.url().scheme(), QStringLiteral("https"));
        const QString tls = QDir(server.dataDir()).filePath(QStringLiteral("tls"));
        const QString certificatePath = QDir(tls).filePath(QStringLiteral("server.crt"));
        const QString keyPath = QDir(tls).filePath(QStringLiteral("server.key"));
        QVERIFY(QFileInfo::exists(certificatePath));
        QVERIFY(QFileInfo::exists(keyPath));
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
            | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        QCOMPARE(QFileInfo(keyPath).permissions() & (others | QFileDevice::ReadOwner | QFileDevice::WriteOwner),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner); // 0600

        QString line;
        const QString fingerprint = printedFingerprint(server, &line);
        QVERIFY(!fingerprint.isEmpty());
        QVERIFY2(line.startsWith(QStringLiteral("TLS certificate %1 (self-signed, created now)").arg(certificatePath)),
                 qPrintable(line));
        const QString independent = opensslFingerprint(certificatePath);
        if (!independent.isEmpty())
            QCOMPARE(fingerprint, independent); // the digest is of the real SubjectPublicKeyInfo

        const QUrl health(QStringLiteral("https://127.0.0.1:%1/api/v1/health").arg(server.port()));
        HttpsResult r = httpsGet(health, fingerprint);
        QCOMPARE(r.peerFingerprint, fingerprint); // the client computes what the server printed
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("\"status\":\"ok\""));
        // A client that does not accept this key gets nothing.
        r = httpsGet(health, QStringLiteral("00:11"));
        QCOMPARE(r.status, 0);

        // Plain HTTP to the TLS port: no HTTP answer, the connection is closed.
        QTcpSocket plain;
        plain.connectToHost(QHostAddress(QHostAddress::LocalHost), server.port());
        QVERIFY(plain.waitForConnected(5000));
        plain.write("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QByteArray answer;
        QDeadlineTimer closed(10000);
        while (plain.state() != QAbstractSocket::UnconnectedState && !closed.hasExpired()) {
            plain.waitForReadyRead(100);
            answer += plain.readAll();
        }
        answer += plain.readAll();
        QCOMPARE(plain.state(), QAbstractSocket::UnconnectedState);
        QVERIFY2(!answer.contains("HTTP/1."), answer.left(200).constData());

        // Restart: the same certificate, so the pins clients hold stay valid.
        const QByteArray certificatePem = readFile(certificatePath);
        server.stop();
        QVERIFY(server.start(anyAddress));
        QCOMPARE(printedFingerprint(server, &line), fingerprint);
        QVERIFY2(line.contains(QStringLiteral("(self-signed, reused)")), qPrintable(line));
        QCOMPARE(readFile(certificatePath), certificatePem);
        QCOMPARE(
            httpsGet(QUrl(QStringLiteral("https://127.0.0.1:%1/api/v1/health").arg(server.port())), fingerprint).status,
            200);

        // --show-fingerprint prints the same value, also while the server runs.
        const ServerProcess::Result shown = server.run({ QStringLiteral("--show-fingerprint") });
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(shown.out.trimmed(), fingerprint);
    }

    void insecureHttpServesPlainHttpOnAnyAddressWithAWarning()
    {
        ServerProcess server;
        QVERIFY(server.start(anyAddress + QStringList { QStringLiteral("--insecure-http") }));
        QCOMPARE(server.url().scheme(), QStringLiteral("http"));
        QCOMPARE(
            httpRequest("GET", QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/health").arg(server.port()))).status,
            200);
        QString err;
        QTRY_VERIFY_WITH_TIMEOUT(
            standardError(server, &err).contains(QStringLiteral("--insecure-http: serving plain HTTP on 0.0.0.0")),
            10000);
        QVERIFY(!QFileInfo::exists(QDir(server.dataDir()).filePath(QStringLiteral("tls"))));
    }

    void loopbackServesPlainHttpWithoutFlags()
    {
        ServerProcess server;
        QVERIFY(server.start()); // 127.0.0.1:0
        QCOMPARE(server.url().scheme(), QStringLiteral("http"));
        QCOMPARE(httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/api/v1/health")))).status, 200);
        QVERIFY(!QFileInfo::exists(QDir(server.dataDir()).filePath(QStringLiteral("tls"))));
        server.stop();
        QVERIFY(
            !QString::fromUtf8(server.process().readAllStandardError()).contains(QStringLiteral("TLS certificate")));
    }

    void givenCertificateIsServedAndShownAlike()
    {
        QTemporaryDir pki;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const SelfSignedCert::Result pair = makePair(now.addSecs(-60), now.addDays(90));
        QVERIFY2(pair.error.isEmpty(), qPrintable(pair.error));
        const QString certificatePath = pki.filePath(QStringLiteral("cert.pem"));
        const QString keyPath = pki.filePath(QStringLiteral("key.pem"));
        QVERIFY(writeFile(certificatePath, pair.certificatePem));
        QVERIFY(writeFile(keyPath, pair.keyPem));
        QVERIFY(
            QFile::setPermissions(keyPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        const QStringList files { QStringLiteral("--tls-cert"), certificatePath, QStringLiteral("--tls-key"), keyPath };

        ServerProcess server;
        QVERIFY(server.start(files)); // on 127.0.0.1: a given certificate serves TLS there too
        QCOMPARE(server.url().scheme(), QStringLiteral("https"));
        QString line;
        const QString fingerprint = printedFingerprint(server, &line);
        QVERIFY2(line.startsWith(QStringLiteral("TLS certificate %1 (from --tls-cert)").arg(certificatePath)),
                 qPrintable(line));
        QCOMPARE(httpsGet(server.url().resolved(QUrl(QStringLiteral("/api/v1/health"))), fingerprint).status, 200);
        const ServerProcess::Result shown = server.run(QStringList { QStringLiteral("--show-fingerprint") } + files);
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(shown.out.trimmed(), fingerprint);
        QVERIFY2(shown.err.contains(QStringLiteral("the TLS key %1 may be read by others than its owner").arg(keyPath)),
                 qPrintable(shown.err));
        // With a certificate given, no data folder is needed to show its fingerprint.
        const ServerProcess::Result noData
            = ServerProcess::runBinary(QStringList { QStringLiteral("--show-fingerprint") } + files);
        QCOMPARE(noData.exitCode, 0);
        QCOMPARE(noData.out.trimmed(), fingerprint);
        QVERIFY(!QFileInfo::exists(QDir(server.dataDir()).filePath(QStringLiteral("tls"))));
    }

    void refusesAKeyOfAnotherCertificate()
    {
        QTemporaryDir pki;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const SelfSignedCert::Result one = makePair(now.addSecs(-60), now.addDays(90));
        const SelfSignedCert::Result two = makePair(now.addSecs(-60), now.addDays(90));
        QVERIFY(one.error.isEmpty() && two.error.isEmpty());
        const QString certificatePath = pki.filePath(QStringLiteral("one.crt"));
        const QString keyPath = pki.filePath(QStringLiteral("two.key"));
        QVERIFY(writeFile(certificatePath, one.certificatePem));
        QVERIFY(writeFile(keyPath, two.keyPem));
        const QStringList files { QStringLiteral("--tls-cert"), certificatePath, QStringLiteral("--tls-key"), keyPath };
        for (const QStringList &args : { QStringList {}, QStringList { QStringLiteral("--show-fingerprint") } }) {
            ServerProcess server;
            const ServerProcess::Result r
                = server.run(args + QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") } + files);
            QVERIFY(r.exitCode != 0);
            QVERIFY2(r.err.contains(QStringLiteral("the TLS key %1 does not belong to the certificate %2")
                                        .arg(keyPath, certificatePath)),
                     qPrintable(r.err));
        }
    }

    void refusesACertificateOutOfItsValidity_data()
    {
        QTest::addColumn<int>("fromDays");
        QTest::addColumn<int>("untilDays");
        QTest::addColumn<QString>("message");
        QTest::newRow("expired") << -30 << -1 << QStringLiteral("expired on");
        QTest::newRow("not yet valid") << 2 << 90 << QStringLiteral("is not valid before");
    }

    void refusesACertificateOutOfItsValidity()
    {
        QFETCH(int, fromDays);
        QFETCH(int, untilDays);
        QFETCH(QString, message);
        QTemporaryDir pki;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const SelfSignedCert::Result pair = makePair(now.addDays(fromDays), now.addDays(untilDays));
        QVERIFY2(pair.error.isEmpty(), qPrintable(pair.error));
        const QString certificatePath = pki.filePath(QStringLiteral("cert.pem"));
        const QString keyPath = pki.filePath(QStringLiteral("key.pem"));
        QVERIFY(writeFile(certificatePath, pair.certificatePem));
        QVERIFY(writeFile(keyPath, pair.keyPem));
        ServerProcess server;
        const ServerProcess::Result r
            = server.run({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--tls-cert"),
                           certificatePath, QStringLiteral("--tls-key"), keyPath });
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("the TLS certificate %1 %2").arg(certificatePath, message)),
                 qPrintable(r.err));
    }

    void renewsAnEndingSelfSignedCertificateWithTheSameKey()
    {
        ServerProcess server;
        const QString tls = QDir(server.dataDir()).filePath(QStringLiteral("tls"));
        QVERIFY(QDir().mkpath(tls));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const SelfSignedCert::Result ending = makePair(now.addDays(-800), now.addDays(2));
        QVERIFY2(ending.error.isEmpty(), qPrintable(ending.error));
        const QString certificatePath = QDir(tls).filePath(QStringLiteral("server.crt"));
        const QString keyPath = QDir(tls).filePath(QStringLiteral("server.key"));
        QVERIFY(writeFile(certificatePath, ending.certificatePem));
        QVERIFY(writeFile(keyPath, ending.keyPem));
        QVERIFY(QFile::setPermissions(keyPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const QString before = CertificatePin::hexOf(CertificatePin::spkiHash(QSslCertificate(ending.certificatePem)));

        QVERIFY(server.start(anyAddress));
        QString line;
        QCOMPARE(printedFingerprint(server, &line), before); // the same key: pins stay valid
        QVERIFY2(line.contains(QStringLiteral("(self-signed, renewed with the same key)")), qPrintable(line));
        const QSslCertificate renewed(readFile(certificatePath));
        QVERIFY(renewed.expiryDate() > now.addDays(SelfSignedCert::ValidityDays - 1));
        QCOMPARE(readFile(keyPath), ending.keyPem);
    }
};

QTEST_GUILESS_MAIN(TestTlsDefault)
#include "tst_tlsdefault.moc"
