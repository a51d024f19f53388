#include "metricsroute.h"

#include "metrics.h"

#include "core/protocol/routes.h"
#include "server/http/httpreply.h"
#include "server/http/trustedproxies.h"

#include <QHttpServer>
#include <QHttpServerRequest>

namespace Tessera::Server {

bool sameToken(const QByteArray &presented, const QByteArray &expected)
{
    if (expected.isEmpty() || presented.size() != expected.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        diff |= static_cast<unsigned char>(presented[i] ^ expected[i]);
    return diff == 0;
}

void registerMetricsRoute(QHttpServer &http, Metrics &metrics, const QByteArray &scrapeToken,
                          const TrustedProxies &proxies)
{
    http.route(Core::Routes::metrics(), QHttpServerRequest::Method::Get,
               [&metrics, &scrapeToken, &proxies](const QHttpServerRequest &request) {
                   const QByteArray authorization = request.value(QByteArrayLiteral("authorization"));
                   const bool bearer = authorization.startsWith("Bearer ") && sameToken(authorization.mid(7).trimmed(), scrapeToken);
                   if (!QHostAddress(proxies.clientAddress(request)).isLoopback() && !bearer)
                       return HttpReply::error(QHttpServerResponse::StatusCode::Forbidden, Core::ErrorCode::Forbidden,
                                               QStringLiteral("/metrics answers on the server's own machine, or with the "
                                                              "scrape token (--metrics-token-file)"));
                   return QHttpServerResponse(QByteArrayLiteral("text/plain; version=0.0.4"), metrics.render());
               });
}

} // namespace Tessera::Server
