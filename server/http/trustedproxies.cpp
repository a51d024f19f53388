#include "trustedproxies.h"

#include <QHttpServerRequest>

namespace Tessera::Server {

namespace {

// IPv4-mapped IPv6 (::ffff:10.0.0.1, what a dual-stack socket reports) as plain IPv4, so
// one range matches both spellings.
QHostAddress normalized(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

// One X-Forwarded-For entry: an address, possibly [bracketed] or with a :port (some
// proxies add it); null if it is not one.
QHostAddress hop(QByteArray entry)
{
    entry = entry.trimmed();
    if (entry.startsWith('[')) {
        const qsizetype end = entry.indexOf(']');
        entry = end < 0 ? QByteArray() : entry.mid(1, end - 1);
    } else if (entry.count(':') == 1) {
        entry = entry.left(entry.indexOf(':'));
    }
    QHostAddress address;
    if (entry.isEmpty() || !address.setAddress(QString::fromLatin1(entry)))
        return {};
    return normalized(address);
}

} // namespace

std::optional<TrustedProxies> TrustedProxies::parse(const QString &list, QString *error)
{
    TrustedProxies proxies;
    for (const QString &raw : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString entry = raw.trimmed();
        if (entry.isEmpty())
            continue;
        QPair<QHostAddress, int> range;
        if (entry.contains(QLatin1Char('/'))) {
            range = QHostAddress::parseSubnet(entry);
        } else if (QHostAddress address; address.setAddress(entry)) {
            address = normalized(address);
            range = { address, address.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128 };
        }
        if (range.first.isNull() || range.second < 0) {
            if (error)
                *error = QStringLiteral("--trusted-proxies expects comma-separated IP addresses or CIDR ranges, "
                                        "e.g. 127.0.0.1,10.0.0.0/8 ('%1' is neither)")
                             .arg(entry);
            return std::nullopt;
        }
        proxies.m_ranges.append(range);
    }
    return proxies;
}

bool TrustedProxies::contains(const QHostAddress &address) const
{
    const QHostAddress a = normalized(address);
    for (const auto &range : m_ranges) {
        if (a.isInSubnet(range))
            return true;
    }
    return false;
}

QHostAddress TrustedProxies::client(const QHostAddress &peer, const QByteArray &forwardedFor) const
{
    const QHostAddress direct = normalized(peer);
    if (forwardedFor.trimmed().isEmpty() || !contains(direct))
        return direct;
    QList<QHostAddress> hops;
    for (const QByteArray &entry : forwardedFor.split(',')) {
        const QHostAddress address = hop(entry);
        if (address.isNull())
            return direct; // malformed: believe nothing of it
        hops.append(address);
    }
    for (qsizetype i = hops.size() - 1; i >= 0; --i) {
        if (!contains(hops[i]))
            return hops[i];
    }
    return hops.constFirst();
}

QByteArray TrustedProxies::forwardedFor(const QHttpServerRequest &request)
{
    QByteArray joined;
    for (const auto &[name, value] : request.headers()) {
        if (name.compare("x-forwarded-for", Qt::CaseInsensitive) != 0)
            continue;
        if (!joined.isEmpty())
            joined += ',';
        joined += value;
    }
    return joined;
}

QString TrustedProxies::clientAddress(const QHttpServerRequest &request) const
{
    return clientAddress(request.remoteAddress(), m_ranges.isEmpty() ? QByteArray() : forwardedFor(request));
}

} // namespace Tessera::Server
