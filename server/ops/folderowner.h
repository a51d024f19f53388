#pragma once

#include <QString>

namespace Tessera::Server {

// Root running tessera-server on a data folder that belongs to another user (the service's
// `tessera`) would leave files there only root can open — the database's -wal and -shm,
// the lock, a TLS key — and the service could then not start. Returns why `command` (what
// the person typed, e.g. "tessera-server admin ...") is refused, or empty when it may go on.
QString refuseRootInForeignFolder(const QString &dataDir, const QString &command);

} // namespace Tessera::Server
