// tessera-bench: measures the server and the client models; prints one JSON object per run.
#include "benchcommon.h"

#include <QCoreApplication>

#include <cstdio>

using namespace Tessera::Bench;

namespace {

const char usage[] =
        "usage: tessera-bench <subcommand> [options]   (one JSON object on stdout)\n"
        "  fanout  --clients N --writers W (--rate R | --saturate) --seconds S [--threads T] [--server URL]\n"
        "  catchup --missed P [--after-restart] [--server URL]\n"
        "  connect --clients N [--server URL]\n"
        "  commit  --writers W --window D --seconds S [--server URL]\n"
        "  model   --items N --batch B [--batches K]\n"
        "Without --server the bench starts tessera-server from the build (127.0.0.1, fresh data dir).\n";

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList all = app.arguments();
    if (all.size() < 2) {
        std::fputs(usage, stderr);
        return 2;
    }
    raiseFileLimit();
    const QString command = all.at(1);
    const Args args(all.mid(2));
    if (command == QLatin1String("fanout"))
        return runFanout(args);
    if (command == QLatin1String("catchup"))
        return runCatchup(args);
    if (command == QLatin1String("connect"))
        return runConnect(args);
    if (command == QLatin1String("commit"))
        return runCommit(args);
    if (command == QLatin1String("model"))
        return runModel(args);
    std::fputs(usage, stderr);
    return 2;
}
