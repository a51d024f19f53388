#pragma once

#include "core/client/serverlist.h"
#include "core/protocol/domain.h"

#include <QObject>
#include <QUrl>

#include <memory>

class QSettings;

namespace Tessera::Core {
class AdminClient;
class ApiClient;
class SyncClient;
class TokenStore;
}

namespace Tessera::App {

// The app's session with one server: owns the SyncClient (a new one per server), an
// ApiClient that carries the same session for account and admin calls (on the node the
// SyncClient uses), and the AdminClient over it. Remembers known servers (URLs only; a
// server of several nodes as one comma-separated entry, ServerList::toText) in QSettings;
// the token lives only in the TokenStore. Widgets connect to sync() again after
// syncClientChanged().
class AppController final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString cacheDir;
        Core::TokenStore *tokens = nullptr; // must outlive the controller
        QSettings *settings = nullptr; // known servers and preferences; must outlive it
    };

    explicit AppController(Options options, QObject *parent = nullptr);
    ~AppController() override;

    // Sign in with a password, or resume with the token stored for this server.
    // `servers`: the server's nodes, the first its identity (a QUrl is a server of one node).
    void connectTo(const Core::ServerList &servers, const QString &login, const QString &password);
    void resume(const Core::ServerList &servers);
    // Another list of nodes for the server in use (settings): remembered and used at once.
    // Empty on success, else why not (another first URL is another server).
    QString setServers(const Core::ServerList &servers);
    void signOut();

    Core::SyncClient *sync() const { return m_sync.get(); }
    Core::ApiClient *api() const { return m_api; }
    Core::AdminClient *admin() const { return m_admin; }
    QSettings *settings() const { return m_options.settings; }
    QUrl server() const { return m_servers.identity(); }
    const Core::ServerList &servers() const { return m_servers; }
    bool isSignedIn() const;
    const Core::User &user() const;

    QStringList knownServers() const;
    QUrl lastServer() const { return lastServers().identity(); }
    Core::ServerList lastServers() const;
    QString lastLogin() const;
    void forgetServer(const QString &url);

Q_SIGNALS:
    void syncClientAboutToChange(); // drop everything that points into the old one
    void syncClientChanged(Tessera::Core::SyncClient *sync); // before it starts
    void sessionStarted(const Tessera::Core::User &user);
    void sessionEnded(const QString &reason);
    void signInFailed(const QString &message);

private:
    void makeSync(const Core::ServerList &servers);
    void onSignedIn(const Core::User &user);
    void remember(const Core::ServerList &servers);

    Options m_options;
    Core::ApiClient *m_api;
    Core::AdminClient *m_admin;
    std::unique_ptr<Core::SyncClient> m_sync; // unparented: replaced per server, after its widgets went
    Core::ServerList m_servers;
};

} // namespace Tessera::App
