// SelfSignedCert: what the certificate a server makes for itself holds.
#include "server/ops/selfsignedcert.h"

#include <QHostInfo>
#include <QSslCertificate>
#include <QSslCertificateExtension>
#include <QSslKey>
#include <QTest>

using Tessera::Server::SelfSignedCert;

class TestSelfSignedCert : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void certifiesTheServersNamesForItsValidity()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QHostAddress listen(QStringLiteral("192.0.2.7"));
        const SelfSignedCert::Result made = SelfSignedCert::create(SelfSignedCert::forServer(listen, now));
        QVERIFY2(made.error.isEmpty(), qPrintable(made.error));
        const QSslCertificate certificate(made.certificatePem);
        QVERIFY(!certificate.isNull());
        QCOMPARE(certificate.version(), QByteArray("3"));
        QCOMPARE(certificate.publicKey().algorithm(), QSsl::Ec);
        QCOMPARE(certificate.publicKey().length(), 256);
        QVERIFY(certificate.isSelfSigned());
        const auto names = certificate.subjectAlternativeNames();
        QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
        const QString host = QHostInfo::localHostName();
        if (!host.isEmpty() && host != QLatin1String("localhost"))
            QVERIFY2(names.values(QSsl::DnsEntry).contains(host), qPrintable(host));
        QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
        QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("192.0.2.7")));
        bool sawBasicConstraints = false;
        for (const QSslCertificateExtension &extension : certificate.extensions()) {
            if (extension.name() == QLatin1String("basicConstraints")) {
                sawBasicConstraints = true;
                QCOMPARE(extension.value().toMap().value(QStringLiteral("ca")).toBool(), false);
            }
        }
        QVERIFY(sawBasicConstraints);
        QVERIFY(certificate.effectiveDate() <= now);
        QVERIFY(certificate.expiryDate() >= now.addDays(SelfSignedCert::ValidityDays).addSecs(-5));
        QVERIFY(certificate.expiryDate() <= now.addDays(SelfSignedCert::ValidityDays).addSecs(5));
        QVERIFY(!QSslKey(made.keyPem, QSsl::Ec, QSsl::Pem).isNull());
    }

    void anyAddressIsNotNamed()
    {
        const auto request
            = SelfSignedCert::forServer(QHostAddress(QHostAddress::AnyIPv4), QDateTime::currentDateTimeUtc());
        QCOMPARE(request.addresses, QList<QHostAddress> { QHostAddress(QHostAddress::LocalHost) });
    }

    void serialsAreRandomAndAGivenKeyIsKept()
    {
        const SelfSignedCert::Request request
            = SelfSignedCert::forServer(QHostAddress(QHostAddress::LocalHost), QDateTime::currentDateTimeUtc());
        const SelfSignedCert::Result first = SelfSignedCert::create(request);
        SelfSignedCert::Request again = request;
        again.keyPem = first.keyPem;
        const SelfSignedCert::Result second = SelfSignedCert::create(again);
        QVERIFY(first.error.isEmpty() && second.error.isEmpty());
        const QSslCertificate a(first.certificatePem);
        const QSslCertificate b(second.certificatePem);
        QVERIFY(a.serialNumber() != b.serialNumber());
        QCOMPARE(a.publicKey().toDer(), b.publicKey().toDer());
        const SelfSignedCert::Result third = SelfSignedCert::create(request);
        QVERIFY(a.publicKey().toDer() != QSslCertificate(third.certificatePem).publicKey().toDer());
    }

    void refusesWhatItCannotCertify()
    {
        SelfSignedCert::Request request
            = SelfSignedCert::forServer(QHostAddress(QHostAddress::LocalHost), QDateTime::currentDateTimeUtc());
        request.keyPem = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n";
        SelfSignedCert::Result r = SelfSignedCert::create(request);
        QVERIFY2(r.error.contains(QStringLiteral("reading the key failed")), qPrintable(r.error));
        QVERIFY(r.certificatePem.isEmpty());
        request.keyPem.clear();
        request.dnsNames << QStringLiteral("evil,IP:10.0.0.1");
        r = SelfSignedCert::create(request);
        QVERIFY2(r.error.contains(QStringLiteral("is not a DNS name")), qPrintable(r.error));
    }
};

QTEST_GUILESS_MAIN(TestSelfSignedCert)
#include "tst_selfsignedcert.moc"
