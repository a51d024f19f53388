// The one rule for a request's client address (TrustedProxies): the right-most
// X-Forwarded-For hop that is not a trusted proxy, and only when the TCP peer is one.
#include "server/http/trustedproxies.h"

#include <QTest>

using namespace Tessera::Server;

class TestTrustedProxies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clientAddress_data()
    {
        QTest::addColumn<QString>("trusted");
        QTest::addColumn<QString>("peer");
        QTest::addColumn<QByteArray>("forwardedFor");
        QTest::addColumn<QString>("client");
        const QString proxies = QStringLiteral("127.0.0.1, 10.0.0.0/8, fd00::/8");
        QTest::newRow("no proxies: header ignored")
            << QString() << "127.0.0.1" << QByteArray("203.0.113.7") << "127.0.0.1";
        QTest::newRow("untrusted peer: header ignored")
            << proxies << "192.0.2.1" << QByteArray("203.0.113.7") << "192.0.2.1";
        QTest::newRow("trusted peer") << proxies << "127.0.0.1" << QByteArray("203.0.113.7") << "203.0.113.7";
        QTest::newRow("right-most untrusted hop")
            << proxies << "127.0.0.1" << QByteArray("198.51.100.1, 203.0.113.7, 10.2.3.4") << "203.0.113.7";
        QTest::newRow("spoofed left part ignored")
            << proxies << "127.0.0.1" << QByteArray("1.1.1.1,203.0.113.7") << "203.0.113.7";
        QTest::newRow("all hops trusted: left-most")
            << proxies << "127.0.0.1" << QByteArray("10.0.0.5, 10.0.0.6") << "10.0.0.5";
        QTest::newRow("missing header") << proxies << "127.0.0.1" << QByteArray() << "127.0.0.1";
        QTest::newRow("malformed entry") << proxies << "127.0.0.1" << QByteArray("203.0.113.7, bogus") << "127.0.0.1";
        QTest::newRow("empty entry") << proxies << "127.0.0.1" << QByteArray("203.0.113.7,,") << "127.0.0.1";
        QTest::newRow("hop with port") << proxies << "127.0.0.1" << QByteArray("203.0.113.7:5555") << "203.0.113.7";
        QTest::newRow("bracketed IPv6") << proxies << "127.0.0.1" << QByteArray("[2001:db8::1]:443") << "2001:db8::1";
        QTest::newRow("IPv6 proxy range") << proxies << "fd00::2" << QByteArray("2001:db8::9") << "2001:db8::9";
        QTest::newRow("IPv4-mapped peer")
            << proxies << "::ffff:127.0.0.1" << QByteArray("203.0.113.7") << "203.0.113.7";
    }
    void clientAddress()
    {
        QFETCH(QString, trusted);
        QFETCH(QString, peer);
        QFETCH(QByteArray, forwardedFor);
        QFETCH(QString, client);
        QString error;
        const auto proxies = TrustedProxies::parse(trusted, &error);
        QVERIFY2(proxies, qPrintable(error));
        QCOMPARE(proxies->clientAddress(QHostAddress(peer), forwardedFor), client);
    }

    void badListsAreNamed_data()
    {
        QTest::addColumn<QString>("list");
        QTest::addColumn<QString>("named");
        QTest::newRow("host name") << "127.0.0.1, proxy.example"
                                   << "proxy.example";
        QTest::newRow("bad prefix") << "10.0.0.0/33"
                                    << "10.0.0.0/33";
        QTest::newRow("garbage") << "1.2.3.4.5"
                                 << "1.2.3.4.5";
    }
    void badListsAreNamed()
    {
        QFETCH(QString, list);
        QFETCH(QString, named);
        QString error;
        QVERIFY(!TrustedProxies::parse(list, &error));
        QVERIFY2(error.startsWith(QStringLiteral("--trusted-proxies"))
                     && error.contains(QLatin1Char('\'') + named + QLatin1Char('\'')),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestTrustedProxies)
#include "tst_trustedproxies.moc"
