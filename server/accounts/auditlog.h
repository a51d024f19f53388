#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTimer>

namespace Tessera::Server {

// Who did what, when, from where: logins, failures, revocations, membership and admin
// actions. Never tokens, passwords or content.
//
// Throttled sign-ins are aggregated: the first one from an address in a window writes a
// row, later ones only count in memory and the count is written into that row (at most
// every few seconds), so a flood of anonymous requests costs one row per address and
// window instead of one fsync'd row each, and cannot push real entries out of view.
class AuditLog
{
public:
    explicit AuditLog(QSqlDatabase db, qint64 throttleWindowMs = 5 * 60 * 1000);
    ~AuditLog();
    AuditLog(const AuditLog &) = delete;
    AuditLog &operator=(const AuditLog &) = delete;

    void record(const QString &actor, const QString &action, const QString &target = QString(),
                const QString &address = QString(), const QString &detail = QString());
    // A sign-in refused by the throttle (action "login.throttled", aggregated per address).
    void recordThrottled(const QString &login, const QString &address);
    // Writes the pending throttling counts now (also runs on a timer and at destruction).
    void flushThrottled();

    struct Entry
    {
        QString at, actor, action, target, address, detail;
    };
    QList<Entry> recent(int limit) const;

private:
    struct Aggregate
    {
        qint64 rowId = -1;
        int count = 0;
        int written = 0;
        QStringList logins; // the first few logins tried
        QElapsedTimer since;
    };
    void write(Aggregate &aggregate);

    QSqlDatabase m_db;
    qint64 m_windowMs;
    QHash<QString, Aggregate> m_throttled;
    QTimer m_flushTimer;
};

} // namespace Tessera::Server
