#include "auditlog.h"

#include "core/protocol/domain.h"

#include <QSqlQuery>
#include <QVariant>

namespace Tessera::Server {

namespace {

constexpr int FlushIntervalMs = 5000;
constexpr qsizetype MaxTrackedAddresses = 10000;
constexpr qsizetype LoginsShown = 5;

} // namespace

AuditLog::AuditLog(QSqlDatabase db, qint64 throttleWindowMs) : m_db(std::move(db)), m_windowMs(throttleWindowMs)
{
    m_flushTimer.setInterval(FlushIntervalMs);
    m_flushTimer.setSingleShot(true);
    QObject::connect(&m_flushTimer, &QTimer::timeout, &m_flushTimer, [this] { flushThrottled(); });
}

AuditLog::~AuditLog()
{
    flushThrottled();
}

void AuditLog::record(const QString &actor, const QString &action, const QString &target, const QString &address,
                      const QString &detail)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO audit (at, actor, action, target, address, detail) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(Core::nowIso());
    q.addBindValue(actor);
    q.addBindValue(action);
    q.addBindValue(target);
    q.addBindValue(address);
    q.addBindValue(detail);
    q.exec();
}

void AuditLog::recordThrottled(const QString &login, const QString &address)
{
    auto it = m_throttled.find(address);
    if (it != m_throttled.end() && it->since.elapsed() > m_windowMs) {
        write(*it);
        m_throttled.erase(it);
        it = m_throttled.end();
    }
    if (it == m_throttled.end()) {
        if (m_throttled.size() >= MaxTrackedAddresses) {
            flushThrottled();
            m_throttled.clear();
        }
        Aggregate a;
        a.since.start();
        a.count = 1;
        a.written = 1;
        a.logins.append(login.left(64));
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO audit (at, actor, action, target, address, detail) VALUES (?, '', ?, ?, ?, ?) "
                                 "RETURNING id"));
        q.addBindValue(Core::nowIso());
        q.addBindValue(QStringLiteral("login.throttled"));
        q.addBindValue(login.left(64));
        q.addBindValue(address);
        q.addBindValue(QStringLiteral("1 sign-in refused"));
        if (q.exec() && q.next())
            a.rowId = q.value(0).toLongLong();
        m_throttled.insert(address, a);
        return;
    }
    ++it->count;
    if (it->logins.size() < LoginsShown && !it->logins.contains(login.left(64)))
        it->logins.append(login.left(64));
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void AuditLog::write(Aggregate &a)
{
    if (a.rowId < 0 || a.written == a.count)
        return;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE audit SET target = ?, detail = ? WHERE id = ?"));
    q.addBindValue(a.logins.join(QLatin1Char(',')));
    q.addBindValue(QStringLiteral("%1 sign-ins refused in %2 s").arg(a.count).arg((a.since.elapsed() + 999) / 1000));
    q.addBindValue(a.rowId);
    if (q.exec())
        a.written = a.count;
}

void AuditLog::flushThrottled()
{
    if (!m_db.isOpen())
        return;
    for (auto it = m_throttled.begin(); it != m_throttled.end();) {
        write(*it);
        if (it->since.elapsed() > m_windowMs)
            it = m_throttled.erase(it);
        else
            ++it;
    }
}

QList<AuditLog::Entry> AuditLog::recent(int limit) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT at, actor, action, target, address, detail FROM audit ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit);
    QList<Entry> out;
    if (q.exec()) {
        while (q.next())
            out.append({ q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                         q.value(4).toString(), q.value(5).toString() });
    }
    return out;
}

} // namespace Tessera::Server
