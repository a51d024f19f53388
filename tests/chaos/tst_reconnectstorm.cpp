// Reconnect storm: a few hundred live clients, the server restarted (SIGTERM, then the same
// port and data). The clients are raw WebSockets that reconnect exactly as SyncClient does
// (the server's {"retryAfterMs":n} close hint when given, else core/backoff.h full jitter);
// SyncClients would be too heavy in these numbers on a 2-core CI machine.
// All are live again within 30 s, and their first attempts are spread: no one-second
// interval holds more than a fifth of them.
#include "support/chaosharness.h"

#include "core/client/backoff.h"

#include <QJsonDocument>
#include <QWebSocket>

using namespace Tessera::Core;
using namespace Tessera::Test;

namespace {

class StormClient : public QObject
{
public:
    StormClient(QUrl wsUrl, QByteArray token, QString stream)
        : m_url(std::move(wsUrl)), m_token(std::move(token)), m_stream(std::move(stream))
    {
        m_retry.setSingleShot(true);
        connect(&m_retry, &QTimer::timeout, this, &StormClient::attempt);
        connect(&m_ws, &QWebSocket::connected, this, [this] {
            m_ws.sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject { { QStringLiteral("type"), QStringLiteral("hello") },
                                                                               { QStringLiteral("protocol"), 1 },
                                                                               { QStringLiteral("token"), QString::fromLatin1(m_token) } })
                                                           .toJson(QJsonDocument::Compact)));
        });
        connect(&m_ws, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            const QString type = QJsonDocument::fromJson(text.toUtf8()).object().value(QStringLiteral("type")).toString();
            if (type == QLatin1String("welcome")) {
                m_ws.sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject { { QStringLiteral("type"), QStringLiteral("subscribe") },
                                                                                   { QStringLiteral("rid"), 1 },
                                                                                   { QStringLiteral("stream"), m_stream } })
                                                               .toJson(QJsonDocument::Compact)));
            } else if (type == QLatin1String("subscribed")) {
                live = true;
                m_backoff.reset();
            }
        });
        connect(&m_ws, &QWebSocket::disconnected, this, [this] {
            live = false;
            const QJsonObject hint = QJsonDocument::fromJson(m_ws.closeReason().toUtf8()).object();
            if (hint.contains(QStringLiteral("retryAfterMs")))
                m_retry.start(std::clamp(hint.value(QStringLiteral("retryAfterMs")).toInt(), 0, 60000));
            else
                m_retry.start(int(m_backoff.nextDelayMs()));
        });
    }
    void attempt()
    {
        if (firstAttemptNs == 0 && armed)
            firstAttemptNs = monotonicNs();
        ++attempts;
        m_ws.abort();
        m_ws.open(m_url);
    }

    bool live = false;
    bool armed = false; // record the first attempt after the restart
    qint64 firstAttemptNs = 0;
    int attempts = 0;

private:
    QUrl m_url;
    QByteArray m_token;
    QString m_stream;
    QTimer m_retry;
    Backoff m_backoff;
    // Last, so it is destroyed first: its destructor emits disconnected(), whose handler
    // uses the timer and the backoff (UBSan caught the use of a destroyed QTimer).
    QWebSocket m_ws;
};

} // namespace

class TestReconnectStorm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void allBackWithinThirtySecondsSpreadOut()
    {
        ServerProcess server;
        // Hundreds of clients of one user from one address: a storm of a whole team's
        // machines, so the per-user and per-address socket caps are raised for it.
        qputenv("TESSERA_WS_MAX_UNAUTHENTICATED_PER_ADDRESS", "64"); // the global 64 still holds
        const QStringList caps { QStringLiteral("--max-sockets-per-user"), QStringLiteral("2000"),
                                 QStringLiteral("--max-sockets-per-address"), QStringLiteral("2000"),
                                 QStringLiteral("--max-pending-per-address"), QStringLiteral("2000") };
        QVERIFY(server.start(QStringList { QStringLiteral("--demo") } + caps));
        const quint16 port = server.port();
        const QByteArray token = httpToken(server, QStringLiteral("ana"));
        const QString stream = QStringLiteral("board:") + firstBoardId(server, token);
        QUrl ws = server.url();
        ws.setScheme(QStringLiteral("ws"));
        ws.setPath(QStringLiteral("/ws"));

        const int count = chaosLong() ? 1000 : 300;
        std::vector<std::unique_ptr<StormClient>> clients;
        int liveCount = 0;
        const auto countLive = [&] {
            liveCount = 0;
            for (const auto &c : clients)
                liveCount += c->live ? 1 : 0;
            return liveCount;
        };
        for (int i = 0; i < count; ++i) {
            clients.push_back(std::make_unique<StormClient>(ws, token, stream));
            clients.back()->attempt();
            if (i % 32 == 31) // a few handshakes at a time, under the server's 64
                QTRY_VERIFY_WITH_TIMEOUT(countLive() == i + 1, 30000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(countLive() == count, 30000);

        for (auto &c : clients)
            c->armed = true;
        const qint64 t0 = monotonicNs();
        server.process().terminate(); // SIGTERM: every socket gets 1001 with its retryAfterMs
        QTRY_VERIFY_WITH_TIMEOUT(server.process().state() == QProcess::NotRunning, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(countLive(), 0, 10000);
        QVERIFY(server.start(listenArgs(port) + caps));
        QTRY_VERIFY_WITH_TIMEOUT(countLive() == count, 30000);
        const double allBackS = double(monotonicNs() - t0) / 1e9;

        QMap<qint64, int> perSecond;
        int attempts = 0;
        for (const auto &c : clients) {
            QVERIFY(c->firstAttemptNs > 0);
            ++perSecond[(c->firstAttemptNs - t0) / 1'000'000'000];
            attempts += c->attempts;
        }
        int busiest = 0;
        QStringList histogram;
        for (auto it = perSecond.cbegin(); it != perSecond.cend(); ++it) {
            busiest = std::max(busiest, it.value());
            histogram << QStringLiteral("%1s:%2").arg(it.key()).arg(it.value());
        }
        qInfo("%d clients live again %.1f s after the restart began; first attempts per second: %s; busiest %d; %d attempts",
              count, allBackS, qPrintable(histogram.join(QLatin1Char(' '))), busiest, attempts);
        QVERIFY(allBackS < 30.0);
        QVERIFY2(busiest <= count / 5, "first reconnect attempts bunched up");
    }
};

QTEST_GUILESS_MAIN(TestReconnectStorm)
#include "tst_reconnectstorm.moc"
