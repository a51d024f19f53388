#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

class QHttpServerRequest;

namespace Tessera::Server {

// The reverse proxies (--trusted-proxies: addresses and CIDR ranges) whose X-Forwarded-For
// header is believed, and the one rule for "the client address of this request":
//
//  - the TCP peer is not a trusted proxy (or none is configured): the peer, header ignored;
//  - it is one: the right-most address of X-Forwarded-For that is not itself a trusted
//    proxy (proxies append the address they saw, so everything left of the last untrusted
//    hop could have been written by the client); if every hop is trusted, the left-most;
//  - the header is missing, empty or malformed (any entry not an IP address): the peer.
//
// Everything that decides or records by address (sign-in throttle, audit log, sessions,
// WebSocket caps, the admin connections view, /metrics' loopback rule, the access log)
// asks this. The transport guards (HttpGuard's pending and busy caps) act before the
// headers are read and stay on the TCP peer.
class TrustedProxies
{
public:
    // Parses "10.0.0.1, 192.168.0.0/16, ::1"; nullopt with `error` naming the bad entry.
    static std::optional<TrustedProxies> parse(const QString &list, QString *error);

    bool isEmpty() const { return m_ranges.isEmpty(); }
    bool contains(const QHostAddress &address) const;

    QHostAddress client(const QHostAddress &peer, const QByteArray &forwardedFor) const;
    QString clientAddress(const QHostAddress &peer, const QByteArray &forwardedFor) const
    {
        return client(peer, forwardedFor).toString();
    }
    QString clientAddress(const QHttpServerRequest &request) const;

    // Every X-Forwarded-For field of a request, joined with commas (several fields are one list).
    static QByteArray forwardedFor(const QHttpServerRequest &request);

private:
    QList<QPair<QHostAddress, int>> m_ranges;
};

} // namespace Tessera::Server
