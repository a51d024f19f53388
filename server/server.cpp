#include "server.h"

#include "server/accounts/auditlog.h"
#include "server/http/accesslog.h"
#include "server/admin/adminsocket.h"
#include "server/ops/adminstatusroutes.h"
#include "server/accounts/authroutes.h"
#include "server/storage/boardrepository.h"
#include "server/http/boardroutes.h"
#include "server/http/streamroutes.h"
#include "server/commands/commandlimits.h"
#include "server/commands/commandservice.h"
#include "server/commands/duereminders.h"
#include "server/files/fileservice.h"
#include "server/storage/database.h"
#include "server/ops/healthcheck.h"
#include "server/ops/metrics.h"
#include "server/ops/metricsroute.h"
#include "server/ops/demoseed.h"
#include "server/http/httpapi.h"
#include "server/storage/inboxrepository.h"
#include "server/jobs/jobroutes.h"
#include "server/jobs/jobservice.h"
#include "server/accounts/loginlimiter.h"
#include "server/accounts/requestauth.h"
#include "server/accounts/sessionstore.h"
#include "server/storage/settingsstore.h"
#include "server/accounts/userstore.h"
#include "server/live/clusterbus.h"
#include "server/live/wsgateway.h"
#include "server/ops/loopmonitor.h"
#include "server/ops/retention.h"
#include "server/ops/tlsidentity.h"
#include "server/ops/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHttpServer>
#include <QLockFile>

