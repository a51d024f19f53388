#pragma once

#include "core/client/adminclient.h"
#include "core/protocol/domain.h"

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace Tessera::App {

// The server administration page of the settings dialog: users (create, disable,
// reset password, grant admin), open registration, and realtime settings. It shows what
// it is given and emits what the admin asks for; the controller talks to the admin API.
class AdminPage final : public QWidget
{
    Q_OBJECT

public:
    struct RealtimeSettings
    {
        int batchWindowMs = 5;
        int pollingIntervalSeconds = 10;
        int presenceTtlSeconds = 60;
        int logRetentionDays = 30;
        bool operator==(const RealtimeSettings &) const = default;
    };

    explicit AdminPage(QWidget *parent = nullptr);

    void setUsers(const QList<Core::User> &users);
    void setRegistrationOpen(bool open);
    void setRealtimeSettings(const RealtimeSettings &settings);
    RealtimeSettings realtimeSettings() const;
    QTableWidget *usersTable() const { return m_users; }
    // Connected clients and per-board activity (GET /api/v1/admin/connections).
    void setActivity(const QList<Core::AdminConnection> &clients, const QList<Core::AdminBoardActivity> &boards);
    QTableWidget *clientsTable() const { return m_clients; }
    QTableWidget *boardsTable() const { return m_boards; }
    // Background jobs (GET /api/v1/admin/jobs): kind, board, by whom, state, rows, failed rows, why.
    void setJobs(const QList<Core::JobProgress> &jobs);
    QTableWidget *jobsTable() const { return m_jobs; }

Q_SIGNALS:
    void createUserRequested(const QString &login, const QString &displayName, const QString &password, bool admin);
    void userDisabledRequested(const QString &userId, bool disabled);
    void userAdminRequested(const QString &userId, bool admin);
    void resetPasswordRequested(const QString &userId, const QString &newPassword);
    void registrationChangeRequested(bool open);
    void realtimeSettingsChangeRequested(const Tessera::App::AdminPage::RealtimeSettings &settings);
    void activityRefreshRequested();

private:
    QString selectedUserId() const;

    QTableWidget *m_users;
    QLineEdit *m_login;
    QLineEdit *m_name;
    QLineEdit *m_password;
    QCheckBox *m_newAdmin;
    QLineEdit *m_resetPassword;
    QCheckBox *m_registration;
    QSpinBox *m_batchWindow;
    QSpinBox *m_polling;
    QSpinBox *m_presenceTtl;
    QSpinBox *m_retention;
    QTableWidget *m_clients;
    QTableWidget *m_boards;
    QTableWidget *m_jobs;
};

} // namespace Tessera::App
