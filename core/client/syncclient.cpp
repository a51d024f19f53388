#include "syncclient.h"

#include "core/protocol/routes.h"

#include "boardhistory.h"
#include "certificatepin.h"
#include "clock.h"
#include "commandsync.h"
#include "core/models/inboxmodel.h"
#include "livesubscriptions.h"
#include "localcache.h"
#include "outbox.h"
#include "socketlink.h"
#include "syncconnection.h"
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
      m_live(new LiveSubscriptions(m_link, m_streams, m_commands, this)),
      m_connection(new SyncConnection(m_api, m_link, m_live, m_streams, m_commands, m_clock, this)),
      m_wake(new WakeDetector(m_clock, this)),
      m_presenceTimer(makeTimer(this, 20000)),
      m_auditTimer(makeTimer(this, 10 * 60 * 1000, true))
{
    m_connection->setServers(m_options.servers());
    // A pin per node: each may present its own certificate.
    m_pin = std::make_unique<CertificatePin>(CertificatePin::filePathFor(m_options.cacheDir, currentServer()));
    connect(m_connection, &SyncConnection::serverChanged, this, [this](const QUrl &server) {
        m_pin = std::make_unique<CertificatePin>(CertificatePin::filePathFor(m_options.cacheDir, server));
        Q_EMIT serverChanged(server);
    });
    const auto check = [this](const QSslCertificate &peer, const QList<QSslError> &errors) {
        return checkCertificate(peer, errors);
    };
    m_api->setCertificateCheck(check);
    m_link->setCertificateCheck(check);
    connect(m_api, &ApiClient::signedIn, this, [this](const User &user) {
        m_waitingLogin.clear();
        m_waitingPassword.clear();
        const QString token = m_api->token();
        const QJsonObject secret { { QStringLiteral("token"), token }, { QStringLiteral("user"), user.toJson() } };
        if (m_options.tokens)
            m_options.tokens->write(account(), QString::fromUtf8(QJsonDocument(secret).toJson(QJsonDocument::Compact)));
        beginSession(token, user);
        Q_EMIT signedIn(user);
        m_connection->begin(token);
    });
    connect(m_api, &ApiClient::signInFailed, this, [this](const QString &message, bool unreachable) {
        const QString why = m_certificateProblem.isEmpty() ? message : m_certificateProblem;
        if (m_question && !m_waitingLogin.isEmpty()) {
            m_connection->setState(State::SignedOut, why);
            return; // the sign-in goes on once the person trusts the certificate
        }
        if (unreachable && m_signInNodesLeft > 0 && !m_waitingLogin.isEmpty()) {
            --m_signInNodesLeft; // this node is down: ask the next one
            qCInfo(lcSync) << "sign-in: node" << currentServer().toString() << "unreachable:" << message;
            m_connection->nextServer();
            m_api->signIn(m_waitingLogin, m_waitingPassword);
            return;
        }
        m_connection->setState(State::SignedOut, why);
        m_waitingLogin.clear();
        m_waitingPassword.clear();
        Q_EMIT signInFailed(why);
    });
    connect(m_api, &ApiClient::boardsFetched, this, [this](const QList<BoardSummary> &boards) {
        m_boardList = boards;
        if (m_cache)
            m_cache->setBoards(boards);
        Q_EMIT boardsChanged();
    });
    connect(m_link, &SocketLink::messageReceived, m_live, &LiveSubscriptions::handle);
    connect(m_live, &LiveSubscriptions::boardListChanged, m_api, &ApiClient::fetchBoards);
    connect(m_live, &LiveSubscriptions::jobProgress, this, &SyncClient::jobProgressed);
    connect(m_connection, &SyncConnection::stateChanged, this, &SyncClient::stateChanged);
    connect(m_connection, &SyncConnection::caughtUp, this, &SyncClient::caughtUp);
    connect(m_connection, &SyncConnection::connected, m_api, &ApiClient::fetchBoards);
    connect(m_connection, &SyncConnection::sessionEnded, this, &SyncClient::signOutBecause);
    connect(m_streams, &StreamSync::mutationsConfirmed, m_commands, &CommandSync::confirm);
    connect(m_streams, &StreamSync::boardReloaded, m_commands, &CommandSync::settle);
    connect(m_streams, &StreamSync::notificationArrived, this, &SyncClient::notificationArrived);
    connect(m_streams, &StreamSync::boardAboutToClose, this, &SyncClient::boardAboutToClose);
    connect(m_streams, &StreamSync::newerServerSeen, this, [this](const QStringList &kinds) {
        const QString notice = tr("This server is newer than this version of Tessera: some changes (%1) are not "
                                  "shown. Update Tessera to see everything.")
                                       .arg(kinds.join(QStringLiteral(", ")));
        if (notice == m_updateNotice)
            return;
        m_updateNotice = notice;
        Q_EMIT updateAvailable(notice);
    });
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
            m_connection->httpFailed(message);
    });
    connect(m_commands, &CommandSync::boardChanged, m_connection,
            [this](const QString &boardId) { m_connection->pollStream(StreamName::board(boardId)); });
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
                        m_connection->freshen(QStringLiteral("the network changed"));
                });
    }
}

