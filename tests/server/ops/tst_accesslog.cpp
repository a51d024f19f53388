// Issue #15, item 7 (access log): --access-log writes one line per HTTP request with the
// client address (the forwarded one behind a trusted proxy), method, path without its
// query, status, bytes and duration; WebSocket upgrades show as 101; no token or password
// ever reaches it.
#include "support/serverprocess.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTest>
#include <QWebSocket>

using namespace Tessera::Test;

class TestAccessLog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    QString m_logPath;

    int send(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body = {},
             const QByteArray &forwardedFor = {})
    {
        QNetworkAccessManager nam;
        QNetworkRequest request(m_server->url().resolved(QUrl(pathAndQuery)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!forwardedFor.isEmpty())
            request.setRawHeader("X-Forwarded-For", forwardedFor);
        std::unique_ptr<QNetworkReply> reply(nam.sendCustomRequest(request, verb, body));
        if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, 15000))
            return 0;
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    QStringList logLines()
    {
        QFile f(m_logPath);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

    // The line for `method path`, once written (the answer is out before it is logged).
    QString lineFor(const QString &method, const QString &path)
    {
        QString found;
        [[maybe_unused]] const bool seen = QTest::qWaitFor(
            [&] {
                for (const QString &line : logLines()) {
                    if (line.contains(QLatin1Char(' ') + method + QLatin1Char(' ') + path + QLatin1Char(' ')))
                        found = line;
                }
                return !found.isEmpty();
            },
            5000);
        return found;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(!ServerProcess::binary().isEmpty(), "TESSERA_SERVER_BIN is not set"); }

    void init()
    {
        m_server = std::make_unique<ServerProcess>();
        m_logPath = m_server->dataDir() + QStringLiteral("/access.log");
        QVERIFY(m_server->start({ QStringLiteral("--access-log"), m_logPath, QStringLiteral("--trusted-proxies"),
                                  QStringLiteral("127.0.0.1") }));
    }
    void cleanup() { m_server.reset(); }

    void oneLinePerRequestWithTheForwardedClient()
    {
        QCOMPARE(send("GET", QStringLiteral("/api/v1/boards?token=SECRET-IN-QUERY"), {}, "203.0.113.7"), 401);
        const QString boards = lineFor(QStringLiteral("GET"), QStringLiteral("/api/v1/boards"));
        static const QRegularExpression shape(
            QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z 203\\.0\\.113\\.7 GET /api/v1/boards "
                           "401 (\\d+) (\\d+)$"));
        const auto match = shape.match(boards);
        QVERIFY2(match.hasMatch(), qPrintable(boards));
        QVERIFY(match.captured(1).toInt() > 0); // bytes of the answer

        // A sign-in answered later (the password is checked on a worker): its line has the status.
        QCOMPARE(send("POST", QStringLiteral("/api/v1/login"),
                      R"({"login":"nobody","password":"PASSWORD-NEVER-LOGGED"})", "198.51.100.4"),
                 401);
        QVERIFY2(lineFor(QStringLiteral("POST"), QStringLiteral("/api/v1/login"))
                     .contains(QStringLiteral(" 198.51.100.4 POST /api/v1/login 401 ")),
                 qPrintable(logLines().join(QLatin1Char('\n'))));
        // Without the header: the peer.
        QCOMPARE(send("GET", QStringLiteral("/api/v1/health")), 200);
        QVERIFY(lineFor(QStringLiteral("GET"), QStringLiteral("/api/v1/health"))
                    .contains(QStringLiteral(" 127.0.0.1 GET /api/v1/health 200 ")));
        QCOMPARE(send("GET", QStringLiteral("/no/such/route")), 404);
        QVERIFY(!lineFor(QStringLiteral("GET"), QStringLiteral("/no/such/route")).isEmpty());

        const QString all = logLines().join(QLatin1Char('\n'));
        QVERIFY(!all.contains(QStringLiteral("SECRET")));
        QVERIFY(!all.contains(QStringLiteral("PASSWORD")));
    }

    void webSocketUpgradeIsLogged()
    {
        QWebSocket socket;
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=SECRET-WS").arg(m_server->port())));
        request.setRawHeader("X-Forwarded-For", "192.0.2.44");
        socket.open(request);
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::ConnectedState, 10000);
        const QString line = lineFor(QStringLiteral("GET"), QStringLiteral("/ws"));
        QVERIFY2(line.contains(QStringLiteral(" 192.0.2.44 GET /ws 101 ")), qPrintable(line));
        QVERIFY(!line.contains(QStringLiteral("SECRET")));
    }
};

QTEST_GUILESS_MAIN(TestAccessLog)
#include "tst_accesslog.moc"
