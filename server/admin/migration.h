#pragma once

#include "maintenance.h"

#include <QString>

#include <functional>

// `tessera-server admin migrate --to postgresql://...` (issue #16): a one-node SQLite data
// folder moved onto a PostgreSQL database for several nodes.
namespace Tessera::Server::Maintenance {

// Copies every table of DIR/tessera.db (accounts, sessions, boards with their full logs,
// seqs and epoch, inboxes, settings, views, the search index, attachments' rows, jobs, the
// audit log) into the PostgreSQL database of `url`, whose schema Database::open creates.
// A target that already holds data is refused (never merged). Everything is copied in one
// PostgreSQL transaction, table by table in batches (nothing is held in memory but one
// batch), then checked in that same transaction before it commits: every table's row
// count, and per board its events (count, highest seq) and its digest inputs (head seq,
// item ids and versions). Any difference rolls everything back and names the board or
// table; the target is then as empty as before. The SQLite database is only read (and
// gets an audit entry once the copy is committed). The caller holds the data lock: no
// server is serving DIR. `progress` (optional) hears one line per table as it is copied.
Result migrateToPostgres(const QString &dataDir, const QString &url,
                         const std::function<void(const QString &line)> &progress = {});

} // namespace Tessera::Server::Maintenance
