#include "admincli.h"

#include "adminclient.h"
#include "admincommands.h"
#include "adminsocket.h"
#include "migration.h"
#include "server/accounts/auditlog.h"
#include "server/accounts/passwordhasher.h"
#include "server/accounts/sessionstore.h"
#include "server/accounts/userstore.h"
#include "server/ops/folderowner.h"
#include "server/serveroptions.h"
#include "server/storage/database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace Tessera::Server::AdminCli {

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "tessera-server admin: " << message << Qt::endl;
    return 1;
}

int finish(const AdminCommands::Result &result)
{
    if (!result.ok)
        return fail(result.text);
    QTextStream(stdout) << result.text;
    return 0;
}

bool takesValue(const QString &option)
{
    return option == QLatin1String("--data") || option == QLatin1String("--config")
            || option == QLatin1String("--database");
}

AdminCommands::Result runHere(const ServerOptions &options, const AdminProtocol::Request &request)
{
    const QString &dataDir = options.dataDir;
    Database database;
    if (!database.open(dataDir, options.databaseUrl))
        return { false, database.errorString() };
    UserStore users(database.db());
    SessionStore sessions(database.db());
    AuditLog audit(database.db());
    AdminCommands commands({ database, users, sessions, audit, dataDir, nullptr });
    AdminCommands::Result result { false, QStringLiteral("the command did not finish") };
    commands.run(request, [&result](const AdminCommands::Result &r) { result = r; }); // synchronous here
    return result;
}

} // namespace

int run(const QStringList &arguments)
{
    // Options up to the first word that is not one; --data, --config and --database take the next word.
    QStringList options { arguments.value(0) };
    qsizetype i = 2;
    bool help = false;
    for (; i < arguments.size() && arguments.at(i).startsWith(QLatin1Char('-')); ++i) {
        const QString &arg = arguments.at(i);
        const QString name = arg.section(QLatin1Char('='), 0, 0);
        if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            help = true;
            continue;
        }
        if (!takesValue(name))
            return fail(QStringLiteral("unknown option '%1' (before COMMAND go only --data DIR, --config FILE and --database URL; "
                                       "see tessera-server admin --help)")
                            .arg(arg));
        options << arg;
        if (!arg.contains(QLatin1Char('=')) && i + 1 < arguments.size())
            options << arguments.at(++i);
    }
    const QStringList command = arguments.mid(i);
    if (help || command == QStringList { QStringLiteral("help") } || command.contains(QStringLiteral("--help"))) {
        QTextStream(stdout) << AdminCommands::helpText();
        return 0;
    }
    const QStringList argv = AdminCommands::absolutePaths(command);
    const AdminCommands::Parsed parsed = AdminCommands::parse(argv);
    if (!parsed.error.isEmpty())
        return fail(parsed.error);
    const ServerOptions serverOptions = ServerOptions::parse(options);
    if (!serverOptions.error.isEmpty())
        return fail(serverOptions.error);
    const QString dataDir = serverOptions.dataDir;
    if (dataDir.isEmpty())
        return fail(QStringLiteral("no data folder: give --data DIR"));
    if (const QString why = refuseRootInForeignFolder(dataDir, QStringLiteral("tessera-server admin ...")); !why.isEmpty())
        return fail(why);
    if (!PasswordHasher::initialize())
        return fail(QStringLiteral("libsodium could not be initialized"));

    AdminProtocol::Request request { argv, QString() };
    if (AdminCommands::needsPassword(parsed.kind)) {
        QTextStream in(stdin);
        request.password = in.readLine();
        if (request.password.isNull())
            return fail(QStringLiteral("'%1' reads the password from the first line of stdin, and stdin was empty")
                            .arg(parsed.name));
    }

    if (!QFileInfo(dataDir).isDir()) {
        // A first admin is created before the first start; other commands need an existing folder.
        if (parsed.kind != AdminCommands::Kind::UsersAdd)
            return fail(QStringLiteral("no data folder %1").arg(QDir::toNativeSeparators(dataDir)));
        if (!QDir().mkpath(dataDir))
            return fail(QStringLiteral("cannot create data folder %1").arg(QDir::toNativeSeparators(dataDir)));
        QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    QLockFile lock(QDir(dataDir).absoluteFilePath(QStringLiteral("tessera.lock")));
    lock.setStaleLockTime(0); // stale only when its process is gone, as the server's
    if (lock.tryLock(0)) {
        if (parsed.kind == AdminCommands::Kind::Restore) { // nothing may hold the database open
            if (!serverOptions.databaseUrl.isEmpty())
                return fail(QStringLiteral("restore replaces DIR/tessera.db; this server uses a PostgreSQL database: "
                                           "restore that with pg_restore (docs/admin.md, \"PostgreSQL\")"));
            return finish(AdminCommands::restore(dataDir, parsed));
        }
        if (parsed.kind == AdminCommands::Kind::Migrate) { // nothing may write to the database meanwhile
            if (!serverOptions.databaseUrl.isEmpty())
                return fail(QStringLiteral("migrate copies DIR/tessera.db into PostgreSQL; this server uses a PostgreSQL "
                                           "database already (--database or the config's database)"));
            const auto progress = [](const QString &line) { QTextStream(stdout) << line << Qt::endl; };
            const Maintenance::Result r = Maintenance::migrateToPostgres(dataDir, parsed.url, progress);
            return finish({ r.ok, r.message });
        }
        return finish(runHere(serverOptions, request));
    }
    if (lock.error() != QLockFile::LockFailedError)
        return fail(QStringLiteral("cannot create the lock file in %1 (check the folder's owner and permissions)")
                        .arg(QDir::toNativeSeparators(dataDir)));
    return finish(AdminClient::send(AdminSocket::pathFor(dataDir), request, AdminCommands::timeoutMs(parsed.kind)));
}

} // namespace Tessera::Server::AdminCli
