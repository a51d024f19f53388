#include "boardroutes.h"

#include "core/protocol/httpbodies.h"
#include "core/protocol/routes.h"

#include "boardaccess.h"

#include "server/storage/boardrepository.h"
#include "server/commands/commandlimits.h"
#include "server/commands/commandservice.h"
#include "server/storage/database.h"
#include "server/storage/ownconnection.h"
#include "httpreply.h"
#include "server/accounts/requestauth.h"

#include "core/protocol/command.h"
#include "core/protocol/jsonreader.h"
#include "core/protocol/limits.h"

#include <QHttpServer>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QtConcurrent/QtConcurrentRun>
#include <QUrlQuery>
#include <QUuid>

namespace Tessera::Server {

using Status = QHttpServerResponse::StatusCode;


namespace {

QHttpServerResponse codecError(const Core::CodecError &error)
{
    QString message = error.message;
    if (!error.field.isEmpty() && !message.contains(error.field))
        message = error.field + QStringLiteral(": ") + message;
    return HttpReply::error(error.kind == Core::CodecError::Kind::TooLarge ? Status::PayloadTooLarge : Status::BadRequest,
                            error.code(), message);
}

Status rejectStatus(Core::RejectCode code)
{
    switch (code) {
    case Core::RejectCode::Conflict: return Status::Conflict;
    case Core::RejectCode::Forbidden: return Status::Forbidden;
    case Core::RejectCode::NotFound: return Status::NotFound;
    case Core::RejectCode::RateLimited: return Status::TooManyRequests;
    case Core::RejectCode::Invalid:
    case Core::RejectCode::Exists:
    case Core::RejectCode::QuotaExceeded: break;
    }
    return Status::UnprocessableEntity;
}

} // namespace

BoardRoutes::BoardRoutes(QHttpServer &http, Services services, QObject *parent) : QObject(parent), m_s(services)
{
    m_snapshotPool.setMaxThreadCount(1);
    registerRoutes(http);
}

void BoardRoutes::registerRoutes(QHttpServer &http)
{
    using Method = QHttpServerRequest::Method;
    http.route(Core::Routes::boards(), Method::Get, [this](const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        return who ? listBoards(*who) : RequestAuth::unauthorized();
    });
    http.route(Core::Routes::boards(), Method::Post, [this](const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        if (!who)
            return RequestAuth::unauthorized();
        auto body = HttpReply::parseJsonBody(req, MaxBodyBytes);
        return body.error ? std::move(*body.error) : createBoard(*who, body.object);
    });
    http.route(Core::Routes::mutations(), Method::Post, [this](const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        if (!who)
            return RequestAuth::unauthorized();
        auto body = HttpReply::parseJsonBody(req, MaxBodyBytes);
        return body.error ? std::move(*body.error) : mutate(*who, body.object);
    });
    http.route(Core::Routes::search(), Method::Get, [this](const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        return who ? search(*who, req.query()) : RequestAuth::unauthorized();
    });
    http.route(Core::Routes::Pattern::snapshot(), Method::Get,
               [this](const QString &boardId, const QHttpServerRequest &req, QHttpServerResponder &&responder) {
                   const auto who = m_s.auth.authenticate(req);
                   if (!who)
                       return HttpReply::send(std::move(responder), RequestAuth::unauthorized());
                   snapshot(*who, boardId, std::move(responder));
               });
    http.route(Core::Routes::Pattern::digest(), Method::Get,
               [this](const QString &boardId, const QHttpServerRequest &req) {
                   const auto who = m_s.auth.authenticate(req);
                   return who ? digest(*who, boardId) : RequestAuth::unauthorized();
               });
}

QHttpServerResponse BoardRoutes::listBoards(const AuthContext &who)
{
    return HttpReply::json(Core::BoardList { m_s.boards.boardsOf(who.user.id), m_s.database.epoch() }.toJson());
}

QHttpServerResponse BoardRoutes::createBoard(const AuthContext &who, const QJsonObject &body)
{
    if (const CommandLimits *limits = m_s.commands.limits()) // the admin's quota of boards per user
        if (const auto why = limits->newBoardProblem(who.user.id))
            return HttpReply::error(Status::UnprocessableEntity, Core::ErrorCode::QuotaExceeded, *why);
    Core::JsonReader r(body);
    Core::Board board;
    board.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    board.name = r.string(QStringLiteral("name"), Core::JsonReader::Required, Core::Limits::maxTitleLength).trimmed();
    board.description = r.string(QStringLiteral("description"), Core::JsonReader::Optional, Core::Limits::maxDescriptionLength);
    const QJsonArray columnsJson = r.array(QStringLiteral("columns"), Core::JsonReader::Optional, 64);
    if (r.ok() && board.name.isEmpty())
        r.fail(Core::CodecError::Kind::Invalid, QStringLiteral("name"), QStringLiteral("the name must not be empty"));
    QList<Core::Column> columns;
    for (qsizetype i = 0; r.ok() && i < columnsJson.size(); ++i) {
        const QString path = QStringLiteral("columns[%1]").arg(i);
        if (!columnsJson.at(i).isObject()) {
            r.fail(Core::CodecError::make(Core::CodecError::Kind::WrongType, path, QStringLiteral("expected an object")));
            break;
        }
        auto column = Core::Column::fromJson(columnsJson.at(i).toObject(), path);
        if (!column) {
            r.fail(column.error());
            break;
        }
        const bool duplicate = std::any_of(columns.begin(), columns.end(),
                                           [&column](const Core::Column &c) { return c.id == column->id; });
        if (duplicate)
            r.fail(Core::CodecError::make(Core::CodecError::Kind::Invalid, path + QStringLiteral(".id"),
                                          QStringLiteral("column ids must be unique")));
        columns.append(column.value());
    }
    // Without explicit columns: a copy of another board's columns, or a starter set.
    const QString copyFrom = r.id(QStringLiteral("copyColumnsFrom"), Core::JsonReader::Optional);
    const QString starter = r.string(QStringLiteral("template"), Core::JsonReader::Optional, 16);
    if (r.ok() && !starter.isEmpty() && starter != QLatin1String("tasks") && starter != QLatin1String("blank"))
        r.fail(Core::CodecError::Kind::Invalid, QStringLiteral("template"), QStringLiteral("template is tasks or blank"));
    if (!r.ok())
        return codecError(r.error());
    m_s.commands.flush(); // keep transactions strictly one after another
    if (columns.isEmpty() && !copyFrom.isEmpty()) {
        if (auto denied = BoardAccess::requireMember(m_s.boards, who, copyFrom))
            return std::move(*denied);
        const auto source = m_s.boards.load(copyFrom, m_s.database.epoch());
        if (!source)
            return HttpReply::error(Status::InternalServerError, Core::ErrorCode::Internal, QStringLiteral("cannot read board"));
        columns = source->columns;
    } else if (columns.isEmpty() && starter == QLatin1String("blank")) {
        columns = { { QStringLiteral("title"), QStringLiteral("Title"), Core::ColumnType::Text, {} } };
    }

    QSqlDatabase db = m_s.database.db();
    if (!db.transaction() || !m_s.boards.create(board, columns, who.user) || !db.commit()) {
        db.rollback();
        return HttpReply::error(Status::ServiceUnavailable, Core::ErrorCode::Internal,
                                QStringLiteral("the board could not be stored"));
    }
    const auto state = m_s.boards.load(board.id, m_s.database.epoch());
    if (!state)
        return HttpReply::error(Status::InternalServerError, Core::ErrorCode::Internal, QStringLiteral("board vanished"));
    return HttpReply::json(state->toSnapshotJson(), Status::Created);
}

QHttpServerResponse BoardRoutes::search(const AuthContext &who, const QUrlQuery &query)
{
    const QString typed = query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
    if (typed.size() > 200)
        return HttpReply::error(Status::BadRequest, Core::ErrorCode::RequestInvalidField, QStringLiteral("q: at most 200 characters"));
    bool ok = false;
    int limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
    if (!ok)
        limit = 50;
    limit = std::clamp(limit, 1, 200);
    m_s.commands.flush(); // what was acked is found
    return HttpReply::json(Core::SearchResults { typed, m_s.boards.search().search(who.user.id, typed, limit) }.toJson());
}

QHttpServerResponse BoardRoutes::mutate(const AuthContext &who, const QJsonObject &body)
{
    const auto command = Core::Command::fromJson(body);
    if (!command)
        return codecError(command.error());
    const CommandResult result = m_s.commands.submitNow(who.user.id, command.value());
    switch (result.status) {
    case CommandResult::Status::Ack:
        return HttpReply::json(result.toJson());
    case CommandResult::Status::Reject:
        return HttpReply::json(result.toJson(), rejectStatus(result.reject));
    case CommandResult::Status::Error:
        break;
    }
    return HttpReply::error(Status::ServiceUnavailable, result.error, result.message);
}

void BoardRoutes::snapshot(const AuthContext &who, const QString &boardId, QHttpServerResponder &&responder)
{
    m_s.commands.flush(); // what was acked before the request is in the snapshot
    {
        ReadTransaction tx(m_s.database.db());
        if (auto denied = BoardAccess::requireMember(m_s.boards, who, boardId))
            return HttpReply::send(std::move(responder), *denied);
    }
    const ConnectionSpec spec = m_s.database.spec();
    const QString epoch = m_s.database.epoch();
    auto read = [spec, epoch, boardId]() -> std::optional<QByteArray> {
        const OwnConnection own(spec);
        if (!own.isOpen())
            return std::nullopt;
        std::optional<Core::BoardState> state;
        {
            const ReadTransaction tx(own.db());
            state = BoardRepository(own.db()).load(boardId, epoch);
        }
        if (!state)
            return std::nullopt;
        return QJsonDocument(state->toSnapshotJson()).toJson(QJsonDocument::Compact);
    };
    HttpReply::whenDone(this, std::move(responder), QtConcurrent::run(&m_snapshotPool, std::move(read)),
                        [](const std::optional<QByteArray> &body) {
                            if (!body)
                                return HttpReply::error(Status::InternalServerError, Core::ErrorCode::Internal,
                                                        QStringLiteral("cannot read board"));
                            return HttpReply::jsonBytes(*body);
                        });
}

QHttpServerResponse BoardRoutes::digest(const AuthContext &who, const QString &boardId)
{
    m_s.commands.flush();
    ReadTransaction tx(m_s.database.db());
    if (auto denied = BoardAccess::requireMember(m_s.boards, who, boardId))
        return std::move(*denied);
    const auto inputs = m_s.boards.digestInputs(boardId);
    if (!inputs)
        return HttpReply::error(Status::InternalServerError, Core::ErrorCode::Internal, QStringLiteral("cannot read board"));
    return HttpReply::json(Core::DigestReply { inputs->seq, Core::BoardState::digestOf(inputs->items) }.toJson());
}

} // namespace Tessera::Server
