// Accounts over real HTTP against the real server: login, sessions, admin endpoints, audit.
#include "support/serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Tessera::Test;

namespace {

QByteArray body(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestAuth : public QObject
{
    Q_OBJECT

    ServerProcess m_server;

    QUrl api(const QString &path) const { return m_server.url().resolved(QUrl(path)); }
    HttpResult login(const QString &user, const QString &password)
    {
        return httpRequest("POST", api(QStringLiteral("/api/v1/login")),
                           body({ { QStringLiteral("login"), user }, { QStringLiteral("password"), password } }));
    }
    QByteArray token(const QString &user, const QString &password = QStringLiteral("tessera-test-pass"))
    {
        return login(user, password).json().value(QStringLiteral("token")).toString().toLatin1();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.addUser(QStringLiteral("root"), QStringLiteral("tessera-test-pass"), true));
        QVERIFY(m_server.addUser(QStringLiteral("ann"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.addUser(QStringLiteral("bob"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.start());
    }

    void loginAndMe()
    {
        const HttpResult r = login(QStringLiteral("Ann"), QStringLiteral("tessera-test-pass"));
        QCOMPARE(r.status, 200);
        const QByteArray t = r.json().value(QStringLiteral("token")).toString().toLatin1();
        QCOMPARE(QByteArray::fromBase64(t, QByteArray::Base64UrlEncoding).size(), 32);
        const HttpResult me = httpRequest("GET", api(QStringLiteral("/api/v1/me")), {}, t);
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value(QStringLiteral("user")).toObject().value(QStringLiteral("login")).toString(), QStringLiteral("ann"));
    }

    void sameAnswerForUnknownLoginAndWrongPassword()
    {
        const HttpResult wrong = login(QStringLiteral("bob"), QStringLiteral("not-the-password"));
        const HttpResult unknown = login(QStringLiteral("nobody"), QStringLiteral("not-the-password"));
        QCOMPARE(wrong.status, 401);
        QCOMPARE(unknown.status, 401);
        QCOMPARE(wrong.body, unknown.body);
    }

    void failedLoginsAreThrottledBeforeHashing()
    {
        for (int i = 0; i < 5; ++i)
            QCOMPARE(login(QStringLiteral("victim"), QStringLiteral("guess-%1").arg(i)).status, 401);
        const HttpResult r = login(QStringLiteral("victim"), QStringLiteral("guess-x"));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("rate.limited"));
        QCOMPARE(login(QStringLiteral("ann"), QStringLiteral("tessera-test-pass")).status, 200); // others unaffected
    }

    void logoutRevokes()
    {
        const QByteArray t = token(QStringLiteral("bob"));
        QCOMPARE(httpRequest("GET", api(QStringLiteral("/api/v1/me")), {}, t).status, 200);
        QCOMPARE(httpRequest("POST", api(QStringLiteral("/api/v1/logout")), {}, t).status, 200);
        QCOMPARE(httpRequest("GET", api(QStringLiteral("/api/v1/me")), {}, t).status, 401);
        QCOMPARE(httpRequest("GET", api(QStringLiteral("/api/v1/me")), {}, "garbage").status, 401);
        QCOMPARE(httpRequest("GET", api(QStringLiteral("/api/v1/me"))).status, 401);
    }

    void directoryListsActiveUsers()
    {
        const HttpResult r = httpRequest("GET", api(QStringLiteral("/api/v1/users")), {}, token(QStringLiteral("ann")));
        QCOMPARE(r.status, 200);
        QStringList logins;
        for (const QJsonValue &u : r.json().value(QStringLiteral("users")).toArray()) {
            logins << u.toObject().value(QStringLiteral("login")).toString();
            QVERIFY(!u.toObject().contains(QStringLiteral("password_hash")));
        }
        QVERIFY(logins.contains(QStringLiteral("ann")) && logins.contains(QStringLiteral("root")));
    }

    void adminEndpointsAreForAdminsOnly()
    {
        const QByteArray ann = token(QStringLiteral("ann"));
        for (const char *path : { "/api/v1/admin/users", "/api/v1/admin/settings", "/api/v1/admin/audit" }) {
            QCOMPARE(httpRequest("GET", api(QLatin1String(path)), {}, ann).status, 403);
            QCOMPARE(httpRequest("GET", api(QLatin1String(path))).status, 401);
            QCOMPARE(httpRequest("GET", api(QLatin1String(path)), {}, token(QStringLiteral("root"))).status, 200);
        }
    }

    void adminManagesUsers()
    {
        const QByteArray root = token(QStringLiteral("root"));
        HttpResult r = httpRequest("POST", api(QStringLiteral("/api/v1/admin/users")),
                                   body({ { QStringLiteral("login"), QStringLiteral("carl") },
                                          { QStringLiteral("password"), QStringLiteral("first-passphrase-kiwi") },
                                          { QStringLiteral("displayName"), QStringLiteral("Carl C") } }),
                                   root);
        QCOMPARE(r.status, 201);
        const QString carlId = r.json().value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(httpRequest("POST", api(QStringLiteral("/api/v1/admin/users")),
                             body({ { QStringLiteral("login"), QStringLiteral("carl") }, { QStringLiteral("password"), QStringLiteral("first-passphrase-kiwi") } }), root)
                         .status,
                 422);
        const QByteArray carl = token(QStringLiteral("carl"), QStringLiteral("first-passphrase-kiwi"));
        QVERIFY(!carl.isEmpty());
        // Reset the password: old sessions end, the new password works.
        r = httpRequest("PATCH", api(QStringLiteral("/api/v1/admin/users/") + carlId),
                        body({ { QStringLiteral("password"), QStringLiteral("second-passphrase-plum") } }), root);
        QCOMPARE(r.status, 200);
        QCOMPARE(httpRequest("GET", api(QStringLiteral("/api/v1/me")), {}, carl).status, 401);
        const QByteArray carl2 = token(QStringLiteral("carl"), QStringLiteral("second-passphrase-plum"));
        QVERIFY(!carl2.isEmpty());
        // Grant admin, then disable: the session dies and login is refused.
        r = httpRequest("PATCH", api(QStringLiteral("/api/v1/admin/users/") + carlId), body({ { QStringLiteral("admin"), true } }), root);
        QVERIFY(r.json().value(QStringLiteral("user")).toObject().value(QStringLiteral("admin")).toBool());
        r = httpRequest("PATCH", api(QStringLiteral("/api/v1/admin/users/") + carlId), body({ { QStringLiteral("disabled"), true } }), root);
        QCOMPARE(r.status, 200);
        QCOMPARE(httpRequest("GET", api(QStringLiteral("/api/v1/me")), {}, carl2).status, 401);
        QCOMPARE(login(QStringLiteral("carl"), QStringLiteral("second-passphrase-plum")).status, 401);
        QCOMPARE(httpRequest("PATCH", api(QStringLiteral("/api/v1/admin/users/nope")), body({ { QStringLiteral("admin"), true } }), root).status, 404);
    }

    void settingsAreValidated()
    {
        const QByteArray root = token(QStringLiteral("root"));
        HttpResult r = httpRequest("GET", api(QStringLiteral("/api/v1/admin/settings")), {}, root);
        QCOMPARE(r.json().value(QStringLiteral("settings")).toObject().value(QStringLiteral("log_retention_days")).toInt(), 30);
        r = httpRequest("PATCH", api(QStringLiteral("/api/v1/admin/settings")),
                        body({ { QStringLiteral("batch_window_ms"), 20 }, { QStringLiteral("registration_open"), true } }), root);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("settings")).toObject().value(QStringLiteral("batch_window_ms")).toInt(), 20);
        for (const QJsonObject &badChange : { QJsonObject { { QStringLiteral("batch_window_ms"), -1 } },
                                              QJsonObject { { QStringLiteral("batch_window_ms"), QStringLiteral("5") } },
                                              QJsonObject { { QStringLiteral("no_such_setting"), 1 } },
                                              QJsonObject { { QStringLiteral("log_retention_days"), 0 }, { QStringLiteral("batch_window_ms"), 7 } } })
            QCOMPARE(httpRequest("PATCH", api(QStringLiteral("/api/v1/admin/settings")), body(badChange), root).status, 422);
        // All or nothing: the rejected batch above did not change batch_window_ms.
        r = httpRequest("GET", api(QStringLiteral("/api/v1/admin/settings")), {}, root);
        QCOMPARE(r.json().value(QStringLiteral("settings")).toObject().value(QStringLiteral("batch_window_ms")).toInt(), 20);
        // Registration is open now.
        r = httpRequest("POST", api(QStringLiteral("/api/v1/register")),
                        body({ { QStringLiteral("login"), QStringLiteral("dora") }, { QStringLiteral("password"), QStringLiteral("kiwi-lantern-harbor-7") } }));
        QCOMPARE(r.status, 201);
        QVERIFY(!r.json().value(QStringLiteral("token")).toString().isEmpty());
    }

    void auditRecordsWithoutSecrets()
    {
        const QByteArray root = token(QStringLiteral("root"));
        const HttpResult r = httpRequest("GET", api(QStringLiteral("/api/v1/admin/audit")), {}, root);
        QCOMPARE(r.status, 200);
        QStringList actions;
        for (const QJsonValue &e : r.json().value(QStringLiteral("audit")).toArray())
            actions << e.toObject().value(QStringLiteral("action")).toString();
        QVERIFY(actions.contains(QStringLiteral("login")));
        QVERIFY(actions.contains(QStringLiteral("login.failed")));
        QVERIFY(actions.contains(QStringLiteral("admin.user.disabled")));
        QVERIFY(!r.body.contains(root));
        QVERIFY(!r.body.contains("tessera-test-pass"));
    }

    void malformedBodies()
    {
        QCOMPARE(httpRequest("POST", api(QStringLiteral("/api/v1/login")), "{not json").status, 400);
        QCOMPARE(httpRequest("POST", api(QStringLiteral("/api/v1/login")), QByteArray(64 * 1024, '{')).status, 413);
        const HttpResult r = httpRequest("POST", api(QStringLiteral("/api/v1/login")), R"({"login":["a"],"password":"x"})");
        QCOMPARE(r.status, 400);
        QVERIFY(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(QStringLiteral("login")));
        QCOMPARE(httpRequest("GET", api(QStringLiteral("/api/v1/health"))).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
