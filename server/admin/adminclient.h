#pragma once

#include "adminprotocol.h"

namespace Tessera::Server::AdminClient {

// Sends one request to a running server's admin socket and waits for its answer (blocking,
// bounded: `timeoutMs` in all, answers up to MaxAnswerBytes). Failures to connect, time-outs
// and garbled answers come back as a failed Answer naming the problem.
AdminProtocol::Answer send(const QString &socketPath, const AdminProtocol::Request &request, int timeoutMs = 60000);

} // namespace Tessera::Server::AdminClient