SyncClient::~SyncClient()
{
    m_link->close();
    m_streams->setCache(nullptr);
}

// ---- session

ServerList SyncClient::Options::servers() const
{
    QList<QUrl> urls { server };
    for (const QUrl &url : moreServers) {
        if (!urls.contains(url))
            urls.append(url);
    }
    return ServerList(urls);
}

QString SyncClient::account() const
{
    return m_connection->servers().account();
}

QUrl SyncClient::currentServer() const
{
    return m_connection->currentServer();
}

const ServerList &SyncClient::servers() const
{
    return m_connection->servers();
}

bool SyncClient::setServers(const ServerList &servers)
{
    if (servers.identity() != m_options.server)
        return false;
    m_options.moreServers = servers.urls().mid(1);
    m_connection->setServers(m_options.servers());
    return true;
}

void SyncClient::start()
{
    if (!m_token.isEmpty())
        return;
    if (!m_options.tokens) {
        m_connection->setState(State::SignedOut, QStringLiteral("not signed in"));
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
            self->m_connection->setState(State::SignedOut, error.isEmpty() ? QStringLiteral("not signed in") : error);
            return;
        }
        self->beginSession(token, user.value());
        Q_EMIT self->signedIn(user.value());
        self->m_connection->begin(token);
    });
}

void SyncClient::signIn(const QString &login, const QString &password)
{
    m_waitingLogin = login;
    m_waitingPassword = password;
    endSession(QStringLiteral("signing in"));
    m_connection->setState(State::SignedOut, QStringLiteral("signing in"));
    m_signInNodesLeft = servers().size() - 1;
    m_api->signIn(login, password);
}

void SyncClient::signOut()
{
    if (!m_token.isEmpty())
        m_api->request(QByteArrayLiteral("POST"), Routes::logout(), {}, m_api, [](const ApiReply &) { });
    signOutBecause(QStringLiteral("signed out"));
}

void SyncClient::signOutBecause(const QString &reason)
{
    if (m_options.tokens)
        m_options.tokens->remove(account());
    endSession(reason);
    Q_EMIT signedOut(reason);
}

void SyncClient::beginSession(const QString &token, const User &user)
{
    endSession(QStringLiteral("connecting"));
    m_token = token;
    m_user = user;
    m_api->setToken(token);
    // Keyed by the identity, not the node in use: one cache per server, whichever node answers.
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
    m_wake->start();
    m_presenceTimer->start();
    m_auditTimer->start();
    Q_EMIT boardsChanged();
}

