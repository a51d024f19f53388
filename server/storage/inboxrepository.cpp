#include "inboxrepository.h"
#include "server/ops/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace Tessera::Server {

namespace {

bool run(QSqlQuery &q)
{
    if (q.exec())
        return true;
    qCWarning(lcStorage, "inbox SQL error: %s", qPrintable(q.lastError().text()));
    return false;
}

constexpr qsizetype MaxIdsPerReadEvent = 5000;

} // namespace

InboxRepository::InboxRepository(QSqlDatabase db) : m_db(std::move(db)) { }

qint64 InboxRepository::head(const QString &userId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT head_seq FROM inbox_heads WHERE user_id = ?"));
    q.addBindValue(userId);
    return run(q) && q.next() ? q.value(0).toLongLong() : 0;
}

int InboxRepository::unread(const QString &userId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read = 0"));
    q.addBindValue(userId);
    return run(q) && q.next() ? q.value(0).toInt() : 0;
}

QList<Core::Notification> InboxRepository::list(const QString &userId, int limit) const
{
    QList<Core::Notification> out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT body, read FROM notifications WHERE user_id = ? AND id NOT LIKE 'read-%' "
                             "ORDER BY seq DESC LIMIT ?"));
    q.addBindValue(userId);
    q.addBindValue(limit);
    if (!run(q))
        return out;
    while (q.next()) {
        const QJsonObject event = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
        auto n = Core::Notification::fromJson(event.value(QStringLiteral("notification")).toObject());
        if (!n)
            continue;
        Core::Notification notification = n.value();
        notification.read = q.value(1).toBool();
        out.append(notification);
    }
    return out;
}

std::optional<Core::EventList> InboxRepository::eventsAfter(const QString &userId, qint64 afterSeq, int limit) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT body FROM notifications WHERE user_id = ? AND seq > ? AND seq <= ? ORDER BY seq"));
    q.addBindValue(userId);
    q.addBindValue(afterSeq);
    q.addBindValue(afterSeq + limit);
    if (!run(q))
        return std::nullopt;
    Core::EventList out;
    while (q.next()) {
        auto e = Core::Event::fromJson(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
        if (!e)
            return std::nullopt;
        out.append(e.value());
    }
    return out;
}

std::optional<qint64> InboxRepository::nextSeq(const QString &userId)
{
    // One statement: on PostgreSQL it also locks the user's head row until COMMIT, so two
    // nodes notifying one user get consecutive seqs, never the same one.
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO inbox_heads (user_id, head_seq) VALUES (?, 1) "
                             "ON CONFLICT(user_id) DO UPDATE SET head_seq = inbox_heads.head_seq + 1 RETURNING head_seq"));
    q.addBindValue(userId);
    if (!run(q) || !q.next())
        return std::nullopt;
    return q.value(0).toLongLong();
}

bool InboxRepository::insertRow(const QString &userId, const QString &rowId, const Core::Event &event, bool read)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO notifications (user_id, seq, id, body, read, at) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(userId);
    q.addBindValue(event.seq);
    q.addBindValue(rowId);
    q.addBindValue(QString::fromUtf8(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact)));
    q.addBindValue(read ? 1 : 0);
    q.addBindValue(event.at);
    return run(q);
}

std::optional<Core::Event> InboxRepository::append(const QString &userId, Core::Notification n)
{
    const auto seq = nextSeq(userId);
    if (!seq)
        return std::nullopt;
    if (n.id.isEmpty())
        n.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    n.seq = *seq;
    if (n.at.isEmpty())
        n.at = Core::nowIso();
    Core::Event e;
    e.seq = *seq;
    e.kind = Core::EventKind::NotificationCreated;
    e.actor = n.actor;
    e.at = n.at;
    e.payload = { { QStringLiteral("notification"), n.toJson() } };
    if (!insertRow(userId, n.id, e, false))
        return std::nullopt;
    return e;
}

std::optional<Core::EventList> InboxRepository::markRead(const QString &userId, const QStringList &ids, bool all)
{
    QStringList unreadIds;
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT id FROM notifications WHERE user_id = ? AND read = 0 ORDER BY seq"));
        q.addBindValue(userId);
        if (!run(q))
            return std::nullopt;
        while (q.next()) {
            const QString id = q.value(0).toString();
            if (all || ids.contains(id))
                unreadIds.append(id);
        }
    }
    Core::EventList out;
    for (qsizetype from = 0; from < unreadIds.size(); from += MaxIdsPerReadEvent) {
        const QStringList chunk = unreadIds.mid(from, MaxIdsPerReadEvent);
        QSqlQuery mark(m_db);
        mark.prepare(QStringLiteral("UPDATE notifications SET read = 1 WHERE user_id = ? AND id = ?"));
        for (const QString &id : chunk) {
            mark.addBindValue(userId);
            mark.addBindValue(id);
            if (!run(mark))
                return std::nullopt;
        }
        const auto seq = nextSeq(userId);
        if (!seq)
            return std::nullopt;
        Core::Event e;
        e.seq = *seq;
        e.kind = Core::EventKind::NotificationRead;
        e.actor = userId;
        e.at = Core::nowIso();
        e.payload = { { QStringLiteral("ids"), QJsonArray::fromStringList(chunk) } };
        if (!insertRow(userId, QStringLiteral("read-") + QUuid::createUuid().toString(QUuid::WithoutBraces), e, true))
            return std::nullopt;
        out.append(e);
    }
    return out;
}

} // namespace Tessera::Server
