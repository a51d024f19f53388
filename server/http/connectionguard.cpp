#include "connectionguard.h"

#include "httpguard.h"
#include "trustedproxies.h"

#include "core/protocol/httpbodies.h"
#include "core/protocol/routes.h"
#include "server/ops/logging.h"
#include "server/ops/metrics.h"

#include <QJsonDocument>
#include <QTcpSocket>

#include <sys/socket.h>

namespace Tessera::Server {

namespace {

// Past this much discarded after a refusal the peer is not listening: abort.
constexpr qint64 MaxDiscardBytes = 8 * 1024 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400: return QByteArrayLiteral("Bad Request");
    case 403: return QByteArrayLiteral("Forbidden");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 413: return QByteArrayLiteral("Content Too Large");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 503: return QByteArrayLiteral("Service Unavailable");
    }
    return QByteArrayLiteral("Error");
}

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, HttpGuard *server)
    : QObject(socket)
    , m_socket(socket)
    , m_server(server)
    , m_address(socket->peerAddress().toString())
    , m_framer(server->limits().maxHeaderBytes, server->limits().maxBodyBytes, server->limits().maxImportBodyBytes)
{
    m_since.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::onDeadline);
    // Connected before QHttpServer's own readyRead slot: this one runs first.
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::beforeHttpServer);
    connect(m_socket, &QIODevice::bytesWritten, this, &ConnectionGuard::onBytesWritten);
    // The first request's headers (and a TLS handshake) are due this long after accept;
    // trickling bytes does not move the deadline.
    arm(Deadline::Header, server->limits().headerTimeoutMs);
}

ConnectionGuard::~ConnectionGuard()
{
    if (m_server) {
        logEnd(); // ended before its answer was out: status as far as known, else 0
        m_server->forget(this);
    }
}

void ConnectionGuard::logBegin(const RequestFramer::Head *head)
{
    AccessLog *log = m_server ? m_server->accessLog() : nullptr;
    if (!log)
        return;
    if (m_logging)
        logEnd(); // a pipelined request arrived before the previous answer was out
    m_entry = {};
    m_entry.client = m_address;
    if (head) {
        if (const TrustedProxies *proxies = m_server->proxies(); proxies && !proxies->isEmpty()) {
            QByteArray forwardedFor;
            for (const auto &[name, value] : head->headers) {
                if (name == "x-forwarded-for")
                    forwardedFor += (forwardedFor.isEmpty() ? QByteArray() : QByteArrayLiteral(",")) + value;
            }
            m_entry.client = proxies->clientAddress(m_socket->peerAddress(), forwardedFor);
        }
        m_entry.method = head->method;
        m_entry.path = head->path(); // never the query: it may hold a token or search terms
    }
    m_statusLine.clear();
    m_entryClock.start();
    m_logging = true;
}

void ConnectionGuard::logEnd(int status)
{
    AccessLog *log = m_server ? m_server->accessLog() : nullptr;
    if (!m_logging || !log)
        return;
    m_logging = false;
    if (status >= 0)
        m_entry.status = status;
    m_entry.durationMs = m_entryClock.elapsed();
    log->write(m_entry);
}

void ConnectionGuard::written(const char *data, qint64 size)
{
    if (!m_logging || m_upgraded)
        return;
    m_entry.bytes += size;
    if (m_entry.status != 0 || m_statusLine.size() >= 12)
        return;
    m_statusLine += QByteArrayView(data, std::min<qint64>(size, 12 - m_statusLine.size()));
    if (m_statusLine.size() >= 12 && m_statusLine.startsWith("HTTP/1."))
        m_entry.status = m_statusLine.mid(9, 3).toInt(); // "HTTP/1.1 200"
}

void ConnectionGuard::admitted()
{
    m_admitted = true;
    // Connected after QHttpServer's slot (added when the socket became pending): runs last.
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::afterHttpServer);
    if (m_socket->bytesAvailable() > 0) // arrived with the handshake: let both slots see it
        QMetaObject::invokeMethod(m_socket, &QIODevice::readyRead, Qt::QueuedConnection);
}

