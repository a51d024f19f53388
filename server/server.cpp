#include "server.h"

#include "auditlog.h"
#include "authroutes.h"
#include "boardrepository.h"
#include "boardroutes.h"
#include "commandservice.h"
#include "database.h"
#include "httpapi.h"
#include "inboxrepository.h"
#include "loginlimiter.h"
#include "requestauth.h"
#include "sessionstore.h"
#include "settingsstore.h"
#include "userstore.h"

namespace Tessera::Server {

Server::Server(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_database(std::make_unique<Database>())
{
}

Server::~Server() = default;

bool Server::start()
{
    if (!m_database->open(m_options.dataDir)) {
        m_error = m_database->errorString();
        return false;
    }
    m_users = std::make_unique<UserStore>(m_database->db());
    m_settings = std::make_unique<SettingsStore>(m_database->db());
    m_audit = std::make_unique<AuditLog>(m_database->db());
    m_loginLimiter = std::make_unique<LoginLimiter>();
    m_sessions = new SessionStore(m_database->db(), this);
    m_requestAuth = std::make_unique<RequestAuth>(*m_sessions, *m_users);
    if (m_options.demo && !seedDemo())
        return false;
    m_http = new HttpApi(*m_database, this);
    m_authRoutes = new AuthRoutes(m_http->httpServer(),
                                  { *m_users, *m_sessions, *m_requestAuth, *m_settings, *m_audit, *m_loginLimiter }, this);
    m_boards = std::make_unique<BoardRepository>(m_database->db());
    m_inbox = std::make_unique<InboxRepository>(m_database->db());
    m_commands = new CommandService(*m_database, *m_boards, *m_inbox, *m_users, this);
    m_boardRoutes = new BoardRoutes(m_http->httpServer(),
                                    { *m_database, *m_boards, *m_inbox, *m_commands, *m_requestAuth }, this);
    m_port = m_http->listen(m_options.host, m_options.port);
    if (m_port == 0) {
        m_error = QStringLiteral("cannot listen on %1:%2 (address in use or not available)")
                          .arg(m_options.host.toString())
                          .arg(m_options.port);
        return false;
    }
    return true;
}

QString Server::url() const
{
    QString host = m_options.host.toString();
    if (m_options.host.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    const bool tls = !m_options.tlsCert.isEmpty();
    return QStringLiteral("%1://%2:%3").arg(tls ? QStringLiteral("https") : QStringLiteral("http"), host).arg(m_port);
}

bool Server::seedDemo()
{
    if (m_database->meta(QStringLiteral("demo_seeded")) == QLatin1String("1"))
        return true;
    struct DemoUser
    {
        const char *login;
        const char *name;
        bool admin;
    };
    const DemoUser people[] = { { "ana", "Ana Alves", true }, { "ben", "Ben Brook", false }, { "cy", "Cy Chen", false } };
    for (const DemoUser &p : people) {
        if (m_users->byLogin(QLatin1String(p.login)))
            continue;
        const auto created = m_users->create(QLatin1String(p.login), QStringLiteral("tessera-demo"),
                                             QString::fromUtf8(p.name), p.admin);
        if (!created.user) {
            m_error = created.error;
            return false;
        }
    }
    return m_database->setMeta(QStringLiteral("demo_seeded"), QStringLiteral("1"));
}

} // namespace Tessera::Server
