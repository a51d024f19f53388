#include "socketlink.h"

#include "clock.h"

#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>
#include <QWebSocket>

namespace Tessera::Core {

Q_LOGGING_CATEGORY(lcLink, "tessera.core.socketlink")

SocketLink::SocketLink(Clock *clock, QObject *parent) : QObject(parent), m_clock(clock), m_pingTimer(new QTimer(this))
{
    m_pingTimer->setInterval(5000);
    connect(m_pingTimer, &QTimer::timeout, this, &SocketLink::onPingTick);
}

SocketLink::~SocketLink()
{
    discardSocket();
}

void SocketLink::setPingIntervalMs(int ms)
{
    m_pingTimer->setInterval(ms);
}

void SocketLink::open(const QUrl &wsUrl, const QString &token)
{
    discardSocket();
    m_token = token;
    m_ready = false;
    m_lastError.clear();
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    ++m_socketsCreated;
    m_socket->setMaxAllowedIncomingMessageSize(64 * 1024 * 1024);
    m_socket->setMaxAllowedIncomingFrameSize(64 * 1024 * 1024);
    connect(m_socket, &QWebSocket::connected, this, [this] {
        // wss: the handshake the system accepted is checked against the pin too.
        const QSslCertificate peer = m_socket->sslConfiguration().peerCertificate();
        if (!peer.isNull() && m_certificateCheck && !m_certificateCheck(peer, {})) {
            m_lastError = QStringLiteral("the server's certificate is not trusted");
            m_socket->abort();
            return;
        }
        ClientMessage hello;
        hello.type = ClientMessage::Type::Hello;
        hello.token = m_token;
        m_socket->sendTextMessage(QString::fromUtf8(hello.encode()));
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) { onText(text.toUtf8()); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &SocketLink::onText);
    connect(m_socket, &QWebSocket::pong, this, [this] { m_lastPong = m_clock->monotonicMs(); });
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this](QAbstractSocket::SocketError) {
        if (m_socket)
            m_lastError = m_socket->errorString();
    });
    connect(m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        if (m_socket && m_certificateCheck && m_certificateCheck(m_socket->sslConfiguration().peerCertificate(), errors))
            m_socket->ignoreSslErrors(errors);
    });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        if (!m_socket)
            return;
        const int code = int(m_socket->closeCode());
        QString reason = m_socket->closeReason();
        if (reason.isEmpty())
            reason = m_lastError.isEmpty() ? QStringLiteral("the connection closed") : m_lastError;
        drop(code, reason);
    });
    m_openedAt = m_lastPong = m_clock->monotonicMs();
    m_pingTimer->start();
    m_socket->open(wsUrl);
}

void SocketLink::close()
{
    discardSocket();
}

bool SocketLink::send(const ClientMessage &message)
{
    if (!m_socket || !m_ready)
        return false;
    m_socket->sendTextMessage(QString::fromUtf8(message.encode()));
    return true;
}

void SocketLink::onText(const QByteArray &bytes)
{
    auto decoded = ServerMessage::decode(bytes);
    if (!decoded) {
        qCWarning(lcLink) << "ignoring an unreadable frame:" << decoded.error().message;
        return;
    }
    const ServerMessage &m = decoded.value();
    if (!m_ready) {
        if (m.type == ServerMessage::Type::Welcome) {
            m_ready = true;
            m_lastPong = m_clock->monotonicMs();
            Q_EMIT ready(m.user);
        } else if (m.type == ServerMessage::Type::Error) {
            m_lastError = m.message; // the close (4001, 4002) follows
        }
        return;
    }
    Q_EMIT messageReceived(m);
}

void SocketLink::onPingTick()
{
    if (!m_socket)
        return;
    const qint64 now = m_clock->monotonicMs();
    if (!m_ready && now - m_openedAt > m_handshakeTimeoutMs) {
        drop(0, QStringLiteral("the server did not answer the handshake"));
        return;
    }
    if (m_ready && now - m_lastPong > m_pingTimer->interval() + m_pongTimeoutMs) {
        drop(0, QStringLiteral("the server stopped answering pings"));
        return;
    }
    if (m_ready)
        m_socket->ping();
}

void SocketLink::drop(int closeCode, const QString &reason)
{
    const bool wasReady = m_ready;
    discardSocket();
    qCInfo(lcLink) << "socket closed" << closeCode << reason;
    Q_EMIT closed(closeCode, reason, wasReady);
}

void SocketLink::discardSocket()
{
    m_pingTimer->stop();
    m_ready = false;
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
}

} // namespace Tessera::Core
