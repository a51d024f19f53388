#pragma once

#include "backoff.h"

#include "core/protocol/routes.h"
#include "connectionstate.h"
#include "serverlist.h"

#include <QDateTime>
#include <QObject>
#include <QSet>
#include <QUrl>

class QTimer;

namespace Tessera::Core {

class ApiClient;
class Clock;
class CommandSync;
class LiveSubscriptions;
class SocketLink;
class StreamSync;

// The connection state machine behind SyncClient: socket first (Connecting → CatchingUp →
// Live), full-jitter reconnects while Offline, HTTP polling after repeated socket failure
// (probing the socket to switch back), and freshness (heads check on wake, network
// change or a shown window; deferred while hidden). Session-level outcomes — 4001 or
// HTTP 401 — are reported as sessionEnded(); SyncClient decides what that means.
// With several nodes (ServerList) a failed attempt (no connect, a drop, no pong, a failed
// poll or heads check) moves on to the next node at once, round robin; the backoff waits
// only after a whole round failed, so a dead node costs no wait while another is up. The
// ApiClient follows the node in use.
class SyncConnection final : public QObject
{
    Q_OBJECT

public:
    using State = ConnectionState;

    SyncConnection(ApiClient *api, SocketLink *link, LiveSubscriptions *live, StreamSync *streams,
                   CommandSync *commands, Clock *clock, QObject *parent = nullptr);

    // Keeps the node in use when it is still listed, else starts from the first.
    void setServers(const ServerList &servers);
    const ServerList &servers() const { return m_servers; }
    QUrl currentServer() const { return m_servers.at(m_serverIndex); }
    void nextServer(); // the next node in turn (the ApiClient too)
    void begin(const QString &token); // a session started: connect at once
    void end(const QString &reason); // the session is over: stop everything, SignedOut

    State state() const { return m_state; }
    QString reason() const { return m_reason; }
    QDateTime offlineSince() const { return m_offlineSince; }
    void setState(State state, const QString &reason);

    void connectNow();
    void freshen(const QString &why); // wake, network change, shown window
    void setVisible(bool visible);
    bool isVisible() const { return m_visible; }
    void streamOpened(const QString &stream); // subscribe or poll it now
    void pollStream(const QString &stream); // polling mode only
    void httpFailed(const QString &message);
    // A hard error (e.g. a changed certificate): Offline with this reason, no retries until cleared.
    void setHardError(const QString &problem);
    void clearHardError();

    int headsChecks() const { return m_headsChecks; }
    int pollingIntervalSeconds() const { return m_pollingIntervalSeconds; }
    void setPollingIntervalSeconds(int seconds);
    // Follows the server's polling_interval_s (published in /api/v1/health) unless fixed.
    void adoptServerPollingInterval();
    void setWebSocketEnabled(bool enabled) { m_wsEnabled = enabled; }
    void setFailuresBeforePolling(int failures) { m_failuresBeforePolling = failures; }
    void setBackoffLimits(qint64 minMs, qint64 firstMaxMs, qint64 capMs) { m_backoff.setLimits(minMs, firstMaxMs, capMs); }
    void setProbeIntervalMs(int ms);
    void setSocketPath(const QString &path) { m_socketPath = path; }

Q_SIGNALS:
    void stateChanged(Tessera::Core::ConnectionState state, const QString &reason);
    void caughtUp(const QString &stream);
    void connected(); // welcomed or polling: a good moment to refresh the board list
    void sessionEnded(const QString &reason);
    void serverChanged(const QUrl &server); // another node is in use

private:
    void goOffline(const QString &reason);
    void scheduleReconnect();
    QUrl socketUrl() const;
    void onLinkReady();
    void onLinkClosed(int closeCode, const QString &reason, bool wasReady);
    void enterPolling();
    void probe();
    void pollAll();
    void checkHeads();

    ApiClient *m_api;
    SocketLink *m_link;
    LiveSubscriptions *m_live;
    StreamSync *m_streams;
    CommandSync *m_commands;
    Clock *m_clock;
    ServerList m_servers;
    int m_serverIndex = 0;
    int m_nodesFailed = 0; // failed attempts in this round (a round: every node once)
    QString m_token;
    State m_state = State::SignedOut;
    QString m_reason;
    QDateTime m_offlineSince;
    QString m_hardError;
    Backoff m_backoff;
    QTimer *m_reconnectTimer;
    QTimer *m_pollTimer;
    QTimer *m_probeTimer;
    QString m_socketPath = Routes::socket();
    int m_pollingIntervalSeconds = 10;
    bool m_pollingIntervalFixed = false; // set by setPollingIntervalSeconds(): the server's setting is ignored
    bool m_wsEnabled = true;
    int m_failuresBeforePolling = 3;
    int m_wsFailures = 0;
    bool m_probing = false;
    bool m_visible = true;
    bool m_catchUpDeferred = false;
    int m_headsChecks = 0;
    QSet<QString> m_pollsInFlight;
};

} // namespace Tessera::Core
