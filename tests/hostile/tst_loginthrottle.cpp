// Finding 3: parallel guesses bypassed the login throttle (failures were recorded only
// after Argon2 finished). Finding 7: every throttled login wrote an fsync'd audit row.
//  - 60 parallel wrong passwords for one account: at most 5 are hashed (401), the rest 429
//    with Retry-After.
//  - 60 parallel sign-ins for different accounts: the hashing queue is bounded; the
//    overflow gets 503 with Retry-After at once, nothing waits unboundedly.
//  - 5,000 throttled requests from one address add at most a couple of audit rows, and
//    the admin's audit view still shows what happened before the flood.
#include "hostile.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace Tessera::Test;

class TestLoginThrottle : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;

    struct Outcomes
    {
        QHash<int, int> byStatus;
        int withRetryAfter = 0;
        bool allAnswered = false; // every request got its answer before the timeout
    };

    // Each body on its own connection, written as soon as it is connected, so the server
    // has them all in flight at once; then every answer is collected.
    Outcomes parallelLogins(const QList<QByteArray> &bodies, int timeoutMs = 60000)
    {
        std::vector<std::unique_ptr<RawHttp>> clients;
        for (const QByteArray &body : bodies) {
            clients.push_back(std::make_unique<RawHttp>());
            if (!clients.back()->connectTo(*m_server))
                return {};
            clients.back()->write("POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                  "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            clients.back()->flushed(5000); // sent before the next connection opens
        }
        Outcomes out;
        out.allAnswered = QTest::qWaitFor([&] {
            return std::all_of(clients.begin(), clients.end(), [](const auto &c) { return c->status() != 0; });
        }, timeoutMs);
        for (const auto &c : clients) {
            ++out.byStatus[c->status()];
            out.withRetryAfter += c->header("Retry-After").toInt() > 0 ? 1 : 0;
        }
        return out;
    }

    // Many requests over a few keep-alive connections (QNetworkAccessManager's six).
    Outcomes sequentialLogins(const QList<QByteArray> &bodies, int timeoutMs)
    {
        QNetworkAccessManager nam;
        Outcomes out;
        int done = 0;
        const QUrl url = m_server->url().resolved(QUrl(QStringLiteral("/api/v1/login")));
        for (const QByteArray &body : bodies) {
            QNetworkRequest request(url);
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            QNetworkReply *reply = nam.post(request, body);
            QObject::connect(reply, &QNetworkReply::finished, reply, [reply, &out, &done] {
                ++out.byStatus[reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()];
                out.withRetryAfter += reply->hasRawHeader("Retry-After") ? 1 : 0;
                ++done;
                reply->deleteLater();
            });
        }
        out.allAnswered = QTest::qWaitFor([&] { return done == bodies.size(); }, timeoutMs);
        return out;
    }

    static QByteArray loginBody(const QString &login, const QString &password)
    {
        return jsonBytes({ { QStringLiteral("login"), login }, { QStringLiteral("password"), password } });
    }

    int auditRows()
    {
        int n = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("audit-reader"));
            db.setDatabaseName(m_server->dataDir() + QStringLiteral("/tessera.db"));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(QStringLiteral("SELECT COUNT(*) FROM audit")) && q.next())
                    n = q.value(0).toInt();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("audit-reader"));
        return n;
    }

