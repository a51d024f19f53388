#include "frameproxy.h"

#include <algorithm>

namespace Tessera::Test {

namespace {

// Header length and payload length of the unmasked frame at the start of `b`.
std::pair<qsizetype, qint64> frameSize(const QByteArray &b)
{
    qint64 len = quint8(b[1]) & 0x7f;
    qsizetype header = 2;
    if (len == 126) {
        len = (qint64(quint8(b[2])) << 8) | quint8(b[3]);
        header = 4;
    } else if (len == 127) {
        len = 0;
        for (int i = 2; i < 10; ++i)
            len = (len << 8) | quint8(b[i]);
        header = 10;
    }
    return { header, len };
}

// The payload of a whole message: its frames' payloads, in order.
QByteArray payloadOf(QByteArray frames)
{
    QByteArray payload;
    while (frames.size() >= 2) {
        const auto [header, len] = frameSize(frames);
        payload += frames.mid(header, len);
        frames.remove(0, header + len);
    }
    return payload;
}

QByteArray binaryFrame(const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x82)); // FIN, binary
    const qint64 n = payload.size();
    if (n < 126) {
        frame.append(char(n));
    } else if (n < 65536) {
        frame.append(char(126));
        frame.append(char(n >> 8));
        frame.append(char(n & 0xff));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((n >> shift) & 0xff));
    }
    return frame + payload;
}

} // namespace

struct FrameProxy::Link
{
    QTcpSocket *client = nullptr;
    QTcpSocket *server = nullptr;
    bool websocket = false; // the client asked for an upgrade
    bool upgraded = false; // the server's 101 has gone through
    QByteArray requestHead;
    QByteArray fromServer; // unparsed server bytes
    QByteArray message; // frames of the data message being assembled
    bool messageIsData = false;
    QList<QByteArray> held;
    QTimer *flushTimer = nullptr;
    bool closed = false;
};

FrameProxy::FrameProxy(quint16 upstreamPort, QObject *parent) : QObject(parent), m_upstreamPort(upstreamPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FrameProxy::accept);
}

FrameProxy::~FrameProxy()
{
    for (auto &l : m_links) {
        if (l->client)
            l->client->disconnect(this);
        if (l->server)
            l->server->disconnect(this);
    }
}

bool FrameProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void FrameProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        ++m_connectionsTotal;
        auto link = std::make_unique<Link>();
        Link *l = link.get();
        l->client = client;
        client->setParent(this);
        l->server = new QTcpSocket(this);
        l->flushTimer = new QTimer(this);
        l->flushTimer->setSingleShot(true);
        connect(l->flushTimer, &QTimer::timeout, this, [this, l] { flush(*l); });
        connect(client, &QTcpSocket::readyRead, this, [this, l] { fromClient(*l); });
        connect(l->server, &QTcpSocket::connected, this, [this, l] { fromClient(*l); });
        connect(l->server, &QTcpSocket::readyRead, this, [this, l] { fromServer(*l); });
        connect(client, &QTcpSocket::disconnected, this, [this, l] { close(*l); });
        connect(l->server, &QTcpSocket::disconnected, this, [this, l] { close(*l); });
        connect(l->server, &QTcpSocket::errorOccurred, this, [this, l] { close(*l); });
        l->server->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
        m_links.push_back(std::move(link));
    }
}

void FrameProxy::close(Link &l)
{
    if (l.closed)
        return;
    l.closed = true;
    l.flushTimer->stop();
    l.client->disconnectFromHost();
    l.server->disconnectFromHost();
    l.client->deleteLater();
    l.server->deleteLater();
    l.flushTimer->deleteLater();
    l.client->disconnect(this);
    l.server->disconnect(this);
    Link *gone = &l;
    QTimer::singleShot(0, this, [this, gone] {
        std::erase_if(m_links, [gone](const std::unique_ptr<Link> &p) { return p.get() == gone; });
    });
}

void FrameProxy::fromClient(Link &l)
{
    if (l.server->state() != QAbstractSocket::ConnectedState)
        return; // sent once connected
    const QByteArray bytes = l.client->readAll();
    if (!l.websocket && l.requestHead.size() < 8192) {
        l.requestHead += bytes;
        if (l.requestHead.toLower().contains("upgrade: websocket"))
            l.websocket = true;
    }
    l.server->write(bytes);
}

void FrameProxy::fromServer(Link &l)
{
    l.fromServer += l.server->readAll();
    if (!l.websocket) {
        l.client->write(l.fromServer);
        l.fromServer.clear();
        return;
    }
    if (!l.upgraded) {
        const qsizetype end = l.fromServer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        l.client->write(l.fromServer.left(end + 4));
        l.fromServer.remove(0, end + 4);
        l.upgraded = true;
    }
    parseFrames(l);
}

// Server frames are unmasked: FIN|opcode, length (7, 16 or 64 bit), payload.
void FrameProxy::parseFrames(Link &l)
{
    for (;;) {
        const QByteArray &b = l.fromServer;
        if (b.size() < 2)
            return;
        qint64 len = quint8(b[1]) & 0x7f;
        qsizetype header = 2;
        if (len == 126) {
            if (b.size() < 4)
                return;
            len = (qint64(quint8(b[2])) << 8) | quint8(b[3]);
            header = 4;
        } else if (len == 127) {
            if (b.size() < 10)
                return;
            len = 0;
            for (int i = 2; i < 10; ++i)
                len = (len << 8) | quint8(b[i]);
            header = 10;
        }
        if (b.size() < header + len)
            return;
        const QByteArray frame = b.left(header + len);
        l.fromServer.remove(0, header + len);
        const bool fin = quint8(frame[0]) & 0x80;
        const int opcode = quint8(frame[0]) & 0x0f;
        if (opcode == 0x2 || (opcode == 0x0 && l.messageIsData)) {
            l.messageIsData = true;
            l.message += frame;
            if (fin) {
                l.messageIsData = false;
                hold(l, std::exchange(l.message, QByteArray()));
            }
        } else {
            l.client->write(frame); // text replies and control frames: in order, at once
        }
    }
}

void FrameProxy::hold(Link &l, QByteArray message)
{
    ++m_counters.messages;
    if (m_rewrite)
        message = binaryFrame(m_rewrite(payloadOf(message)));
    if (m_random.generateDouble() < m_chaos.drop) {
        ++m_counters.dropped;
        return;
    }
    l.held.append(message);
    if (m_random.generateDouble() < m_chaos.duplicate) {
        ++m_counters.duplicated;
        l.held.append(message);
    }
    if (l.held.size() >= m_chaos.reorderWindow)
        flush(l);
    else if (!l.flushTimer->isActive())
        l.flushTimer->start(m_chaos.maxDelayMs > 0 ? int(m_random.bounded(m_chaos.maxDelayMs + 1)) : 0);
}

void FrameProxy::flush(Link &l)
{
    l.flushTimer->stop();
    if (l.held.size() > 1) {
        const QList<QByteArray> before = l.held;
        std::shuffle(l.held.begin(), l.held.end(), m_random);
        if (l.held != before)
            ++m_counters.reordered;
    }
    for (const QByteArray &m : std::as_const(l.held))
        l.client->write(m);
    l.held.clear();
}

} // namespace Tessera::Test
