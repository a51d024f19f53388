#include "adminclient.h"

#include <QDeadlineTimer>
#include <QLocalSocket>

namespace Tessera::Server::AdminClient {

AdminProtocol::Answer send(const QString &socketPath, const AdminProtocol::Request &request, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    socket.connectToServer(socketPath);
    if (!socket.waitForConnected(int(std::min<qint64>(deadline.remainingTime(), 5000))))
        return { false,
                 QStringLiteral("the server holds the data folder but its admin socket %1 does not answer (%2)")
                     .arg(socketPath, socket.errorString()) };
    socket.write(AdminProtocol::encode(request));
    QByteArray received;
    while (!received.contains('\n')) {
        if (received.size() > AdminProtocol::MaxAnswerBytes)
            return { false,
                     QStringLiteral("the server's answer is larger than %1 bytes").arg(AdminProtocol::MaxAnswerBytes) };
        if (deadline.hasExpired())
            return { false, QStringLiteral("no answer from the server within %1 s").arg(timeoutMs / 1000) };
        if (socket.bytesAvailable() == 0
            && !socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            if (socket.state() != QLocalSocket::ConnectedState && socket.bytesAvailable() == 0)
                break;
            continue;
        }
        received += socket.readAll();
    }
    if (!received.contains('\n'))
        return { false, QStringLiteral("the server closed the admin socket without an answer") };
    QString error;
    const auto answer = AdminProtocol::decodeAnswer(received.left(received.indexOf('\n')), &error);
    if (!answer)
        return { false, QStringLiteral("garbled answer from the server: %1").arg(error) };
    return *answer;
}

} // namespace Tessera::Server::AdminClient
