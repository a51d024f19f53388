#pragma once

#include "core/protocol/command.h"
#include "core/protocol/domain.h"

#include <QList>

#include <functional>
#include <optional>

namespace Tessera::Core {

class LocalCache;

// A local command on its way to the server.
struct OutboxEntry
{
    enum class State { Queued, Failed, Conflict };

    Command command;
    State state = State::Queued;
    RejectCode code = RejectCode::Invalid; // why it was refused (Failed, Conflict)
    QString message;
    std::optional<Item> theirs; // Conflict: the server's item when it was rejected
    QList<Item> conflicts; // a bulk command's Conflict: every conflicting item, the server's
    qint64 position = 0;

    QString mutationId() const { return command.mutationId; }
};

// The durable queue of local commands. add() writes the command (with its mutationId) to
// the cache before it returns, so nothing the person did is lost to a crash or restart;
// queued entries are (re)sent in order until acked. An ack drops the entry; a reject keeps
// it as Failed (retry or discard); a conflict keeps it with the server's item (keepMine
// resubmits on their versions, takeTheirs drops it). Retried commands get a new mutationId:
// the server remembers the outcome of every mutationId it saw.
class Outbox final
{
public:
    explicit Outbox(LocalCache *cache = nullptr); // without a cache: memory only
    void load(); // from the cache

    bool add(const Command &command);
    QList<OutboxEntry> entries() const { return m_entries; }
    QList<OutboxEntry> queued() const;
    std::optional<OutboxEntry> entry(const QString &mutationId) const;
    bool contains(const QString &mutationId) const { return indexOf(mutationId) >= 0; }
    bool isEmpty() const { return m_entries.isEmpty(); }
    qsizetype size() const { return m_entries.size(); }

    // Whether a queued entry may go out now: not while an earlier queued command of the
    // same item is unacked, since its ack moves the versions this one's base refers to.
    bool isSendable(const QString &mutationId) const;

    // Acked at `seq`: dropped; later queued commands on that item whose base pointed at
    // the versions this command replaced now point at `seq`.
    void acked(const QString &mutationId, qint64 seq);
    void rejected(const QString &mutationId, RejectCode code, const QString &message);
    void conflicted(const QString &mutationId, const Item &theirs, const QString &message = QString());
    void conflictedBulk(const QString &mutationId, const QList<Item> &theirs, const QString &message);

    // Failed → queued again under `newMutationId`, at the end of the queue.
    std::optional<Command> retry(const QString &mutationId, const QString &newMutationId);
    // Conflict → queued under `newMutationId` with base = their versions of my fields.
    std::optional<Command> keepMine(const QString &mutationId, const QString &newMutationId);
    bool remove(const QString &mutationId); // discard / takeTheirs

private:
    void markConflict(const QString &mutationId, const QString &message, const std::function<void(OutboxEntry &)> &withTheirs);
    qsizetype indexOf(const QString &mutationId) const;
    void persist(const OutboxEntry &entry);
    std::optional<Command> requeue(const QString &mutationId, Command command);

    LocalCache *m_cache;
    QList<OutboxEntry> m_entries; // in send order
    qint64 m_nextPosition = 1;
};

} // namespace Tessera::Core
