#include "outbox.h"

#include "localcache.h"

namespace Tessera::Core {

namespace {

QString stateName(OutboxEntry::State state)
{
    switch (state) {
    case OutboxEntry::State::Queued:
        return QStringLiteral("queued");
    case OutboxEntry::State::Failed:
        return QStringLiteral("failed");
    case OutboxEntry::State::Conflict:
        return QStringLiteral("conflict");
    }
    return QString();
}

OutboxEntry::State stateFromName(const QString &name)
{
    if (name == QLatin1String("failed"))
        return OutboxEntry::State::Failed;
    if (name == QLatin1String("conflict"))
        return OutboxEntry::State::Conflict;
    return OutboxEntry::State::Queued;
}

bool touchesItem(const Command &c)
{
    return c.op.kind == OpKind::ItemCreate || c.op.kind == OpKind::ItemUpdate || c.op.kind == OpKind::ItemMove
            || c.op.kind == OpKind::ItemDelete;
}

bool sameItem(const Command &a, const Command &b)
{
    return touchesItem(a) && touchesItem(b) && a.boardId == b.boardId && a.op.itemId() == b.op.itemId();
}

} // namespace

Outbox::Outbox(LocalCache *cache) : m_cache(cache) { }

void Outbox::load()
{
    m_entries.clear();
    if (!m_cache)
        return;
    for (const OutboxRecord &r : m_cache->outbox()) {
        OutboxEntry e;
        e.command = r.command;
        e.state = stateFromName(r.state);
        e.code = rejectCodeFromName(r.code).value_or(RejectCode::Invalid);
        e.message = r.message;
        e.theirs = r.theirs;
        e.conflicts = r.conflicts;
        e.position = r.position;
        m_nextPosition = std::max(m_nextPosition, r.position + 1);
        m_entries.append(e);
    }
}

void Outbox::persist(const OutboxEntry &e)
{
    if (m_cache)
        m_cache->putOutbox({ e.position, e.command, stateName(e.state), rejectCodeName(e.code), e.message, e.theirs,
                             e.conflicts });
}

bool Outbox::add(const Command &command)
{
    if (contains(command.mutationId))
        return false;
    OutboxEntry e;
    e.command = command;
    e.position = m_nextPosition++;
    persist(e);
    m_entries.append(e);
    return true;
}

QList<OutboxEntry> Outbox::queued() const
{
    QList<OutboxEntry> out;
    for (const OutboxEntry &e : m_entries) {
        if (e.state == OutboxEntry::State::Queued)
            out.append(e);
    }
    return out;
}

std::optional<OutboxEntry> Outbox::entry(const QString &mutationId) const
{
    const qsizetype i = indexOf(mutationId);
    return i < 0 ? std::nullopt : std::optional<OutboxEntry>(m_entries.at(i));
}

bool Outbox::isSendable(const QString &mutationId) const
{
    const qsizetype i = indexOf(mutationId);
    if (i < 0 || m_entries.at(i).state != OutboxEntry::State::Queued)
        return false;
    for (qsizetype j = 0; j < i; ++j) {
        if (m_entries.at(j).state == OutboxEntry::State::Queued && sameItem(m_entries.at(j).command, m_entries.at(i).command))
            return false;
    }
    return true;
}

void Outbox::acked(const QString &mutationId, qint64 seq)
{
    const qsizetype i = indexOf(mutationId);
    if (i < 0)
        return;
    const Command done = m_entries.at(i).command;
    const QJsonObject doneFields = done.op.fields();
    m_entries.removeAt(i);
    if (m_cache)
        m_cache->removeOutbox(mutationId);
    if (!touchesItem(done))
        return;
    // My own earlier edit is not a conflict for my later ones: move their base along.
    for (OutboxEntry &e : m_entries) {
        if (e.state != OutboxEntry::State::Queued || !sameItem(e.command, done) || !e.command.op.has(QStringLiteral("base")))
            continue;
        QJsonObject base = e.command.op.args.value(QStringLiteral("base")).toObject();
        bool changed = false;
        for (auto it = base.begin(); it != base.end(); ++it) {
            if (doneFields.contains(it.key())) {
                it.value() = double(seq);
                changed = true;
            }
        }
        if (changed) {
            e.command.op.args.insert(QStringLiteral("base"), base);
            persist(e);
        }
    }
}

void Outbox::rejected(const QString &mutationId, RejectCode code, const QString &message)
{
    const qsizetype i = indexOf(mutationId);
    if (i < 0)
        return;
    OutboxEntry &e = m_entries[i];
    e.state = OutboxEntry::State::Failed;
    e.code = code;
    e.message = message;
    persist(e);
}

void Outbox::conflicted(const QString &mutationId, const Item &theirs, const QString &message)
{
    markConflict(mutationId, message, [&theirs](OutboxEntry &e) { e.theirs = theirs; });
}

void Outbox::conflictedBulk(const QString &mutationId, const QList<Item> &theirs, const QString &message)
{
    markConflict(mutationId, message, [&theirs](OutboxEntry &e) { e.conflicts = theirs; });
}

void Outbox::markConflict(const QString &mutationId, const QString &message, const std::function<void(OutboxEntry &)> &withTheirs)
{
    const qsizetype i = indexOf(mutationId);
    if (i < 0)
        return;
    OutboxEntry &e = m_entries[i];
    e.state = OutboxEntry::State::Conflict;
    e.code = RejectCode::Conflict;
    e.message = message;
    withTheirs(e);
    persist(e);
}

std::optional<Command> Outbox::requeue(const QString &mutationId, Command command)
{
    const qsizetype i = indexOf(mutationId);
    if (i < 0 || contains(command.mutationId))
        return std::nullopt;
    if (m_cache)
        m_cache->removeOutbox(mutationId);
    m_entries.removeAt(i);
    OutboxEntry e;
    e.command = std::move(command);
    e.position = m_nextPosition++;
    persist(e);
    m_entries.append(e);
    return e.command;
}

std::optional<Command> Outbox::retry(const QString &mutationId, const QString &newMutationId)
{
    const auto e = entry(mutationId);
    if (!e || e->state != OutboxEntry::State::Failed)
        return std::nullopt;
    Command c = e->command;
    c.mutationId = newMutationId;
    return requeue(mutationId, std::move(c));
}

std::optional<Command> Outbox::keepMine(const QString &mutationId, const QString &newMutationId)
{
    const auto e = entry(mutationId);
    if (!e || e->state != OutboxEntry::State::Conflict || (!e->theirs && e->conflicts.isEmpty()))
        return std::nullopt;
    Command c = e->command;
    c.mutationId = newMutationId;
    // Mine goes over theirs: each op on a conflicting item is based on the server's versions.
    const auto rebase = [](Op &op, const Item &theirs) {
        QJsonObject base = op.args.value(QStringLiteral("base")).toObject();
        const QJsonObject fields = op.fields();
        for (auto it = fields.begin(); it != fields.end(); ++it)
            base.insert(it.key(), double(theirs.versions.value(it.key(), 0)));
        if (!fields.isEmpty())
            op.args.insert(QStringLiteral("base"), base);
    };
    if (c.isBulk()) {
        for (Op &op : c.ops) {
            for (const Item &theirs : e->conflicts) {
                if (theirs.id == op.itemId())
                    rebase(op, theirs);
            }
        }
    } else {
        rebase(c.op, *e->theirs);
    }
    return requeue(mutationId, std::move(c));
}

bool Outbox::remove(const QString &mutationId)
{
    const qsizetype i = indexOf(mutationId);
    if (i < 0)
        return false;
    m_entries.removeAt(i);
    if (m_cache)
        m_cache->removeOutbox(mutationId);
    return true;
}

qsizetype Outbox::indexOf(const QString &mutationId) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).command.mutationId == mutationId)
            return i;
    }
    return -1;
}

} // namespace Tessera::Core
