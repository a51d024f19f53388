#include "serverprobe.h"

#include "certificatepin.h"

#include "core/protocol/routes.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>

namespace Tessera::Core {

namespace {

constexpr int ProbeTimeoutMs = 8000;

} // namespace

ServerProbe::ServerProbe(QObject *parent) : QObject(parent), m_network(new QNetworkAccessManager(this)) { }

QUrl ServerProbe::withScheme(const QString &typed, const QString &scheme)
{
    const QString text = typed.trimmed();
    if (text.isEmpty() || text.contains(QLatin1Char(' ')))
        return QUrl();
    const QUrl url(text.contains(QStringLiteral("://")) ? text : scheme + QStringLiteral("://") + text);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return QUrl();
    return url;
}

void ServerProbe::resolve(const QString &typed, Done done)
{
    QString error;
    const QStringList entries = ServerList::entriesOf(typed, &error);
    if (entries.isEmpty()) {
        done({ {}, {}, error });
        return;
    }
    if (entries.size() == 1) {
        resolveOne(entries.first(), [done](Result r) {
            r.servers = ServerList(r.url);
            done(r);
        });
        return;
    }
    QString scheme; // of the first entry typed with one
    for (const QString &entry : entries) {
        if (entry.contains(QStringLiteral("://"))) {
            scheme = withScheme(entry, QString()).scheme();
            break;
        }
    }
    if (scheme.isEmpty()) {
        resolveNodes(entries, 0, {}, std::move(done));
        return;
    }
    const ServerList servers = ServerList::parse(typed, scheme, &error);
    done({ servers.identity(), {}, error, servers });
}

void ServerProbe::resolveNodes(const QStringList &entries, qsizetype next, QStringList errors, Done done)
{
    if (next >= entries.size()) {
        done({ {}, {}, tr("Could not reach any of the servers: %1").arg(errors.join(QStringLiteral("; "))) });
        return;
    }
    resolveOne(entries.at(next), [this, entries, next, errors, done](const Result &r) mutable {
        if (!r.error.isEmpty()) {
            errors.append(r.error);
            resolveNodes(entries, next + 1, errors, done);
            return;
        }
        QString error;
        const ServerList servers = ServerList::parse(entries.join(QLatin1Char(',')), r.url.scheme(), &error);
        done({ servers.identity(), r.note, error, servers });
    });
}

void ServerProbe::resolveOne(const QString &typed, Done done)
{
    if (typed.contains(QStringLiteral("://"))) {
        const QUrl url = withScheme(typed, QString());
        done(url.isEmpty() ? Result { {}, {}, tr("That does not look like a server address.") } : Result { url, {}, {} });
        return;
    }
    const QUrl https = withScheme(typed, QStringLiteral("https"));
    if (https.isEmpty()) {
        done({ {}, {}, tr("That does not look like a server address.") });
        return;
    }
    probe(https, [this, typed, https, done](bool reachable, bool tlsRefused, const QString &httpsError) {
        if (reachable) {
            done({ https, {}, {} });
            return;
        }
        if (!tlsRefused) {
            done({ {}, {}, tr("Could not reach %1: %2").arg(typed, httpsError) });
            return;
        }
        const QUrl http = withScheme(typed, QStringLiteral("http"));
        probe(http, [typed, http, httpsError, done](bool ok, bool, const QString &httpError) {
            if (ok)
                done({ http, tr("%1 does not offer https, so this connection uses plain http and is not encrypted.")
                                     .arg(http.authority()),
                       {} });
            else
                done({ {}, {}, tr("Could not reach %1 over https (%2) or http (%3).").arg(typed, httpsError, httpError) });
        });
    });
}

void ServerProbe::probe(const QUrl &url, std::function<void(bool, bool, const QString &)> done)
{
    QNetworkRequest request(url.resolved(QUrl(Routes::health())));
    request.setTransferTimeout(ProbeTimeoutMs);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError> &errors) {
        if (CertificatePin::onlyTrustErrors(errors))
            reply->ignoreSslErrors(errors); // reachable; whether to trust it is asked later
    });
    connect(reply, &QNetworkReply::finished, this, [reply, done] {
        reply->deleteLater();
        const auto error = reply->error();
        // Anything HTTP came back: the server is there on this scheme.
        const bool answered = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
        // A plain-http server hangs up on (or garbles) a TLS hello.
        const bool tlsRefused = error == QNetworkReply::RemoteHostClosedError || error == QNetworkReply::SslHandshakeFailedError
                || error == QNetworkReply::ProtocolFailure || error == QNetworkReply::UnknownNetworkError;
        done(answered, tlsRefused, reply->errorString());
    });
}

} // namespace Tessera::Core
