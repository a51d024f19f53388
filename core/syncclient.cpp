#include "syncclient.h"

#include "certificatepin.h"
#include "clock.h"
#include "commandsync.h"
#include "inboxmodel.h"
#include "livesubscriptions.h"
#include "localcache.h"
#include "outbox.h"
#include "socketlink.h"
#include "streamsync.h"
#include "tokenstore.h"
#include "wakedetector.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkInformation>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

namespace Tessera::Core {

Q_LOGGING_CATEGORY(lcSync, "tessera.core.sync")

namespace {

QTimer *makeTimer(QObject *parent, int ms, bool singleShot = false)
{
    auto *t = new QTimer(parent);
    t->setInterval(ms);
    t->setSingleShot(singleShot);
    return t;
}

} // namespace

SyncClient::SyncClient(Options options, QObject *parent)
    : QObject(parent),
      m_options(std::move(options)),
      m_ownClock(m_options.clock ? nullptr : std::make_unique<SystemClock>()),
      m_clock(m_options.clock ? m_options.clock : m_ownClock.get()),
      m_api(new ApiClient(this)),
      m_link(new SocketLink(m_clock, this)),
      m_inbox(new InboxModel(this)),
      m_streams(new StreamSync(m_api, m_inbox, this)),
      m_commands(new CommandSync(m_api, m_streams, m_link, this)),
      m_reconnectTimer(makeTimer(this, 1000, true)),
      m_pollTimer(makeTimer(this, 10000)),
      m_probeTimer(makeTimer(this, 30000)),
      m_wake(new WakeDetector(m_clock, this)),
      m_live(new LiveSubscriptions(m_link, m_streams, m_commands, this)),
      m_presenceTimer(makeTimer(this, 20000)),
      m_auditTimer(makeTimer(this, 10 * 60 * 1000, true))
{
    m_api->setServer(m_options.server);
    m_pin = std::make_unique<CertificatePin>(CertificatePin::filePathFor(m_options.cacheDir, m_options.server));
    const auto check = [this](const QSslCertificate &peer, const QList<QSslError> &errors) {
        return checkCertificate(peer, errors);
    };
    m_api->setCertificateCheck(check);
    m_link->setCertificateCheck(check);
    connect(m_api, &ApiClient::signedIn, this, [this](const User &user) {
        const QString token = m_api->token();
        const QJsonObject secret { { QStringLiteral("token"), token }, { QStringLiteral("user"), user.toJson() } };
        if (m_options.tokens)
            m_options.tokens->write(account(), QString::fromUtf8(QJsonDocument(secret).toJson(QJsonDocument::Compact)));
        beginSession(token, user);
        Q_EMIT signedIn(user);
        connectNow();
    });
    connect(m_api, &ApiClient::signInFailed, this, [this](const QString &message) {
        const QString why = m_certificateProblem.isEmpty() ? message : m_certificateProblem;
        setState(State::SignedOut, why);
        Q_EMIT signInFailed(why);
    });
    connect(m_api, &ApiClient::boardsFetched, this, [this](const QList<BoardSummary> &boards) {
        m_boardList = boards;
        if (m_cache)
            m_cache->setBoards(boards);
        Q_EMIT boardsChanged();
    });
    connect(m_link, &SocketLink::ready, this, &SyncClient::onLinkReady);
    connect(m_link, &SocketLink::closed, this, &SyncClient::onLinkClosed);
    connect(m_link, &SocketLink::messageReceived, m_live, &LiveSubscriptions::handle);
    connect(m_live, &LiveSubscriptions::catchingUp, this, [this] {
        if (m_state == State::Live)
            setState(State::CatchingUp, QStringLiteral("catching up"));
    });
    connect(m_live, &LiveSubscriptions::current, this, [this] {
        if (m_state == State::CatchingUp)
            setState(State::Live, QStringLiteral("connected"));
    });
    connect(m_live, &LiveSubscriptions::caughtUp, this, &SyncClient::caughtUp);
    connect(m_streams, &StreamSync::mutationsConfirmed, m_commands, &CommandSync::confirm);
    connect(m_streams, &StreamSync::boardReloaded, m_commands, &CommandSync::settle);
    connect(m_streams, &StreamSync::notificationArrived, this, &SyncClient::notificationArrived);
    connect(m_streams, &StreamSync::authFailed, this, [this](const QString &message) {
        signOutBecause(QStringLiteral("the session ended: %1").arg(message));
    });
    connect(m_commands, &CommandSync::acked, this, [this](const QString &id) { Q_EMIT commandAcked(id); });
    connect(m_commands, &CommandSync::failed, this, &SyncClient::commandFailed);
    connect(m_commands, &CommandSync::conflicted, this, &SyncClient::conflictDetected);
    connect(m_commands, &CommandSync::transportFailed, this, [this](bool auth, const QString &message) {
        if (auth)
            signOutBecause(QStringLiteral("the session ended: %1").arg(message));
        else
            onHttpFailure(message);
    });
    connect(m_commands, &CommandSync::boardChanged, this,
            [this](const QString &boardId) { pollStream(StreamName::board(boardId)); });
    connect(m_reconnectTimer, &QTimer::timeout, this, &SyncClient::connectNow);
    connect(m_pollTimer, &QTimer::timeout, this, &SyncClient::pollAll);
    connect(m_probeTimer, &QTimer::timeout, this, &SyncClient::probe);
    connect(m_wake, &WakeDetector::woke, this, &SyncClient::wakeDetected);
    connect(m_presenceTimer, &QTimer::timeout, m_live, &LiveSubscriptions::sendPresence);
    connect(m_auditTimer, &QTimer::timeout, this, [this] {
        for (const QString &id : m_streams->openBoards())
            auditNow(id);
        m_auditTimer->start(QRandomGenerator::global()->bounded(5 * 60 * 1000, 20 * 60 * 1000));
    });
    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability r) {
                    if (r != QNetworkInformation::Reachability::Disconnected)
                        freshen(QStringLiteral("the network changed"));
                });
    }
}

