#include "uploadroutes.h"

#include "uploadrows.h"

#include "server/accounts/requestauth.h"
#include "server/commands/commandservice.h"
#include "server/http/boardaccess.h"
#include "server/http/httpreply.h"

#include "core/protocol/routes.h"
#include "server/storage/boardrepository.h"
#include "server/storage/database.h"
#include "server/storage/settingsstore.h"

#include "core/protocol/attachmentbodies.h"
#include "core/protocol/httpbodies.h"
#include "core/protocol/limits.h"
#include "core/rules/commandlogic.h"

#include <QHttpServer>
#include <QUuid>
#include <QtConcurrent>

namespace Tessera::Server {

using Status = QHttpServerResponse::StatusCode;

namespace {

constexpr qint64 MiB = 1024 * 1024;

QJsonObject progress(const Upload &u, const QString &sha256 = QString())
{
    return Core::UploadProgress { u.id,       u.complete ? u.size : u.received,  u.size,
                                  u.complete, Core::Limits::maxUploadChunkBytes, sha256 }
        .toJson();
}

QHttpServerResponse notFound()
{
    return HttpReply::error(Status::NotFound, Core::ErrorCode::NotFound, QStringLiteral("no such upload"));
}

} // namespace

UploadRoutes::UploadRoutes(QHttpServer &http, Services services, QObject *parent)
    : QObject(parent)
    , m_s(std::move(services))
{
    m_pool.setMaxThreadCount(1); // hashing is disk-bound: one at a time, the event loop never waits
    using Method = QHttpServerRequest::Method;
    http.route(Core::Routes::uploads(), Method::Post, [this](const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        return who ? create(*who, req) : RequestAuth::unauthorized();
    });
    http.route(Core::Routes::Pattern::upload(), Method::Get, [this](const QString &id, const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        return who ? status(*who, id) : RequestAuth::unauthorized();
    });
    http.route(Core::Routes::Pattern::upload(), Method::Delete,
               [this](const QString &id, const QHttpServerRequest &req) {
                   const auto who = m_s.auth.authenticate(req);
                   return who ? cancel(*who, id) : RequestAuth::unauthorized();
               });
    http.route(Core::Routes::Pattern::upload(), Method::Put,
               [this](const QString &id, const QHttpServerRequest &req, QHttpServerResponder &&responder) {
                   const auto who = m_s.auth.authenticate(req);
                   if (!who)
                       return HttpReply::send(std::move(responder), RequestAuth::unauthorized());
                   put(*who, id, req, std::move(responder));
               });
}

QHttpServerResponse UploadRoutes::create(const AuthContext &who, const QHttpServerRequest &request)
{
    auto body = HttpReply::parseJsonBody(request, 64 * 1024);
    if (body.error)
        return std::move(*body.error);
    const auto announced = Core::UploadRequest::fromJson(body.object);
    if (!announced)
        return HttpReply::error(Status::BadRequest, announced.error().code(), announced.error().message);
    Upload u;
    u.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    u.userId = who.user.id;
    u.boardId = announced->boardId;
    u.itemId = announced->itemId;
    u.name = announced->name;
    u.size = announced->size;
    u.sha256 = announced->sha256;
    u.contentType = announced->contentType;
    if (auto refused = BoardAccess::requireMember(m_s.boards, who, u.boardId))
        return std::move(*refused);
    if (!Core::mayPerform(Core::OpKind::AttachmentAdd, m_s.boards.roleOf(u.boardId, who.user.id)))
        return RequestAuth::forbidden(QStringLiteral("viewers cannot attach files"));
    const Core::BoardState *state = m_s.commands.state(u.boardId);
    if (!state || !state->items.contains(u.itemId))
        return HttpReply::error(Status::NotFound, Core::ErrorCode::NotFound,
                                QStringLiteral("unknown item '%1'").arg(u.itemId));
    const SettingsStore settings(m_s.database.db());
    const qint64 maxMb = settings.value(QStringLiteral("max_attachment_mb")).toLongLong();
    if (u.size > maxMb * MiB)
        return HttpReply::error(
            Status::PayloadTooLarge, Core::ErrorCode::QuotaExceeded,
            QStringLiteral("the file is %1 bytes; this server takes files up to %2 MB (max_attachment_mb)")
                .arg(u.size)
                .arg(maxMb));
    const qint64 boardMb = settings.value(QStringLiteral("max_board_attachments_mb")).toLongLong();
    if (boardMb > 0 && UploadRows(m_s.database.db()).boardBytes(u.boardId) + u.size > boardMb * MiB)
        return HttpReply::error(
            Status::PayloadTooLarge, Core::ErrorCode::QuotaExceeded,
            QStringLiteral("the board's attachments would pass %1 MB (max_board_attachments_mb)").arg(boardMb));
    if (!UploadRows(m_s.database.db()).create(u))
        return HttpReply::error(Status::InternalServerError, Core::ErrorCode::Internal,
                                QStringLiteral("the upload could not be recorded"));
    return HttpReply::json(progress(u), Status::Created);
}

QHttpServerResponse UploadRoutes::status(const AuthContext &who, const QString &uploadId)
{
    auto u = UploadRows(m_s.database.db()).byId(uploadId);
    if (!u || u->userId != who.user.id)
        return notFound();
    return HttpReply::json(progress(*u));
}

QHttpServerResponse UploadRoutes::cancel(const AuthContext &who, const QString &uploadId)
{
    const UploadRows rows(m_s.database.db());
    auto u = rows.byId(uploadId);
    if (!u || u->userId != who.user.id)
        return notFound();
    if (m_finishing.contains(uploadId))
        return HttpReply::error(Status::Conflict, Core::ErrorCode::RequestInvalid,
                                QStringLiteral("the upload is being checked"));
    rows.remove(uploadId);
    m_s.blobs.removeTemp(uploadId);
    return HttpReply::json({ { QStringLiteral("uploadId"), uploadId }, { QStringLiteral("cancelled"), true } });
}

void UploadRoutes::put(const AuthContext &who, const QString &uploadId, const QHttpServerRequest &request,
                       QHttpServerResponder &&responder)
{
    const UploadRows rows(m_s.database.db());
    auto u = rows.byId(uploadId);
    if (!u || u->userId != who.user.id)
        return HttpReply::send(std::move(responder), notFound());
    if (u->complete)
        return HttpReply::send(std::move(responder), HttpReply::json(progress(*u)));
    if (m_finishing.contains(uploadId))
        return HttpReply::send(std::move(responder),
                               HttpReply::error(Status::Conflict, Core::ErrorCode::RequestInvalid,
                                                QStringLiteral("the upload is being checked")));
    const auto offset = HttpReply::queryInt(request, QStringLiteral("offset"), -1);
    const QByteArray bytes = request.body();
    QString problem;
    if (!offset || *offset < 0)
        problem = QStringLiteral("offset: a whole number of bytes is required (?offset=N)");
    else if (bytes.isEmpty())
        problem = QStringLiteral("the chunk is empty");
    else if (*offset + bytes.size() > u->size)
        problem = QStringLiteral("the chunk goes past the announced size of %1 bytes").arg(u->size);
    if (!problem.isEmpty())
        return HttpReply::send(std::move(responder),
                               HttpReply::error(Status::BadRequest, Core::ErrorCode::RequestInvalid, problem));
    if (*offset != u->received) {
        // Where the upload stands, with the error beside it: the client goes on from `offset`.
        const QString why = QStringLiteral("the upload is at offset %1, not %2").arg(u->received).arg(*offset);
        QJsonObject body = progress(*u);
        body.insert(QStringLiteral("error"),
                    Core::ErrorBody::of(Core::ErrorCode::RequestInvalid, why).toJson().value(QStringLiteral("error")));
        return HttpReply::send(std::move(responder), HttpReply::json(body, Status::Conflict));
    }
    if (const QString error = m_s.blobs.append(uploadId, *offset, bytes); !error.isEmpty())
        return HttpReply::send(std::move(responder),
                               HttpReply::error(Status::InternalServerError, Core::ErrorCode::Internal, error));
    u->received = *offset + bytes.size();
    if (!rows.setReceived(uploadId, u->received))
        return HttpReply::send(std::move(responder),
                               HttpReply::error(Status::InternalServerError, Core::ErrorCode::Internal,
                                                QStringLiteral("the upload's progress could not be stored")));
    if (u->received < u->size)
        return HttpReply::send(std::move(responder), HttpReply::json(progress(*u)));

    m_finishing.insert(uploadId);
    const BlobStore blobs = m_s.blobs;
    const QString sha = u->sha256;
    HttpReply::whenDone(this, std::move(responder),
                        QtConcurrent::run(&m_pool, [blobs, uploadId, sha] { return blobs.finish(uploadId, sha); }),
                        [this, upload = *u](BlobStore::Finished done) {
                            m_finishing.remove(upload.id);
                            const UploadRows stored(m_s.database.db());
                            if (!done.ok) {
                                // Wrong bytes (or an unreadable file): the upload starts over.
                                stored.remove(upload.id);
                                m_s.blobs.removeTemp(upload.id);
                                const bool mismatch = !done.sha256.isEmpty() && done.sha256 != upload.sha256;
                                return HttpReply::error(
                                    mismatch ? Status::UnprocessableEntity : Status::InternalServerError,
                                    mismatch ? Core::ErrorCode::RequestInvalid : Core::ErrorCode::Internal,
                                    QStringLiteral("upload refused: %1").arg(done.error));
                            }
                            if (!stored.setComplete(upload.id))
                                return HttpReply::error(Status::InternalServerError, Core::ErrorCode::Internal,
                                                        QStringLiteral("the upload could not be completed"));
                            Upload complete = upload;
                            complete.complete = true;
                            return HttpReply::json(progress(complete, done.sha256));
                        });
}

} // namespace Tessera::Server
