#include "streamroutes.h"

#include "core/protocol/httpbodies.h"
#include "core/protocol/routes.h"

#include "server/storage/boardrepository.h"
#include "boardaccess.h"
#include "server/commands/commandservice.h"
#include "server/storage/database.h"
#include "httpreply.h"
#include "server/storage/inboxrepository.h"
#include "server/accounts/requestauth.h"

#include "core/protocol/jsonreader.h"
#include "core/protocol/limits.h"
#include "core/protocol/messages.h"

#include <QHttpServer>
#include <QJsonArray>
#include <QUrlQuery>

namespace Tessera::Server {

using Status = QHttpServerResponse::StatusCode;

namespace {

constexpr int DefaultInboxLimit = 100;
constexpr int MaxInboxLimit = 1000;

QHttpServerResponse badParameter(const QString &name, const QString &why)
{
    return HttpReply::error(Status::BadRequest, Core::ErrorCode::RequestInvalidField, name + QStringLiteral(": ") + why);
}

} // namespace

StreamRoutes::StreamRoutes(QHttpServer &http, Services services, QObject *parent) : QObject(parent), m_s(services)
{
    registerRoutes(http);
}

void StreamRoutes::registerRoutes(QHttpServer &http)
{
    using Method = QHttpServerRequest::Method;
    http.route(Core::Routes::Pattern::changes(), Method::Get,
               [this](const QString &stream, const QHttpServerRequest &req) {
                   const auto who = m_s.auth.authenticate(req);
                   return who ? changes(*who, stream, req) : RequestAuth::unauthorized();
               });
    http.route(Core::Routes::heads(), Method::Get, [this](const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        return who ? heads(*who, req) : RequestAuth::unauthorized();
    });
    http.route(Core::Routes::inbox(), Method::Get, [this](const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        return who ? inbox(*who, req) : RequestAuth::unauthorized();
    });
    http.route(Core::Routes::inboxRead(), Method::Post, [this](const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        if (!who)
            return RequestAuth::unauthorized();
        auto body = HttpReply::parseJsonBody(req, MaxBodyBytes);
        return body.error ? std::move(*body.error) : markRead(*who, body.object);
    });
}

QHttpServerResponse StreamRoutes::changes(const AuthContext &who, const QString &stream, const QHttpServerRequest &request)
{
    const auto sinceSeq = HttpReply::queryInt(request, QStringLiteral("sinceSeq"), 0);
    if (!sinceSeq)
        return badParameter(QStringLiteral("sinceSeq"), QStringLiteral("expected a non-negative integer"));
    const auto limitParam = HttpReply::queryInt(request, QStringLiteral("limit"), DefaultChangesLimit);
    if (!limitParam || *limitParam < 1)
        return badParameter(QStringLiteral("limit"), QStringLiteral("expected a positive integer"));
    const int limit = int(std::min<qint64>(*limitParam, MaxChangesLimit));
    const Core::StreamName name = Core::StreamName::parse(stream);
    if (name.kind != Core::StreamName::Kind::Board && name.kind != Core::StreamName::Kind::Inbox)
        return badParameter(QStringLiteral("stream"), QStringLiteral("expected board:<id> or inbox"));

    m_s.commands.flush();
    ReadTransaction tx(m_s.database.db());
    qint64 head = 0;
    qint64 floor = 0;
    if (name.kind == Core::StreamName::Kind::Board) {
        if (auto denied = BoardAccess::requireMember(m_s.boards, who, name.id))
            return std::move(*denied);
        const auto h = m_s.boards.heads(name.id);
        head = h ? h->head : 0;
        floor = h ? h->floor : 0;
    } else {
        head = m_s.inbox.head(who.user.id);
    }
    if (*sinceSeq < floor || *sinceSeq > head) {
        return HttpReply::error(Status::Gone, Core::ErrorCode::SnapshotRequired,
                                *sinceSeq > head ? QStringLiteral("sinceSeq %1 is ahead of the head %2: load a snapshot").arg(*sinceSeq).arg(head)
                                                 : QStringLiteral("the log no longer reaches sinceSeq %1 (floor %2): load a snapshot")
                                                           .arg(*sinceSeq)
                                                           .arg(floor));
    }
    const auto events = name.kind == Core::StreamName::Kind::Board ? m_s.boards.eventsAfter(name.id, *sinceSeq, limit)
                                                                   : m_s.inbox.eventsAfter(who.user.id, *sinceSeq, limit);
    if (!events)
        return HttpReply::error(Status::InternalServerError, Core::ErrorCode::Internal, QStringLiteral("cannot read the log"));
    return HttpReply::json(Core::ChangesPage { stream, *sinceSeq + 1, *sinceSeq + events->size(), head, m_s.database.epoch(), *events, {} }
                                   .toJson());
}

QHttpServerResponse StreamRoutes::heads(const AuthContext &who, const QHttpServerRequest &request)
{
    m_s.commands.flush();
    ReadTransaction tx(m_s.database.db());
    Core::HeadsReply reply;
    reply.epoch = m_s.database.epoch();
    const QUrlQuery query = request.query();
    if (!query.hasQueryItem(QStringLiteral("streams"))) {
        for (const Core::BoardSummary &s : m_s.boards.boardsOf(who.user.id))
            reply.heads.insert(Core::StreamName::board(s.board.id), s.headSeq);
        reply.heads.insert(Core::StreamName::inbox(), m_s.inbox.head(who.user.id));
    } else {
        const QStringList streams = query.queryItemValue(QStringLiteral("streams")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        if (streams.size() > Core::Limits::maxStreamsPerRequest)
            return badParameter(QStringLiteral("streams"),
                                QStringLiteral("at most %1 streams per request").arg(Core::Limits::maxStreamsPerRequest));
        for (const QString &stream : streams) {
            const Core::StreamName name = Core::StreamName::parse(stream);
            if (name.kind == Core::StreamName::Kind::Inbox) {
                reply.heads.insert(stream, m_s.inbox.head(who.user.id));
            } else if (name.kind == Core::StreamName::Kind::Board) {
                if (auto denied = BoardAccess::requireMember(m_s.boards, who, name.id))
                    return std::move(*denied);
                reply.heads.insert(stream, m_s.boards.heads(name.id)->head);
            } else {
                return badParameter(QStringLiteral("streams"), QStringLiteral("'%1' is not a board or inbox stream").arg(stream));
            }
        }
    }
    return HttpReply::json(reply.toJson());
}

QHttpServerResponse StreamRoutes::inbox(const AuthContext &who, const QHttpServerRequest &request)
{
    const auto limitParam = HttpReply::queryInt(request, QStringLiteral("limit"), DefaultInboxLimit);
    if (!limitParam || *limitParam < 1)
        return badParameter(QStringLiteral("limit"), QStringLiteral("expected a positive integer"));
    m_s.commands.flush();
    ReadTransaction tx(m_s.database.db());
    Core::InboxPage page;
    page.notifications = m_s.inbox.list(who.user.id, int(std::min<qint64>(*limitParam, MaxInboxLimit)));
    page.unread = m_s.inbox.unread(who.user.id);
    page.headSeq = m_s.inbox.head(who.user.id);
    page.epoch = m_s.database.epoch();
    return HttpReply::json(page.toJson());
}

QHttpServerResponse StreamRoutes::markRead(const AuthContext &who, const QJsonObject &body)
{
    Core::JsonReader r(body);
    const QStringList ids = r.idList(QStringLiteral("ids"), Core::JsonReader::Optional, 10000);
    const bool all = r.boolean(QStringLiteral("all"), Core::JsonReader::Optional);
    if (r.ok() && !all && !body.contains(QStringLiteral("ids")))
        r.fail(Core::CodecError::Kind::Missing, QStringLiteral("ids"), QStringLiteral("give ids or all:true"));
    if (!r.ok())
        return HttpReply::error(Status::BadRequest, r.error().code(), r.error().message);
    const int unread = m_s.commands.markRead(who.user.id, ids, all);
    if (unread < 0)
        return HttpReply::error(Status::ServiceUnavailable, Core::ErrorCode::Internal, QStringLiteral("could not store"));
    Core::InboxPage marked;
    marked.unread = unread;
    marked.headSeq = m_s.inbox.head(who.user.id);
    return HttpReply::json(marked.toJson());
}

} // namespace Tessera::Server
