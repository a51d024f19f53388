#pragma once

#include <QByteArray>

class QHttpServer;

namespace Tessera::Server {

class Metrics;

// GET /metrics (Prometheus text). It tells who is connected and how busy the server is, so
// it answers only a scraper on the same machine (loopback) or one that presents the scrape
// token (`Authorization: Bearer TOKEN`, the token read from --metrics-token-file); anyone
// else gets 403.
void registerMetricsRoute(QHttpServer &http, Metrics &metrics, QByteArray scrapeToken);

// Constant-time comparison of a presented token with the expected one.
bool sameToken(const QByteArray &presented, const QByteArray &expected);

} // namespace Tessera::Server
