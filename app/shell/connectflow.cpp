#include "connectflow.h"

#include "appcontroller.h"
#include "localserver.h"

#include "core/client/serverprobe.h"

namespace Tessera::App {

ConnectFlow::ConnectFlow(AppController *app, QWidget *window)
    : QObject(window), m_app(app), m_window(window), m_probe(new Core::ServerProbe(this))
{
    connect(app, &AppController::sessionStarted, this, [this] {
        if (m_dialog)
            m_dialog->accept();
    });
    connect(app, &AppController::signInFailed, this, [this](const QString &why) {
        if (m_dialog)
            m_dialog->setError(why);
    });
}

LocalServer *ConnectFlow::localServer()
{
    if (!m_local) {
        m_local = new LocalServer(this);
        connect(m_local, &LocalServer::started, this, [this](const QUrl &url) {
            if (m_dialog)
                m_dialog->setBusy(true, tr("Local server running on %1; signing in…").arg(url.toDisplayString()));
            m_app->connectTo(url, LocalServer::demoLogin(), LocalServer::demoPassword());
        });
        connect(m_local, &LocalServer::failed, this, [this](const QString &why) {
            Q_EMIT message(why);
            if (m_dialog)
                m_dialog->setError(why);
        });
    }
    return m_local;
}

void ConnectFlow::setServer(const Core::ServerList &servers)
{
    m_servers = servers;
    if (m_dialog)
        m_dialog->setServer(servers.toText());
}

void ConnectFlow::show(const QString &text)
{
    if (!m_dialog) {
        m_dialog = new ConnectDialog(m_window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &ConnectDialog::connectRequested, this,
                [this](const QString &server, const QString &login, const QString &password) {
                    m_probe->resolve(server, [this, login, password](const Core::ServerProbe::Result &r) {
                        if (!r.error.isEmpty()) {
                            if (m_dialog)
                                m_dialog->setError(r.error);
                            return;
                        }
                        if (!r.note.isEmpty()) {
                            Q_EMIT message(r.note);
                            if (m_dialog)
                                m_dialog->setBusy(true, r.note + QLatin1Char(' ') + tr("Signing in…"));
                        }
                        if (m_dialog)
                            m_dialog->setServer(r.servers.toText());
                        m_app->connectTo(r.servers, login, password);
                    });
                });
        connect(m_dialog, &ConnectDialog::localServerRequested, this, [this] { localServer()->start(); });
    }
    m_dialog->setKnownServers(m_app->knownServers());
    if (!m_servers.isEmpty())
        m_dialog->setServer(m_servers.toText());
    if (m_dialog->login().isEmpty())
        m_dialog->setLogin(m_app->lastLogin());
    m_dialog->setLocalServerAvailable(!LocalServer::binary().isEmpty());
    if (!text.isEmpty())
        m_dialog->setError(text);
    m_dialog->open();
}

} // namespace Tessera::App