SyncClient::~SyncClient()
{
    m_link->close();
    m_streams->setCache(nullptr);
}

// ---- session

QString SyncClient::account() const
{
    QUrl base = m_options.server.adjusted(QUrl::StripTrailingSlash);
    if (base.path() == QLatin1String("/"))
        base.setPath(QString());
    return base.toString();
}

void SyncClient::start()
{
    if (!m_token.isEmpty())
        return;
    if (!m_options.tokens) {
        setState(State::SignedOut, QStringLiteral("not signed in"));
        return;
    }
    QPointer<SyncClient> self(this);
    m_options.tokens->read(account(), [self](std::optional<QString> secret, const QString &error) {
        if (!self)
            return;
        const QJsonObject json = secret ? QJsonDocument::fromJson(secret->toUtf8()).object() : QJsonObject();
        auto user = User::fromJson(json.value(QStringLiteral("user")).toObject());
        const QString token = json.value(QStringLiteral("token")).toString();
        if (token.isEmpty() || !user) {
            self->setState(State::SignedOut, error.isEmpty() ? QStringLiteral("not signed in") : error);
            return;
        }
        self->beginSession(token, user.value());
        Q_EMIT self->signedIn(user.value());
        self->connectNow();
    });
}

void SyncClient::signIn(const QString &login, const QString &password)
{
    endSession();
    setState(State::SignedOut, QStringLiteral("signing in"));
    m_api->signIn(login, password);
}

void SyncClient::signOut()
{
    if (!m_token.isEmpty())
        m_api->request(QByteArrayLiteral("POST"), QStringLiteral("/api/v1/logout"), {}, m_api, [](const ApiReply &) { });
    signOutBecause(QStringLiteral("signed out"));
}

void SyncClient::signOutBecause(const QString &reason)
{
    if (m_options.tokens)
        m_options.tokens->remove(account());
    endSession();
    setState(State::SignedOut, reason);
    Q_EMIT signedOut(reason);
}

