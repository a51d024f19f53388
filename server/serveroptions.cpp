#include "serveroptions.h"

#include "server/storage/databaseurl.h"

#include "server/config/configoverlay.h"
#include "server/ops/logging.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>

namespace Tessera::Server {

ServerOptions ServerOptions::parse(const QStringList &arguments)
{
    ConfigOverlay overlay;
    ServerOptions o = parseWith(arguments, overlay);
    o.error = overlay.explain(o.error);
    if (o.error.isEmpty() && overlay.commandLineOverridesFile()) {
        // The file's values the command line hides are checked too: a bad file stays bad.
        ConfigOverlay fileLast(ConfigOverlay::Order::FileWins);
        if (const ServerOptions checked = parseWith(arguments, fileLast); !checked.error.isEmpty())
            o.error = fileLast.explain(checked.error);
    }
    return o;
}

ServerOptions ServerOptions::parseWith(const QStringList &arguments, ConfigOverlay &overlay)
{
    ServerOptions o;
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Tessera sync server: boards, live updates and notifications for a team."));
    const QCommandLineOption help({ QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QCommandLineOption data(QStringLiteral("data"),
                                  QStringLiteral("Data directory holding tessera.db (created if missing). Required."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption filesDir(QStringLiteral("files-dir"),
                                      QStringLiteral("Folder of the attachments' files (created 0700 if missing; "
                                                     "default DIR/files), e.g. on another disk or network storage; one "
                                                     "server uses it at a time. A relative path is taken from the "
                                                     "current folder."),
                                      QStringLiteral("PATH"));
    const QCommandLineOption database(QStringLiteral("database"),
                                      QStringLiteral("A PostgreSQL database instead of DIR/tessera.db, for several server "
                                                     "nodes on one database: postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME "
                                                     "or postgresql://USER@/NAME?host=/socket/folder (docs/admin.md)."),
                                      QStringLiteral("URL"));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address and port to serve HTTP and WebSocket on "
                                                   "(default 127.0.0.1:7420; port 0 picks a free port)."),
                                    QStringLiteral("HOST:PORT"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"), QStringLiteral("PEM certificate: serve https/wss."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"), QStringLiteral("PEM private key for --tls-cert."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption insecureHttp(
            QStringLiteral("insecure-http"),
            QStringLiteral("Serve plain HTTP on an address other than loopback instead of TLS with a self-signed "
                           "certificate. Dangerous: passwords, session tokens and every board then cross the network "
                           "readable and alterable by anyone on the way."));
    const QCommandLineOption showFingerprint(
            QStringLiteral("show-fingerprint"),
            QStringLiteral("Print the SPKI SHA-256 fingerprint of the TLS certificate the server serves (--tls-cert, "
                           "else DIR/tls/server.crt, created if missing) and exit: read it to users to compare."));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("On first start, create demo users (ana, ben, cy; password "
                                                 "'tessera-demo') and a demo board."));
    const QCommandLineOption addUser(QStringLiteral("add-user"),
                                     QStringLiteral("Create user LOGIN and exit (needs --password-stdin)."),
                                     QStringLiteral("LOGIN"));
    const QCommandLineOption passwordStdin(QStringLiteral("password-stdin"),
                                           QStringLiteral("Read the new user's password from the first line of stdin."));
    const QCommandLineOption admin(QStringLiteral("admin"), QStringLiteral("With --add-user: make the user a server admin."));
    const QCommandLineOption displayName(QStringLiteral("display-name"),
                                         QStringLiteral("With --add-user: the user's display name."), QStringLiteral("NAME"));
    const QCommandLineOption newEpoch(QStringLiteral("new-epoch"),
                                      QStringLiteral("Start a new history epoch and exit (run after restoring a backup: "
                                                     "clients then reload snapshots instead of trusting their logs)."));
    const QCommandLineOption headerTimeout(QStringLiteral("header-timeout"),
                                           QStringLiteral("Seconds a client has to send a request's headers (default 10)."),
                                           QStringLiteral("SECONDS"));
    const QCommandLineOption idleTimeout(QStringLiteral("idle-timeout"),
                                         QStringLiteral("Seconds an idle keep-alive connection stays open (default 30)."),
                                         QStringLiteral("SECONDS"));
    const QCommandLineOption maxBody(QStringLiteral("max-body-bytes"),
                                     QStringLiteral("Largest request body accepted (default 1048576)."), QStringLiteral("BYTES"));
    const QCommandLineOption maxPending(QStringLiteral("max-pending-per-address"),
                                        QStringLiteral("HTTP connections of one address not being answered; past it the "
                                                       "oldest is closed (default 32)."),
                                        QStringLiteral("N"));
    const QCommandLineOption socketsPerUser(QStringLiteral("max-sockets-per-user"),
                                            QStringLiteral("WebSockets one user may hold (default 16)."), QStringLiteral("N"));
    const QCommandLineOption socketsPerAddress(QStringLiteral("max-sockets-per-address"),
                                               QStringLiteral("WebSockets one address may hold (default 256)."),
                                               QStringLiteral("N"));
    const QCommandLineOption metricsToken(QStringLiteral("metrics-token-file"),
                                          QStringLiteral("File holding the bearer token a scraper on another machine "
                                                         "presents for /metrics (default: loopback only)."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption trustedProxies(QStringLiteral("trusted-proxies"),
                                            QStringLiteral("Reverse proxies (comma-separated addresses or CIDR ranges) "
                                                           "whose X-Forwarded-For names the client (default: none)."),
                                            QStringLiteral("LIST"));
    const QCommandLineOption logLevel(QStringLiteral("log-level"),
                                      QStringLiteral("Least severe messages logged: error, warning, info or debug "
                                                     "(default info)."),
                                      QStringLiteral("LEVEL"));
    const QCommandLineOption logRules(QStringLiteral("log-rules"),
                                      QStringLiteral("Qt logging rules over --log-level, ';'-separated, e.g. "
                                                     "tessera.http.debug=true."),
                                      QStringLiteral("RULES"));
    const QCommandLineOption accessLog(QStringLiteral("access-log"),
                                       QStringLiteral("Write one line per HTTP request to FILE ('-': stderr/journald)."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption minFreeDisk(QStringLiteral("min-free-disk-mb"),
                                         QStringLiteral("Health reports 'degraded' below this much free space in the "
                                                        "data folder (default 256)."),
                                         QStringLiteral("MB"));
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("Settings file (INI; every setting option is a key of the same name). "
                                                   "Default: /etc/tessera/server.conf if it exists. The command line wins."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption checkConfig(QStringLiteral("check-config"),
                                         QStringLiteral("Check the config file and settings, print FILE: ok or what is "
                                                        "wrong, and exit (opens no database, listens nowhere)."));
    // Every option; those in `actions` are not settings, the others are keys of the config file.
    const QList<QCommandLineOption> options { help, version, data, listen, tlsCert, tlsKey, insecureHttp, showFingerprint, demo, addUser, passwordStdin,
                                              admin, displayName, newEpoch, headerTimeout, idleTimeout, maxBody, maxPending,
                                              socketsPerUser, socketsPerAddress, metricsToken, trustedProxies, logLevel, logRules,
                                              accessLog, minFreeDisk, filesDir, database, config,
                                              checkConfig };
    const QList<QCommandLineOption> actions { help, version, showFingerprint, addUser, passwordStdin, admin, displayName, newEpoch, config,
                                              checkConfig };
    p.addOptions(options);
    o.helpText = p.helpText();

    if (!p.parse(arguments)) {
        o.error = p.errorText();
        return o;
    }
    if (!p.positionalArguments().isEmpty()) {
        o.error = QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().constFirst());
        return o;
    }
    if (p.isSet(help)) {
        o.action = Action::Help;
        return o;
    }
    if (p.isSet(version)) {
        o.action = Action::Version;
        return o;
    }
    if (p.isSet(checkConfig))
        o.action = Action::CheckConfig;
    overlay.setOptions(options, actions);
    if (!overlay.load(p, config, arguments)) {
        o.error = overlay.error();
        return o;
    }
    o.configPath = overlay.path();
    o.settings = overlay.values(p);
    if (o.action == Action::CheckConfig && o.configPath.isEmpty()) {
        o.error = QStringLiteral("--check-config: no config file to check (%1 does not exist; name one with --config FILE)")
                          .arg(ConfigOverlay::defaultPath());
        return o;
    }
    o.dataDir = p.value(data);
    if (o.dataDir.isEmpty() && !(p.isSet(showFingerprint) && p.isSet(tlsCert))) { // a given certificate needs no folder
        o.error = QStringLiteral("--data DIR is required");
        return o;
    }
    if (p.isSet(filesDir) && p.value(filesDir).isEmpty()) {
        o.error = QStringLiteral("--files-dir expects a folder (got an empty value)");
        return o;
    }
    if (p.isSet(database)) {
        QString why;
        if (!DatabaseUrl::parse(p.value(database), &why)) {
            o.error = QStringLiteral("--database: %1").arg(why); // never echoes the URL: it may hold a password
            return o;
        }
        o.databaseUrl = p.value(database);
    }
    // Made absolute now: the server's later idea of the current folder must not move it.
    if (p.isSet(filesDir))
        o.filesDir = QDir::cleanPath(QDir::current().absoluteFilePath(p.value(filesDir)));
    else if (!o.dataDir.isEmpty())
        o.filesDir = QDir(o.dataDir).absoluteFilePath(QStringLiteral("files"));
    if (p.isSet(listen)) {
        const QString value = p.value(listen);
        const qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
        bool portOk = false;
        const uint port = colon < 0 ? 0 : value.mid(colon + 1).toUInt(&portOk);
        QString host = colon < 0 ? QString() : value.left(colon);
        if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
            host = host.mid(1, host.size() - 2);
        if (host == QLatin1String("localhost"))
            host = QStringLiteral("127.0.0.1");
        const QHostAddress address(host);
        if (colon < 0 || !portOk || port > 65535 || address.isNull()) {
            o.error = QStringLiteral("--listen expects HOST:PORT with a numeric address, e.g. 127.0.0.1:7420 (got '%1')")
                              .arg(value);
            return o;
        }
        o.host = address;
        o.port = quint16(port);
    }
    o.transport = TransportLimits::fromEnvironment();
    o.live = WsLimits::fromEnvironment();
    const auto positive = [&p, &o](const QCommandLineOption &option, qint64 max, auto &target, qint64 scale = 1) {
        if (!p.isSet(option) || !o.error.isEmpty())
            return;
        bool ok = false;
        const qint64 v = p.value(option).toLongLong(&ok);
        if (!ok || v < 1 || v > max) {
            o.error = QStringLiteral("--%1 expects a whole number from 1 to %2 (got '%3')")
                              .arg(option.names().constFirst(), QString::number(max), p.value(option));
            return;
        }
        target = std::remove_reference_t<decltype(target)>(v * scale);
    };
    positive(headerTimeout, 3600, o.transport.headerTimeoutMs, 1000);
    positive(idleTimeout, 3600, o.transport.idleTimeoutMs, 1000);
    positive(maxBody, 1024LL * 1024 * 1024, o.transport.maxBodyBytes);
    positive(maxPending, 100000, o.transport.maxPendingPerAddress);
    positive(socketsPerUser, 100000, o.live.maxSocketsPerUser);
    positive(socketsPerAddress, 1000000, o.live.maxSocketsPerAddress);
    if (!o.error.isEmpty())
        return o;
    o.transport.maxPending = std::max(o.transport.maxPending, o.transport.maxPendingPerAddress);
    o.tlsCert = p.value(tlsCert);
    o.tlsKey = p.value(tlsKey);
    o.insecureHttp = p.isSet(insecureHttp);
    if (p.isSet(metricsToken)) {
        QFile tokenFile(p.value(metricsToken));
        if (!tokenFile.open(QIODevice::ReadOnly)) {
            o.error = QStringLiteral("--metrics-token-file: cannot read %1").arg(tokenFile.fileName());
            return o;
        }
        o.metricsToken = tokenFile.readAll().trimmed();
        if (o.metricsToken.size() < 16) {
            o.error = QStringLiteral("--metrics-token-file: the token needs at least 16 characters");
            return o;
        }
    }
    o.logLevel = p.isSet(logLevel) ? p.value(logLevel) : QStringLiteral("info");
    o.logRules = Logging::filterRules(o.logLevel, p.value(logRules), &o.error);
    if (!o.error.isEmpty())
        return o;
    o.accessLog = p.value(accessLog);
    if (p.isSet(accessLog) && o.accessLog.isEmpty()) {
        o.error = QStringLiteral("--access-log expects a file name or '-' for stderr");
        return o;
    }
    if (p.isSet(minFreeDisk)) {
        bool ok = false;
        const qint64 mb = p.value(minFreeDisk).toLongLong(&ok);
        if (!ok || mb < 0 || mb > 1024LL * 1024 * 1024) {
            o.error = QStringLiteral("--min-free-disk-mb expects a whole number of megabytes from 0 (got '%1')")
                              .arg(p.value(minFreeDisk));
            return o;
        }
        o.minFreeDiskBytes = mb * 1024 * 1024;
    }
    if (p.isSet(trustedProxies)) {
        const auto proxies = TrustedProxies::parse(p.value(trustedProxies), &o.error);
        if (!proxies)
            return o;
        o.trustedProxies = *proxies;
    }
    if (o.tlsCert.isEmpty() != o.tlsKey.isEmpty()) {
        o.error = o.tlsCert.isEmpty() ? QStringLiteral("--tls-key needs --tls-cert (the two go together)")
                                      : QStringLiteral("--tls-cert needs --tls-key (the two go together)");
        return o;
    }
    for (const QCommandLineOption *file : { &tlsCert, &tlsKey }) {
        if (QFile readable(p.value(*file)); p.isSet(*file) && !readable.open(QIODevice::ReadOnly)) {
            o.error = QStringLiteral("--%1: cannot read %2").arg(file->names().constFirst(), readable.fileName());
            return o;
        }
    }
    o.demo = p.isSet(demo);
    o.admin = p.isSet(admin);
    o.passwordStdin = p.isSet(passwordStdin);
    o.displayName = p.value(displayName);
    if (p.isSet(addUser)) {
        o.action = Action::AddUser;
        o.login = p.value(addUser);
        if (!o.passwordStdin) {
            o.error = QStringLiteral("--add-user needs --password-stdin (passwords never go on the command line)");
            return o;
        }
    } else if (o.admin || o.passwordStdin || p.isSet(displayName)) {
        o.error = QStringLiteral("--admin, --password-stdin and --display-name only go with --add-user");
        return o;
    }
    if (p.isSet(newEpoch)) {
        if (o.action == Action::AddUser) {
            o.error = QStringLiteral("--new-epoch and --add-user cannot be combined");
            return o;
        }
        o.action = Action::NewEpoch;
    }
    if (p.isSet(showFingerprint)) {
        if (o.action != Action::Serve) {
            o.error = QStringLiteral("--show-fingerprint cannot be combined with --add-user or --new-epoch");
            return o;
        }
        o.action = Action::ShowFingerprint;
    }
    if (p.isSet(checkConfig) && o.action != Action::CheckConfig) {
        o.error = QStringLiteral("--check-config cannot be combined with --add-user or --new-epoch");
        return o;
    }
    return o;
}

bool ServerOptions::servesTls() const
{
    return !tlsCert.isEmpty() || (!host.isLoopback() && !insecureHttp);
}

} // namespace Tessera::Server