namespace Tessera::Server {

Server::Server(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_metrics(std::make_unique<Metrics>())
    , m_database(std::make_unique<Database>())
{
    if (m_options.filesDir.isEmpty()) // options made in code rather than parsed: the default
        m_options.filesDir = QDir(m_options.dataDir).absoluteFilePath(QStringLiteral("files"));
}

Server::~Server()
{
    // Sockets get a close frame with a retry hint before anything they use goes away.
    if (m_live)
        m_live->shutdown();
    delete m_live;
    m_live = nullptr;
    // The routes and services (QObject children) use the stores and hold database handles:
    // they go before the members, so the database closes last with no handle left open.
    const QObjectList kids = children();
    for (QObject *child : kids)
        delete child;
}

// The data folder is created readable by the server's user only (0700) and the database
// files in it too (0600): they hold password hashes, sessions and every board.
bool Server::prepareDataDir()
{
    const QFileInfo dir(m_options.dataDir);
    if (!dir.exists()) {
        if (!QDir().mkpath(m_options.dataDir)) {
            m_error = QStringLiteral("cannot create data directory %1").arg(m_options.dataDir);
            return false;
        }
        QFile::setPermissions(m_options.dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    return true;
}

// One data folder, one serving server: a second one would append to the same logs (and
// fail on duplicate seqs after storing false rejections). One attachments folder, one
// server too: each one's orphan sweep would delete the files and uploads of the others.
// The lock goes with the process, so a crashed server's lock does not keep the next one
// out (on the same machine; one left by another machine stays until it is removed).
bool Server::lockFolder(std::unique_ptr<QLockFile> &lock, const QString &folder, const QString &lockName,
                        const QString &why)
{
    const QString path = QDir(folder).absoluteFilePath(lockName);
    lock = std::make_unique<QLockFile>(path);
    lock->setStaleLockTime(0); // stale only when its process is gone
    if (lock->tryLock(0))
        return true;
    qint64 pid = 0;
    QString host;
    QString application;
    lock->getLockInfo(&pid, &host, &application);
    m_error = lock->error() == QLockFile::LockFailedError
            ? QStringLiteral("another tessera-server (pid %1 on %2) is serving %3; %4")
                      .arg(pid)
                      .arg(host, QDir::toNativeSeparators(folder), why)
            : QStringLiteral("cannot create the lock file %1 (check the folder's owner and permissions)").arg(path);
    lock.reset();
    return false;
}

bool Server::start()
{
    if (!prepareDataDir()
        || !lockFolder(m_dataLock, m_options.dataDir, QStringLiteral("tessera.lock"),
                       QStringLiteral("one data folder is served by one server at a time")))
        return false;
    if (m_error = BlobStore::prepare(m_options.filesDir); !m_error.isEmpty()) // before anything is opened
        return false;
    // Nodes of one PostgreSQL database share one attachments folder: every node's orphan
    // sweep reads the same database, so what one deletes no node knows.
    if (m_options.databaseUrl.isEmpty()
        && !lockFolder(m_filesLock, m_options.filesDir, QStringLiteral("tessera-files.lock"),
                       QStringLiteral("one attachments folder (--files-dir) is used by one server at a time: each "
                                      "server's orphan sweep deletes the files its own database does not know")))
        return false;
    const QString dbPath = QDir(m_options.dataDir).absoluteFilePath(QStringLiteral("tessera.db"));
    const bool newDatabase = m_options.databaseUrl.isEmpty() && !QFileInfo::exists(dbPath);
    if (!m_database->open(m_options.dataDir, m_options.databaseUrl)) {
        m_error = m_database->errorString();
        return false;
    }
    if (newDatabase) {
        for (const QString &suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") }) {
            if (QFileInfo::exists(dbPath + suffix))
                QFile::setPermissions(dbPath + suffix, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
    }
    m_users = std::make_unique<UserStore>(m_database->db());
    m_settings = std::make_unique<SettingsStore>(m_database->db());
    m_audit = std::make_unique<AuditLog>(m_database->db());
    // Nodes on one PostgreSQL database count each other's attempts.
    m_loginLimiter = std::make_unique<LoginLimiter>(m_database->isPostgres() ? m_database->db() : QSqlDatabase());
    m_sessions = new SessionStore(m_database->db(), this);
    m_requestAuth = std::make_unique<RequestAuth>(*m_sessions, *m_users, m_options.trustedProxies);
    m_http = new HttpApi(*m_database, *m_metrics, m_options.transport, this);
    SettingsStore *settings = m_settings.get();
    m_http->setOriginCheck([settings](const QString &origin) { return settings->originAllowlist().contains(origin); });
    m_authRoutes = new AuthRoutes(m_http->httpServer(),
                                  { *m_users, *m_sessions, *m_requestAuth, *m_settings, *m_audit, *m_loginLimiter, *m_metrics },
                                  this);
    m_boards = std::make_unique<BoardRepository>(m_database->db());
    m_inbox = std::make_unique<InboxRepository>(m_database->db());
    if (m_database->meta(QStringLiteral("search_index")) != QLatin1String("1")) {
        // Boards stored before the search index existed are indexed once.
        if (!m_boards->rebuildSearchIndex(m_database->epoch()) || !m_database->setMeta(QStringLiteral("search_index"), QStringLiteral("1"))) {
            m_error = QStringLiteral("cannot build the search index: %1").arg(m_boards->lastError());
            return false;
        }
    }
    m_commands = new CommandService(*m_database, *m_boards, *m_inbox, *m_users, this);
    m_commandLimits = std::make_unique<CommandLimits>(m_database->db(), m_options.transport.httpMutationsPerSecond,
                                                      m_options.transport.httpMutationBurst);
    m_commands->setLimits(m_commandLimits.get());
    m_boardRoutes = new BoardRoutes(m_http->httpServer(),
                                    { *m_database, *m_boards, *m_inbox, *m_commands, *m_requestAuth }, this);
    m_streamRoutes = new StreamRoutes(m_http->httpServer(),
                                      { *m_database, *m_boards, *m_inbox, *m_commands, *m_requestAuth }, this);
    m_live = new WsGateway(m_http->httpServer(),
                           { *m_database, *m_boards, *m_inbox, *m_commands, *m_requestAuth, *m_sessions, *m_settings },
                           m_options.live, *m_metrics, this);
    connect(m_authRoutes, &AuthRoutes::userDisabled, m_live, &WsGateway::closeUser);
    registerMetricsRoute(m_http->httpServer(), *m_metrics, m_options.metricsToken, m_requestAuth->proxies());
    m_reminders = new DueReminders(*m_database, *m_boards, *m_commands, this); // after the hub listens
    m_jobs = new JobService({ *m_database, *m_boards, *m_commands, *m_users, m_live->jobFeed(), m_options.dataDir }, this);
    m_jobRoutes = new JobRoutes(m_http->httpServer(), { *m_boards, *m_requestAuth, *m_jobs }, this);
    if (ClusterBus *cluster = m_live->cluster()) { // several nodes: a job runs on one of them
        m_jobs->setRemoteCancel([cluster](const QString &jobId) { cluster->publishJobCancel(jobId); });
        connect(cluster, &ClusterBus::jobCancelAsked, m_jobs, &JobService::cancelHere);
    }
    m_jobs->resumeUnfinished(); // runs once the event loop does
    m_files = new FileService(m_http->httpServer(),
                              { *m_database, *m_boards, *m_commands, *m_requestAuth, *m_users, m_options.filesDir }, this);
    wireCommandMetrics();
    m_health = std::make_unique<HealthCheck>(QDir(m_options.dataDir).absolutePath(), m_options.minFreeDiskBytes);
    m_health->lastWriteError = [commands = m_commands] { return commands->lastWriteError(); };
    m_http->setHealthCheck(m_health.get());
    m_metrics->dataFreeBytes = [health = m_health.get()] { return health->check().freeBytes; };
    m_metrics->healthDegraded = [health = m_health.get()] { return health->check().ok ? 0 : 1; };
    m_loopMonitor = new LoopMonitor(*m_metrics, this);
    m_retention = new Retention(m_database->db(), *m_settings, this);
    // Deleted columns' values go in slices of 100 items, each its own short transaction,
    // between command groups: at once while some remain, then checked every second.
    m_columnPurgeTimer.setSingleShot(true);
    connect(&m_columnPurgeTimer, &QTimer::timeout, this, [this] {
        bool more = false;
        if (m_commandLimits->stripPending()) // the cached states first: cheap, 5,000 items a turn
            more = m_commandLimits->stripStep(5000);
        if (m_boards->columnPurge().isPending()) {
            m_commands->flush(); // nothing of a command group may be pending around it
            more = m_boards->columnPurge().step(100) || more;
        }
        m_columnPurgeTimer.start(more ? 5 : 1000);
    });
    m_columnPurgeTimer.start(0);
    m_adminStatus = new AdminStatusRoutes(m_http->httpServer(), { *m_database, *m_requestAuth, *m_users, *m_live }, this);
    m_adminSocket = new AdminSocket({ *m_database, *m_users, *m_sessions, *m_audit, m_options.dataDir, m_loginLimiter.get() }, this);
    if (!m_adminSocket->listen(m_options.dataDir)) // admin commands then refuse to run: the server holds the lock
        qCWarning(lcServer, "%s", qPrintable(m_adminSocket->errorString()));
    if (m_options.servesTls() && !setupTls())
        return false;
    if (!m_options.servesTls() && !m_options.host.isLoopback())
        qCWarning(lcServer, "--insecure-http: serving plain HTTP on %s; passwords, session tokens and boards "
                 "cross the network unencrypted",
                 qPrintable(m_options.host.toString()));
    if (m_options.demo) {
        DemoSeed seed(*m_database, *m_users, *m_boards, *m_commands);
        if (!seed.run()) {
            m_error = seed.errorString();
            return false;
        }
    }
    if (!m_options.accessLog.isEmpty()) {
        m_accessLog = std::make_unique<AccessLog>();
        if (!m_accessLog->open(m_options.accessLog)) {
            m_error = m_accessLog->errorString();
            return false;
        }
        m_http->setAccessLog(m_accessLog.get(), &m_requestAuth->proxies());
    }
    m_port = m_http->listen(m_options.host, m_options.port);
    if (m_port == 0) {
        m_error = QStringLiteral("cannot listen on %1:%2 (address in use or not available)")
                          .arg(m_options.host.toString())
                          .arg(m_options.port);
        return false;
    }
    return true;
}

// --tls-cert/--tls-key, or the self-signed certificate of the data folder (TlsIdentity).
bool Server::setupTls()
{
    TlsIdentity tls;
    if (!tls.load(m_options.tlsCert, m_options.tlsKey, m_options.dataDir, m_options.host, QDateTime::currentDateTimeUtc())) {
        m_error = tls.errorString();
        return false;
    }
    for (const QString &warning : tls.warnings())
        qCWarning(lcServer, "%s", qPrintable(warning));
    m_http->setTls(tls.configuration());
    m_tlsFingerprint = tls.fingerprint();
    m_tlsSummary = tls.summary();
    return true;
}

void Server::wireCommandMetrics()
{
    Metrics &metrics = *m_metrics;
    const CommandService *commands = m_commands;
    metrics.commandsAcked = [commands] { return qint64(commands->counters().acked); };
    metrics.commandsRejected = [commands] { return qint64(commands->counters().rejected); };
    metrics.commandsFailed = [commands] { return qint64(commands->counters().failed); };
    metrics.duplicateMutations = [commands] { return qint64(commands->counters().duplicates); };
    Database *database = m_database.get();
    metrics.databaseBytes = [database] { return database->sizeBytes(); };
    CommandLimits *limits = m_commandLimits.get();
    limits->quotaExceeded = [&metrics](const QByteArray &quota) { metrics.quotaExceeded.add(quota); };
    limits->throttled = [&metrics] { metrics.throttled.add(QByteArrayLiteral("http_mutation")); };
    metrics.boardCacheBytes = [limits] { return limits->cachedBytes(); };
    metrics.boardCacheBoards = [limits] { return qint64(limits->cachedBoards()); };
    connect(m_commands, &CommandService::groupCommitted, m_live, [&metrics](qsizetype groupSize, double seconds) {
        metrics.commitSeconds.observe(seconds);
        metrics.commandsPerCommit.observe(double(groupSize));
    });
}

ReloadPlan Server::reload(const ServerOptions &next)
{
    // The keys whose holders take new values while serving; any other changed key is
    // reported as needing a restart and keeps its running value. An option added later is
    // in that second group until its holder can take it live and its key is listed here.
    static const QStringList reloadable { QStringLiteral("metrics-token-file"),      QStringLiteral("header-timeout"),
                                          QStringLiteral("idle-timeout"),            QStringLiteral("max-body-bytes"),
                                          QStringLiteral("max-pending-per-address"), QStringLiteral("max-sockets-per-user"),
                                          QStringLiteral("max-sockets-per-address"), QStringLiteral("log-level"),
                                          QStringLiteral("log-rules") };
    // The access log is opened again on every reload: logrotate moves the file, then
    // `systemctl reload` makes the server write to a new one under the old name.
    if (!reopenAccessLog())
        qCWarning(lcServer, "cannot reopen the access log: %s", qPrintable(m_error));
    const ReloadPlan plan = ReloadPlan::between(m_options, next, reloadable);
    if (plan.applied.isEmpty())
        return plan;
    if (m_options.logRules != next.logRules)
        QLoggingCategory::setFilterRules(next.logRules); // the handler stays; only the levels change
    m_options.logLevel = next.logLevel;
    m_options.logRules = next.logRules;
    for (const QString &key : plan.applied)
        m_options.settings.insert(key, next.settings.value(key));
    m_options.metricsToken = next.metricsToken; // read by the /metrics route on every request
    m_options.transport = next.transport;
    m_options.live = next.live;
    m_http->setLimits(m_options.transport);
    m_live->setLimits(m_options.live);
    return plan;
}

bool Server::reopenAccessLog()
{
    if (!m_accessLog || m_accessLog->reopen())
        return true;
    m_error = m_accessLog->errorString();
    return false;
}

QString Server::startLine() const
{
    const QString tls = m_tlsFingerprint.isEmpty() ? QStringLiteral("plain http (no TLS)")
                                                   : QStringLiteral("TLS fingerprint %1").arg(m_tlsFingerprint);
    return QStringLiteral("tessera-server %1 serving %2, %3, database %4, data folder %5")
            .arg(QCoreApplication::applicationVersion(), url(), tls, m_database->path(),
                 QDir(m_options.dataDir).absolutePath());
}

QString Server::url() const
{
    QString host = m_options.host.toString();
    if (m_options.host.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    const bool tls = m_options.servesTls();
    return QStringLiteral("%1://%2:%3").arg(tls ? QStringLiteral("https") : QStringLiteral("http"), host).arg(m_port);
}

} // namespace Tessera::Server
