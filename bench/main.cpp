// tessera-bench: measures the server and the client models; prints one JSON object per run.
// Exit status: 0 when the run saw no error, 1 when it did (a gap, a duplicate, a lost or
// rejected command, a failed connection, a server that exited), 2 for a bad command line.
#include "benchcommon.h"

#include <QCoreApplication>

#include <cstdio>

using namespace Tessera::Bench;

namespace {

const char usage[] =
        "usage: tessera-bench <subcommand> [options]   (one JSON object on stdout)\n"
        "  fanout  --clients N --writers W (--rate R | --saturate [--window D]) --seconds S [--items I] [--threads T] [--server URL | NODES]\n"
        "  catchup --missed P [--after-restart] [--rounds K] [--replay-batch E (default 0: ask nothing, 500)] [--server URL]\n"
        "  connect --clients N [--in-flight F] [--server URL]\n"
        "  commit  --writers W (--window D | --rate R) --seconds S [--items I] [--boards B] [--server URL | NODES]\n"
        "  model   --items N --batch B [--batches K] [--cache]\n"
        "  appload --server URL --board ID --items N (--seed | --rate R --seconds S) [--writers W]\n"
        "Without --server the bench starts tessera-server from the build (127.0.0.1, fresh data dir).\n"
        "NODES: [--database postgresql://USER@HOST/NAME | --database auto] [--nodes N]: the servers it starts use that\n"
        "  PostgreSQL database (auto: a private throwaway cluster); N nodes share it, writers and subscribers round robin.\n"
        "Exit status: 0 no errors seen, 1 errors seen (gaps, duplicates, lost acks, server exit), 2 bad usage.\n";

struct Subcommand
{
    const char *name;
    int (*run)(const Args &);
    QList<OptionSpec> options;
};

const QList<Subcommand> &subcommands()
{
    using O = OptionSpec;
    const O server { "server", O::Text };
    const O database { "database", O::Text };
    const O nodes { "nodes", O::Number, 1, 16 };
    static const QList<Subcommand> list {
        { "fanout", runFanout,
          { { "clients", O::Number, 1, 50000 }, { "writers", O::Number, 1, 1000 }, { "rate", O::Number, 0.1, 1e6 },
            { "saturate", O::Flag }, { "window", O::Number, 1, 10000 }, { "seconds", O::Number, 1, 600 },
            { "items", O::Number, 1, 100000 }, { "threads", O::Number, 1, 16 }, server, database, nodes } },
        { "catchup", runCatchup,
          { { "missed", O::Number, 1, 1e6 }, { "after-restart", O::Flag }, { "rounds", O::Number, 1, 100 },
            { "replay-batch", O::Number, 0, 1e6 }, server } },
        { "connect", runConnect, { { "clients", O::Number, 1, 50000 }, { "in-flight", O::Number, 1, 10000 }, server } },
        { "commit", runCommit,
          { { "writers", O::Number, 1, 1000 }, { "window", O::Number, 1, 10000 }, { "rate", O::Number, 0.1, 1e6 },
            { "seconds", O::Number, 1, 600 }, { "items", O::Number, 1, 100000 }, { "boards", O::Number, 1, 1000 }, server,
            database, nodes } },
        { "appload", runAppLoad,
          { { "board", O::Text }, { "items", O::Number, 1, 5e6 }, { "writers", O::Number, 1, 64 }, { "seed", O::Flag },
            { "rate", O::Number, 0.1, 1e6 }, { "seconds", O::Number, 1, 600 }, server } },
        { "model", runModel, { { "items", O::Number, 1, 5e6 }, { "batch", O::Number, 1, 100000 }, { "batches", O::Number, 1, 10000 }, { "cache", O::Flag } } },
    };
    return list;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList all = app.arguments();
    if (all.size() < 2) {
        std::fputs(usage, stderr);
        return 2;
    }
    const QString command = all.at(1);
    const Args args(all.mid(2));
    for (const Subcommand &sub : subcommands()) {
        if (command != QLatin1String(sub.name))
            continue;
        QString error = args.check(sub.options);
        if (error.isEmpty())
            error = BenchServer::usageError(args);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "tessera-bench %s: %s\n%s", sub.name, qPrintable(error), usage);
            return 2;
        }
        raiseFileLimit();
        return sub.run(args);
    }
    std::fprintf(stderr, "tessera-bench: unknown subcommand '%s'\n%s", qPrintable(command), usage);
    return 2;
}
