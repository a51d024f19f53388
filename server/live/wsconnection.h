#pragma once

#include "server/accounts/requestauth.h"
#include "wslimits.h"

#include "core/protocol/messages.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QObject>

class QWebSocket;

namespace Tessera::Server {

// One WebSocket peer: frame limits, the hello deadline, per-session rate limiting,
// heartbeats and close codes. It decodes every frame with the shared codec; a frame
// that does not decode gets an error frame and the connection stays usable. Decoded
// frames are handed on through signals; it knows nothing about streams.
class WsConnection final : public QObject
{
    Q_OBJECT
public:
    // Close codes of protocol v1.
    enum CloseCode : quint16 {
        AuthFailed = 4001,
        UnsupportedProtocol = 4002,
        RateLimited = 4008,
        TooLarge = 4009,
        TooSlow = 4010,
    };

    // `clientAddress`: the client's address as RequestAuth::clientAddress rules it (the
    // forwarded one behind a trusted proxy); what the caps and records use.
    WsConnection(QWebSocket *socket, const QString &clientAddress, const WsLimits &limits, QObject *parent = nullptr);
    ~WsConnection() override;

    quint64 id() const { return m_id; }
    bool authenticated() const { return m_auth.has_value(); }
    const AuthContext &who() const { return *m_auth; }
    QString userId() const { return m_auth ? m_auth->user.id : QString(); }
    bool isOpen() const { return !m_closing; }
    QString clientAddress() const { return m_clientAddress; }
    QString connectedAt() const { return m_connectedAt; } // ISO-8601 UTC

    // Marks the connection authenticated and sends `welcome`.
    void accept(const AuthContext &who, const Core::ServerMessage &welcome);
    void send(const Core::ServerMessage &message);
    void sendError(Core::ErrorCode code, const QString &message, std::optional<qint64> rid = std::nullopt,
                   const QString &stream = QString());
    // A frame encoded once for many recipients (binary frame of UTF-8 JSON).
    void sendShared(const QByteArray &bytes);
    qint64 bytesToWrite() const;
    // Starts the close handshake. A peer that has not let the close frame (and whatever
    // was queued before it) drain within WsLimits::closeTimeoutMs is aborted, so a socket
    // that never reads cannot keep its buffers once it is closing.
    void closeWith(quint16 code, const QString &reason);
    // Close without waiting for the event loop (shutdown): writes the close frame now.
    void closeNow(quint16 code, const QString &reason);
    // Drops the connection at once, without a close handshake (a silent peer pushed out).
    void abort();
    qint64 openedMsAgo() const { return m_opened.elapsed(); }
    quint64 abortedAfterClose() const { return m_abortedAfterClose; }

Q_SIGNALS:
    void helloReceived(const Tessera::Core::ClientMessage &hello);
    void messageReceived(const Tessera::Core::ClientMessage &message);
    void drained(); // bytes were written: a good moment to check watermarks
    void closed();
    // A frame was dropped by the rate limit (a mutate among them is answered with a
    // rate_limited reject); for the metrics.
    void throttled();
    // The close handshake did not finish in time and the socket was aborted.
    void closeTimedOut();

private:
    void onMessage(const QByteArray &bytes);
    bool takeToken();
    qint64 retryAfterMs() const;
    // A frame that is not a usable message: a mutate (as far as its type and mutationId
    // can be read) gets a reject with its rid and mutationId, anything else an error.
    void refuseFrame(const QByteArray &bytes, Core::RejectCode reject, Core::ErrorCode error, const QString &message);
    void onPingTick();
    void timerEvent(QTimerEvent *event) override;
    void stopTimers();

    QWebSocket *m_socket;
    WsLimits m_limits;
    quint64 m_id;
    std::optional<AuthContext> m_auth;
    // Basic timers (an id each, events to timerEvent): four QTimer objects and their
    // connections were ~1.5 KiB of every idle connection.
    QBasicTimer m_helloTimer; // single shot: no hello in time
    QBasicTimer m_pingTimer; // repeating
    QBasicTimer m_pongTimer; // single shot: no pong in time
    QBasicTimer m_closeTimer; // single shot: the close handshake did not finish
    QElapsedTimer m_opened;
    quint64 m_abortedAfterClose = 0;
    // token bucket
    double m_tokens = 0;
    QElapsedTimer m_refill;
    int m_strikes = 0;
    bool m_closing = false;
    bool m_closedEmitted = false;
    QString m_connectedAt;
    QString m_clientAddress;
};

} // namespace Tessera::Server
