// Issue #15, item 7 (health): GET /api/v1/health is "ok" while the data folder has room and
// writes succeed, "degraded" (503, with a reason a person understands) when the free
// space is under --min-free-disk-mb; /metrics says the same.
#include "support/serverprocess.h"

#include <QJsonArray>
#include <QTest>

using namespace Tessera::Test;

class TestHealthCheck : public QObject
{
    Q_OBJECT

private:
    static double metric(const ServerProcess &server, const QByteArray &name)
    {
        const QByteArray body = httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/metrics")))).body;
        for (const QByteArray &line : body.split('\n')) {
            if (line.startsWith(QByteArray(name + ' ')))
                return line.mid(name.size() + 1).toDouble();
        }
        return -1;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(!ServerProcess::binary().isEmpty(), "TESSERA_SERVER_BIN is not set"); }

    void okWithRoomToWrite()
    {
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--min-free-disk-mb"), QStringLiteral("1") }));
        const HttpResult health = httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/api/v1/health"))));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QVERIFY(!health.json().contains(QStringLiteral("reasons")));
        QCOMPARE(metric(server, "tessera_health_degraded"), 0.0);
        QVERIFY(metric(server, "tessera_data_free_bytes") > 1024 * 1024);
    }

    void degradedBelowTheFreeSpaceMinimum()
    {
        ServerProcess server;
        // A petabyte: more than any test machine has free.
        QVERIFY(server.start({ QStringLiteral("--min-free-disk-mb"), QStringLiteral("1000000000") }));
        const HttpResult health = httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/api/v1/health"))));
        QCOMPARE(health.status, 503);
        const QJsonObject body = health.json();
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
        const QJsonArray reasons = body.value(QStringLiteral("reasons")).toArray();
        QCOMPARE(reasons.size(), 1);
        const QString reason = reasons.first().toString();
        QVERIFY2(reason.contains(server.dataDir())
                     && reason.contains(QStringLiteral("less than the 1000000000 MB minimum"))
                     && reason.contains(QStringLiteral("--min-free-disk-mb")),
                 qPrintable(reason));
        QVERIFY(!body.value(QStringLiteral("version")).toString().isEmpty()); // the rest is still there
        QCOMPARE(metric(server, "tessera_health_degraded"), 1.0);
    }

    void badMinimumIsNamed()
    {
        const auto r = ServerProcess::runBinary({ QStringLiteral("--data"), QDir::tempPath(),
                                                  QStringLiteral("--min-free-disk-mb"), QStringLiteral("lots") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("--min-free-disk-mb expects a whole number of megabytes")),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestHealthCheck)
#include "tst_healthcheck.moc"
