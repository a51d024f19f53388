#pragma once

#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

namespace Tessera::Server {

class SettingsStore;

// Housekeeping of what only grows: audit rows older than audit_retention_days, sessions
// that ended (revoked, expired or idle) more than session_retention_days ago, and stored
// mutation outcomes (the idempotency records) older than mutation_retention_days, so a
// client may retry a mutationId within that many days and get the original answer. Runs
// at start and hourly, each table in its own short transaction. (The event log has its
// own retention in CommandService::compactLog.)
class Retention final : public QObject
{
    Q_OBJECT
public:
    Retention(QSqlDatabase db, SettingsStore &settings, QObject *parent = nullptr);

    struct Removed
    {
        int audit = 0;
        int sessions = 0;
        int mutations = 0;
    };
    Removed run();

    static constexpr qint64 SessionIdleSeconds = 30 * 24 * 3600; // as SessionStore

private:
    int remove(const QString &sql, const QVariantList &values);

    QSqlDatabase m_db;
    SettingsStore &m_settings;
    QTimer m_timer;
};

} // namespace Tessera::Server
