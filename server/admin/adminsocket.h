#pragma once

#include "admincommands.h"

#include <QObject>

#include <memory>

class QLocalServer;
class QLocalSocket;

namespace Tessera::Server {

// The running server's control socket, DIR/admin.sock: `tessera-server admin` sends one
// request line (AdminProtocol) and gets one answer line, and the command runs here, in
// the server's process, on its own stores. Only the data folder's owner can connect
// (UserAccessOption, and the folder is 0700). A stale socket file from a crashed server is
// replaced (the caller holds the data lock, so no live server owns it); the file goes
// when this object does. A request has MaxRequestBytes and ServerTimeoutMs; a malformed
// one gets an error answer; at most MaxClients are served at once.
class AdminSocket final : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxClients = 4;

    AdminSocket(AdminCommands::Services services, QObject *parent = nullptr);
    ~AdminSocket() override;

    // Listens on DIR/admin.sock; false with errorString() when it cannot.
    bool listen(const QString &dataDir);
    QString errorString() const { return m_error; }
    static QString pathFor(const QString &dataDir);

private:
    void onNewConnection();
    void onReadyRead(QLocalSocket *socket);
    void answer(QLocalSocket *socket, const AdminCommands::Result &result);

    AdminCommands m_commands;
    QLocalServer *m_server = nullptr;
    int m_clients = 0;
    QString m_error;
};

} // namespace Tessera::Server
