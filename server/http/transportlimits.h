#pragma once

#include <QtGlobal>

namespace Tessera::Server {

// Limits of the HTTP transport, enforced by HttpGuard in front of QHttpServer (which reads
// a whole request, body included, before any route sees it). Defaults suit production;
// each can be overridden through the environment (TESSERA_HTTP_<NAME>) and the most
// useful through command-line options (ServerOptions). docs/admin.md lists them all.
struct TransportLimits
{
    // HEADER_TIMEOUT_MS: the request line and headers must be complete this long after the
    // connection was accepted (TLS handshake included) or the request's first byte arrived.
    int headerTimeoutMs = 10000;
    // BODY_TIMEOUT_MS: the body must be complete this long after its headers.
    int bodyTimeoutMs = 30000;
    // IDLE_TIMEOUT_MS: a keep-alive connection with nothing to do is closed after this.
    int idleTimeoutMs = 30000;
    // MAX_HEADER_BYTES: request line plus headers; more is answered 431.
    qsizetype maxHeaderBytes = 32 * 1024;
    // MAX_BODY_BYTES: the largest body any route accepts; a larger Content-Length is
    // answered 413 before a byte of it is read, a chunked body is cut once it passes this.
    qint64 maxBodyBytes = 1024 * 1024;
    // IMPORT_MAX_BODY_BYTES: the body of a CSV upload (POST /api/v1/boards/<id>/imports),
    // the one route that takes more than MAX_BODY_BYTES (see RequestFramer::isImportUpload).
    qint64 maxImportBodyBytes = 50 * 1024 * 1024;
    // MAX_PENDING_PER_ADDRESS: connections of one address that are not being answered
    // (still sending a request, or idle). Past it the oldest of them is closed, so a
    // client that holds many half-sent requests only ever pushes out its own.
    int maxPendingPerAddress = 32;
    // MAX_PENDING: the same over all addresses.
    int maxPending = 1024;
    // MAX_CONNECTIONS_PER_ADDRESS: HTTP connections of one address being answered at once
    // (WebSockets are counted by the live plane); past it a new one gets 503.
    int maxBusyPerAddress = 64;
    // LINGER_MS: after a refusal (408, 413, 431, 503...) the connection stays half-open
    // this long, discarding what the client still sends, so it can read the answer.
    int lingerMs = 2000;
    // MUTATIONS_PER_SECOND, MUTATION_BURST: commands one user may send over HTTP (a
    // token bucket like a socket's); past it 429 with a rate_limited reject.
    int httpMutationsPerSecond = 100;
    int httpMutationBurst = 600;

    static TransportLimits fromEnvironment();
};

} // namespace Tessera::Server
