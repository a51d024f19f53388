#include "httpguard.h"

#include "connectionguard.h"
#include "tappedsocket.h"

#include "server/ops/metrics.h"

#include <QSslSocket>

namespace Tessera::Server {

HttpGuard::HttpGuard(const TransportLimits &limits, Metrics &metrics, QObject *parent)
    : QTcpServer(parent), m_limits(limits), m_metrics(metrics)
{
    // Qt's default accept backlog (50) drops SYNs in a burst, and a dropped SYN is retried
    // only after a second or more: a real client arriving in a flood must not wait that.
    setListenBacklogSize(1024);
    m_sweep.setSingleShot(true);
    connect(&m_sweep, &QTimer::timeout, this, &HttpGuard::sweep);
}

HttpGuard::~HttpGuard()
{
    // Guards still alive (their sockets are our children, deleted after this body) must not
    // call back into a half-destroyed server.
    for (ConnectionGuard *guard : std::as_const(m_all))
        guard->m_server = nullptr;
}

void HttpGuard::setTls(const QSslConfiguration &configuration)
{
    m_tls = true;
    m_tlsConfiguration = configuration;
}

int HttpGuard::pendingCount() const
{
    int n = 0;
    for (const ConnectionGuard *guard : m_all)
        n += guard->isPending() ? 1 : 0;
    return n;
}

int HttpGuard::busyCount(const QString &address) const
{
    int n = 0;
    for (const ConnectionGuard *guard : m_byAddress.value(address))
        n += guard->isBusy() ? 1 : 0;
    return n;
}

void HttpGuard::incomingConnection(qintptr descriptor)
{
    // Tapped: the access log reads each answer's status and size as it is written.
    QTcpSocket *socket = m_tls ? static_cast<QTcpSocket *>(new TappedSocket<QSslSocket>(this))
                               : new TappedSocket<QTcpSocket>(this);
    // Until QHttpServer has it, nobody else deletes a socket that goes away (a failed
    // handshake); deleteLater twice is harmless once QHttpServer does too.
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    if (!socket->setSocketDescriptor(descriptor)) {
        socket->deleteLater();
        return;
    }
    auto *guard = new ConnectionGuard(socket, this);
    if (m_accessLog) {
        const auto tap = [guard](const char *data, qint64 size) { guard->written(data, size); };
        if (m_tls)
            static_cast<TappedSocket<QSslSocket> *>(socket)->tap = tap;
        else
            static_cast<TappedSocket<QTcpSocket> *>(socket)->tap = tap;
    }
    m_all.append(guard);
    m_byAddress[guard->address()].append(guard);
    enforcePendingCaps(guard->address(), guard);
    if (!m_tls) {
        admit(socket, guard);
        return;
    }
    auto *tls = static_cast<QSslSocket *>(socket);
    tls->setSslConfiguration(m_tlsConfiguration);
    connect(tls, &QSslSocket::encrypted, this, [this, tls, guard] { admit(tls, guard); });
    connect(tls, &QSslSocket::errorOccurred, tls, [tls] {
        if (!tls->isEncrypted())
            tls->abort(); // a failed handshake: nothing to answer
    });
    tls->startServerEncryption();
}

void HttpGuard::admit(QTcpSocket *socket, ConnectionGuard *guard)
{
    addPendingConnection(socket); // QHttpServer connects its readyRead slot now, after the guard's
    guard->admitted();
}

void HttpGuard::forget(ConnectionGuard *guard)
{
    if (!m_all.removeOne(guard))
        return;
    auto it = m_byAddress.find(guard->address());
    if (it == m_byAddress.end())
        return;
    it->removeOne(guard);
    if (it->isEmpty())
        m_byAddress.erase(it);
}

void HttpGuard::sweep()
{
    const QStringList addresses = m_byAddress.keys();
    for (const QString &address : addresses)
        enforcePendingCaps(address, nullptr);
}

// Past the cap the oldest pending connection goes. A burst of new connections (whose
// requests may already wait in the kernel) is given MinPendingAgeMs to send them before
// anything is pushed out, up to HardCapFactor times the cap; a sweep then evicts the rest.
void HttpGuard::enforcePendingCaps(const QString &address, const ConnectionGuard *fresh)
{
    const auto oldestPending = [fresh](const QList<ConnectionGuard *> &guards, int *pending) {
        ConnectionGuard *oldest = nullptr;
        *pending = 0;
        for (ConnectionGuard *g : guards) {
            if (!g->isPending())
                continue;
            ++*pending;
            if (g != fresh && (!oldest || g->pendingSinceMs() > oldest->pendingSinceMs()))
                oldest = g;
        }
        return oldest;
    };
    const auto enforce = [&](const QList<ConnectionGuard *> &guards, int cap) {
        for (;;) {
            int pending = 0;
            ConnectionGuard *oldest = oldestPending(guards, &pending);
            if (pending <= cap || !oldest)
                return;
            if (oldest->pendingSinceMs() < MinPendingAgeMs && pending <= cap * HardCapFactor) {
                if (!m_sweep.isActive())
                    m_sweep.start(MinPendingAgeMs);
                return;
            }
            oldest->evict();
        }
    };
    enforce(m_byAddress.value(address), m_limits.maxPendingPerAddress);
    enforce(m_all, m_limits.maxPending);
}

} // namespace Tessera::Server
