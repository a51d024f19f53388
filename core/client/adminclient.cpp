#include "adminclient.h"

#include "apiclient.h"

#include <QJsonArray>

namespace Tessera::Core {

AdminClient::AdminClient(ApiClient *api, QObject *parent) : QObject(parent), m_api(api) { }

void AdminClient::fetchUsers()
{
    m_api->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/admin/users"), {}, this, [this](const ApiReply &reply) {
        if (!reply.ok())
            return Q_EMIT failed(reply.error);
        QList<User> users;
        for (const QJsonValue &v : reply.json.value(QStringLiteral("users")).toArray())
            if (auto user = User::fromJson(v.toObject()))
                users.append(user.value());
        Q_EMIT usersFetched(users);
    });
}

void AdminClient::createUser(const QString &login, const QString &displayName, const QString &password, bool admin)
{
    QJsonObject body { { QStringLiteral("login"), login }, { QStringLiteral("password"), password }, { QStringLiteral("admin"), admin } };
    if (!displayName.isEmpty())
        body.insert(QStringLiteral("displayName"), displayName);
    m_api->request(QByteArrayLiteral("POST"), QStringLiteral("/api/v1/admin/users"), body, this, [this](const ApiReply &reply) {
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
    m_api->request(QByteArrayLiteral("PATCH"), QStringLiteral("/api/v1/admin/users/%1").arg(userId), changes, this,
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
    m_api->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/admin/settings"), {}, this, [this](const ApiReply &reply) {
        if (!reply.ok())
            return Q_EMIT failed(reply.error);
        Q_EMIT settingsFetched(reply.json.value(QStringLiteral("settings")).toObject());
    });
}

void AdminClient::updateSettings(const QJsonObject &changes)
{
    m_api->request(QByteArrayLiteral("PATCH"), QStringLiteral("/api/v1/admin/settings"), changes, this, [this](const ApiReply &reply) {
        if (!reply.ok())
            return Q_EMIT failed(reply.error);
        Q_EMIT settingsFetched(reply.json.value(QStringLiteral("settings")).toObject());
    });
}

void AdminClient::fetchConnections()
{
    m_api->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/admin/connections"), {}, this, [this](const ApiReply &reply) {
        if (!reply.ok())
            return Q_EMIT failed(reply.error);
        QList<AdminConnection> clients;
        for (const QJsonValue &v : reply.json.value(QStringLiteral("clients")).toArray()) {
            const QJsonObject o = v.toObject();
            AdminConnection c { o.value(QStringLiteral("user")).toString(), o.value(QStringLiteral("address")).toString(),
                                o.value(QStringLiteral("since")).toString(), {} };
            for (const QJsonValue &s : o.value(QStringLiteral("subscriptions")).toArray())
                c.subscriptions.append(s.toString());
            clients.append(c);
        }
        QList<AdminBoardActivity> boards;
        for (const QJsonValue &v : reply.json.value(QStringLiteral("boards")).toArray()) {
            const QJsonObject o = v.toObject();
            boards.append({ o.value(QStringLiteral("boardId")).toString(), o.value(QStringLiteral("name")).toString(),
                            qint64(o.value(QStringLiteral("headSeq")).toDouble()), o.value(QStringLiteral("eventsLastHour")).toInt() });
        }
        Q_EMIT connectionsFetched(clients, boards);
    });
}

} // namespace Tessera::Core