void ConnectionGuard::evict()
{
    const bool idle = m_served > 0 && m_framer.atBoundary();
    m_server->metricsOf().aborted.add(idle ? QByteArrayLiteral("idle_evicted") : QByteArrayLiteral("evicted"));
    m_refused = true;
    m_timer.stop();
    m_server->forget(this);
    if (idle) {
        // Answered and idle: end it gracefully, a reset could destroy the last answer
        // before the client has read it.
        m_socket->disconnectFromHost();
        arm(Deadline::Linger, m_server->limits().lingerMs);
        return;
    }
    m_socket->abort(); // a half-sent request: nothing to preserve
}

void ConnectionGuard::arm(Deadline deadline, int ms)
{
    m_deadline = deadline;
    m_timer.start(ms);
}

void ConnectionGuard::beforeHttpServer()
{
    if (m_upgraded)
        return;
    if (m_refused)
        return discard();
    if (!m_admitted)
        return; // TLS: QHttpServer does not have the socket yet; admitted() replays it
    const qint64 available = m_socket->bytesAvailable();
    if (available <= m_leftover) {
        m_leftover = available;
        return;
    }
    const QByteArray bytes = m_socket->peek(available);
    QByteArrayView rest = QByteArrayView(bytes).sliced(std::min<qint64>(m_leftover, bytes.size()));
    m_leftover = available;
    for (;;) {
        qsizetype used = 0;
        const RequestFramer::Event event = m_framer.next(rest, &used);
        rest = rest.sliced(used);
        if (event == RequestFramer::Event::None || !handle(event))
            return;
    }
}

void ConnectionGuard::afterHttpServer()
{
    m_leftover = m_socket->bytesAvailable();
}

bool ConnectionGuard::handle(RequestFramer::Event event)
{
    const TransportLimits &limits = m_server->limits();
    Metrics &metrics = m_server->metricsOf();
    switch (event) {
    case RequestFramer::Event::None:
        return true;
    case RequestFramer::Event::Started:
        if (m_served > 0 || m_deadline == Deadline::Idle) {
            m_since.restart();
            arm(Deadline::Header, limits.headerTimeoutMs);
        }
        return true;
    case RequestFramer::Event::HeadComplete: {
        const RequestFramer::Head &head = m_framer.head();
        logBegin(&head);
        if (head.webSocketUpgrade && head.path() == Core::Routes::socket().toLatin1()) {
            const QString origin = QString::fromUtf8(head.header("origin"));
            if (!origin.isEmpty() && !m_server->originAllowed(origin)) {
                metrics.refused.add(QByteArrayLiteral("origin_forbidden"));
                refuse(403, Core::ErrorCode::OriginForbidden, QStringLiteral("this Origin is not on the server's allowlist"));
                return false;
            }
            // From here on the socket belongs to the WebSocket server and the live plane.
            logEnd(101);
            m_upgraded = true;
            m_timer.stop();
            m_server->forget(this);
            return false;
        }
        if (m_server->busyCount(m_address) >= limits.maxBusyPerAddress) {
            metrics.refused.add(QByteArrayLiteral("busy"));
            refuse(503, Core::ErrorCode::ServerUnavailable,
                   QStringLiteral("too many requests from your address are being answered; retry in a moment"), 1);
            return false;
        }
        if (head.chunked || head.contentLength > 0)
            arm(Deadline::Body, limits.bodyTimeoutMs);
        else
            m_timer.stop();
        // curl asks before sending a body over 1 MB (an import's CSV) and QHttpServer 6.4
        // never answers, so it waited a second for nothing. The head passed every check here
        // (a body over the limit was refused above): go ahead. Not while an earlier request's
        // answer is still due, which must come first.
        if ((head.chunked || head.contentLength > 0) && !m_awaiting
            && head.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0)
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        return true;
    }
    case RequestFramer::Event::RequestComplete:
        m_awaiting = true;
        ++m_served;
        m_deadline = Deadline::None;
        m_timer.stop();
        return true;
    case RequestFramer::Event::Failed:
        switch (m_framer.error()) {
        case RequestFramer::Error::HeaderTooLarge:
            metrics.refused.add(QByteArrayLiteral("header_too_large"));
            refuse(431, Core::ErrorCode::RequestTooLarge, m_framer.errorMessage());
            break;
        case RequestFramer::Error::BodyTooLarge:
            metrics.refused.add(QByteArrayLiteral("body_too_large"));
            refuse(413, Core::ErrorCode::RequestTooLarge, m_framer.errorMessage());
            break;
        case RequestFramer::Error::Malformed:
        case RequestFramer::Error::None:
            metrics.refused.add(QByteArrayLiteral("malformed"));
            refuse(400, Core::ErrorCode::RequestMalformed, m_framer.errorMessage());
            break;
        }
        return false;
    }
    return true;
}

