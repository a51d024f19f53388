// A SyncClient in its own process, for tst_sleep (which stops it with SIGSTOP):
//   tessera-sleepyclient <server-url> <cache-dir> <login> <board-id>
// Prints one line per change on stdout: "state <name>", "wake <heads checks>", "seq <seq> <digest>".
#include "core/client/memorytokenstore.h"
#include "core/client/syncclient.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

using namespace Tessera::Core;

namespace {

void say(const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        std::fputs("usage: tessera-sleepyclient <server-url> <cache-dir> <login> <board-id>\n", stderr);
        return 2;
    }
    MemoryTokenStore tokens;
    SyncClient client({ QUrl(args.at(1)), args.at(2), &tokens, nullptr });
    client.setBackoffLimits(50, 200, 1000);
    client.setPingIntervalMs(1000);
    client.setWakeCheckIntervalMs(500);
    const QString boardId = args.at(4);
    BoardStore *store = nullptr;
    QObject::connect(&client, &SyncClient::stateChanged, &app, [](ConnectionState state, const QString &) {
        say(QStringLiteral("state ") + connectionStateName(state));
    });
    QObject::connect(&client, &SyncClient::signedIn, &app, [&] { store = client.openBoard(boardId); });
    QObject::connect(&client, &SyncClient::signInFailed, &app, [](const QString &message) {
        say(QStringLiteral("signin-failed ") + message);
        QCoreApplication::exit(1);
    });
    qint64 lastSeq = -1;
    int headsChecks = 0;
    QTimer report;
    QObject::connect(&report, &QTimer::timeout, &app, [&] {
        if (client.headsChecks() != headsChecks) { // a wake (or network change) asks for the heads
            headsChecks = client.headsChecks();
            say(QStringLiteral("wake %1").arg(headsChecks));
        }
        if (store && store->confirmed().seq != lastSeq) {
            lastSeq = store->confirmed().seq;
            say(QStringLiteral("seq %1 %2").arg(lastSeq).arg(store->confirmed().digest()));
        }
    });
    report.start(100);
    client.signIn(args.at(3), QStringLiteral("tessera-demo"));
    return app.exec();
}
