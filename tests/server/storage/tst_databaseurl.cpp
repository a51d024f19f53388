// The --database URL (issue #16): the forms the server accepts and the errors for the rest.
#include "server/storage/databaseurl.h"

#include <QTest>

using namespace Tessera::Server;
using namespace Qt::StringLiterals;

class TestDatabaseUrl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesTheAcceptedForms_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("options");
        QTest::newRow("full") << u"postgresql://ana:s3cret@db.example.com:6432/tessera"_s << u"db.example.com"_s << 6432
                              << u"ana"_s << u"s3cret"_s << u"tessera"_s << u""_s;
        QTest::newRow("socket folder") << u"postgresql://tessera@/t_1?host=/tmp/pg-abc"_s << u"/tmp/pg-abc"_s << -1
                                       << u"tessera"_s << u""_s << u"t_1"_s << u""_s;
        QTest::newRow("postgres scheme") << u"postgres://db/tessera"_s << u"db"_s << -1 << u""_s << u""_s
                                         << u"tessera"_s << u""_s;
        QTest::newRow("scheme in capitals")
            << u"PostgreSQL://db/tessera"_s << u"db"_s << -1 << u""_s << u""_s << u"tessera"_s << u""_s;
        QTest::newRow("percent-encoded") << u"postgresql://an%40a:p%3Aw%2Fd%40x@%2Fvar%2Frun%2Fpostgresql/my%20db"_s
                                         << u"/var/run/postgresql"_s << -1 << u"an@a"_s << u"p:w/d@x"_s << u"my db"_s
                                         << u""_s;
        QTest::newRow("ipv6") << u"postgresql://u@[::1]:5433/tessera"_s << u"::1"_s << 5433 << u"u"_s << u""_s
                              << u"tessera"_s << u""_s;
        QTest::newRow("options") << u"postgresql://db/tessera?sslmode=require&connect_timeout=5&port=7000"_s << u"db"_s
                                 << 7000 << u""_s << u""_s << u"tessera"_s << u"sslmode=require;connect_timeout=5"_s;
        QTest::newRow("everything as parameters") << u"postgresql:///?host=/run/pg&user=u&password=p&dbname=d"_s
                                                  << u"/run/pg"_s << -1 << u"u"_s << u"p"_s << u"d"_s << u""_s;
    }
    void parsesTheAcceptedForms()
    {
        QFETCH(QString, url);
        QString error;
        const auto parsed = DatabaseUrl::parse(url, &error);
        QVERIFY2(parsed, qPrintable(error));
        QTEST(parsed->host, "host");
        QTEST(parsed->port, "port");
        QTEST(parsed->user, "user");
        QTEST(parsed->password, "password");
        QTEST(parsed->database, "database");
        QTEST(parsed->options, "options");
    }

    void badUrlsGetErrorsNamingTheProblem_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no database") << u"postgresql://tessera@db.example.com"_s << u"no database name"_s;
        QTest::newRow("empty database") << u"postgresql://tessera@db.example.com/"_s << u"no database name"_s;
        QTest::newRow("wrong scheme") << u"mysql://root@db/tessera"_s
                                      << u"must start with postgresql://, not mysql://"_s;
        QTest::newRow("no scheme") << u"db.example.com/tessera"_s << u"must start with postgresql://"_s;
        QTest::newRow("a file path") << u"/var/lib/tessera/tessera.db"_s << u"must start with postgresql://"_s;
        QTest::newRow("port not a number") << u"postgresql://db:54x2/tessera"_s << u"port is not a number"_s;
        QTest::newRow("port too big") << u"postgresql://db:65536/tessera"_s
                                      << u"port is not a number from 1 to 65535"_s;
        QTest::newRow("port zero") << u"postgresql://db:0/tessera"_s << u"port is not a number"_s;
        QTest::newRow("empty port") << u"postgresql://db:/tessera"_s << u"port is not a number"_s;
        QTest::newRow("bad port parameter") << u"postgresql://db/tessera?port=-1"_s << u"port is not a number"_s;
        QTest::newRow("several hosts") << u"postgresql://a:5432,b:5432/tessera"_s << u"several hosts"_s;
        QTest::newRow("slash in the path") << u"postgresql://db/tessera/extra"_s << u"only the database name"_s;
        QTest::newRow("unclosed ipv6") << u"postgresql://[::1/tessera"_s << u"IPv6"_s;
        QTest::newRow("parameter without value") << u"postgresql://db/tessera?sslmode"_s << u"key=value"_s;
        QTest::newRow("unsafe option value")
            << u"postgresql://db/tessera?application_name=a%20b"_s << u"application_name"_s;
    }
    void badUrlsGetErrorsNamingTheProblem()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!DatabaseUrl::parse(url, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(!DatabaseUrl::parse(url, nullptr)); // the error is optional
    }

    void errorsNeverShowThePassword()
    {
        // An unencoded '/' in the password cuts the URL in the wrong place: the error must
        // not quote the pieces, which are parts of the password.
        QString error;
        QVERIFY(!DatabaseUrl::parse(QStringLiteral("postgresql://ana:pw1x/pw2y:pw3z@db/tessera"), &error));
        QVERIFY(!error.isEmpty());
        for (const auto piece : { "pw1x", "pw2y", "pw3z" })
            QVERIFY2(!error.contains(QLatin1String(piece)), qPrintable(error));
    }

    void redactedHidesThePasswordAndRoundTrips_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("password") << u"postgres://ana:s3cret@db:6432/tessera"_s
                                  << u"postgresql://ana:***@db:6432/tessera"_s;
        QTest::newRow("socket") << u"postgresql://tessera@/t_1?host=/tmp/pg-abc"_s
                                << u"postgresql://tessera@/t_1?host=/tmp/pg-abc"_s;
        QTest::newRow("options") << u"postgresql://[::1]/my%20db?sslmode=require&password=x"_s
                                 << u"postgresql://:***@[::1]/my%20db?sslmode=require"_s;
    }
    void redactedHidesThePasswordAndRoundTrips()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        const auto parsed = DatabaseUrl::parse(url, nullptr);
        QVERIFY(parsed);
        QCOMPARE(parsed->redacted(), expected);
        const auto again = DatabaseUrl::parse(parsed->redacted(), nullptr);
        QVERIFY(again);
        QCOMPARE(again->host, parsed->host);
        QCOMPARE(again->port, parsed->port);
        QCOMPARE(again->user, parsed->user);
        QCOMPARE(again->database, parsed->database);
        QCOMPARE(again->options, parsed->options);
    }
};

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "tst_databaseurl.moc"
