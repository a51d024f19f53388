#pragma once
// A WebSocket test client for the live plane: connect, hello, send frames, wait for
// frames by type or rid, follow a stream's batches (checking order, gaps, duplicates).
#include "boardclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTcpSocket>
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

// A minimal WebSocket client over a raw QTcpSocket whose reading the test controls:
// with a tiny kernel receive buffer and Qt's read buffer capped it stops reading, so
// the server sees a consumer that has stalled.
class RawWsClient
{
public:
    bool open(const QUrl &httpUrl, int receiveBufferBytes)
    {
        if (receiveBufferBytes > 0)
            m_socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, receiveBufferBytes);
        m_socket.connectToHost(httpUrl.host(), quint16(httpUrl.port()));
        if (!m_socket.waitForConnected(10000))
            return false;
        m_socket.write("GET /ws HTTP/1.1\r\nHost: " + httpUrl.host().toLatin1() + "\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        while (!m_buffer.contains("\r\n\r\n")) {
            if (!m_socket.waitForReadyRead(10000))
                return false;
            m_buffer += m_socket.readAll();
        }
        const qsizetype end = m_buffer.indexOf("\r\n\r\n") + 4;
        const bool upgraded = m_buffer.startsWith("HTTP/1.1 101");
        m_buffer.remove(0, end);
        return upgraded;
    }
    void send(const QJsonObject &frame)
    {
        const QByteArray payload = jsonBytes(frame);
        QByteArray out;
        out.append(char(0x81));
        if (payload.size() < 126) {
            out.append(char(0x80 | payload.size()));
        } else {
            out.append(char(0x80 | 126));
            out.append(char((payload.size() >> 8) & 0xff));
            out.append(char(payload.size() & 0xff));
        }
        const char mask[4] = { 0x12, 0x34, 0x56, 0x78 };
        out.append(mask, 4);
        for (qsizetype i = 0; i < payload.size(); ++i)
            out.append(char(payload[i] ^ mask[i % 4]));
        m_socket.write(out);
        m_socket.flush();
    }
    // Stops (limit > 0) or resumes (0) taking bytes from the kernel.
    void setReadLimit(qint64 bytes) { m_socket.setReadBufferSize(bytes); }
    // Reads and parses what has arrived; complete frames go to frames().
    void pump()
    {
        if (m_socket.bytesAvailable() == 0)
            m_socket.waitForReadyRead(0); // reads what the kernel holds even if a notifier was left off
        m_buffer += m_socket.readAll();
        for (;;) {
            if (m_buffer.size() < 2)
                return;
            const int opcode = quint8(m_buffer[0]) & 0x0f;
            qint64 len = quint8(m_buffer[1]) & 0x7f;
            qsizetype header = 2;
            if (len == 126) {
                if (m_buffer.size() < 4)
                    return;
                len = (qint64(quint8(m_buffer[2])) << 8) | quint8(m_buffer[3]);
                header = 4;
            } else if (len == 127) {
                if (m_buffer.size() < 10)
                    return;
                len = 0;
                for (int i = 2; i < 10; ++i)
                    len = (len << 8) | quint8(m_buffer[i]);
                header = 10;
            }
            if (m_buffer.size() < header + len)
                return;
            const QByteArray payload = m_buffer.mid(header, len);
            m_buffer.remove(0, header + len);
            if (opcode == 1 || opcode == 2)
                m_frames.append(QJsonDocument::fromJson(payload).object());
            else if (opcode == 8)
                closed = true;
        }
    }
    QJsonObject waitType(const QString &type, int timeoutMs = 10000)
    {
        QJsonObject found;
        const bool ok = QTest::qWaitFor([&] {
            pump();
            for (qsizetype i = 0; i < m_frames.size(); ++i) {
                if (m_frames[i].value(QStringLiteral("type")).toString() == type) {
                    found = m_frames.takeAt(i);
                    return true;
                }
            }
            return false;
        }, timeoutMs);
        return ok ? found : QJsonObject();
    }
    bool follow(StreamTracker &tracker, qint64 untilSeq, int timeoutMs = 30000)
    {
        return QTest::qWaitFor([&] {
            pump();
            for (qsizetype i = 0; i < m_frames.size();) {
                if (m_frames[i].value(QStringLiteral("type")).toString() == QLatin1String("batch")
                    && m_frames[i].value(QStringLiteral("stream")).toString() == tracker.stream)
                    tracker.apply(m_frames.takeAt(i));
                else
                    ++i;
            }
            return tracker.applied >= untilSeq || closed;
        }, timeoutMs) && tracker.applied >= untilSeq;
    }

    bool waitDisconnected(int timeoutMs = 10000)
    {
        return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }
    QString debugState() const
    {
        QString out = QStringLiteral(" [buffer %1 bytes, avail %2, frames:").arg(m_buffer.size()).arg(m_socket.bytesAvailable());
        for (const QJsonObject &f : m_frames)
            out += QLatin1Char(' ') + QString::fromUtf8(jsonBytes(f).left(200));
        if (m_buffer.size() >= 2)
            out += QStringLiteral(" head bytes %1 %2").arg(quint8(m_buffer[0])).arg(quint8(m_buffer[1]));
        return out + QStringLiteral("] ");
    }

    bool closed = false;

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    QList<QJsonObject> m_frames;
};

inline QString frameType(const QJsonObject &f)
{
    return f.value(QStringLiteral("type")).toString();
}

} // namespace Tessera::Test
