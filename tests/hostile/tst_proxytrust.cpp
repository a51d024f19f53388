// Issue #15, item 7: behind a reverse proxy every request comes from the proxy's address.
// With the proxy trusted (--trusted-proxies) the client address is the forwarded one, for
// the sign-in throttle, the audit log and the WebSocket caps; without it X-Forwarded-For
// is ignored (anyone could write it). And the fairness rule of the sign-in throttle: other
// accounts' failures from one address never refuse a right password.
#include "hostile.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QWebSocket>

using namespace Tessera::Test;

class TestProxyTrust : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;

    // One request with an optional X-Forwarded-For (as a proxy on 127.0.0.1 would send it).
    HttpResult send(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                    const QByteArray &forwardedFor = {}, const QByteArray &token = {})
    {
        QNetworkAccessManager nam;
        QNetworkRequest request(m_server->url().resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!forwardedFor.isEmpty())
            request.setRawHeader("X-Forwarded-For", forwardedFor);
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *reply = nam.sendCustomRequest(request, verb, body);
        HttpResult result;
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 30000))
            return result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        delete reply;
        return result;
    }

    int login(const QString &user, const QString &password, const QByteArray &forwardedFor = {})
    {
        return send("POST", QStringLiteral("/api/v1/login"),
                    jsonBytes({ { QStringLiteral("login"), user }, { QStringLiteral("password"), password } }),
                    forwardedFor)
            .status;
    }

    QByteArray adminToken()
    {
        const HttpResult r = send("POST", QStringLiteral("/api/v1/login"),
                                  jsonBytes({ { QStringLiteral("login"), QStringLiteral("root") },
                                              { QStringLiteral("password"), StrongPassword } }),
                                  "198.51.100.1");
        return r.json().value(QStringLiteral("token")).toString().toUtf8();
    }

    // The addresses the audit log recorded for `action`.
    QStringList auditAddresses(const QString &action)
    {
        const HttpResult r = send("GET", QStringLiteral("/api/v1/admin/audit"), {}, "198.51.100.1", adminToken());
        QStringList out;
        for (const QJsonValue &v : r.json().value(QStringLiteral("audit")).toArray()) {
            if (v[QStringLiteral("action")].toString() == action)
                out.append(v[QStringLiteral("address")].toString());
        }
        return out;
    }

    // A WebSocket opened through the "proxy" for `forwardedFor`; its first frame after hello.
    struct Socket
    {
        std::unique_ptr<QWebSocket> ws = std::make_unique<QWebSocket>();
        QList<QJsonObject> frames;
    };
    std::unique_ptr<Socket> openSocket(const QByteArray &forwardedFor, const QByteArray &token)
    {
        auto s = std::make_unique<Socket>();
        Socket *raw = s.get();
        QObject::connect(raw->ws.get(), &QWebSocket::textMessageReceived, raw->ws.get(), [raw](const QString &text) {
            raw->frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
        });
        QNetworkRequest request(WsClient::wsUrl(m_server->url()));
        request.setRawHeader("X-Forwarded-For", forwardedFor);
        raw->ws->open(request);
        if (!QTest::qWaitFor([raw] { return raw->ws->state() == QAbstractSocket::ConnectedState; }, 10000))
            return s;
        raw->ws->sendTextMessage(
            QString::fromUtf8(jsonBytes({ { QStringLiteral("type"), QStringLiteral("hello") },
                                          { QStringLiteral("protocol"), 1 },
                                          { QStringLiteral("token"), QString::fromLatin1(token) } })));
        [[maybe_unused]] const bool answered = QTest::qWaitFor(
            [raw] { return !raw->frames.isEmpty() || raw->ws->state() == QAbstractSocket::UnconnectedState; }, 10000);
        return s;
    }
    static QString firstType(const Socket &s)
    {
        return s.frames.isEmpty() ? QString() : s.frames.constFirst().value(QStringLiteral("type")).toString();
    }

    // Six accounts, four wrong passwords each, from one (forwarded) address: 24 failures.
    void failAcrossSixAccounts(const QByteArray &forwardedFor, QHash<int, int> *byStatus)
    {
        for (int account = 1; account <= 6; ++account) {
            for (int i = 0; i < 4; ++i)
                ++(*byStatus)[login(QStringLiteral("user%1").arg(account), QStringLiteral("wrong-guess-%1").arg(i),
                                    forwardedFor)];
        }
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<ServerProcess>();
        for (int i = 1; i <= 8; ++i)
            QVERIFY(m_server->addUser(QStringLiteral("user%1").arg(i), StrongPassword));
        QVERIFY(m_server->addUser(QStringLiteral("root"), StrongPassword, true));
    }
    void cleanup() { m_server.reset(); }

    void trustedProxyForwardsTheClientAddress()
    {
        QVERIFY(m_server->start({ QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1, 10.0.0.0/8") }));
        QHash<int, int> byStatus;
        // The attacker's address is the right-most untrusted hop: 10.1.2.3 is another proxy.
        failAcrossSixAccounts("192.0.2.99, 203.0.113.7, 10.1.2.3", &byStatus);
        QCOMPARE(byStatus.value(401), 21); // 20 within the address limit, then one for user6
        QCOMPARE(byStatus.value(429), 3);
        // A 7th user behind the same proxy signs in with the right password.
        QCOMPARE(login(QStringLiteral("user7"), StrongPassword, "198.51.100.9"), 200);
        // The throttle counted the forwarded address, not the proxy's: 203.0.113.7 is over
        // its limit for user1, another client of the same proxy is not.
        QCOMPARE(login(QStringLiteral("user1"), QStringLiteral("another-guess"), "203.0.113.7"), 429);
        QCOMPARE(login(QStringLiteral("user1"), QStringLiteral("a-typo"), "198.51.100.10"), 401);
        // The audit log records the forwarded addresses.
        const QStringList failed = auditAddresses(QStringLiteral("login.failed"));
        QCOMPARE(failed.count(QStringLiteral("203.0.113.7")), 21);
        QCOMPARE(failed.count(QStringLiteral("198.51.100.10")), 1);
        QVERIFY(!failed.contains(QStringLiteral("127.0.0.1")));
        QVERIFY(auditAddresses(QStringLiteral("login")).contains(QStringLiteral("198.51.100.9")));
        QVERIFY(auditAddresses(QStringLiteral("login.throttled")).contains(QStringLiteral("203.0.113.7")));
    }

    void webSocketCapsAndTheConnectionsViewUseTheForwardedClient()
    {
        QVERIFY(m_server->start({ QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1"),
                                  QStringLiteral("--max-sockets-per-address"), QStringLiteral("1") }));
        const QByteArray token = send("POST", QStringLiteral("/api/v1/login"),
                                      jsonBytes({ { QStringLiteral("login"), QStringLiteral("user1") },
                                                  { QStringLiteral("password"), StrongPassword } }),
                                      "203.0.113.1")
                                     .json()
                                     .value(QStringLiteral("token"))
                                     .toString()
                                     .toLatin1();
        QVERIFY(!token.isEmpty());
        // Two clients of one proxy: one socket each is within the cap of 1 per address.
        const auto first = openSocket("203.0.113.1", token);
        const auto second = openSocket("203.0.113.2", token);
        QCOMPARE(firstType(*first), QStringLiteral("welcome"));
        QCOMPARE(firstType(*second), QStringLiteral("welcome"));
        // A second socket of the first client is over its cap.
        const auto third = openSocket("203.0.113.1", token);
        QTRY_COMPARE_WITH_TIMEOUT(third->ws->state(), QAbstractSocket::UnconnectedState, 10000);
        QCOMPARE(third->ws->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        // The admin's connections view shows the clients, not the proxy.
        const HttpResult view
            = send("GET", QStringLiteral("/api/v1/admin/connections"), {}, "198.51.100.1", adminToken());
        QStringList addresses;
        for (const QJsonValue &c : view.json().value(QStringLiteral("clients")).toArray())
            addresses.append(c[QStringLiteral("address")].toString());
        addresses.sort();
        QCOMPARE(addresses, (QStringList { QStringLiteral("203.0.113.1"), QStringLiteral("203.0.113.2") }));
    }

    void forwardedForIsIgnoredFromAnUntrustedPeer()
    {
        QVERIFY(m_server->start({ QStringLiteral("--trusted-proxies"), QStringLiteral("10.0.0.0/8") }));
        // Each guess claims another address: all of them are 127.0.0.1's.
        for (int i = 0; i < 20; ++i)
            QCOMPARE(login(QStringLiteral("user%1").arg(1 + i / 4), QStringLiteral("wrong-%1").arg(i),
                           QByteArray("203.0.113.") + QByteArray::number(i + 1)),
                     401);
        QCOMPARE(login(QStringLiteral("user1"), QStringLiteral("wrong-again"), "198.51.100.200"), 429);
        const QStringList failed = auditAddresses(QStringLiteral("login.failed"));
        QCOMPARE(failed.size(), 20);
        QCOMPARE(failed.count(QStringLiteral("127.0.0.1")), 20);
    }

    void malformedForwardedForFallsBackToThePeer()
    {
        QVERIFY(m_server->start({ QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1") }));
        QCOMPARE(login(QStringLiteral("user1"), QStringLiteral("wrong"), "203.0.113.7, not-an-address"), 401);
        QCOMPARE(auditAddresses(QStringLiteral("login.failed")), QStringList { QStringLiteral("127.0.0.1") });
    }

    // The rule, without any proxy: past 20 attempts from one address, (a) every account
    // that can sign in and was not tried from there still gets its right password checked,
    // once per window; (b) an account already tried from there is refused; (c) a login
    // that does not exist is refused without hashing.
    void otherAccountsFailuresNeverRefuseARightPassword()
    {
        QVERIFY(m_server->start());
        QHash<int, int> byStatus;
        failAcrossSixAccounts({}, &byStatus);
        QCOMPARE(byStatus.value(401), 21);
        QCOMPARE(byStatus.value(429), 3);
        // (a) an untouched account's right password
        QCOMPARE(login(QStringLiteral("user7"), StrongPassword), 200);
        // (b) the address still cannot guess further at accounts it tried
        for (int account = 1; account <= 6; ++account)
            QCOMPARE(login(QStringLiteral("user%1").arg(account), QStringLiteral("yet-another-guess")), 429);
        // ... and its own right password waits too: user1 failed from here (its own failures)
        QCOMPARE(login(QStringLiteral("user1"), StrongPassword), 429);
        // (a) again: user8 gets one check; a wrong one uses it up for the window
        QCOMPARE(login(QStringLiteral("user8"), QStringLiteral("one-guess")), 401);
        QCOMPARE(login(QStringLiteral("user8"), StrongPassword), 429);
        // (c) made-up logins cost no hashing past the limit
        QCOMPARE(login(QStringLiteral("nobody-here"), QStringLiteral("whatever")), 429);
        // user7 signed in: its slot is free again
        QCOMPARE(login(QStringLiteral("user7"), StrongPassword), 200);
        // From another address (not possible here without a proxy) nothing of this applies:
        // see trustedProxyForwardsTheClientAddress.
    }
};

QTEST_GUILESS_MAIN(TestProxyTrust)
#include "tst_proxytrust.moc"
