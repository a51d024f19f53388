// tessera-server: the bundled sync server. See `tessera-server --help` and docs/admin.md.
#include "server/storage/database.h"
#include "server/accounts/passwordhasher.h"
#include "server.h"
#include "serveroptions.h"
#include "server/accounts/userstore.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

using namespace Tessera::Server;

namespace {

int s_signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(s_signalPipe[1], &c, 1);
}

int fail(const QString &message)
{
    QTextStream(stderr) << "tessera-server: " << message << Qt::endl;
    return 1;
}

int addUser(const ServerOptions &options)
{
    QTextStream in(stdin);
    const QString password = in.readLine();
    Database db;
    if (!db.open(options.dataDir))
        return fail(db.errorString());
    UserStore users(db.db());
    const auto created = users.create(options.login, password, options.displayName, options.admin);
    if (!created.user)
        return fail(created.error);
    QTextStream(stdout) << "created user " << created.user->login << " (" << created.user->id << ")"
                        << (created.user->admin ? " as server admin" : "") << Qt::endl;
    return 0;
}

int newEpoch(const ServerOptions &options)
{
    Database db;
    if (!db.open(options.dataDir))
        return fail(db.errorString());
    const QString epoch = db.newEpoch();
    if (epoch.isEmpty())
        return fail(db.errorString());
    QTextStream(stdout) << "new epoch " << epoch << ": clients will reload board snapshots" << Qt::endl;
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // Everything the server creates (data folder, database, WAL) is its user's alone.
    ::umask(0077);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tessera-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TESSERA_VERSION));

    const ServerOptions options = ServerOptions::parse(QCoreApplication::arguments());
    if (!options.error.isEmpty())
        return fail(options.error + QStringLiteral("\n(see tessera-server --help)"));
    if (options.action == ServerOptions::Action::Help) {
        QTextStream(stdout) << options.helpText;
        return 0;
    }
    if (options.action == ServerOptions::Action::Version) {
        QTextStream(stdout) << "tessera-server " << QCoreApplication::applicationVersion() << Qt::endl;
        return 0;
    }
    if (!PasswordHasher::initialize())
        return fail(QStringLiteral("libsodium could not be initialized"));
    if (options.action == ServerOptions::Action::AddUser)
        return addUser(options);
    if (options.action == ServerOptions::Action::NewEpoch)
        return newEpoch(options);

    if (::pipe(s_signalPipe) != 0)
        return fail(QStringLiteral("cannot create signal pipe"));
    QSocketNotifier notifier(s_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [] {
        char c;
        [[maybe_unused]] const auto n = ::read(s_signalPipe[0], &c, 1);
        QCoreApplication::quit();
    });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);

    Server server(options);
    if (!server.start())
        return fail(server.errorString());
    QTextStream(stdout) << "listening on " << server.url() << Qt::endl;
    const int rc = app.exec();
    QTextStream(stderr) << "tessera-server: shut down cleanly" << Qt::endl;
    return rc;
}
