#include "adminsocket.h"

#include "server/accounts/passwordhasher.h"

#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

namespace Tessera::Server {

AdminSocket::AdminSocket(AdminCommands::Services services, QObject *parent)
    : QObject(parent)
    , m_commands(std::move(services))
    , m_server(new QLocalServer(this))
{
    // Argon2id runs on a worker thread; the command finishes back on this thread, and only
    // if this object still exists.
    m_commands.setHasher([this](const QString &password, std::function<void(const QString &)> then) {
        QPointer<AdminSocket> self(this);
        QThreadPool::globalInstance()->start([self, password, then = std::move(then)] {
            const QString hash = PasswordHasher::hash(password);
            if (self)
                QMetaObject::invokeMethod(
                    self,
                    [self, hash, then] {
                        if (self)
                            then(hash);
                    },
                    Qt::QueuedConnection);
        });
    });
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    m_server->setMaxPendingConnections(MaxClients);
    connect(m_server, &QLocalServer::newConnection, this, &AdminSocket::onNewConnection);
}

AdminSocket::~AdminSocket()
{
    m_server->close(); // removes the socket file
}

QString AdminSocket::pathFor(const QString &dataDir)
{
    return QDir(dataDir).absoluteFilePath(QLatin1String(AdminProtocol::SocketName));
}

bool AdminSocket::listen(const QString &dataDir)
{
    const QString path = pathFor(dataDir);
    QLocalServer::removeServer(path); // a crashed server's leftover: we hold the data lock
    if (!m_server->listen(path)) {
        m_error = QStringLiteral("cannot listen on %1: %2").arg(path, m_server->errorString());
        return false;
    }
    return true;
}

void AdminSocket::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        if (m_clients >= MaxClients) {
            answer(socket, { false, QStringLiteral("the server is busy with other admin commands; try again") });
            continue;
        }
        ++m_clients;
        connect(socket, &QObject::destroyed, this, [this] { --m_clients; });
        socket->setReadBufferSize(AdminProtocol::MaxRequestBytes + 1);
        auto *timer = new QTimer(socket);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, socket, [this, socket] {
            answer(socket,
                   { false, QStringLiteral("no complete request within %1 ms").arg(AdminProtocol::ServerTimeoutMs) });
        });
        timer->start(AdminProtocol::ServerTimeoutMs);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        onReadyRead(socket);
    }
}

void AdminSocket::onReadyRead(QLocalSocket *socket)
{
    if (socket->property("tessera_busy").toBool())
        return; // one request per connection: anything after it is ignored
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > AdminProtocol::MaxRequestBytes)
            answer(socket,
                   { false, QStringLiteral("request larger than %1 bytes").arg(AdminProtocol::MaxRequestBytes) });
        return;
    }
    const QByteArray line = socket->readLine(AdminProtocol::MaxRequestBytes + 1);
    socket->setProperty("tessera_busy", true);
    for (QTimer *timer : socket->findChildren<QTimer *>())
        timer->stop();
    QString error;
    const auto request = AdminProtocol::decodeRequest(line, &error);
    if (!request)
        return answer(socket, { false, QStringLiteral("malformed request: %1").arg(error) });
    QPointer<QLocalSocket> guard(socket);
    m_commands.run(*request, [this, guard](const AdminCommands::Result &result) {
        if (guard)
            answer(guard, result);
    });
}

void AdminSocket::answer(QLocalSocket *socket, const AdminCommands::Result &result)
{
    socket->setProperty("tessera_busy", true);
    for (QTimer *timer : socket->findChildren<QTimer *>())
        timer->stop();
    QByteArray bytes = AdminProtocol::encode(result);
    if (bytes.size() > AdminProtocol::MaxAnswerBytes)
        bytes = AdminProtocol::encode(AdminCommands::Result { false, QStringLiteral("the answer is too large") });
    socket->write(bytes);
    socket->disconnectFromServer(); // after the answer is written
    // A client that does not read its answer does not hold a slot for long.
    QTimer::singleShot(AdminProtocol::ServerTimeoutMs, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    if (socket->state() == QLocalSocket::UnconnectedState)
        socket->deleteLater();
}

} // namespace Tessera::Server