private Q_SLOTS:
    void init()
    {
        // A fresh server per test: the per-address counts of one do not leak into the next.
        m_server = std::make_unique<ServerProcess>();
        QVERIFY(m_server->addUser(QStringLiteral("victim"), StrongPassword));
        QVERIFY(m_server->addUser(QStringLiteral("root"), StrongPassword, true));
        QVERIFY(m_server->start());
    }
    void cleanup() { m_server.reset(); }

    void parallelGuessesMeetTheLimit()
    {
        QList<QByteArray> guesses;
        for (int i = 0; i < 60; ++i)
            guesses.append(loginBody(QStringLiteral("victim"), QStringLiteral("guess-number-%1").arg(i)));
        const Outcomes o = parallelLogins(guesses);
        QVERIFY(o.allAnswered);
        qInfo("60 parallel wrong passwords: %d x 401 (hashed), %d x 429, %d x 503", o.byStatus.value(401),
              o.byStatus.value(429), o.byStatus.value(503));
        QCOMPARE(o.byStatus.value(401) + o.byStatus.value(429), 60);
        QVERIFY2(o.byStatus.value(401) <= 5, "more than 5 guesses were hashed for one account");
        QVERIFY(o.byStatus.value(429) >= 55);
        QCOMPARE(o.withRetryAfter, o.byStatus.value(429));
        QVERIFY(metric(*m_server, "tessera_throttled_total{what=\"login\"}") >= 55);
        // Until the window passes, the account takes no more attempts, the right one included.
        QCOMPARE(httpRequest("POST", m_server->url().resolved(QUrl(QStringLiteral("/api/v1/login"))),
                             loginBody(QStringLiteral("victim"), StrongPassword)).status, 429);
    }

    void hashingQueueIsBounded()
    {
        // Different accounts (unknown ones cost a hash too): more than the queue holds.
        QList<QByteArray> bodies;
        for (int i = 0; i < 60; ++i)
            bodies.append(loginBody(QStringLiteral("someone-%1").arg(i), QStringLiteral("a-wrong-password")));
        QElapsedTimer clock;
        clock.start();
        const Outcomes o = parallelLogins(bodies);
        QVERIFY(o.allAnswered);
        qInfo("60 parallel sign-ins of different accounts: %d x 401, %d x 429, %d x 503 (in %lld ms)", o.byStatus.value(401),
              o.byStatus.value(429), o.byStatus.value(503), qlonglong(clock.elapsed()));
        QCOMPARE(o.byStatus.value(401) + o.byStatus.value(429) + o.byStatus.value(503), 60);
        QVERIFY2(o.byStatus.value(503) > 0, "nothing was refused: the hashing queue is unbounded");
        QVERIFY(o.byStatus.value(401) <= 20); // the per-address limit
        QCOMPARE(o.withRetryAfter, o.byStatus.value(429) + o.byStatus.value(503));
        QVERIFY(metric(*m_server, "tessera_refused_total{reason=\"hash_queue_full\"}") > 0);
    }

    void throttledFloodDoesNotGrowTheAuditLog()
    {
        const QByteArray root = BoardClient::login(*m_server, QStringLiteral("root"), StrongPassword);
        QVERIFY(!root.isEmpty());
        // Use up the account's attempts, so everything after is throttled.
        QList<QByteArray> first;
        for (int i = 0; i < 5; ++i)
            first.append(loginBody(QStringLiteral("victim"), QStringLiteral("wrong-%1").arg(i)));
        const Outcomes firstFive = sequentialLogins(first, 30000);
        QVERIFY(firstFive.allAnswered);
        QCOMPARE(firstFive.byStatus.value(401), 5);
        const int before = auditRows();
        QList<QByteArray> flood;
        for (int i = 0; i < 5000; ++i)
            flood.append(loginBody(QStringLiteral("victim"), QStringLiteral("flood")));
        QElapsedTimer clock;
        clock.start();
        const Outcomes o = sequentialLogins(flood, 120000);
        QVERIFY(o.allAnswered);
        QCOMPARE(o.byStatus.value(429), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(auditRows() == before + 1 && httpRequest("GET", m_server->url().resolved(QUrl(QStringLiteral("/api/v1/admin/audit"))), {}, root)
                                         .body.contains("5000 sign-ins refused"),
                                 10000);
        qInfo("5,000 throttled sign-ins in %lld ms added %d audit row(s)", qlonglong(clock.elapsed()), auditRows() - before);
        const HttpResult audit = httpRequest("GET", m_server->url().resolved(QUrl(QStringLiteral("/api/v1/admin/audit"))), {}, root);
        QCOMPARE(audit.status, 200);
        QVERIFY(audit.body.contains("\"action\":\"login\"")); // the admin's own sign-in is still in view
    }
};

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "tst_loginthrottle.moc"
