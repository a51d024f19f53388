#include "wslimits.h"

#include "server/envlimit.h"

namespace Tessera::Server {

namespace {

template<typename T>
void read(const char *name, T &value)
{
    readEnvLimit("TESSERA_WS_", name, value, 0);
}

} // namespace

WsLimits WsLimits::fromEnvironment()
{
    WsLimits l;
    read("HELLO_TIMEOUT_MS", l.helloTimeoutMs);
    read("PING_INTERVAL_MS", l.pingIntervalMs);
    read("PONG_TIMEOUT_MS", l.pongTimeoutMs);
    read("MAX_UNAUTHENTICATED", l.maxUnauthenticated);
    read("RATE_PER_SECOND", l.ratePerSecond);
    read("RATE_BURST", l.rateBurst);
    read("HIGH_WATERMARK", l.highWatermark);
    read("LOW_WATERMARK", l.lowWatermark);
    read("HARD_CAP", l.hardCap);
    read("MAX_LAG_MS", l.maxLagMs);
    read("REPLAY_PAGE_EVENTS", l.replayPageEvents);
    read("REPLAY_PAGE_BYTES", l.replayPageBytes);
    read("REPLAY_BATCH_MAX", l.replayBatchMax);
    read("REPLAY_BATCH_BYTES", l.replayBatchBytes);
    read("REPLAY_FIRST_PAGE_EVENTS", l.replayFirstPageEvents);
    read("CLOSE_TIMEOUT_MS", l.closeTimeoutMs);
    read("MAX_SOCKETS_PER_USER", l.maxSocketsPerUser);
    read("MAX_SOCKETS_PER_ADDRESS", l.maxSocketsPerAddress);
    read("MAX_UNAUTHENTICATED_PER_ADDRESS", l.maxUnauthenticatedPerAddress);
    l.lowWatermark = std::min(l.lowWatermark, l.highWatermark);
    l.hardCap = std::max(l.hardCap, l.highWatermark);
    l.replayPageEvents = std::max(l.replayPageEvents, 1);
    l.pingIntervalMs = std::max(l.pingIntervalMs, 10);
    l.replayPageBytes = std::max<qint64>(l.replayPageBytes, 4096);
    l.replayBatchMax = std::max(l.replayBatchMax, 1);
    l.replayFirstPageEvents = std::max(l.replayFirstPageEvents, 1);
    l.replayBatchBytes = std::clamp<qint64>(l.replayBatchBytes, l.replayPageBytes, std::max(l.replayPageBytes, l.hardCap - l.highWatermark));
    l.maxUnauthenticated = std::max(l.maxUnauthenticated, 1);
    l.maxUnauthenticatedPerAddress = std::max(l.maxUnauthenticatedPerAddress, 1);
    return l;
}

} // namespace Tessera::Server
