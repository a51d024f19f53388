#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace Tessera::Server::AdminProtocol {

// The control socket between `tessera-server admin` and a running server: DIR/admin.sock,
// one JSON object per line each way, one request per connection.
inline constexpr char SocketName[] = "admin.sock";
inline constexpr qsizetype MaxRequestBytes = 64 * 1024;
inline constexpr qsizetype MaxAnswerBytes = 8 * 1024 * 1024;
inline constexpr int ServerTimeoutMs = 10000; // a client has this long to send its request

// {"argv":[...],"password":"..."}: the command words and arguments after `admin`, and
// the line read from stdin for the commands that take a password.
struct Request
{
    QStringList argv;
    QString password;
};
// {"ok":bool,"text":"..."}: what goes to stdout (ok) or stderr (not ok).
struct Answer
{
    bool ok = false;
    QString text;
};

QByteArray encode(const Request &request);
QByteArray encode(const Answer &answer);
// Empty with `error` set when the line is not a request (names what is wrong).
std::optional<Request> decodeRequest(const QByteArray &line, QString *error);
std::optional<Answer> decodeAnswer(const QByteArray &line, QString *error);

} // namespace Tessera::Server::AdminProtocol
