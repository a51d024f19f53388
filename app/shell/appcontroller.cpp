#include "appcontroller.h"

#include "core/client/adminclient.h"
#include "core/client/apiclient.h"
#include "core/client/syncclient.h"
#include "core/client/tokenstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSettings>

namespace Tessera::App {

namespace {
const auto kServersKey = QStringLiteral("connections/servers");
const auto kLastKey = QStringLiteral("connections/last");
const auto kLastLoginKey = QStringLiteral("connections/lastLogin");
}

AppController::AppController(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_api(new Core::ApiClient(this)), m_admin(new Core::AdminClient(m_api, this))
{
}

AppController::~AppController()
{
    if (m_sync)
        Q_EMIT syncClientAboutToChange();
}

void AppController::makeSync(const Core::ServerList &servers)
{
    if (m_sync && m_servers.identity() == servers.identity()) {
        m_sync->setServers(servers); // the same server, maybe with other nodes
        m_servers = servers;
        return;
    }
    if (m_sync)
        Q_EMIT syncClientAboutToChange();
    m_sync.reset();
    m_servers = servers;
    m_api->setToken(QString());
    m_sync = std::make_unique<Core::SyncClient>(Core::SyncClient::Options {
            servers.identity(), m_options.cacheDir, m_options.tokens, nullptr, servers.urls().mid(1) });
    m_api->setServer(m_sync->currentServer());
    connect(m_sync.get(), &Core::SyncClient::serverChanged, m_api, &Core::ApiClient::setServer);
    connect(m_sync.get(), &Core::SyncClient::signedIn, this, &AppController::onSignedIn);
    connect(m_sync.get(), &Core::SyncClient::signInFailed, this, &AppController::signInFailed);
    connect(m_sync.get(), &Core::SyncClient::signedOut, this, [this](const QString &reason) {
        m_api->setToken(QString());
        Q_EMIT sessionEnded(reason);
    });
    Q_EMIT syncClientChanged(m_sync.get());
}

void AppController::connectTo(const Core::ServerList &servers, const QString &login, const QString &password)
{
    makeSync(servers);
    m_sync->signIn(login, password);
}

QString AppController::setServers(const Core::ServerList &servers)
{
    if (servers.isEmpty())
        return tr("Give at least one server address.");
    if (!m_sync || servers.identity() != server())
        return tr("The first address names the server (its sign-in and local copy): keep %1 first, or sign out and "
                  "sign in to the other server.")
                .arg(server().toString());
    makeSync(servers);
    remember(servers);
    return QString();
}

void AppController::resume(const Core::ServerList &servers)
{
    makeSync(servers);
    if (!m_options.tokens) {
        Q_EMIT sessionEnded(tr("Sign in to continue"));
        return;
    }
    // SyncClient::start() without a stored token only turns SignedOut (which it already
    // is), so look first and say so: the window then offers the Connect dialog.
    QPointer<AppController> self(this);
    const QUrl server = servers.identity();
    m_options.tokens->read(servers.account(), [self, server](std::optional<QString> secret, const QString &) {
        if (!self || self->server() != server || !self->m_sync)
            return;
        if (!secret) {
            Q_EMIT self->sessionEnded(tr("Sign in to continue"));
            return;
        }
        self->m_sync->start();
    });
}

void AppController::signOut()
{
    if (m_sync)
        m_sync->signOut();
}

bool AppController::isSignedIn() const
{
    return m_sync && m_sync->state() != Core::SyncClient::State::SignedOut;
}

const Core::User &AppController::user() const
{
    return m_api->user();
}

void AppController::onSignedIn(const Core::User &user)
{
    m_api->setUser(user);
    remember(m_servers);
    if (!m_options.tokens) {
        Q_EMIT sessionStarted(user);
        return;
    }
    QPointer<AppController> self(this);
    const QUrl server = m_servers.identity();
    m_options.tokens->read(m_servers.account(), [self, server, user](std::optional<QString> secret, const QString &) {
        if (!self || self->server() != server)
            return;
        if (secret)
            self->m_api->setToken(QJsonDocument::fromJson(secret->toUtf8()).object().value(QStringLiteral("token")).toString());
        Q_EMIT self->sessionStarted(user);
    });
}

void AppController::remember(const Core::ServerList &servers)
{
    if (!m_options.settings)
        return;
    // One entry per server: an older list of the same server's nodes is replaced.
    QStringList known = knownServers();
    known.removeIf([&servers](const QString &entry) {
        return Core::ServerList::parse(entry, QStringLiteral("https"), nullptr).identity() == servers.identity();
    });
    const QString text = servers.toText();
    known.prepend(text);
    m_options.settings->setValue(kServersKey, known);
    m_options.settings->setValue(kLastKey, text);
    m_options.settings->setValue(kLastLoginKey, m_api->user().login); // a login is not a secret
}

QString AppController::lastLogin() const
{
    return m_options.settings ? m_options.settings->value(kLastLoginKey).toString() : QString();
}

QStringList AppController::knownServers() const
{
    return m_options.settings ? m_options.settings->value(kServersKey).toStringList() : QStringList();
}

Core::ServerList AppController::lastServers() const
{
    // Stored as typed by parse()'s inverse (toText): every entry has its scheme.
    return m_options.settings ? Core::ServerList::parse(m_options.settings->value(kLastKey).toString(), QStringLiteral("https"), nullptr)
                              : Core::ServerList();
}

void AppController::forgetServer(const QString &url)
{
    if (!m_options.settings)
        return;
    QStringList servers = knownServers();
    servers.removeAll(url);
    m_options.settings->setValue(kServersKey, servers);
    if (m_options.settings->value(kLastKey).toString() == url)
        m_options.settings->remove(kLastKey);
}

} // namespace Tessera::App
