#pragma once

#include "serveroptions.h"
#include "server/config/reloadplan.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QLockFile;

namespace Tessera::Server {

class AccessLog;
class AdminSocket;
class AuditLog;
class AdminStatusRoutes;
class AuthRoutes;
class BoardRepository;
class BoardRoutes;
class StreamRoutes;
class CommandLimits;
class CommandService;
class Database;
class DueReminders;
class FileService;
class HealthCheck;
class HttpApi;
class InboxRepository;
class JobRoutes;
class JobService;
class LoginLimiter;
class LoopMonitor;
class Metrics;
class RequestAuth;
class Retention;
class SessionStore;
class SettingsStore;
class UserStore;
class WsGateway;

// One running Tessera server: database, accounts, HTTP API. main() and tests build it the same way.
class Server final : public QObject
{
    Q_OBJECT
public:
    explicit Server(ServerOptions options, QObject *parent = nullptr);
    ~Server() override;

    // Opens the database (and seeds the demo on first start when asked), then listens.
    bool start();
    QString errorString() const { return m_error; }
    quint16 port() const { return m_port; }
    QString url() const;
    // The one line logged per start: version, listen URL, TLS fingerprint (or plain http),
    // database path and data folder.
    QString startLine() const;
    // Reopens the --access-log file (after logrotate moved it; SIGHUP); false with
    // errorString() if it cannot be opened. Nothing to do without one or with "-".
    bool reopenAccessLog();
    // A reload (SIGHUP), after a successful start(): takes the settings of `next` (parsed
    // without error) that can change while serving, keeps the others, says which is which.
    ReloadPlan reload(const ServerOptions &next);
    // The SPKI SHA-256 of the certificate served, as colon-separated hex (what the client's
    // certificate dialog shows); empty without TLS.
    QString tlsFingerprint() const { return m_tlsFingerprint; }
    // "TLS certificate FILE (self-signed, created now), SPKI SHA-256 …"; empty without TLS.
    QString tlsSummary() const { return m_tlsSummary; }

    Database &database() { return *m_database; }
    UserStore &users() { return *m_users; }
    SessionStore &sessions() { return *m_sessions; }
    SettingsStore &settings() { return *m_settings; }
    AuditLog &audit() { return *m_audit; }
    RequestAuth &requestAuth() { return *m_requestAuth; }
    HttpApi &http() { return *m_http; }
    BoardRepository &boards() { return *m_boards; }
    InboxRepository &inbox() { return *m_inbox; }
    CommandService &commands() { return *m_commands; }
    DueReminders &reminders() { return *m_reminders; }
    WsGateway &live() { return *m_live; }
    JobService &jobs() { return *m_jobs; }
    Metrics &metrics() { return *m_metrics; }

private:
    void wireCommandMetrics();
    bool setupTls();
    bool prepareDataDir();
    // Holds `folder`/`lockName` in `lock` for the server's life; else m_error says who holds
    // it and `why` one server only.
    bool lockFolder(std::unique_ptr<QLockFile> &lock, const QString &folder, const QString &lockName, const QString &why);

    ServerOptions m_options;
    std::unique_ptr<QLockFile> m_dataLock; // one serving server per data folder
    std::unique_ptr<QLockFile> m_filesLock; // and per attachments folder (--files-dir)
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<HealthCheck> m_health;
    std::unique_ptr<AccessLog> m_accessLog; // outlives the HTTP connections that write to it
    std::unique_ptr<UserStore> m_users;
    std::unique_ptr<SettingsStore> m_settings;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<LoginLimiter> m_loginLimiter;
    std::unique_ptr<RequestAuth> m_requestAuth;
    SessionStore *m_sessions = nullptr;
    AuthRoutes *m_authRoutes = nullptr;
    std::unique_ptr<BoardRepository> m_boards;
    std::unique_ptr<InboxRepository> m_inbox;
    CommandService *m_commands = nullptr;
    std::unique_ptr<CommandLimits> m_commandLimits;
    DueReminders *m_reminders = nullptr;
    JobService *m_jobs = nullptr; // background jobs (CSV imports)
    JobRoutes *m_jobRoutes = nullptr;
    FileService *m_files = nullptr; // attachments: uploads, signed downloads, the orphan sweep
    BoardRoutes *m_boardRoutes = nullptr;
    StreamRoutes *m_streamRoutes = nullptr;
    HttpApi *m_http = nullptr;
    WsGateway *m_live = nullptr;
    AdminStatusRoutes *m_adminStatus = nullptr;
    AdminSocket *m_adminSocket = nullptr; // DIR/admin.sock: `tessera-server admin` while serving
    LoopMonitor *m_loopMonitor = nullptr;
    Retention *m_retention = nullptr;
    QTimer m_columnPurgeTimer; // drives BoardRepository::columnPurge() between command groups
    quint16 m_port = 0;
    QString m_tlsFingerprint;
    QString m_tlsSummary;
    QString m_error;
};

} // namespace Tessera::Server