void SyncClient::beginSession(const QString &token, const User &user)
{
    endSession();
    m_token = token;
    m_user = user;
    m_api->setToken(token);
    m_cache = std::make_unique<LocalCache>(LocalCache::filePathFor(m_options.cacheDir, m_options.server, user.id));
    if (!m_cache->open()) {
        qCWarning(lcSync) << "no local cache at" << m_cache->filePath() << "; running from the server only";
        m_cache.reset();
    }
    m_outbox = std::make_unique<Outbox>(m_cache.get());
    m_outbox->load();
    m_streams->setCache(m_cache.get());
    m_commands->setSession(m_outbox.get(), user.id);
    m_boardList = m_cache ? m_cache->boards() : QList<BoardSummary>();
    m_backoff.reset();
    m_wsFailures = 0;
    m_wake->start();
    m_presenceTimer->start();
    m_auditTimer->start();
    Q_EMIT boardsChanged();
}

void SyncClient::endSession()
{
    m_link->close();
    m_probing = false;
    for (QTimer *t : { m_reconnectTimer, m_pollTimer, m_probeTimer, m_presenceTimer, m_auditTimer })
        t->stop();
    m_wake->stop();
    m_live->reset();
    m_commands->setTransport(CommandSync::Transport::None);
    m_commands->setSession(nullptr, QString());
    m_streams->setCache(nullptr);
    m_outbox.reset();
    m_cache.reset();
    m_token.clear();
    m_api->setToken(QString());
    m_user = User();
    m_boardList.clear();
    m_pollsInFlight.clear();
}

void SyncClient::setState(State state, const QString &reason)
{
    if (state == State::Offline && !m_offlineSince.isValid())
        m_offlineSince = m_clock->now();
    if (state != State::Offline)
        m_offlineSince = QDateTime();
    if (state == m_state && reason == m_reason)
        return;
    qCInfo(lcSync) << "state" << connectionStateName(state) << reason;
    m_state = state;
    m_reason = reason;
    Q_EMIT stateChanged(state, reason);
}

void SyncClient::goOffline(const QString &reason)
{
    if (!m_certificateProblem.isEmpty()) { // a hard error: no retries until the person decides
        m_link->close();
        m_pollTimer->stop();
        m_probeTimer->stop();
        m_reconnectTimer->stop();
        m_commands->setTransport(CommandSync::Transport::None);
        m_live->reset();
        setState(State::Offline, m_certificateProblem);
        return;
    }
    m_link->close();
    m_probing = false;
    m_pollTimer->stop();
    m_probeTimer->stop();
    m_commands->setTransport(CommandSync::Transport::None);
    m_live->reset();
    setState(State::Offline, reason);
    scheduleReconnect();
}

void SyncClient::scheduleReconnect()
{
    const qint64 delay = m_backoff.nextDelayMs();
    m_reconnectTimer->start(int(delay));
    m_reason = QStringLiteral("%1; retrying in %2 s").arg(m_reason.section(QStringLiteral("; retrying"), 0, 0)).arg((delay + 999) / 1000);
    Q_EMIT stateChanged(m_state, m_reason);
}

void SyncClient::connectNow()
{
    if (m_token.isEmpty())
        return;
    m_reconnectTimer->stop();
    if (!m_certificateProblem.isEmpty()) {
        goOffline(m_certificateProblem);
        return;
    }
    if (!m_wsEnabled || m_wsFailures >= m_failuresBeforePolling) {
        enterPolling();
        return;
    }
    m_probing = false;
    setState(State::Connecting, QStringLiteral("connecting to %1").arg(m_options.server.host()));
    m_link->open(socketUrl(), m_token);
}

QUrl SyncClient::socketUrl() const
{
    QUrl url = m_options.server;
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(m_socketPath);
    return url;
}

void SyncClient::fetchBoards()
{
    m_api->fetchBoards();
}

QString SyncClient::cacheFilePath() const
{
    return m_cache ? m_cache->filePath() : QString();
}

// ---- boards and commands

BoardStore *SyncClient::openBoard(const QString &boardId)
{
    if (BoardStore *open = m_streams->store(boardId))
        return open;
    BoardStore *store = m_streams->openBoard(boardId);
    m_commands->restoreOverlays(boardId);
    const QString stream = StreamName::board(boardId);
    if (m_live->isActive())
        m_live->subscribe(stream);
    else if (m_state == State::Polling)
        pollStream(stream);
    return store;
}

void SyncClient::closeBoard(const QString &boardId)
{
    m_live->unsubscribe(StreamName::board(boardId));
    m_live->forgetPresence(boardId);
    m_streams->closeBoard(boardId);
}

