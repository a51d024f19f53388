// connect: N clients connect, say hello and subscribe to one board (at most 48 handshakes
// in flight, under the server's limit of 64 unauthenticated sockets); then they sit idle
// and the server's resident memory per connection is taken from /proc.
#include "benchcommon.h"
#include "procstats.h"
#include "stats.h"

#include <vector>

namespace Tessera::Bench {

int runConnect(const Args &args)
{
    const int clients = int(std::clamp<qint64>(args.integer(QStringLiteral("clients"), 1000), 1, 50000));
    const int inFlightCap = int(std::clamp<qint64>(args.integer(QStringLiteral("in-flight"), 48), 1, 10000));

    BenchServer server;
    QString error;
    if (!server.start(args, &error)) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    const QByteArray token = server.login();
    const QString board = server.createBoard(token, QStringLiteral("connect bench"));
    const QString stream = QStringLiteral("board:") + board;
    waitUntil([] { return false; }, 500);
    const ProcSample before = readProc(server.pid());

    struct Client
    {
        BenchSocket *socket = nullptr;
        qint64 startNs = 0;
        bool welcomed = false;
        bool subscribed = false;
    };
    std::vector<Client> list(static_cast<size_t>(clients));
    Samples welcomeMs, subscribedMs;
    int started = 0, inFlight = 0, welcomed = 0, subscribed = 0, failed = 0;
    QObject owner;
    std::function<void()> startMore = [&] {
        while (inFlight < inFlightCap && started < clients) {
            Client &c = list[size_t(started++)];
            ++inFlight;
            c.socket = new BenchSocket(&owner);
            Client *cp = &c;
            c.startNs = nowNs();
            c.socket->onConnected = [cp, &token] { cp->socket->hello(token); };
            c.socket->onDisconnected = [&, cp] {
                if (!cp->subscribed) {
                    ++failed;
                    --inFlight;
                    cp->subscribed = true; // counted
                    startMore();
                }
            };
            c.socket->onFrame = [&, cp](const QByteArray &f) {
                if (!cp->welcomed && isType(f, "welcome")) {
                    cp->welcomed = true;
                    ++welcomed;
                    welcomeMs.add(double(nowNs() - cp->startNs) / 1e6);
                    cp->socket->send({ { QStringLiteral("type"), QStringLiteral("subscribe") }, { QStringLiteral("rid"), 1 },
                                       { QStringLiteral("stream"), stream } });
                    --inFlight;
                    startMore();
                } else if (!cp->subscribed && isType(f, "subscribed")) {
                    cp->subscribed = true;
                    ++subscribed;
                    subscribedMs.add(double(nowNs() - cp->startNs) / 1e6);
                }
            };
            c.socket->open(server.url());
        }
    };
    const qint64 t0 = nowNs();
    startMore();
    const bool ok = waitUntil([&] { return subscribed + failed >= clients; }, 300000);
    const double totalMs = double(nowNs() - t0) / 1e6;
    waitUntil([] { return false; }, 1000); // idle: let the server settle
    const ProcSample after = readProc(server.pid());

    const QJsonObject params { { QStringLiteral("clients"), clients }, { QStringLiteral("inFlight"), inFlightCap } };
    QJsonObject results { { QStringLiteral("connected"), subscribed }, { QStringLiteral("failed"), failed },
                          { QStringLiteral("totalMs"), totalMs },
                          { QStringLiteral("connectsPerSecond"), double(subscribed) / (totalMs / 1000.0) },
                          { QStringLiteral("openToWelcomeMs"), welcomeMs.summary() },
                          { QStringLiteral("openToSubscribedMs"), subscribedMs.summary() } };
    if (server.isOwn()) {
        results.insert(QStringLiteral("serverRssBeforeMiB"), double(before.rssBytes) / 1048576.0);
        results.insert(QStringLiteral("serverRssAfterMiB"), double(after.rssBytes) / 1048576.0);
        results.insert(QStringLiteral("rssPerIdleConnectionKiB"),
                       subscribed ? double(after.rssBytes - before.rssBytes) / 1024.0 / subscribed : 0.0);
        results.insert(QStringLiteral("serverCpuMicrosPerConnection"),
                       subscribed ? double(after.cpuMicros - before.cpuMicros) / subscribed : 0.0);
    }
    const bool serverAlive = server.alive();
    results.insert(QStringLiteral("serverAlive"), serverAlive);
    print(QStringLiteral("connect"), params, results, server);
    return ok && failed == 0 && subscribed == clients && serverAlive ? 0 : 1;
}

} // namespace Tessera::Bench
