#pragma once

#include "serverlist.h"

#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace Tessera::Core {

// Turns what a person typed as a server address into a URL the client can use. With a
// scheme ("https://…", "http://…") it is taken as is. Without one ("host:port") the probe
// asks the server's health over https first and over http only when nothing answers TLS
// there; a certificate nobody vouches for still counts as https (the sync engine asks
// about trusting it). A server that answers neither is an error naming both attempts.
// Several nodes of one server come as a comma-separated list (ServerList): entries with a
// scheme are taken as is; the others get the scheme of the first entry typed with one, or
// else of the first of them that answers the probe (they are one server: one scheme).
class ServerProbe final : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        QUrl url; // empty on error; the first node when several were given
        QString note; // e.g. "plain http: not encrypted", for the person to see
        QString error;
        ServerList servers = {}; // every node, in the order given (url is the first)
    };
    using Done = std::function<void(const Result &)>;

    explicit ServerProbe(QObject *parent = nullptr);

    // `done` runs once, in this object's thread, unless the probe is destroyed first.
    void resolve(const QString &typed, Done done);
    static QUrl withScheme(const QString &typed, const QString &scheme); // "" when not an address

private:
    void resolveOne(const QString &typed, Done done);
    void resolveNodes(const QStringList &entries, qsizetype next, QStringList errors, Done done);
    void probe(const QUrl &url, std::function<void(bool reachable, bool tlsRefused, const QString &error)> done);

    QNetworkAccessManager *m_network;
};

} // namespace Tessera::Core