void ConnectionGuard::onBytesWritten()
{
    if (m_socket->bytesToWrite() > 0)
        return;
    if (m_refused) {
        if (!m_halfClosed && m_socket->socketDescriptor() >= 0) {
            // The answer is out: end our side so the client sees it and an end of stream,
            // while what it still sends is read and dropped (a close with unread data
            // would reset the connection and could destroy the answer in transit).
            m_halfClosed = true;
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        }
        return;
    }
    if (m_awaiting) {
        m_awaiting = false;
        logEnd();
        if (m_framer.atBoundary() && m_deadline == Deadline::None) {
            m_since.restart();
            arm(Deadline::Idle, m_server->limits().idleTimeoutMs);
        }
    }
}

void ConnectionGuard::onDeadline()
{
    Metrics &metrics = m_server->metricsOf();
    const int seconds = (m_deadline == Deadline::Body ? m_server->limits().bodyTimeoutMs
                                                      : m_server->limits().headerTimeoutMs) / 1000;
    switch (m_deadline) {
    case Deadline::None:
        return;
    case Deadline::Header:
    case Deadline::Body:
        metrics.aborted.add(m_deadline == Deadline::Header ? QByteArrayLiteral("header_timeout")
                                                           : QByteArrayLiteral("body_timeout"));
        if (!m_admitted || (m_served == 0 && m_framer.atBoundary())) {
            // Nothing (or no TLS session) to answer on: just close.
            m_refused = true;
            m_server->forget(this);
            m_socket->abort();
            return;
        }
        refuse(408, Core::ErrorCode::RequestTimeout,
               m_deadline == Deadline::Header
                       ? QStringLiteral("the request headers did not arrive within %1 s").arg(seconds)
                       : QStringLiteral("the request body did not arrive within %1 s").arg(seconds));
        return;
    case Deadline::Idle:
        metrics.aborted.add(QByteArrayLiteral("idle_timeout"));
        m_refused = true;
        m_server->forget(this);
        m_socket->disconnectFromHost();
        return;
    case Deadline::Linger:
        m_socket->abort();
        return;
    }
}

void ConnectionGuard::refuse(int status, Core::ErrorCode code, const QString &message, int retryAfterSeconds)
{
    qCDebug(lcHttp, "refused a request from %s: %d %s", qPrintable(m_address), status, qPrintable(message));
    if (!m_logging && m_admitted)
        logBegin(nullptr); // refused before its headers were complete: no method or path
    m_refused = true;
    m_server->forget(this);
    // QHttpServer never reads another byte of this connection.
    QObject::disconnect(m_socket, &QIODevice::readyRead, m_server->httpServer(), nullptr);
    disconnect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::afterHttpServer);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction(); // drop what QHttpServer had read of the request
    if (!m_admitted) {
        m_socket->abort();
        return;
    }
    const QByteArray body = QJsonDocument(Core::ErrorBody::of(code, message).toJson()).toJson(QJsonDocument::Compact);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n"
            "Content-Type: application/json\r\n"
            "Cache-Control: no-store\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            "Connection: close\r\n"
            "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (retryAfterSeconds > 0)
        response += "Retry-After: " + QByteArray::number(retryAfterSeconds) + "\r\n";
    response += "\r\n" + body;
    m_entry.bytes = response.size();
    logEnd(status);
    m_socket->write(response);
    discard();
    arm(Deadline::Linger, m_server->limits().lingerMs);
}

void ConnectionGuard::discard()
{
    const qint64 available = m_socket->bytesAvailable();
    if (available > 0)
        m_discarded += m_socket->skip(available);
    if (m_discarded > MaxDiscardBytes)
        m_socket->abort();
}

} // namespace Tessera::Server
