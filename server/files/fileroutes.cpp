#include "fileroutes.h"

#include "uploadrows.h"

#include "server/accounts/requestauth.h"
#include "server/accounts/userstore.h"
#include "server/http/boardaccess.h"
#include "server/http/httpreply.h"

#include "core/protocol/attachmentbodies.h"
#include "core/protocol/routes.h"
#include "server/storage/boardrepository.h"
#include "server/storage/database.h"

#include <QDateTime>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponder>
#include <QUrl>
#include <QUrlQuery>

namespace Tessera::Server {

using Status = QHttpServerResponse::StatusCode;

namespace {

QHttpServerResponse refused(const QString &message)
{
    return HttpReply::error(Status::Forbidden, Core::ErrorCode::Forbidden, message);
}

// attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded (RFC 6266).
QByteArray disposition(const QString &name)
{
    QByteArray ascii;
    for (QChar c : name)
        ascii.append(c.unicode() >= 0x20 && c.unicode() < 0x7f && c != QLatin1Char('"') && c != QLatin1Char('\\')
                         ? char(c.unicode())
                         : '_');
    return QByteArrayLiteral("attachment; filename=\"") + ascii + QByteArrayLiteral("\"; filename*=UTF-8''")
        + QUrl::toPercentEncoding(name);
}

} // namespace

FileRoutes::FileRoutes(QHttpServer &http, Services services, QObject *parent)
    : QObject(parent)
    , m_s(std::move(services))
    , m_signer(m_s.database)
{
    using Method = QHttpServerRequest::Method;
    http.route(Core::Routes::Pattern::attachmentLink(), Method::Post,
               [this](const QString &id, const QHttpServerRequest &req) {
                   const auto who = m_s.auth.authenticate(req);
                   return who ? link(*who, id) : RequestAuth::unauthorized();
               });
    http.route(Core::Routes::Pattern::file(), Method::Get,
               [this](const QString &id, const QHttpServerRequest &req, QHttpServerResponder &&responder) {
                   download(id, req, std::move(responder));
               });
}

QHttpServerResponse FileRoutes::link(const AuthContext &who, const QString &attachmentId)
{
    const auto row = UploadRows(m_s.database.db()).attachment(attachmentId);
    if (!row) // the same answer for a board one is not a member of: no existence oracle
        return HttpReply::error(Status::NotFound, Core::ErrorCode::NotFound, QStringLiteral("no such attachment"));
    if (BoardAccess::requireMember(m_s.boards, who, row->boardId))
        return HttpReply::error(Status::NotFound, Core::ErrorCode::NotFound, QStringLiteral("no such attachment"));
    if (!m_signer.ok())
        return HttpReply::error(Status::InternalServerError, Core::ErrorCode::Internal,
                                QStringLiteral("links cannot be signed"));
    const qint64 expires = QDateTime::currentSecsSinceEpoch() + LinkSigner::LifetimeSeconds;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("u"), who.user.id);
    query.addQueryItem(QStringLiteral("exp"), QString::number(expires));
    query.addQueryItem(QStringLiteral("sig"), m_signer.sign(attachmentId, who.user.id, expires));
    const QString url
        = QStringLiteral("/api/v1/files/%1?%2")
              .arg(QString::fromLatin1(QUrl::toPercentEncoding(attachmentId)), query.toString(QUrl::FullyEncoded));
    return HttpReply::json(Core::AttachmentLink { url, expires, row->attachment }.toJson());
}

void FileRoutes::download(const QString &attachmentId, const QHttpServerRequest &request,
                          QHttpServerResponder &&responder)
{
    const auto refuse
        = [&responder](const QHttpServerResponse &response) { HttpReply::send(std::move(responder), response); };
    const QUrlQuery query = request.query();
    const QString user = query.queryItemValue(QStringLiteral("u"));
    bool numeric = false;
    const qint64 expires = query.queryItemValue(QStringLiteral("exp")).toLongLong(&numeric);
    const QString sig = query.queryItemValue(QStringLiteral("sig"));
    if (user.isEmpty() || !numeric || sig.isEmpty())
        return refuse(refused(QStringLiteral(
            "a download link needs u, exp and sig; ask for a link with POST /api/v1/attachments/{id}/link")));
    if (!m_signer.verify(attachmentId, user, expires, sig))
        return refuse(refused(QStringLiteral("this link's signature is not valid")));
    if (expires < QDateTime::currentSecsSinceEpoch())
        return refuse(refused(QStringLiteral("this link expired; ask for a new one")));
    const auto row = UploadRows(m_s.database.db()).attachment(attachmentId);
    if (!row)
        return refuse(
            HttpReply::error(Status::NotFound, Core::ErrorCode::NotFound, QStringLiteral("no such attachment")));
    const auto account = m_s.users.byId(user);
    const auto heads = m_s.boards.heads(row->boardId);
    if (!account || account->disabled || !heads || heads->deleted
        || m_s.boards.roleOf(row->boardId, user) == Core::Role::None)
        return refuse(refused(QStringLiteral("this link's user no longer has access to the board")));
    auto file = std::make_unique<QFile>(m_s.blobs.pathFor(row->attachment.sha256));
    if (!file->open(QIODevice::ReadOnly))
        return refuse(HttpReply::error(Status::NotFound, Core::ErrorCode::NotFound,
                                       QStringLiteral("the file is missing on the server")));
    responder.write(file.release(), // the responder owns and streams it
                    { { QByteArrayLiteral("Content-Type"), row->attachment.contentType.toLatin1() },
                      { QByteArrayLiteral("Content-Disposition"), disposition(row->attachment.name) },
                      { QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff") },
                      { QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("private, no-store") } });
}

} // namespace Tessera::Server
