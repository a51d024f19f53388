#include "jobroutes.h"

#include "jobservice.h"

#include "server/accounts/requestauth.h"
#include "server/http/boardaccess.h"
#include "server/http/httpreply.h"
#include "server/storage/boardrepository.h"

#include "core/protocol/csv.h"
#include "core/protocol/jsonreader.h"
#include "core/protocol/routes.h"
#include "core/rules/importvalues.h"

#include <QHttpServer>
#include <QJsonArray>
#include <QUrlQuery>

namespace Tessera::Server {

using Status = QHttpServerResponse::StatusCode;

namespace {

QHttpServerResponse noSuchJob()
{
    return HttpReply::error(Status::NotFound, Core::ErrorCode::NotFound, QStringLiteral("no such job"));
}

QHttpServerResponse invalid(const QString &message)
{
    return HttpReply::error(Status::BadRequest, Core::ErrorCode::RequestInvalid, message);
}

} // namespace

JobRoutes::JobRoutes(QHttpServer &http, Services services, QObject *parent) : QObject(parent), m_s(services)
{
    using Method = QHttpServerRequest::Method;
    http.route(Core::Routes::Pattern::imports(), Method::Post, [this](const QString &boardId, const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        return who ? startImport(*who, boardId, req) : RequestAuth::unauthorized();
    });
    http.route(Core::Routes::Pattern::job(), Method::Get, [this](const QString &jobId, const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        return who ? show(*who, jobId) : RequestAuth::unauthorized();
    });
    http.route(Core::Routes::Pattern::jobCancel(), Method::Post, [this](const QString &jobId, const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        return who ? cancel(*who, jobId) : RequestAuth::unauthorized();
    });
    http.route(Core::Routes::Pattern::jobFailures(), Method::Get, [this](const QString &jobId, const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        return who ? failures(*who, jobId, req) : RequestAuth::unauthorized();
    });
    http.route(Core::Routes::Pattern::jobRetry(), Method::Post, [this](const QString &jobId, const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        return who ? retry(*who, jobId, req) : RequestAuth::unauthorized();
    });
    http.route(Core::Routes::adminJobs(), Method::Get, [this](const QHttpServerRequest &req) {
        const auto who = m_s.auth.authenticate(req);
        return who ? adminList(*who) : RequestAuth::unauthorized();
    });
}

QHttpServerResponse JobRoutes::startImport(const AuthContext &who, const QString &boardId, const QHttpServerRequest &request)
{
    if (auto refused = BoardAccess::requireMember(m_s.boards, who, boardId))
        return std::move(*refused);
    const Core::Role role = m_s.boards.roleOf(boardId, who.user.id);
    if (role != Core::Role::Owner && role != Core::Role::Editor)
        return RequestAuth::forbidden(QStringLiteral("only the board's owners and editors may import into it"));
    const QByteArray body = request.body();
    if (body.isEmpty())
        return invalid(QStringLiteral("the body is empty: send the CSV file as the request body"));
    if (const QString problem = Core::Csv::quickEncodingProblem(body); !problem.isEmpty())
        return invalid(problem);
    QJsonObject params;
    const QUrlQuery query(request.url());
    if (query.hasQueryItem(QStringLiteral("columns"))) {
        const QStringList ids = query.queryItemValue(QStringLiteral("columns"), QUrl::FullyDecoded).split(QLatin1Char(','));
        for (const QString &id : ids)
            if (!id.isEmpty() && !Core::JsonReader::isValidId(id))
                return invalid(QStringLiteral("query 'columns': '%1' is not a column id").arg(id.left(64)));
        params.insert(QStringLiteral("columns"), QJsonArray::fromStringList(ids));
    }
    if (query.hasQueryItem(QStringLiteral("dateOrder"))) {
        const QString order = query.queryItemValue(QStringLiteral("dateOrder"));
        if (!Core::Import::dateOrderFromName(order))
            return invalid(QStringLiteral("query 'dateOrder': expected dayFirst or monthFirst"));
        params.insert(QStringLiteral("dateOrder"), order);
    }
    const Core::JobProgress job = m_s.jobs.startImport(who.user.id, boardId, body, params);
    if (job.state == Core::JobProgress::State::Failed)
        return HttpReply::error(Status::InternalServerError, Core::ErrorCode::Internal, job.error);
    return HttpReply::json({ { QStringLiteral("job"), job.toJson() } }, Status::Accepted);
}

QHttpServerResponse JobRoutes::show(const AuthContext &who, const QString &jobId)
{
    const auto job = m_s.jobs.job(jobId);
    if (!job || (job->progress.owner != who.user.id && !who.user.admin))
        return noSuchJob();
    return HttpReply::json({ { QStringLiteral("job"), job->progress.toJson() } });
}

QHttpServerResponse JobRoutes::cancel(const AuthContext &who, const QString &jobId)
{
    const auto job = m_s.jobs.job(jobId);
    if (!job || (job->progress.owner != who.user.id && !who.user.admin))
        return noSuchJob();
    if (!m_s.jobs.cancel(jobId))
        return HttpReply::error(Status::Conflict, Core::ErrorCode::RequestInvalid,
                                QStringLiteral("the job has already finished (%1)").arg(Core::jobStateName(job->progress.state)));
    return HttpReply::json({ { QStringLiteral("job"), job->progress.toJson() } }, Status::Accepted);
}

QHttpServerResponse JobRoutes::failures(const AuthContext &who, const QString &jobId, const QHttpServerRequest &request)
{
    const auto job = m_s.jobs.job(jobId);
    if (!job || (job->progress.owner != who.user.id && !who.user.admin))
        return noSuchJob();
    const auto limit = HttpReply::queryInt(request, QStringLiteral("limit"), 1000);
    if (!limit)
        return invalid(QStringLiteral("query 'limit': expected a number"));
    const bool all = QUrlQuery(request.url()).queryItemValue(QStringLiteral("all")) == QLatin1String("1");
    QJsonArray rows;
    for (const JobFailure &f : m_s.jobs.store().failures(jobId, !all, int(std::clamp<qint64>(*limit, 1, 10000))))
        rows.append(QJsonObject { { QStringLiteral("row"), double(f.row) },
                                  { QStringLiteral("data"), f.data },
                                  { QStringLiteral("reason"), f.reason },
                                  { QStringLiteral("state"), f.state } });
    return HttpReply::json({ { QStringLiteral("job"), job->progress.toJson() },
                             { QStringLiteral("header"), job->params.value(QStringLiteral("header")) },
                             { QStringLiteral("failures"), rows } });
}

QHttpServerResponse JobRoutes::retry(const AuthContext &who, const QString &jobId, const QHttpServerRequest &request)
{
    const auto job = m_s.jobs.job(jobId);
    if (!job || job->progress.owner != who.user.id)
        return noSuchJob();
    auto body = HttpReply::parseJsonBody(request);
    if (body.error)
        return std::move(*body.error);
    const QJsonValue rowsValue = body.object.value(QStringLiteral("rows"));
    if (!rowsValue.isArray() || rowsValue.toArray().isEmpty())
        return invalid(QStringLiteral("field 'rows': expected [{\"row\": n, \"cells\": [\"…\"]}, …]"));
    if (rowsValue.toArray().size() > JobService::MaxRetryRows)
        return invalid(QStringLiteral("field 'rows': at most %1 rows per retry").arg(JobService::MaxRetryRows));
    QList<JobService::RetryRow> rows;
    for (const QJsonValue &v : rowsValue.toArray()) {
        const QJsonObject o = v.toObject();
        const QJsonValue cells = o.value(QStringLiteral("cells"));
        if (!o.value(QStringLiteral("row")).isDouble() || !cells.isArray())
            return invalid(QStringLiteral("field 'rows': every entry has a row number and its cells"));
        JobService::RetryRow row { o.value(QStringLiteral("row")).toInteger(), {} };
        for (const QJsonValue &c : cells.toArray()) {
            if (!c.isString())
                return invalid(QStringLiteral("field 'rows': cells are strings, as in the CSV file"));
            row.cells.append(c.toString());
        }
        rows.append(row);
    }
    const JobService::RetryOutcome outcome = m_s.jobs.retry(jobId, rows);
    if (!outcome.error.isEmpty())
        return HttpReply::error(Status::Conflict, Core::ErrorCode::RequestInvalid, outcome.error);
    QJsonArray fixed;
    for (qint64 row : outcome.fixed)
        fixed.append(double(row));
    QJsonArray failed;
    for (const JobFailure &f : outcome.failed)
        failed.append(QJsonObject { { QStringLiteral("row"), double(f.row) }, { QStringLiteral("reason"), f.reason } });
    return HttpReply::json({ { QStringLiteral("job"), m_s.jobs.job(jobId)->progress.toJson() },
                             { QStringLiteral("fixed"), fixed },
                             { QStringLiteral("failures"), failed } });
}

QHttpServerResponse JobRoutes::adminList(const AuthContext &who)
{
    if (!who.user.admin)
        return RequestAuth::forbidden(QStringLiteral("server admins only"));
    QJsonArray jobs;
    for (const JobRecord &r : m_s.jobs.store().recent(200)) {
        const auto live = m_s.jobs.job(r.progress.id);
        Core::JobProgress p = live ? live->progress : r.progress;
        p.ownerLogin = r.progress.ownerLogin;
        jobs.append(p.toJson());
    }
    return HttpReply::json({ { QStringLiteral("jobs"), jobs } });
}

} // namespace Tessera::Server
