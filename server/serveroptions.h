#pragma once

#include "server/http/transportlimits.h"
#include "server/http/trustedproxies.h"
#include "server/live/wslimits.h"

#include <QHostAddress>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Tessera::Server {

class ConfigOverlay;

// What `tessera-server` was asked to do, parsed from its command line over its config file
// (ConfigOverlay: each key of the file is a setting option, the command line wins).
struct ServerOptions
{
    enum class Action { Serve, AddUser, NewEpoch, Help, Version, ShowFingerprint, CheckConfig };

    Action action = Action::Serve;
    QString dataDir;
    QString filesDir; // --files-dir, absolute: where attachments live; default DATA/files
    QString databaseUrl; // --database postgresql://...: a shared PostgreSQL database; empty: DATA/tessera.db
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 7420;
    QString tlsCert;
    QString tlsKey;
    bool insecureHttp = false; // --insecure-http: plain HTTP on an address other than loopback
    QByteArray metricsToken; // --metrics-token-file: a remote scraper's bearer token for /metrics
    bool demo = false; // seed demo users and a demo board on first start
    TrustedProxies trustedProxies; // --trusted-proxies: whose X-Forwarded-For is believed
    QString logLevel = QStringLiteral("info"); // --log-level
    QString logRules; // the Qt filter rules of --log-level and --log-rules together (Logging::filterRules)
    QString accessLog; // --access-log FILE, "-" for stderr; empty: none
    qint64 minFreeDiskBytes = 256LL * 1024 * 1024; // --min-free-disk-mb: health is degraded below it
    // Transport limits: defaults, then TESSERA_HTTP_* / TESSERA_WS_* from the environment,
    // then the command-line options that set them.
    TransportLimits transport;
    WsLimits live;
    // --add-user
    QString login;
    bool passwordStdin = false;
    bool admin = false;
    QString displayName;

    QString configPath; // the config file read (--config, else the default file if it exists); empty: none
    // Every setting's value in force, by key (option name): what a reload compares.
    QMap<QString, QString> settings;

    // Non-empty: the arguments or the config file were not acceptable. An error about one
    // option begins with it (--NAME ...) and shows the value refused: for a value from the
    // config file it is reworded as "FILE:LINE: key 'NAME': ...".
    QString error;
    QString helpText;

    static ServerOptions parse(const QStringList &arguments);
    // https/wss: with --tls-cert, or (a self-signed certificate) on any address but loopback
    // unless --insecure-http. Plain HTTP otherwise.
    bool servesTls() const;

private:
    static ServerOptions parseWith(const QStringList &arguments, ConfigOverlay &overlay);
};

} // namespace Tessera::Server
