#pragma once

#include "transportlimits.h"

#include <QHash>
#include <QList>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTimer>

#include <functional>

namespace Tessera::Server {

class AccessLog;
class ConnectionGuard;
class Metrics;
class TrustedProxies;

// The listening socket of the HTTP API, bound to QHttpServer with bind(). QHttpServer 6.4
// reads a whole request (headers and body) before any route sees it and has no deadlines,
// so every accepted socket gets a ConnectionGuard first: it sees each byte before
// QHttpServer reads it and enforces TransportLimits (header, body and idle deadlines,
// header and body sizes, chunked bodies counted as they arrive, the Origin of a WebSocket
// upgrade), answering 408/413/431/400/403/503 itself. This server keeps the per-address
// caps: past maxPendingPerAddress (or maxPending in all) the oldest connection that is
// not being answered is closed (after a short grace for bursts, and at once past four
// times the cap), so half-sent requests push out only their own kind and a real request,
// which completes in milliseconds, always gets through.
//
// With setTls() it also does TLS (QSslServer would hand connections over only after the
// handshake, out of the guard's sight): the handshake counts against the header deadline
// and the whole certificate chain is sent.
class HttpGuard final : public QTcpServer
{
    Q_OBJECT
public:
    HttpGuard(const TransportLimits &limits, Metrics &metrics, QObject *parent = nullptr);
    ~HttpGuard() override;

    void setTls(const QSslConfiguration &configuration);
    // Whether a WebSocket upgrade with this (non-empty) Origin header may proceed.
    void setOriginCheck(std::function<bool(const QString &origin)> check) { m_originAllowed = std::move(check); }

    int connectionCount() const { return int(m_all.size()); }
    int pendingCount() const;
    const TransportLimits &limits() const { return m_limits; }
    // New limits while serving (a reload): the caps and every deadline armed from now on
    // take them; a connection keeps the header and body sizes it was accepted with.
    void setLimits(const TransportLimits &limits) { m_limits = limits; }
    // One access-log line per request (null: none); the client address by `proxies`. Both
    // must outlive every connection (call before listen).
    void setAccessLog(AccessLog *log, const TrustedProxies *proxies)
    {
        m_accessLog = log;
        m_proxies = proxies;
    }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    friend class ConnectionGuard;
    void admit(QTcpSocket *socket, ConnectionGuard *guard);
    void forget(ConnectionGuard *guard);
    static constexpr int MinPendingAgeMs = 500;
    static constexpr int HardCapFactor = 4;
    void enforcePendingCaps(const QString &address, const ConnectionGuard *fresh);
    void sweep();
    int busyCount(const QString &address) const;
    bool originAllowed(const QString &origin) const { return !m_originAllowed || m_originAllowed(origin); }
    QObject *httpServer() const { return parent(); } // bind() makes QHttpServer the parent
    Metrics &metricsOf() const { return m_metrics; }
    AccessLog *accessLog() const { return m_accessLog; }
    const TrustedProxies *proxies() const { return m_proxies; }

    TransportLimits m_limits;
    Metrics &m_metrics;
    bool m_tls = false;
    QSslConfiguration m_tlsConfiguration;
    std::function<bool(const QString &)> m_originAllowed;
    AccessLog *m_accessLog = nullptr;
    const TrustedProxies *m_proxies = nullptr;
    QList<ConnectionGuard *> m_all;
    QHash<QString, QList<ConnectionGuard *>> m_byAddress;
    QTimer m_sweep;
};

} // namespace Tessera::Server
