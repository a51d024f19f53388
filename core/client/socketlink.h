#pragma once

#include "apiclient.h"
#include "core/protocol/messages.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QTimer;
class QWebSocket;

namespace Tessera::Core {

class Clock;

// One WebSocket to the server, from hello to close. open() always tears the previous
// socket down first (its signals disconnected), so there is never more than one. Pings
// every pingIntervalMs and drops a socket whose pong is overdue, so a half-open link
// after sleep is noticed in seconds. closed() fires exactly once per open().
class SocketLink final : public QObject
{
    Q_OBJECT

public:
    explicit SocketLink(Clock *clock, QObject *parent = nullptr);
    ~SocketLink() override;

    void open(const QUrl &wsUrl, const QString &token);
    void close(); // deliberate: no closed() signal
    bool isOpen() const { return m_socket != nullptr; } // connecting or ready
    bool isReady() const { return m_ready; } // welcomed
    bool send(const ClientMessage &message);
    qint64 nextRid() { return ++m_rid; }

    void setPingIntervalMs(int ms);
    void setPongTimeoutMs(int ms) { m_pongTimeoutMs = ms; }
    void setHandshakeTimeoutMs(int ms) { m_handshakeTimeoutMs = ms; }
    int socketsCreated() const { return m_socketsCreated; } // for tests: one per open()
    void setCertificateCheck(ApiClient::CertificateCheck check) { m_certificateCheck = std::move(check); }

Q_SIGNALS:
    void ready(const Tessera::Core::User &user);
    void messageReceived(const Tessera::Core::ServerMessage &message);
    void closed(int closeCode, const QString &reason, bool wasReady);

private:
    void onText(const QByteArray &bytes);
    void onPingTick();
    void drop(int closeCode, const QString &reason);
    void discardSocket();

    Clock *m_clock;
    QWebSocket *m_socket = nullptr;
    QTimer *m_pingTimer;
    QString m_token;
    bool m_ready = false;
    qint64 m_rid = 0;
    qint64 m_openedAt = 0;
    qint64 m_lastPong = 0;
    int m_pongTimeoutMs = 10000;
    int m_handshakeTimeoutMs = 15000;
    int m_socketsCreated = 0;
    QString m_lastError;
    ApiClient::CertificateCheck m_certificateCheck;
};

} // namespace Tessera::Core
