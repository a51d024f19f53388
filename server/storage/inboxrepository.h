#pragma once

#include "core/protocol/domain.h"
#include "core/protocol/event.h"

#include <QSqlDatabase>

#include <optional>

namespace Tessera::Server {

// Every user's inbox stream: notifications and "read" marks, each an event with the
// user's own gap-free seq (inbox_heads). Both kinds of event are rows of the
// `notifications` table, whose `body` is the event's wire JSON; a read mark's row id
// starts with "read-" and is never a notification id. Writes run inside the caller's
// transaction.
class InboxRepository
{
public:
    explicit InboxRepository(QSqlDatabase db);

    qint64 head(const QString &userId) const;
    int unread(const QString &userId) const;
    // Newest first.
    QList<Core::Notification> list(const QString &userId, int limit) const;
    std::optional<Core::EventList> eventsAfter(const QString &userId, qint64 afterSeq, int limit) const;

    // Stores `n` for `userId` at the next inbox seq; returns its notification.created event.
    std::optional<Core::Event> append(const QString &userId, Core::Notification n);
    // Marks `ids` (or, with all, every unread notification) read. Returns the
    // notification.read events written (none when nothing was unread), nullopt on error.
    std::optional<Core::EventList> markRead(const QString &userId, const QStringList &ids, bool all);

private:
    std::optional<qint64> nextSeq(const QString &userId);
    bool insertRow(const QString &userId, const QString &rowId, const Core::Event &event, bool read);

    QSqlDatabase m_db;
};

} // namespace Tessera::Server
