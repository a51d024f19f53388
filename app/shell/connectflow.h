#pragma once

#include "connectdialog.h"

#include "core/client/serverlist.h"

#include <QObject>
#include <QPointer>

class QWidget;

namespace Tessera::Core {
class ServerProbe;
}

namespace Tessera::App {

class AppController;
class LocalServer;

// First run and sign-out: shows the ConnectDialog (open(), never exec()), works out the
// server's URL from what was typed (ServerProbe: https, else http with a warning; several
// nodes of one server as a comma-separated list), signs
// in, or starts the bundled server ("Run a server on this computer") and
// signs in as its demo admin. The dialog closes itself once the session starts.
class ConnectFlow final : public QObject
{
    Q_OBJECT

public:
    ConnectFlow(AppController *app, QWidget *window);

    void show(const QString &message = QString());
    void setServer(const Core::ServerList &servers); // offered in the Server field (e.g. from --server)
    ConnectDialog *dialog() const { return m_dialog; }
    LocalServer *localServer(); // created on first use; stops its server when destroyed

Q_SIGNALS:
    void message(const QString &text); // for the status bar

private:
    AppController *m_app;
    QWidget *m_window;
    QPointer<ConnectDialog> m_dialog;
    LocalServer *m_local = nullptr;
    Core::ServerProbe *m_probe;
    Core::ServerList m_servers;
};

} // namespace Tessera::App
