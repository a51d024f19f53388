#include "adminclient.h"

#include "apiclient.h"

#include "core/protocol/routes.h"

#include <QJsonArray>

namespace Tessera::Core {

AdminClient::AdminClient(ApiClient *api, QObject *parent) : QObject(parent), m_api(api) { }

void AdminClient::fetchUsers()
{
    m_api->request(QByteArrayLiteral("GET"), Routes::adminUsers(), {}, this, [this](const ApiReply &reply) {
        if (!reply.ok())
            return Q_EMIT failed(reply.error);
        const auto list = UserList::fromJson(reply.json);
        if (!list)
            return Q_EMIT failed(list.error().message);
        Q_EMIT usersFetched(list->users);
    });
}

void AdminClient::createUser(const QString &login, const QString &displayName, const QString &password, bool admin)
{
    QJsonObject body { { QStringLiteral("login"), login }, { QStringLiteral("password"), password }, { QStringLiteral("admin"), admin } };
    if (!displayName.isEmpty())
        body.insert(QStringLiteral("displayName"), displayName);
    m_api->request(QByteArrayLiteral("POST"), Routes::adminUsers(), body, this, [this](const ApiReply &reply) {
        if (!reply.ok())
            return Q_EMIT failed(reply.error);
        if (auto user = User::fromJson(reply.json.value(QStringLiteral("user")).toObject()))
            Q_EMIT userChanged(user.value());
        fetchUsers();
    });
}

void AdminClient::setUserDisabled(const QString &userId, bool disabled)
{
    patchUser(userId, { { QStringLiteral("disabled"), disabled } });
}

void AdminClient::setUserAdmin(const QString &userId, bool admin)
{
    patchUser(userId, { { QStringLiteral("admin"), admin } });
}

void AdminClient::resetPassword(const QString &userId, const QString &newPassword)
{
    patchUser(userId, { { QStringLiteral("password"), newPassword } });
}

void AdminClient::patchUser(const QString &userId, const QJsonObject &changes)
{
    m_api->request(QByteArrayLiteral("PATCH"), Routes::adminUser(userId), changes, this,
                   [this](const ApiReply &reply) {
                       if (!reply.ok())
                           return Q_EMIT failed(reply.error);
                       if (auto user = User::fromJson(reply.json.value(QStringLiteral("user")).toObject()))
                           Q_EMIT userChanged(user.value());
                       fetchUsers();
                   });
}

void AdminClient::fetchSettings()
{
    m_api->request(QByteArrayLiteral("GET"), Routes::adminSettings(), {}, this, [this](const ApiReply &reply) {
        if (!reply.ok())
            return Q_EMIT failed(reply.error);
        Q_EMIT settingsFetched(reply.json.value(QStringLiteral("settings")).toObject());
    });
}

void AdminClient::updateSettings(const QJsonObject &changes)
{
    m_api->request(QByteArrayLiteral("PATCH"), Routes::adminSettings(), changes, this, [this](const ApiReply &reply) {
        if (!reply.ok())
            return Q_EMIT failed(reply.error);
        Q_EMIT settingsFetched(reply.json.value(QStringLiteral("settings")).toObject());
    });
}

void AdminClient::fetchConnections()
{
    m_api->request(QByteArrayLiteral("GET"), Routes::adminConnections(), {}, this, [this](const ApiReply &reply) {
        if (!reply.ok())
            return Q_EMIT failed(reply.error);
        const auto report = ConnectionsReport::fromJson(reply.json);
        if (!report)
            return Q_EMIT failed(report.error().message);
        Q_EMIT connectionsFetched(report->clients, report->boards);
    });
}

void AdminClient::fetchJobs()
{
    m_api->request(QByteArrayLiteral("GET"), Routes::adminJobs(), {}, this, [this](const ApiReply &reply) {
        if (!reply.ok())
            return Q_EMIT failed(reply.error);
        QList<JobProgress> jobs;
        for (const QJsonValue &v : reply.json.value(QStringLiteral("jobs")).toArray()) {
            auto job = JobProgress::fromJson(v.toObject());
            if (!job)
                return Q_EMIT failed(job.error().message);
            jobs.append(job.value());
        }
        Q_EMIT jobsFetched(jobs);
    });
}

} // namespace Tessera::Core