void SyncClient::endSession(const QString &reason)
{
    m_connection->end(reason);
    for (QTimer *t : { m_presenceTimer, m_auditTimer })
        t->stop();
    m_wake->stop();
    m_commands->setSession(nullptr, QString());
    m_streams->setCache(nullptr);
    m_outbox.reset();
    m_cache.reset();
    m_token.clear();
    m_api->setToken(QString());
    m_user = User();
    m_boardList.clear();
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
    m_connection->streamOpened(StreamName::board(boardId));
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

void SyncClient::followJob(const QString &jobId)
{
    m_live->followJob(jobId);
}

void SyncClient::unfollowJob(const QString &jobId)
{
    m_live->unfollowJob(jobId);
}

void SyncClient::loadBoardHistory(const QString &boardId)
{
    BoardStore *store = m_streams->store(boardId);
    if (!store || store->confirmed().seq == 0 || m_histories.value(boardId))
        return; // not open, not loaded yet (or no log at all), or read already
    auto *history = new BoardHistory(m_api, store, boardId, store); // goes with the store
    m_histories.insert(boardId, history);
    history->load();
}

QString SyncClient::submit(const QString &boardId, const Op &op)
{
    return m_commands->submit(boardId, op);
}

QString SyncClient::submitBulk(const QString &boardId, const QList<Op> &ops)
{
    return m_commands->submitBulk(boardId, ops);
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
    m_api->request(QByteArrayLiteral("POST"), Routes::inboxRead(),
                   { { QStringLiteral("ids"), QJsonArray::fromStringList(ids) } }, this, [](const ApiReply &) { });
}

void SyncClient::markAllRead()
{
    m_inbox->markAllRead();
    m_api->request(QByteArrayLiteral("POST"), Routes::inboxRead(), { { QStringLiteral("all"), true } },
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
    CertificateQuestion question;
    const CertificatePin::Verdict verdict = m_pin->check(peer, errors, &detail, &question);
    switch (verdict) {
    case CertificatePin::Verdict::Trusted:
        return true;
    case CertificatePin::Verdict::Changed:
    case CertificatePin::Verdict::NeedsDecision:
        if (!m_question || m_question->fingerprint != question.fingerprint) {
            question.host = QStringLiteral("%1:%2").arg(currentServer().host()).arg(currentServer().port(443));
            m_question = question;
            m_certificateProblem = detail;
            m_connection->setHardError(detail);
            qCWarning(lcSync) << detail;
            if (verdict == CertificatePin::Verdict::Changed)
                Q_EMIT certificateChanged(detail);
            Q_EMIT certificateDecisionNeeded(question);
        }
        return false;
    case CertificatePin::Verdict::Refused:
        qCWarning(lcSync) << detail;
        return false;
    }
    return false;
}

void SyncClient::trustCertificate(const QString &fingerprint)
{
    if (!m_question || m_question->fingerprint != fingerprint || !m_pin->trust(fingerprint))
        return;
    m_question.reset();
    m_certificateProblem.clear();
    if (!m_waitingLogin.isEmpty()) {
        const QString login = m_waitingLogin;
        const QString password = m_waitingPassword;
        m_connection->clearHardError(); // no session yet: nothing to connect
        signIn(login, password);
        return;
    }
    m_connection->clearHardError();
}

void SyncClient::refuseCertificate()
{
    if (!m_question)
        return;
    const QString why = m_certificateProblem;
    m_question.reset(); // asked again on the next attempt; the problem stays the state's reason
    if (!m_waitingLogin.isEmpty()) {
        m_waitingLogin.clear();
        m_waitingPassword.clear();
        Q_EMIT signInFailed(why);
    }
}

void SyncClient::trustNewCertificate()
{
    if (m_question)
        trustCertificate(m_question->fingerprint);
}

void SyncClient::setPollingIntervalSeconds(int seconds)
{
    m_connection->setPollingIntervalSeconds(seconds);
}

void SyncClient::setProbeIntervalMs(int ms)
{
    m_connection->setProbeIntervalMs(ms);
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

void SyncClient::setPresence(const QString &boardId, const QString &itemId, PresenceState state, const QString &field)
{
    Presence p;
    p.userId = m_user.id;
    p.boardId = boardId;
    p.itemId = itemId;
    p.state = state;
    p.field = field;
    m_live->setPresence(boardId, p);
}

void SyncClient::wakeDetected()
{
    qCInfo(lcSync) << "wake detected";
    m_connection->freshen(QStringLiteral("the computer woke up"));
}

// ---- state and tuning (the connection holds them)

SyncClient::State SyncClient::state() const
{
    return m_connection->state();
}

QString SyncClient::stateReason() const
{
    return m_connection->reason();
}

QDateTime SyncClient::offlineSince() const
{
    return m_connection->offlineSince();
}

int SyncClient::pollingIntervalSeconds() const
{
    return m_connection->pollingIntervalSeconds();
}

void SyncClient::setVisible(bool visible)
{
    m_connection->setVisible(visible);
}

bool SyncClient::isVisible() const
{
    return m_connection->isVisible();
}

int SyncClient::headsChecks() const
{
    return m_connection->headsChecks();
}

void SyncClient::setWebSocketEnabled(bool enabled)
{
    m_connection->setWebSocketEnabled(enabled);
}

void SyncClient::setFailuresBeforePolling(int failures)
{
    m_connection->setFailuresBeforePolling(failures);
}

void SyncClient::setBackoffLimits(qint64 minMs, qint64 firstMaxMs, qint64 capMs)
{
    m_connection->setBackoffLimits(minMs, firstMaxMs, capMs);
}

void SyncClient::setSocketPath(const QString &path)
{
    m_connection->setSocketPath(path);
}

} // namespace Tessera::Core
