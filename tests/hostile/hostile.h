#pragma once
// Helpers for the hostile-load tests: the server's resident memory, its /metrics, raw
// HTTP over a socket the test controls, and a strong password for test accounts.
#include "support/boardclient.h"
#include "support/serverprocess.h"
#include "support/wsclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QTest>

namespace Tessera::Test {

inline const QString StrongPassword = QStringLiteral("tessera-test-pass");

// VmRSS of a process in bytes (Linux), -1 if unreadable.
inline qint64 residentBytes(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

inline qint64 serverRss(ServerProcess &server)
{
    return residentBytes(server.process().processId());
}

// One value of /metrics: `name` is the whole series name, labels included
// (e.g. tessera_refused_total{reason="busy"}); -1 if absent.
inline double metric(ServerProcess &server, const QByteArray &name)
{
    return serverMetric(server, name);
}

inline double metricOr0(ServerProcess &server, const QByteArray &name)
{
    return std::max(0.0, metric(server, name));
}

// Sends mutate frames over `ws` in windows of `window`, each with its own rid, and waits for
// every answer; a rate_limited reject is resent after its retryAfterMs (as a client
// must). True when every frame ended acked.
inline bool mutateAll(WsClient &ws, const QList<QJsonObject> &frames, int window = 50, int timeoutMs = 60000)
{
    QElapsedTimer clock;
    clock.start();
    qint64 rid = 1000000;
    for (qsizetype start = 0; start < frames.size(); start += window) {
        QHash<qint64, QJsonObject> open;
        for (qsizetype i = start; i < std::min(frames.size(), start + window); ++i) {
            QJsonObject f = frames[i];
            f.insert(QStringLiteral("rid"), double(++rid));
            open.insert(rid, f);
            ws.send(f);
        }
        while (!open.isEmpty()) {
            const QJsonObject reply = ws.waitFor([&open](const QJsonObject &f) {
                return open.contains(f.value(QStringLiteral("rid")).toInteger());
            }, int(std::max<qint64>(1, timeoutMs - clock.elapsed())));
            if (reply.isEmpty())
                return false;
            const qint64 r = reply.value(QStringLiteral("rid")).toInteger();
            if (frameType(reply) == QLatin1String("ack")) {
                open.remove(r);
            } else if (reply.value(QStringLiteral("code")).toString() == QLatin1String("rate_limited")) {
                QTest::qWait(int(reply.value(QStringLiteral("retryAfterMs")).toInteger()));
                ws.send(open.value(r));
            } else {
                qWarning("refused: %s", jsonBytes(reply).constData());
                return false;
            }
        }
    }
    return true;
}

// A raw HTTP/1.1 exchange on a socket the test controls: what was read so far, the
// status of the first response and whether the server closed.
class RawHttp
{
public:
    bool connectTo(const ServerProcess &server, int timeoutMs = 5000)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), server.port());
        return m_socket.waitForConnected(timeoutMs);
    }
    void write(const QByteArray &bytes) { m_socket.write(bytes); }
    bool flushed(int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        while (m_socket.bytesToWrite() > 0 && t.elapsed() < timeoutMs) {
            if (!m_socket.waitForBytesWritten(int(timeoutMs - t.elapsed())))
                break;
        }
        return m_socket.bytesToWrite() == 0;
    }
    QByteArray &received()
    {
        m_received += m_socket.readAll();
        return m_received;
    }
    int status()
    {
        const QByteArray &r = received();
        if (!r.startsWith("HTTP/1.1 ") || r.size() < 12)
            return 0;
        return r.mid(9, 3).toInt();
    }
    QByteArray header(const QByteArray &name)
    {
        const QByteArray &r = received();
        const qsizetype end = r.indexOf("\r\n\r\n");
        for (const QByteArray &line : r.left(end).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
    bool waitForStatus(int timeoutMs)
    {
        return status() != 0 || QTest::qWaitFor([this] { return status() != 0; }, timeoutMs);
    }
    bool isClosed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    bool waitClosed(int timeoutMs)
    {
        return isClosed() || QTest::qWaitFor([this] {
                   received();
                   return isClosed();
               }, timeoutMs);
    }
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
};

} // namespace Tessera::Test
