#pragma once

#include <QString>

namespace Tessera::Core {

// Where the sync engine stands with the server; SyncClient::State is this enum.
//   Offline     no connection; a reconnect is scheduled (see SyncClient::stateReason())
//   Connecting  opening the socket / saying hello
//   Live        socket up, every subscribed stream current, events pushed as they happen
//   CatchingUp  connected, replaying or reloading streams that fell behind
//   Polling     the socket keeps failing: streams are polled over HTTP, commands posted
//   SignedOut   no valid token: sign in again (never retried on its own)
enum class ConnectionState { Offline, Connecting, Live, CatchingUp, Polling, SignedOut };

inline QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Offline:
        return QStringLiteral("offline");
    case ConnectionState::Connecting:
        return QStringLiteral("connecting");
    case ConnectionState::Live:
        return QStringLiteral("live");
    case ConnectionState::CatchingUp:
        return QStringLiteral("catchingUp");
    case ConnectionState::Polling:
        return QStringLiteral("polling");
    case ConnectionState::SignedOut:
        return QStringLiteral("signedOut");
    }
    return QString();
}

} // namespace Tessera::Core