BoardStore *SyncClient::board(const QString &boardId) const
{
    return m_streams->store(boardId);
}

QString SyncClient::submit(const QString &boardId, const Op &op)
{
    return m_commands->submit(boardId, op);
}

QString SyncClient::retry(const QString &mutationId)
{
    return m_commands->retry(mutationId);
}

bool SyncClient::discard(const QString &mutationId)
{
    return m_commands->discard(mutationId);
}

QString SyncClient::keepMine(const QString &mutationId)
{
    return m_commands->keepMine(mutationId);
}

bool SyncClient::takeTheirs(const QString &mutationId)
{
    return m_commands->takeTheirs(mutationId);
}

int SyncClient::outboxSize() const
{
    return m_outbox ? int(m_outbox->size()) : 0;
}

void SyncClient::markRead(const QStringList &ids)
{
    m_inbox->markRead(ids);
    m_api->request(QByteArrayLiteral("POST"), QStringLiteral("/api/v1/inbox/read"),
                   { { QStringLiteral("ids"), QJsonArray::fromStringList(ids) } }, this, [](const ApiReply &) { });
}

void SyncClient::markAllRead()
{
    m_inbox->markAllRead();
    m_api->request(QByteArrayLiteral("POST"), QStringLiteral("/api/v1/inbox/read"), { { QStringLiteral("all"), true } },
                   this, [](const ApiReply &) { });
}

void SyncClient::auditNow(const QString &boardId)
{
    m_streams->audit(boardId, [this, boardId](bool consistent) { Q_EMIT auditCompleted(boardId, consistent); });
}

int SyncClient::digestMismatches() const
{
    return m_streams->digestMismatches();
}

int SyncClient::socketsOpened() const
{
    return m_link->socketsCreated();
}

bool SyncClient::checkCertificate(const QSslCertificate &peer, const QList<QSslError> &errors)
{
    QString detail;
    switch (m_pin->check(peer, errors, &detail)) {
    case CertificatePin::Verdict::Trusted:
        return true;
    case CertificatePin::Verdict::Changed:
        if (m_certificateProblem.isEmpty()) {
            m_certificateProblem = detail;
            qCWarning(lcSync) << detail;
            Q_EMIT certificateChanged(detail);
        }
        return false;
    case CertificatePin::Verdict::Refused:
        qCWarning(lcSync) << detail;
        return false;
    }
    return false;
}

void SyncClient::trustNewCertificate()
{
    m_pin->clear();
    m_certificateProblem.clear();
    m_backoff.reset();
    m_wsFailures = 0;
    connectNow();
}

void SyncClient::setPollingIntervalSeconds(int seconds)
{
    m_pollingIntervalSeconds = std::max(1, seconds);
    m_pollTimer->setInterval(m_pollingIntervalSeconds * 1000);
}

void SyncClient::setProbeIntervalMs(int ms)
{
    m_probeTimer->setInterval(ms);
}

void SyncClient::setWakeCheckIntervalMs(int ms)
{
    m_wake->setInterval(ms);
}

void SyncClient::setWakeThresholdMs(qint64 ms)
{
    m_wake->setThresholdMs(ms);
}

void SyncClient::setPingIntervalMs(int ms)
{
    m_link->setPingIntervalMs(ms);
}

// ---- socket mode

void SyncClient::onLinkReady()
{
    m_probing = false;
    m_wsFailures = 0;
    m_backoff.reset();
    m_pollTimer->stop();
    m_probeTimer->stop();
    m_commands->setTransport(CommandSync::Transport::Socket);
    setState(State::CatchingUp, QStringLiteral("catching up"));
    fetchBoards();
    m_live->begin(m_streams->streams());
    m_commands->flush();
}

