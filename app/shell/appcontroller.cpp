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

QString AppController::accountOf(const QUrl &server)
{
    // The same key SyncClient stores its secret under.
    QUrl base = server.adjusted(QUrl::StripTrailingSlash);
    if (base.path() == QLatin1String("/"))
        base.setPath(QString());
    return base.toString();
}

void AppController::makeSync(const QUrl &server)
{
    if (m_sync && m_server == server)
        return;
    if (m_sync)
        Q_EMIT syncClientAboutToChange();
    m_sync.reset();
    m_server = server;
    m_api->setServer(server);
    m_api->setToken(QString());
    m_sync = std::make_unique<Core::SyncClient>(Core::SyncClient::Options { server, m_options.cacheDir, m_options.tokens, nullptr });
    connect(m_sync.get(), &Core::SyncClient::signedIn, this, &AppController::onSignedIn);
    connect(m_sync.get(), &Core::SyncClient::signInFailed, this, &AppController::signInFailed);
    connect(m_sync.get(), &Core::SyncClient::signedOut, this, [this](const QString &reason) {
        m_api->setToken(QString());
        Q_EMIT sessionEnded(reason);
    });
    Q_EMIT syncClientChanged(m_sync.get());
}

void AppController::connectTo(const QUrl &server, const QString &login, const QString &password)
{
    makeSync(server);
    m_sync->signIn(login, password);
}

void AppController::resume(const QUrl &server)
{
    makeSync(server);
    if (!m_options.tokens) {
        Q_EMIT sessionEnded(tr("Sign in to continue"));
        return;
    }
    // SyncClient::start() without a stored token only turns SignedOut (which it already
    // is), so look first and say so: the window then offers the Connect dialog.
    QPointer<AppController> self(this);
    m_options.tokens->read(accountOf(server), [self, server](std::optional<QString> secret, const QString &) {
        if (!self || self->m_server != server || !self->m_sync)
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
    remember(m_server);
    if (!m_options.tokens) {
        Q_EMIT sessionStarted(user);
        return;
    }
    QPointer<AppController> self(this);
    const QUrl server = m_server;
    m_options.tokens->read(accountOf(server), [self, server, user](std::optional<QString> secret, const QString &) {
        if (!self || self->m_server != server)
            return;
        if (secret)
            self->m_api->setToken(QJsonDocument::fromJson(secret->toUtf8()).object().value(QStringLiteral("token")).toString());
        Q_EMIT self->sessionStarted(user);
    });
}

void AppController::remember(const QUrl &server)
{
    if (!m_options.settings)
        return;
    QStringList servers = knownServers();
    const QString url = server.toString();
    servers.removeAll(url);
    servers.prepend(url);
    m_options.settings->setValue(kServersKey, servers);
    m_options.settings->setValue(kLastKey, url);
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

QUrl AppController::lastServer() const
{
    return m_options.settings ? QUrl(m_options.settings->value(kLastKey).toString()) : QUrl();
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
