#pragma once

#include <QStringList>

namespace Tessera::Server::AdminCli {

// `tessera-server admin [--data DIR] [--config FILE] COMMAND [ARGS]` (arguments as from
// QCoreApplication::arguments(), the second one "admin"); returns the exit code: 0 on
// success, 1 on error. Results go to stdout, errors to stderr.
//
// The options before COMMAND go through ServerOptions::parse, so the data folder comes
// from the same places as the server's. When a server holds the folder's lock the command
// goes to it over DIR/admin.sock and runs in its process; otherwise the CLI takes the lock
// and runs the same AdminCommands on the database. Root is refused on a folder owned by
// another user (files it created would lock the service out).
int run(const QStringList &arguments);

} // namespace Tessera::Server::AdminCli
