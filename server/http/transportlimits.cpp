#include "transportlimits.h"

#include "server/envlimit.h"

namespace Tessera::Server {

namespace {

template<typename T>
void read(const char *name, T &value)
{
    readEnvLimit("TESSERA_HTTP_", name, value, 1);
}

} // namespace

TransportLimits TransportLimits::fromEnvironment()
{
    TransportLimits l;
    read("HEADER_TIMEOUT_MS", l.headerTimeoutMs);
    read("BODY_TIMEOUT_MS", l.bodyTimeoutMs);
    read("IDLE_TIMEOUT_MS", l.idleTimeoutMs);
    read("MAX_HEADER_BYTES", l.maxHeaderBytes);
    read("MAX_BODY_BYTES", l.maxBodyBytes);
    read("IMPORT_MAX_BODY_BYTES", l.maxImportBodyBytes);
    read("MAX_PENDING_PER_ADDRESS", l.maxPendingPerAddress);
    read("MAX_PENDING", l.maxPending);
    read("MAX_CONNECTIONS_PER_ADDRESS", l.maxBusyPerAddress);
    read("LINGER_MS", l.lingerMs);
    read("MUTATIONS_PER_SECOND", l.httpMutationsPerSecond);
    read("MUTATION_BURST", l.httpMutationBurst);
    l.maxHeaderBytes = std::max<qsizetype>(l.maxHeaderBytes, 1024);
    l.maxPending = std::max(l.maxPending, l.maxPendingPerAddress);
    return l;
}

} // namespace Tessera::Server
