#include "wsconnection.h"

#include <QDateTime>

#include "core/protocol/jsonreader.h"
#include "core/protocol/limits.h"

#include <QTimerEvent>
#include <QWebSocket>

#include <cmath>

namespace Tessera::Server {

namespace {

quint64 s_nextId = 1;

} // namespace

WsConnection::WsConnection(QWebSocket *socket, const QString &clientAddress, const WsLimits &limits, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_limits(limits)
    , m_id(s_nextId++)
    , m_tokens(limits.rateBurst)
    , m_connectedAt(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))
    , m_clientAddress(clientAddress)
{
    m_socket->setParent(this);
    // Qt closes with 1009 past these; frames between our limit and twice it get 4009 from us.
    m_socket->setMaxAllowedIncomingFrameSize(quint64(Core::Limits::maxMessageBytes) * 2);
    m_socket->setMaxAllowedIncomingMessageSize(quint64(Core::Limits::maxMessageBytes) * 2);
    m_refill.start();
    m_opened.start();

    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) { onMessage(text.toUtf8()); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &WsConnection::onMessage);
    connect(m_socket, &QWebSocket::bytesWritten, this, &WsConnection::drained);
    connect(m_socket, &QWebSocket::pong, this, [this] { m_pongTimer.stop(); });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        m_closing = true;
        stopTimers();
        if (!m_closedEmitted) {
            m_closedEmitted = true;
            Q_EMIT closed();
        }
    });
    m_helloTimer.start(m_limits.helloTimeoutMs, this);
    m_pingTimer.start(m_limits.pingIntervalMs, this);
}

void WsConnection::stopTimers()
{
    m_helloTimer.stop();
    m_pingTimer.stop();
    m_pongTimer.stop();
    m_closeTimer.stop();
}

void WsConnection::timerEvent(QTimerEvent *event)
{
    const int id = event->timerId();
    if (id == m_pingTimer.timerId()) {
        onPingTick();
    } else if (id == m_helloTimer.timerId()) {
        m_helloTimer.stop();
        sendError(Core::ErrorCode::AuthRequired, QStringLiteral("no valid hello in time"));
        closeWith(AuthFailed, QStringLiteral("no hello"));
    } else if (id == m_pongTimer.timerId()) {
        m_pongTimer.stop();
        m_closing = true;
        m_socket->abort(); // silent peer: no close handshake
    } else if (id == m_closeTimer.timerId()) {
        m_closeTimer.stop();
        ++m_abortedAfterClose;
        Q_EMIT closeTimedOut();
        m_socket->abort(); // the peer does not read: drop its buffers now
    } else {
        QObject::timerEvent(event);
    }
}

WsConnection::~WsConnection() = default;

void WsConnection::onPingTick()
{
    if (m_closing || m_pongTimer.isActive())
        return;
    m_socket->ping();
    m_pongTimer.start(m_limits.pongTimeoutMs, this);
}

void WsConnection::accept(const AuthContext &who, const Core::ServerMessage &welcome)
{
    m_helloTimer.stop();
    m_auth = who;
    send(welcome);
}

void WsConnection::send(const Core::ServerMessage &message)
{
    if (m_closing)
        return;
    m_socket->sendTextMessage(QString::fromUtf8(message.encode()));
}

void WsConnection::sendError(Core::ErrorCode code, const QString &message, std::optional<qint64> rid, const QString &stream)
{
    Core::ServerMessage m = Core::ServerMessage::errorFrame(code, message, rid);
    m.stream = stream;
    send(m);
}

void WsConnection::sendShared(const QByteArray &bytes)
{
    if (!m_closing)
        m_socket->sendBinaryMessage(bytes);
}

qint64 WsConnection::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

void WsConnection::closeWith(quint16 code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_helloTimer.stop();
    m_pingTimer.stop();
    m_pongTimer.stop();
    m_closeTimer.start(m_limits.closeTimeoutMs, this);
    m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
}

void WsConnection::abort()
{
    m_closing = true;
    stopTimers();
    m_socket->abort();
}

void WsConnection::closeNow(quint16 code, const QString &reason)
{
    closeWith(code, reason);
    m_socket->flush();
}

qint64 WsConnection::retryAfterMs() const
{
    // Until the bucket holds enough for a short burst again (a tenth of a second's worth,
    // at least one frame): a client that waits this long is not refused again at once.
    const double target = std::max(1.0, std::min<double>(m_limits.rateBurst, m_limits.ratePerSecond / 10.0));
    const double missing = std::max(0.0, target - m_tokens);
    return std::max<qint64>(1, qint64(std::ceil(missing / std::max(1, m_limits.ratePerSecond) * 1000.0)));
}

