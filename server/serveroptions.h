#pragma once

#include "server/http/transportlimits.h"
#include "server/live/wslimits.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace Tessera::Server {

// What `tessera-server` was asked to do, parsed from its command line.
struct ServerOptions
{
    enum class Action { Serve, AddUser, NewEpoch, Help, Version };

    Action action = Action::Serve;
    QString dataDir;
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 7420;
    QString tlsCert;
    QString tlsKey;
    QByteArray metricsToken; // --metrics-token-file: a remote scraper's bearer token for /metrics
    bool demo = false; // seed demo users and a demo board on first start
    // Transport limits: defaults, then TESSERA_HTTP_* / TESSERA_WS_* from the environment,
    // then the command-line options that set them.
    TransportLimits transport;
    WsLimits live;
    // --add-user
    QString login;
    bool passwordStdin = false;
    bool admin = false;
    QString displayName;

    QString error; // non-empty: the arguments were not acceptable
    QString helpText;

    static ServerOptions parse(const QStringList &arguments);
};

} // namespace Tessera::Server
