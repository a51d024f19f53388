#pragma once

#include "accesslog.h"
#include "requestframer.h"

#include "core/protocol/codes.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace Tessera::Server {

class HttpGuard;

// Watches one HTTP connection for HttpGuard. Its readyRead slot is connected before
// QHttpServer's, so it peeks at each byte before QHttpServer reads it and feeds it to a
// RequestFramer; a second slot connected after QHttpServer's notes what QHttpServer left
// unread, so nothing is counted twice. On a violation it cuts QHttpServer's readyRead
// connection (QHttpServer never reads the rest), answers with a JSON error itself, stops
// writing, discards what still arrives for HttpGuard's linger time and aborts. A socket
// upgraded to a WebSocket is the live plane's from then on: the guard steps aside.
//
// It is a child of its socket: it lives exactly as long as the connection.
class ConnectionGuard final : public QObject
{
    Q_OBJECT
public:
    enum class Deadline { None, Header, Body, Idle, Linger };

    ConnectionGuard(QTcpSocket *socket, HttpGuard *server);
    ~ConnectionGuard() override;

    QTcpSocket *socket() const { return m_socket; }
    QString address() const { return m_address; }
    // Not being answered: still sending a request, or idle. These may be evicted.
    bool isPending() const { return !m_awaiting && !m_upgraded && !m_refused; }
    bool isBusy() const { return m_awaiting && !m_upgraded && !m_refused; }
    qint64 pendingSinceMs() const { return m_since.elapsed(); }

    // Called by HttpGuard once QHttpServer has its readyRead connection (plain: at once;
    // TLS: after the handshake).
    void admitted();
    // Closes a pending connection to make room for a newer one.
    void evict();
    // Bytes of an answer as they are written (the access log's tap).
    void written(const char *data, qint64 size);

private:
    friend class HttpGuard;
    void beforeHttpServer();
    void afterHttpServer();
    void onBytesWritten();
    void onDeadline();
    void arm(Deadline deadline, int ms);
    bool handle(RequestFramer::Event event); // false: stop reading
    // Answers `status` with an error body (Connection: close), stops QHttpServer reading,
    // then lingers and aborts. The caller counts the refusal in Metrics.
    void refuse(int status, Core::ErrorCode code, const QString &message, int retryAfterSeconds = 0);
    void discard();
    // The access log's entry for the request being answered (see AccessLog).
    void logBegin(const RequestFramer::Head *head);
    void logEnd(int status = -1);

    QTcpSocket *m_socket;
    HttpGuard *m_server;
    QString m_address;
    RequestFramer m_framer;
    QTimer m_timer;
    Deadline m_deadline = Deadline::None;
    QElapsedTimer m_since;
    qint64 m_leftover = 0; // bytes QHttpServer left unread after the last readyRead
    qint64 m_discarded = 0;
    int m_served = 0;
    bool m_admitted = false;
    bool m_awaiting = false; // a complete request is being answered
    bool m_upgraded = false;
    bool m_refused = false;
    bool m_halfClosed = false;
    AccessLog::Entry m_entry;
    bool m_logging = false; // m_entry is a request not logged yet
    QByteArray m_statusLine; // the first bytes of the answer, until its status is read
    QElapsedTimer m_entryClock;
};

} // namespace Tessera::Server