void WsConnection::refuseFrame(const QByteArray &bytes, Core::RejectCode reject, Core::ErrorCode error,
                               const QString &message)
{
    // Read only what identifies the frame; the rest may be what was wrong with it.
    const Core::ParsedJson parsed = Core::parseJsonObject(bytes, Core::Limits::maxMessageBytes, Core::Limits::maxJsonDepth);
    std::optional<qint64> rid;
    QString mutationId;
    bool isMutate = false;
    if (!parsed.error.isError()) {
        Core::JsonReader r(parsed.object);
        rid = r.optionalInteger(QStringLiteral("rid"), 0);
        if (!r.ok())
            rid.reset();
        Core::JsonReader t(parsed.object);
        isMutate = t.string(QStringLiteral("type"), Core::JsonReader::Optional, 64) == QLatin1String("mutate");
        Core::JsonReader m(parsed.object);
        mutationId = m.id(QStringLiteral("mutationId"), Core::JsonReader::Optional);
        if (!m.ok())
            mutationId.clear();
    }
    if (isMutate && !mutationId.isEmpty() && authenticated()) {
        Core::CommandOutcome outcome = Core::CommandOutcome::rejected(mutationId, reject, message);
        if (reject == Core::RejectCode::RateLimited)
            outcome.retryAfterMs = retryAfterMs();
        send(Core::ServerMessage::fromOutcome(outcome, rid));
        return;
    }
    if (error == Core::ErrorCode::RateLimited && !(m_strikes == 1 || m_strikes % 50 == 0))
        return; // other dropped frames: an occasional reminder is enough
    sendError(error, message, rid);
}

bool WsConnection::takeToken()
{
    const double elapsed = double(m_refill.restart()) / 1000.0;
    m_tokens = std::min<double>(m_limits.rateBurst, m_tokens + elapsed * m_limits.ratePerSecond);
    if (m_tokens >= 1) {
        m_tokens -= 1;
        m_strikes = std::max(0, m_strikes - 1);
        return true;
    }
    ++m_strikes;
    return false;
}

void WsConnection::onMessage(const QByteArray &bytes)
{
    if (m_closing)
        return;
    if (bytes.size() > Core::Limits::maxMessageBytes) {
        sendError(Core::ErrorCode::RequestTooLarge,
                  QStringLiteral("a message is at most %1 bytes").arg(Core::Limits::maxMessageBytes));
        closeWith(TooLarge, QStringLiteral("message too large"));
        return;
    }
    if (!takeToken()) {
        Q_EMIT throttled();
        // Refusals are answered and cheap; a client that keeps sending ten buckets' worth
        // past them ignores retryAfterMs and is closed.
        if (m_strikes > 10 * m_limits.rateBurst) {
            sendError(Core::ErrorCode::RateLimited, QStringLiteral("too many messages: closing"));
            closeWith(RateLimited, QStringLiteral("rate limit"));
            return;
        }
        refuseFrame(bytes, Core::RejectCode::RateLimited, Core::ErrorCode::RateLimited,
                    QStringLiteral("too many messages (at most %1 per second); this one was dropped, retry after "
                                   "retryAfterMs")
                            .arg(m_limits.ratePerSecond));
        return;
    }
    auto decoded = Core::ClientMessage::decode(bytes);
    if (!decoded) {
        refuseFrame(bytes, Core::RejectCode::Invalid, decoded.error().code(), decoded.error().message);
        if (!authenticated())
            closeWith(AuthFailed, QStringLiteral("hello required"));
        return;
    }
    const Core::ClientMessage &m = *decoded;
    if (!authenticated()) {
        if (m.type != Core::ClientMessage::Type::Hello) {
            sendError(Core::ErrorCode::AuthRequired, QStringLiteral("the first frame must be hello"), m.rid);
            closeWith(AuthFailed, QStringLiteral("hello required"));
            return;
        }
        if (m.protocol != 1) {
            sendError(Core::ErrorCode::ProtocolUnsupported, QStringLiteral("this server speaks protocol 1"), m.rid);
            closeWith(UnsupportedProtocol, QStringLiteral("unsupported protocol"));
            return;
        }
        Q_EMIT helloReceived(m);
        return;
    }
    if (m.type == Core::ClientMessage::Type::Hello) {
        sendError(Core::ErrorCode::RequestInvalid, QStringLiteral("already said hello"), m.rid);
        return;
    }
    Q_EMIT messageReceived(m);
}

} // namespace Tessera::Server
