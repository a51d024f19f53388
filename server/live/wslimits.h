#pragma once

#include <QtGlobal>

namespace Tessera::Server {

// Tunables of the WebSocket live plane. Defaults suit production; every value can be
// overridden through an environment variable (TESSERA_WS_<NAME>, e.g.
// TESSERA_WS_HIGH_WATERMARK=65536) so tests can make caps small and timers short.
struct WsLimits
{
    int helloTimeoutMs = 5000;        // HELLO_TIMEOUT_MS
    int pingIntervalMs = 25000;       // PING_INTERVAL_MS
    int pongTimeoutMs = 10000;        // PONG_TIMEOUT_MS
    int maxUnauthenticated = 64;      // MAX_UNAUTHENTICATED: past it the oldest socket without hello is closed
    int ratePerSecond = 100;          // RATE_PER_SECOND: sustained frames per second per session
    int rateBurst = 600;              // RATE_BURST: bucket size; ten times as many refused frames close with 4008
    qint64 highWatermark = 512 * 1024;       // HIGH_WATERMARK: above it, live events stop (catch-up later)
    qint64 lowWatermark = 128 * 1024;        // LOW_WATERMARK: below it, replay from the log resumes
    qint64 hardCap = 8 * 1024 * 1024;        // HARD_CAP: unsent bytes past this close with 4010
    int maxLagMs = 60000;             // MAX_LAG_MS: above the high watermark this long closes with 4010
    int replayPageEvents = 500;       // REPLAY_PAGE_EVENTS: events per catch-up batch
    qint64 replayPageBytes = 512 * 1024;     // REPLAY_PAGE_BYTES: a batch frame (catch-up or live) stays under this
                                             // (a single larger event still goes alone)
    // A client may ask for larger catch-up batches (subscribe's replayBatchMax): it gets at
    // most this many events a batch, and such a batch's frame stays under REPLAY_BATCH_BYTES
    // (at most HARD_CAP - HIGH_WATERMARK, so one batch never pushes a socket past the cap).
    int replayBatchMax = 5000;        // REPLAY_BATCH_MAX
    // A catch-up starts with a page this small and doubles it page by page up to the full
    // page: the client parses the first while the server reads the next, instead of waiting
    // for a full page before it has anything to do.
    int replayFirstPageEvents = 100;  // REPLAY_FIRST_PAGE_EVENTS
    qint64 replayBatchBytes = 4 * 1024 * 1024; // REPLAY_BATCH_BYTES
    int closeTimeoutMs = 10000;       // CLOSE_TIMEOUT_MS: a closing socket that has not drained by then is aborted
    int maxSocketsPerUser = 16;       // MAX_SOCKETS_PER_USER: more hellos of one user are refused (1008)
    int maxSocketsPerAddress = 256;   // MAX_SOCKETS_PER_ADDRESS: more upgrades from one address are refused (1008)
    int maxUnauthenticatedPerAddress = 8; // MAX_UNAUTHENTICATED_PER_ADDRESS: past it the address's oldest silent socket goes

    static WsLimits fromEnvironment();
};

} // namespace Tessera::Server
