#pragma once
// A WebSocket relay for chaos tests: clients connect to the proxy's port as if it were the
// server. HTTP passes through untouched; on a connection upgraded to a WebSocket, the
// server's data messages (the binary batches and presence deltas) can be duplicated,
// held and released out of order within a window, delayed, or dropped. Text replies
// (welcome, subscribed, ack, ...) and control frames pass in order. Client -> server
// bytes are never touched.
#include <QHostAddress>
#include <QObject>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace Tessera::Test {

class FrameProxy : public QObject
{
public:
    struct Chaos
    {
        double duplicate = 0; // probability a data message is sent twice
        double drop = 0; // probability it is not sent at all
        int reorderWindow = 1; // up to this many data messages are held and released shuffled
        int maxDelayMs = 0; // held messages go out after a random delay up to this
    };
    struct Counters
    {
        int messages = 0, duplicated = 0, dropped = 0, reordered = 0;
    };

    explicit FrameProxy(quint16 upstreamPort, QObject *parent = nullptr);
    ~FrameProxy() override;
    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    void setChaos(const Chaos &chaos) { m_chaos = chaos; }
    void setUpstreamPort(quint16 port) { m_upstreamPort = port; }
    // Rewrites each data message's payload (e.g. to play a newer server's events) before the
    // chaos applies; the result goes out as one binary frame.
    void setRewrite(std::function<QByteArray(const QByteArray &payload)> rewrite) { m_rewrite = std::move(rewrite); }
    const Counters &counters() const { return m_counters; }
    int connections() const { return m_connectionsTotal; }

private:
    struct Link;
    void accept();
    void fromClient(Link &link);
    void fromServer(Link &link);
    void parseFrames(Link &link);
    void hold(Link &link, QByteArray message);
    void flush(Link &link);
    void close(Link &link);

    QTcpServer m_server;
    quint16 m_upstreamPort;
    Chaos m_chaos;
    std::function<QByteArray(const QByteArray &)> m_rewrite;
    Counters m_counters;
    int m_connectionsTotal = 0;
    std::vector<std::unique_ptr<Link>> m_links;
    QRandomGenerator m_random { 20261124 };
};

} // namespace Tessera::Test
