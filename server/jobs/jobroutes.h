#pragma once

#include <QHttpServerResponse>
#include <QObject>

class QHttpServer;
class QHttpServerRequest;

namespace Tessera::Server {

class BoardRepository;
class JobService;
class RequestAuth;
struct AuthContext;

// HTTP routes of background jobs: POST /api/v1/boards/<id>/imports (the CSV as the body,
// up to TransportLimits::maxImportBodyBytes; 202 with the job at once, the work runs
// later), GET /api/v1/jobs/<id>, POST …/cancel, GET …/failures, POST …/retry, and for
// admins GET /api/v1/admin/jobs. A job is seen by its owner and by admins; to anyone else
// it does not exist.
class JobRoutes final : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        BoardRepository &boards;
        RequestAuth &auth;
        JobService &jobs;
    };
    JobRoutes(QHttpServer &http, Services services, QObject *parent = nullptr);

private:
    QHttpServerResponse startImport(const AuthContext &who, const QString &boardId, const QHttpServerRequest &request);
    QHttpServerResponse show(const AuthContext &who, const QString &jobId);
    QHttpServerResponse cancel(const AuthContext &who, const QString &jobId);
    QHttpServerResponse failures(const AuthContext &who, const QString &jobId, const QHttpServerRequest &request);
    QHttpServerResponse retry(const AuthContext &who, const QString &jobId, const QHttpServerRequest &request);
    QHttpServerResponse adminList(const AuthContext &who);

    Services m_s;
};

} // namespace Tessera::Server
