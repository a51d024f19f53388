#pragma once

#include <QJsonObject>
#include <QSqlDatabase>
#include <QVariant>

namespace Tessera::Server {

// Server settings an admin can change at run time, stored in the `settings` table.
// Each has a type, a default and an allowed range; unknown keys are refused.
class SettingsStore
{
public:
    explicit SettingsStore(QSqlDatabase db);

    bool registrationOpen() const { return value(QStringLiteral("registration_open")).toBool(); }
    int logRetentionDays() const { return value(QStringLiteral("log_retention_days")).toInt(); }
    int logMinEvents() const { return value(QStringLiteral("log_min_events")).toInt(); }
    int batchWindowMs() const { return value(QStringLiteral("batch_window_ms")).toInt(); }
    int pollingIntervalSeconds() const { return value(QStringLiteral("polling_interval_s")).toInt(); }
    int presenceTtlSeconds() const { return value(QStringLiteral("presence_ttl_s")).toInt(); }
    QStringList originAllowlist() const;

    QVariant value(const QString &key) const;
    QJsonObject toJson() const;
    // Applies {key: value, ...}; all or nothing. Returns an error message, empty on success.
    QString update(const QJsonObject &changes);

private:
    QSqlDatabase m_db;
};

} // namespace Tessera::Server