void SyncClient::onLinkClosed(int closeCode, const QString &reason, bool wasReady)
{
    if (closeCode == 4001) {
        signOutBecause(QStringLiteral("the server ended the session: %1").arg(reason));
        return;
    }
    if (!m_certificateProblem.isEmpty()) {
        goOffline(m_certificateProblem);
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
    const QJsonObject hint = QJsonDocument::fromJson(reason.toUtf8()).object();
    if (hint.contains(QStringLiteral("retryAfterMs"))) {
        goOffline(QStringLiteral("the server is restarting"));
        m_reconnectTimer->start(std::clamp(hint.value(QStringLiteral("retryAfterMs")).toInt(), 0, 60000));
        return;
    }
    goOffline(reason.isEmpty() ? QStringLiteral("disconnected") : reason);
}

void SyncClient::setPresence(const QString &boardId, const QString &itemId, const QString &state, const QString &field)
{
    Presence p;
    p.userId = m_user.id;
    p.boardId = boardId;
    p.itemId = itemId;
    p.state = state;
    p.field = field;
    m_live->setPresence(boardId, p);
}

// ---- polling mode

void SyncClient::enterPolling()
{
    m_link->close();
    m_probing = false;
    m_commands->setTransport(CommandSync::Transport::Http);
    setState(State::Polling, m_wsEnabled ? QStringLiteral("live updates unavailable; checking every %1 s").arg(m_pollingIntervalSeconds)
                                         : QStringLiteral("checking every %1 s").arg(m_pollingIntervalSeconds));
    m_pollTimer->start(m_pollingIntervalSeconds * 1000);
    if (m_wsEnabled) {
        m_probeTimer->start();
        QTimer::singleShot(0, this, [this] { probe(); }); // maybe the socket works again already
    }
    fetchBoards();
    pollAll();
    m_commands->flush();
}

void SyncClient::probe()
{
    if (m_state == State::Polling && m_wsEnabled && !m_link->isOpen()) {
        m_probing = true;
        m_link->open(socketUrl(), m_token);
    }
}

void SyncClient::pollAll()
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

void SyncClient::pollStream(const QString &stream)
{
    if (m_state != State::Polling || m_pollsInFlight.contains(stream))
        return;
    m_pollsInFlight.insert(stream);
    m_streams->poll(stream, [this, stream](const StreamSync::PollResult &r) {
        m_pollsInFlight.remove(stream);
        if (r.networkError) {
            onHttpFailure(QStringLiteral("the server cannot be reached"));
            return;
        }
        m_backoff.reset();
        m_commands->settle();
        if (r.more)
            pollStream(stream);
        else if (r.ok)
            Q_EMIT caughtUp(stream);
    });
}

void SyncClient::onHttpFailure(const QString &message)
{
    if (m_state == State::Polling)
        goOffline(message);
}

// ---- freshness

void SyncClient::wakeDetected()
{
    qCInfo(lcSync) << "wake detected";
    freshen(QStringLiteral("the computer woke up"));
}

void SyncClient::setVisible(bool visible)
{
    m_visible = visible;
    if (visible && m_catchUpDeferred) {
        m_catchUpDeferred = false;
        freshen(QStringLiteral("the window was shown"));
    }
}

void SyncClient::freshen(const QString &why)
{
    if (m_token.isEmpty())
        return;
    if (m_state == State::Offline) {
        qCInfo(lcSync) << "reconnecting at once:" << why;
        m_backoff.reset();
        connectNow();
        return;
    }
    if (!m_visible) {
        m_catchUpDeferred = true;
        return;
    }
    checkHeads();
}

void SyncClient::checkHeads()
{
    const QStringList streams = m_streams->streams();
    ++m_headsChecks;
    m_api->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/sync/heads?streams=") + streams.join(QLatin1Char(',')),
                   {}, this, [this](const ApiReply &r) {
                       if (r.status == 401) {
                           signOutBecause(QStringLiteral("the session ended: %1").arg(r.error));
                           return;
                       }
                       if (!r.ok()) {
                           if (m_state == State::Live || m_state == State::CatchingUp || m_state == State::Polling)
                               goOffline(QStringLiteral("the server cannot be reached"));
                           return;
                       }
                       const QJsonObject heads = r.json.value(QStringLiteral("heads")).toObject();
                       for (auto it = heads.begin(); it != heads.end(); ++it) {
                           if (qint64(it.value().toDouble()) == m_streams->position(it.key()).seq)
                               continue; // only streams that moved
                           if (m_state == State::Polling)
                               pollStream(it.key());
                           else
                               m_live->subscribe(it.key());
                       }
                   });
}

} // namespace Tessera::Core
