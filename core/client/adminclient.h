#pragma once

#include "core/protocol/jobprogress.h"

#include "core/protocol/httpbodies.h"

#include <QJsonObject>
#include <QObject>

namespace Tessera::Core {

class ApiClient;

// The server-admin side of the HTTP API (users, registration, realtime settings, connected
// clients and board activity), over an ApiClient that carries the admin's session. Results
// arrive as signals; a failed call reports failed(message) and nothing else changes.
class AdminClient final : public QObject
{
    Q_OBJECT
public:
    explicit AdminClient(ApiClient *api, QObject *parent = nullptr);

    void fetchUsers();
    void createUser(const QString &login, const QString &displayName, const QString &password, bool admin);
    void setUserDisabled(const QString &userId, bool disabled);
    void setUserAdmin(const QString &userId, bool admin);
    void resetPassword(const QString &userId, const QString &newPassword);

    void fetchSettings();
    void updateSettings(const QJsonObject &changes); // e.g. {"registration_open":true}

    void fetchConnections();
    // Background jobs (GET /api/v1/admin/jobs): newest first, with who started them.
    void fetchJobs();

Q_SIGNALS:
    void usersFetched(const QList<Tessera::Core::User> &users);
    void userChanged(const Tessera::Core::User &user); // created or updated
    void settingsFetched(const QJsonObject &settings);
    void connectionsFetched(const QList<Tessera::Core::AdminConnection> &clients,
                            const QList<Tessera::Core::AdminBoardActivity> &boards);
    void jobsFetched(const QList<Tessera::Core::JobProgress> &jobs);
    void failed(const QString &message);

private:
    void patchUser(const QString &userId, const QJsonObject &changes);

    ApiClient *m_api;
};

} // namespace Tessera::Core
