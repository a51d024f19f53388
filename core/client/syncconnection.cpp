#include "syncconnection.h"

#include "core/protocol/routes.h"

#include "core/protocol/httpbodies.h"

#include "apiclient.h"
#include "clock.h"
#include "commandsync.h"
#include "livesubscriptions.h"
#include "socketlink.h"
#include "streamsync.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>

namespace Tessera::Core {

Q_LOGGING_CATEGORY(lcConnection, "tessera.core.sync")

SyncConnection::SyncConnection(ApiClient *api, SocketLink *link, LiveSubscriptions *live, StreamSync *streams,
                               CommandSync *commands, Clock *clock, QObject *parent)
    : QObject(parent),
      m_api(api),
      m_link(link),
      m_live(live),
      m_streams(streams),
      m_commands(commands),
      m_clock(clock),
      m_reconnectTimer(new QTimer(this)),
      m_pollTimer(new QTimer(this)),
      m_probeTimer(new QTimer(this))
{
    m_reconnectTimer->setSingleShot(true);
    m_pollTimer->setInterval(m_pollingIntervalSeconds * 1000);
    m_probeTimer->setInterval(30000);
    connect(m_reconnectTimer, &QTimer::timeout, this, &SyncConnection::connectNow);
    connect(m_pollTimer, &QTimer::timeout, this, &SyncConnection::pollAll);
    connect(m_probeTimer, &QTimer::timeout, this, &SyncConnection::probe);
    connect(m_link, &SocketLink::ready, this, &SyncConnection::onLinkReady);
    connect(m_link, &SocketLink::closed, this, &SyncConnection::onLinkClosed);
    connect(m_live, &LiveSubscriptions::catchingUp, this, [this] {
        if (m_state == State::Live)
            setState(State::CatchingUp, QStringLiteral("catching up"));
    });
    connect(m_live, &LiveSubscriptions::current, this, [this] {
        if (m_state == State::CatchingUp)
            setState(State::Live, QStringLiteral("connected"));
    });
    connect(m_live, &LiveSubscriptions::caughtUp, this, &SyncConnection::caughtUp);
}

void SyncConnection::setServers(const ServerList &servers)
{
    const QUrl current = currentServer();
    m_servers = servers;
    m_serverIndex = std::max(0, int(servers.urls().indexOf(current)));
    m_nodesFailed = 0;
    m_api->setServer(currentServer());
    if (currentServer() != current)
        Q_EMIT serverChanged(currentServer());
}

void SyncConnection::nextServer()
{
    if (m_servers.size() < 2)
        return;
    m_serverIndex = (m_serverIndex + 1) % m_servers.size();
    m_api->setServer(currentServer());
    qCInfo(lcConnection) << "trying node" << currentServer().toString();
    Q_EMIT serverChanged(currentServer());
}

void SyncConnection::begin(const QString &token)
{
    m_token = token;
    m_backoff.reset();
    m_nodesFailed = 0;
    m_wsFailures = 0;
    connectNow();
}

void SyncConnection::end(const QString &reason)
{
    m_token.clear();
    m_link->close();
    m_probing = false;
    for (QTimer *t : { m_reconnectTimer, m_pollTimer, m_probeTimer })
        t->stop();
    m_live->reset();
    m_commands->setTransport(CommandSync::Transport::None);
    m_pollsInFlight.clear();
    setState(State::SignedOut, reason);
}

void SyncConnection::setState(State state, const QString &reason)
{
    if (state == State::Offline && !m_offlineSince.isValid())
        m_offlineSince = m_clock->now();
    if (state != State::Offline)
        m_offlineSince = QDateTime();
    if (state == m_state && reason == m_reason)
        return;
    qCInfo(lcConnection) << "state" << connectionStateName(state) << reason;
    m_state = state;
    m_reason = reason;
    Q_EMIT stateChanged(state, reason);
}

void SyncConnection::setHardError(const QString &problem)
{
    m_hardError = problem;
}

void SyncConnection::clearHardError()
{
    m_hardError.clear();
    m_backoff.reset();
    m_nodesFailed = 0;
    m_wsFailures = 0;
    connectNow();
}

void SyncConnection::goOffline(const QString &reason)
{
    m_link->close();
    m_probing = false;
    m_pollTimer->stop();
    m_probeTimer->stop();
    m_reconnectTimer->stop();
    m_commands->setTransport(CommandSync::Transport::None);
    m_live->reset();
    if (!m_hardError.isEmpty()) { // no retries until the person decides
        setState(State::Offline, m_hardError);
        return;
    }
    setState(State::Offline, reason);
    scheduleReconnect();
}

void SyncConnection::scheduleReconnect()
{
    const QString why = m_reason.section(QStringLiteral("; retrying"), 0, 0).section(QStringLiteral("; trying"), 0, 0);
    if (++m_nodesFailed < m_servers.size()) {
        // Another node of this server may be up: try it now, no backoff within a round.
        nextServer();
        m_reconnectTimer->start(0);
        m_reason = QStringLiteral("%1; trying %2").arg(why, ServerList::hostPort(currentServer()));
        Q_EMIT stateChanged(m_state, m_reason);
        return;
    }
    m_nodesFailed = 0; // a whole round failed: wait, then start the next round at the next node
    nextServer();
    const qint64 delay = m_backoff.nextDelayMs();
    m_reconnectTimer->start(int(delay));
    m_reason = QStringLiteral("%1; retrying in %2 s").arg(why).arg((delay + 999) / 1000);
    Q_EMIT stateChanged(m_state, m_reason);
}

void SyncConnection::connectNow()
{
    if (m_token.isEmpty())
        return;
    m_reconnectTimer->stop();
    if (!m_hardError.isEmpty()) {
        goOffline(m_hardError);
        return;
    }
    if (!m_wsEnabled || m_wsFailures >= m_failuresBeforePolling) {
        enterPolling();
        return;
    }
    m_probing = false;
    setState(State::Connecting, QStringLiteral("connecting to %1").arg(ServerList::hostPort(currentServer())));
    m_link->open(socketUrl(), m_token);
}

QUrl SyncConnection::socketUrl() const
{
    QUrl url = currentServer();
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(m_socketPath);
    return url;
}

void SyncConnection::streamOpened(const QString &stream)
{
    if (m_live->isActive())
        m_live->subscribe(stream);
    else if (m_state == State::Polling)
        pollStream(stream);
}

// ---- socket mode

void SyncConnection::onLinkReady()
{
    m_probing = false;
    m_wsFailures = 0;
    m_nodesFailed = 0;
    m_backoff.reset();
    m_pollTimer->stop();
    m_probeTimer->stop();
    m_commands->setTransport(CommandSync::Transport::Socket);
    setState(State::CatchingUp, QStringLiteral("catching up"));
    Q_EMIT connected();
    m_live->begin(m_streams->streams());
    m_commands->flush();
}

void SyncConnection::onLinkClosed(int closeCode, const QString &reason, bool wasReady)
{
    if (closeCode == 4001) {
        Q_EMIT sessionEnded(QStringLiteral("the server ended the session: %1").arg(reason));
        return;
    }
    if (!m_hardError.isEmpty()) {
        goOffline(m_hardError);
        return;
    }
    if (m_probing) { // the socket is still refused: stay on polling
        m_probing = false;
        return;
    }
    m_commands->setTransport(CommandSync::Transport::None);
    m_live->reset();
    if (!wasReady)
        ++m_wsFailures;
    if (closeCode == 4002)
        m_wsFailures = m_failuresBeforePolling; // protocol not supported: no point retrying the socket
    if (m_wsFailures >= m_failuresBeforePolling) {
        enterPolling();
        return;
    }
    // A server shutting down says when to come back: {"retryAfterMs":1234} (spreads the herd).
    // With other nodes to go to, a node shutting down is left for the next one at once.
    const QJsonObject hint = QJsonDocument::fromJson(reason.toUtf8()).object();
    if (hint.contains(QStringLiteral("retryAfterMs"))) {
        goOffline(QStringLiteral("the server is restarting"));
        if (m_servers.size() < 2)
            m_reconnectTimer->start(std::clamp(hint.value(QStringLiteral("retryAfterMs")).toInt(), 0, 60000));
        return;
    }
    goOffline(reason.isEmpty() ? QStringLiteral("disconnected") : reason);
}

// ---- polling mode

void SyncConnection::enterPolling()
{
    m_link->close();
    m_probing = false;
    m_commands->setTransport(CommandSync::Transport::Http);
    setState(State::Polling, m_wsEnabled ? QStringLiteral("live updates unavailable; checking every %1 s").arg(m_pollingIntervalSeconds)
                                         : QStringLiteral("checking every %1 s").arg(m_pollingIntervalSeconds));
    m_pollTimer->start(m_pollingIntervalSeconds * 1000);
    if (m_wsEnabled) {
        m_probeTimer->start();
        QTimer::singleShot(0, this, &SyncConnection::probe); // maybe the socket works again already
    }
    Q_EMIT connected();
    pollAll();
    m_commands->flush();
    adoptServerPollingInterval();
}

void SyncConnection::adoptServerPollingInterval()
{
    if (m_pollingIntervalFixed)
        return;
    m_api->request(QByteArrayLiteral("GET"), Routes::health(), {}, this, [this](const ApiReply &r) {
        const int seconds = r.json.value(QStringLiteral("pollingIntervalSeconds")).toInt();
        const bool answered = r.ok() || r.json.value(QStringLiteral("status")).toString() == QLatin1String("degraded");
        if (!answered || seconds < 1 || seconds > 600 || m_pollingIntervalFixed || seconds == m_pollingIntervalSeconds)
            return;
        m_pollingIntervalSeconds = seconds;
        m_pollTimer->setInterval(seconds * 1000);
        if (m_state == State::Polling)
            setState(State::Polling, m_wsEnabled ? QStringLiteral("live updates unavailable; checking every %1 s").arg(seconds)
                                                 : QStringLiteral("checking every %1 s").arg(seconds));
    });
}

void SyncConnection::probe()
{
    if (m_state == State::Polling && m_wsEnabled && !m_link->isOpen()) {
        m_probing = true;
        m_link->open(socketUrl(), m_token);
    }
}

void SyncConnection::pollAll()
{
    if (m_state != State::Polling)
        return;
    if (!m_visible) {
        m_catchUpDeferred = true;
        return;
    }
    const QStringList streams = m_streams->streams();
    for (const QString &stream : streams)
        pollStream(stream);
}

void SyncConnection::pollStream(const QString &stream)
{
    if (m_state != State::Polling || m_pollsInFlight.contains(stream))
        return;
    m_pollsInFlight.insert(stream);
    m_streams->poll(stream, [this, stream](const StreamSync::PollResult &r) {
        m_pollsInFlight.remove(stream);
        if (r.networkError) {
            httpFailed(QStringLiteral("the server cannot be reached"));
            return;
        }
        m_backoff.reset();
        m_nodesFailed = 0;
        m_commands->settle();
        if (r.more)
            pollStream(stream);
        else if (r.ok)
            Q_EMIT caughtUp(stream);
    });
}

void SyncConnection::httpFailed(const QString &message)
{
    if (m_state == State::Polling)
        goOffline(message);
}

void SyncConnection::setPollingIntervalSeconds(int seconds)
{
    m_pollingIntervalSeconds = std::max(1, seconds);
    m_pollingIntervalFixed = true;
    m_pollTimer->setInterval(m_pollingIntervalSeconds * 1000);
}

void SyncConnection::setProbeIntervalMs(int ms)
{
    m_probeTimer->setInterval(ms);
}

// ---- freshness

void SyncConnection::setVisible(bool visible)
{
    m_visible = visible;
    if (visible && m_catchUpDeferred) {
        m_catchUpDeferred = false;
        freshen(QStringLiteral("the window was shown"));
    }
}

void SyncConnection::freshen(const QString &why)
{
    if (m_token.isEmpty())
        return;
    if (m_state == State::Offline) {
        qCInfo(lcConnection) << "reconnecting at once:" << why;
        m_backoff.reset();
        m_nodesFailed = 0;
        connectNow();
        return;
    }
    if (!m_visible) {
        m_catchUpDeferred = true;
        return;
    }
    checkHeads();
}

void SyncConnection::checkHeads()
{
    const QStringList streams = m_streams->streams();
    ++m_headsChecks;
    m_api->request(QByteArrayLiteral("GET"), Routes::headsOf(streams),
                   {}, this, [this](const ApiReply &r) {
                       if (r.status == 401) {
                           Q_EMIT sessionEnded(QStringLiteral("the session ended: %1").arg(r.error));
                           return;
                       }
                       if (!r.ok()) {
                           if (m_state == State::Live || m_state == State::CatchingUp || m_state == State::Polling)
                               goOffline(QStringLiteral("the server cannot be reached"));
                           return;
                       }
                       const auto reply = HeadsReply::fromJson(r.json);
                       if (!reply)
                           return; // nothing measured: the next check asks again
                       for (auto it = reply->heads.constBegin(); it != reply->heads.constEnd(); ++it) {
                           if (it.value() == m_streams->position(it.key()).seq)
                               continue; // only streams that moved
                           if (m_state == State::Polling)
                               pollStream(it.key());
                           else
                               m_live->subscribe(it.key());
                       }
                   });
}

} // namespace Tessera::Core
