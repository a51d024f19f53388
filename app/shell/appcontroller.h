#pragma once

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
// ApiClient that carries the same session for account and admin calls, and the
// AdminClient over it. Remembers known servers (URLs only) in QSettings; the token lives
// only in the TokenStore. Widgets connect to sync() again after syncClientChanged().
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
    void connectTo(const QUrl &server, const QString &login, const QString &password);
    void resume(const QUrl &server);
    void signOut();

    Core::SyncClient *sync() const { return m_sync.get(); }
    Core::ApiClient *api() const { return m_api; }
    Core::AdminClient *admin() const { return m_admin; }
    QSettings *settings() const { return m_options.settings; }
    QUrl server() const { return m_server; }
    bool isSignedIn() const;
    const Core::User &user() const;

    QStringList knownServers() const;
    QUrl lastServer() const;
    QString lastLogin() const;
    void forgetServer(const QString &url);

Q_SIGNALS:
    void syncClientAboutToChange(); // drop everything that points into the old one
    void syncClientChanged(Tessera::Core::SyncClient *sync); // before it starts
    void sessionStarted(const Tessera::Core::User &user);
    void sessionEnded(const QString &reason);
    void signInFailed(const QString &message);

private:
    void makeSync(const QUrl &server);
    void onSignedIn(const Core::User &user);
    void remember(const QUrl &server);
    static QString accountOf(const QUrl &server);

    Options m_options;
    Core::ApiClient *m_api;
    Core::AdminClient *m_admin;
    std::unique_ptr<Core::SyncClient> m_sync; // unparented: replaced per server, after its widgets went
    QUrl m_server;
};

} // namespace Tessera::App
