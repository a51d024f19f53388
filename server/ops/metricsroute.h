#pragma once

#include <QByteArray>

class QHttpServer;

namespace Tessera::Server {

class Metrics;
class TrustedProxies;

// GET /metrics (Prometheus text). It tells who is connected and how busy the server is, so
// it answers only a scraper on the same machine (loopback) or one that presents the scrape
// token (`Authorization: Bearer TOKEN`, the token read from --metrics-token-file); anyone
// else gets 403. `scrapeToken` is read on every request (a reload may change it) and must
// outlive the route. Behind a trusted proxy on the same machine the forwarded client
// address decides (a request relayed from elsewhere is not "loopback"); `proxies` must
// outlive the route too.
void registerMetricsRoute(QHttpServer &http, Metrics &metrics, const QByteArray &scrapeToken,
                          const TrustedProxies &proxies);

// Constant-time comparison of a presented token with the expected one.
bool sameToken(const QByteArray &presented, const QByteArray &expected);

} // namespace Tessera::Server
