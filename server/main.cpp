// tessera-server: the bundled sync server. See `tessera-server --help` and docs/admin.md.
#include "server/ops/folderowner.h"
#include "server/admin/admincli.h"
#include "server/storage/database.h"
#include "server/accounts/passwordhasher.h"
#include "server.h"
#include "serveroptions.h"
#include "server/accounts/userstore.h"
#include "server/ops/tlsidentity.h"
#include "server/ops/logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

using namespace Tessera::Server;

namespace {

int s_signalPipe[2] = { -1, -1 };

void onSignal(int signal)
{
    const char c = char(signal); // the event loop reads which one it was
    [[maybe_unused]] const auto n = ::write(s_signalPipe[1], &c, 1);
}

int fail(const QString &message)
{
    QTextStream(stderr) << "tessera-server: " << message << Qt::endl;
    return 1;
}

// --add-user: the older spelling of `admin users add` (the same command and code, so it is
// safe while a server runs and audited).
int addUser(const ServerOptions &options)
{
    QStringList args { QCoreApplication::arguments().value(0), QStringLiteral("admin"), QStringLiteral("--data"), options.dataDir };
    if (!options.databaseUrl.isEmpty())
        args << QStringLiteral("--database") << options.databaseUrl;
    args << QStringLiteral("users") << QStringLiteral("add") << options.login;
    if (options.admin)
        args << QStringLiteral("--admin");
    if (!options.displayName.isEmpty())
        args << QStringLiteral("--display-name") << options.displayName;
    return AdminCli::run(args);
}

// SIGHUP: the config file read again under the original command line (which still wins).
// A config that no longer validates changes nothing; one line to stderr either way.
void reload(Server &server, const QStringList &arguments)
{
    const ServerOptions next = ServerOptions::parse(arguments);
    const QString source = next.configPath.isEmpty() ? QStringLiteral("(no config file)") : next.configPath;
    if (!next.error.isEmpty()) {
        qCWarning(lcServer, "reload failed, the running settings stay: %s", qPrintable(next.error));
        return;
    }
    // Applied first, then logged: qCInfo evaluates its arguments only when info is enabled,
    // and the reload must happen at every level (and may change the level itself).
    const QString summary = server.reload(next).summary();
    qCInfo(lcServer, "reloaded %s: %s", qPrintable(source), qPrintable(summary));
}

// --show-fingerprint: the fingerprint of the certificate the server serves, for the admin to
// read to users (who compare it with the client's first-contact dialog).
int showFingerprint(const ServerOptions &options)
{
    TlsIdentity tls;
    if (!tls.load(options.tlsCert, options.tlsKey, options.dataDir, options.host, QDateTime::currentDateTimeUtc()))
        return fail(tls.errorString());
    for (const QString &warning : tls.warnings())
        QTextStream(stderr) << "tessera-server: " << warning << Qt::endl;
    QTextStream(stderr) << "tessera-server: " << tls.summary() << Qt::endl;
    QTextStream(stdout) << tls.fingerprint() << Qt::endl;
    return 0;
}

int newEpoch(const ServerOptions &options)
{
    Database db;
    if (!db.open(options.dataDir, options.databaseUrl))
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
    if (app.arguments().value(1) == QLatin1String("admin"))
        return AdminCli::run(app.arguments()); // tessera-server admin ... (server/admin/admincli.h)

    const ServerOptions options = ServerOptions::parse(QCoreApplication::arguments());
    if (options.action == ServerOptions::Action::CheckConfig) { // nothing opened, nothing served
        if (!options.error.isEmpty()) {
            QTextStream(stderr) << options.error << Qt::endl;
            return 1;
        }
        QTextStream(stdout) << options.configPath << ": ok" << Qt::endl;
        return 0;
    }
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
    if (const QString why = refuseRootInForeignFolder(options.dataDir, QStringLiteral("tessera-server ...")); !why.isEmpty())
        return fail(why); // serving, --new-epoch, --show-fingerprint (may create the key), --add-user
    if (const QString why = refuseRootInForeignFolder(options.filesDir, QStringLiteral("tessera-server ..."));
        options.action == ServerOptions::Action::Serve && !why.isEmpty())
        return fail(why); // only serving writes attachments (--files-dir)
    if (!PasswordHasher::initialize())
        return fail(QStringLiteral("libsodium could not be initialized"));
    if (options.action == ServerOptions::Action::AddUser)
        return addUser(options);
    if (options.action == ServerOptions::Action::NewEpoch)
        return newEpoch(options);
    if (options.action == ServerOptions::Action::ShowFingerprint)
        return showFingerprint(options);

    Logging::install(options.logRules); // from here on the server's messages go through the categories
    Server server(options);
    if (::pipe(s_signalPipe) != 0)
        return fail(QStringLiteral("cannot create signal pipe"));
    QSocketNotifier notifier(s_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&server] {
        char c = 0;
        [[maybe_unused]] const auto n = ::read(s_signalPipe[0], &c, 1);
        if (c == SIGHUP)
            reload(server, QCoreApplication::arguments());
        else
            QCoreApplication::quit();
    });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGHUP, onSignal); // reload, not quit

    if (!server.start()) {
        qCCritical(lcServer, "%s", qPrintable(server.errorString()));
        return 1;
    }
    if (!server.tlsSummary().isEmpty()) // the fingerprint users compare with their first-contact dialog
        qCInfo(lcServer, "%s", qPrintable(server.tlsSummary()));
    qCInfo(lcServer, "%s", qPrintable(server.startLine()));
    QTextStream(stdout) << "listening on " << server.url() << Qt::endl;
    const int rc = app.exec();
    qCInfo(lcServer, "shut down cleanly");
    return rc;
}
