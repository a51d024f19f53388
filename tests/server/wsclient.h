#pragma once
// A WebSocket test client for the live plane: connect, hello, send frames, wait for
// frames by type or rid, follow a stream's batches (checking order, gaps, duplicates).
#include "boardclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTest>
#include <QWebSocket>

#include <functional>
#include <optional>

namespace Tessera::Test {

// What a client has applied of one stream.
struct StreamTracker
{
    StreamTracker(QString name, qint64 appliedSeq = 0) : stream(std::move(name)), applied(appliedSeq) { }

    QString stream;
    qint64 applied = 0;
    int frames = 0;
    int duplicates = 0;
    int gaps = 0;
    QList<QJsonObject> events;

    void apply(const QJsonObject &batch)
    {
        const qint64 from = batch.value(QStringLiteral("fromSeq")).toInteger();
        const qint64 to = batch.value(QStringLiteral("toSeq")).toInteger();
        ++frames;
        if (to <= applied) {
            ++duplicates;
            return;
        }
        if (from != applied + 1) {
            ++gaps;
            return;
        }
        applied = to;
        for (const QJsonValue &e : batch.value(QStringLiteral("events")).toArray())
            events.append(e.toObject());
    }
};

class WsClient
{
public:
    explicit WsClient(std::optional<QSslConfiguration> ssl = std::nullopt)
    {
        if (ssl)
            m_ws.setSslConfiguration(*ssl);
        QObject::connect(&m_ws, &QWebSocket::textMessageReceived, &m_ws,
                         [this](const QString &text) { received(text.toUtf8()); });
        QObject::connect(&m_ws, &QWebSocket::binaryMessageReceived, &m_ws, [this](const QByteArray &bytes) {
            ++binaryFrames;
            received(bytes);
        });
    }

    static QUrl wsUrl(const QUrl &httpUrl)
    {
        QUrl u = httpUrl;
        u.setScheme(httpUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
        u.setPath(QStringLiteral("/ws"));
        return u;
    }

    bool open(const QUrl &httpUrl, int timeoutMs = 10000)
    {
        QSignalSpy connected(&m_ws, &QWebSocket::connected);
        m_ws.open(wsUrl(httpUrl));
        return connected.wait(timeoutMs) || m_ws.state() == QAbstractSocket::ConnectedState;
    }
    // Connects and says hello; returns the welcome (or the error) frame.
    QJsonObject connectAs(const QUrl &httpUrl, const QByteArray &token)
    {
        if (!open(httpUrl))
            return {};
        return hello(token);
    }
    QJsonObject hello(const QByteArray &token, int protocol = 1)
    {
        send({ { QStringLiteral("type"), QStringLiteral("hello") }, { QStringLiteral("protocol"), protocol },
               { QStringLiteral("token"), QString::fromLatin1(token) } });
        return waitFor([](const QJsonObject &f) {
            const QString t = f.value(QStringLiteral("type")).toString();
            return t == QLatin1String("welcome") || t == QLatin1String("error");
        });
    }

    void send(const QJsonObject &frame) { m_ws.sendTextMessage(QString::fromUtf8(jsonBytes(frame))); }
    void sendRaw(const QString &text) { m_ws.sendTextMessage(text); }
    // Sends a request with a fresh rid and waits for the reply carrying it.
    QJsonObject request(QJsonObject frame, int timeoutMs = 10000)
    {
        const qint64 rid = ++m_rid;
        frame.insert(QStringLiteral("rid"), double(rid));
        send(frame);
        return waitFor([rid](const QJsonObject &f) { return f.value(QStringLiteral("rid")).toInteger() == rid; }, timeoutMs);
    }
    QJsonObject subscribe(const QString &stream, std::optional<qint64> sinceSeq = std::nullopt, const QString &epoch = {})
    {
        QJsonObject f { { QStringLiteral("type"), QStringLiteral("subscribe") }, { QStringLiteral("stream"), stream } };
        if (sinceSeq)
            f.insert(QStringLiteral("sinceSeq"), double(*sinceSeq));
        if (!epoch.isEmpty())
            f.insert(QStringLiteral("epoch"), epoch);
        return request(f);
    }
    static QJsonObject mutateFrame(const QString &board, const QJsonObject &op, const QString &mutationId = newId())
    {
        QJsonObject f = BoardClient::command(board, op, mutationId);
        f.insert(QStringLiteral("type"), QStringLiteral("mutate"));
        return f;
    }
    QJsonObject mutate(const QString &board, const QJsonObject &op, const QString &mutationId = newId())
    {
        return request(mutateFrame(board, op, mutationId));
    }

    // The first received frame matching `pred` (removed from the queue), or {} on timeout.
    QJsonObject waitFor(const std::function<bool(const QJsonObject &)> &pred, int timeoutMs = 10000)
    {
        QJsonObject found;
        const auto take = [&] {
            for (qsizetype i = 0; i < m_frames.size(); ++i) {
                if (pred(m_frames[i])) {
                    found = m_frames.takeAt(i);
                    return true;
                }
            }
            return false;
        };
        if (!take() && !QTest::qWaitFor(take, timeoutMs))
            return {};
        return found;
    }
    QJsonObject waitType(const QString &type, int timeoutMs = 10000)
    {
        return waitFor([type](const QJsonObject &f) { return f.value(QStringLiteral("type")).toString() == type; }, timeoutMs);
    }
    // Moves every received batch of `tracker.stream` into it.
    void drain(StreamTracker &tracker)
    {
        for (qsizetype i = 0; i < m_frames.size();) {
            const QJsonObject &f = m_frames[i];
            if (f.value(QStringLiteral("type")).toString() == QLatin1String("batch")
                && f.value(QStringLiteral("stream")).toString() == tracker.stream) {
                tracker.apply(m_frames.takeAt(i));
            } else {
                ++i;
            }
        }
    }
    bool follow(StreamTracker &tracker, qint64 untilSeq, int timeoutMs = 20000)
    {
        drain(tracker);
        if (tracker.applied >= untilSeq)
            return true;
        return QTest::qWaitFor([&] {
            drain(tracker);
            return tracker.applied >= untilSeq;
        }, timeoutMs);
    }
    bool waitClosed(int timeoutMs = 10000)
    {
        if (m_ws.state() == QAbstractSocket::UnconnectedState)
            return true;
        return QTest::qWaitFor([this] { return m_ws.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }
    int closeCode() const { return int(m_ws.closeCode()); }
    QString closeReason() const { return m_ws.closeReason(); }
    bool isOpen() const { return m_ws.state() == QAbstractSocket::ConnectedState; }
    QList<QJsonObject> &frames() { return m_frames; }
    QWebSocket &socket() { return m_ws; }

    int binaryFrames = 0;

private:
    void received(const QByteArray &bytes) { m_frames.append(QJsonDocument::fromJson(bytes).object()); }

    QWebSocket m_ws;
    QList<QJsonObject> m_frames;
    qint64 m_rid = 0;
};

inline QString frameType(const QJsonObject &f)
{
    return f.value(QStringLiteral("type")).toString();
}

} // namespace Tessera::Test
