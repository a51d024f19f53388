#include "commandsync.h"

#include "apiclient.h"

#include "core/protocol/routes.h"
#include "core/rules/commandlogic.h"
#include "socketlink.h"
#include "streamsync.h"

#include <QLoggingCategory>
#include <QUuid>

namespace Tessera::Core {

Q_LOGGING_CATEGORY(lcCommands, "tessera.core.commands")

CommandSync::CommandSync(ApiClient *api, StreamSync *streams, SocketLink *link, QObject *parent)
    : QObject(parent), m_api(api), m_streams(streams), m_link(link)
{
    m_holdTimer.setSingleShot(true);
    connect(&m_holdTimer, &QTimer::timeout, this, &CommandSync::flush);
}

void CommandSync::setSession(Outbox *outbox, const QString &userId)
{
    m_outbox = outbox;
    m_userId = userId;
    m_inFlight.clear();
    m_ridToMutation.clear();
    m_awaitingEvent.clear();
    m_ackedWrites.clear();
}

void CommandSync::setTransport(Transport transport)
{
    m_transport = transport;
    m_inFlight.clear(); // resent on the new transport; the server answers duplicates once
    m_ridToMutation.clear();
}

Command CommandSync::normalized(Command command) const
{
    if (command.isBulk()) {
        for (Op &op : command.ops)
            op = withBase(command.boardId, op);
    } else {
        command.op = withBase(command.boardId, command.op);
    }
    return command;
}

Op CommandSync::withBase(const QString &boardId, Op op) const
{
    // The desktop client always sends `base` for the fields it changes: the confirmed
    // version it edited (0 for a field that has none yet).
    const bool versioned = op.kind == OpKind::ItemUpdate || (op.kind == OpKind::ItemMove && !op.fields().isEmpty());
    if (!versioned || op.has(QStringLiteral("base")))
        return op;
    const BoardStore *store = m_streams->store(boardId);
    const Item *confirmed = nullptr;
    if (store) {
        const auto it = store->confirmed().items.constFind(op.itemId());
        confirmed = it == store->confirmed().items.constEnd() ? nullptr : &*it;
    }
    QJsonObject base;
    const QJsonObject fields = op.fields();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        qint64 version = confirmed ? confirmed->versions.value(it.key(), 0) : 0;
        for (const QList<AckedWrite> &writes : m_ackedWrites) {
            for (const AckedWrite &w : writes) {
                if (w.boardId == boardId && w.itemId == op.itemId() && w.fields.contains(it.key()))
                    version = std::max(version, w.seq);
            }
        }
        base.insert(it.key(), double(version));
    }
    op.args.insert(QStringLiteral("base"), base);
    return op;
}

QString CommandSync::submit(const QString &boardId, const Op &op)
{
    return submitCommand({ QUuid::createUuid().toString(QUuid::WithoutBraces), boardId, op, {} });
}

QString CommandSync::submitBulk(const QString &boardId, const QList<Op> &ops)
{
    if (ops.size() == 1)
        return submit(boardId, ops.first());
    return submitCommand({ QUuid::createUuid().toString(QUuid::WithoutBraces), boardId, {}, ops });
}

QString CommandSync::submitCommand(Command command)
{
    if (!m_outbox)
        return QString();
    command = normalized(command);
    if (!m_outbox->add(command))
        return QString();
    showOverlay(*m_outbox->entry(command.mutationId));
    flush();
    return command.mutationId;
}

void CommandSync::showOverlay(const OutboxEntry &entry)
{
    BoardStore *store = m_streams->store(entry.command.boardId);
    if (!store)
        return;
    if (entry.command.isBulk())
        store->setPendingBulk(entry.mutationId(), makeEvents(entry.command, store->confirmed(), m_userId, 0, nowIso()));
    else
        store->setPending(entry.mutationId(), makeEvent(entry.command, store->confirmed(), m_userId, 0, nowIso()));
    if (entry.state == OutboxEntry::State::Failed)
        store->markFailed(entry.mutationId(), entry.code, entry.message);
    else if (entry.state == OutboxEntry::State::Conflict && !entry.conflicts.isEmpty())
        store->markConflicts(entry.mutationId(), entry.conflicts, entry.message);
    else if (entry.state == OutboxEntry::State::Conflict && entry.theirs)
        store->markConflict(entry.mutationId(), *entry.theirs);
}

void CommandSync::restoreOverlays(const QString &boardId)
{
    if (!m_outbox)
        return;
    for (const OutboxEntry &e : m_outbox->entries()) {
        if (e.command.boardId == boardId)
            showOverlay(e);
    }
}

void CommandSync::flush()
{
    if (!m_outbox || m_transport == Transport::None || m_holdTimer.isActive())
        return;
    for (const OutboxEntry &e : m_outbox->queued()) {
        if (m_inFlight.contains(e.mutationId()) || !m_outbox->isSendable(e.mutationId()))
            continue;
        if (m_inFlight.size() >= MaxInFlight)
            return; // the rest goes as answers come back
        if (m_transport == Transport::Http) {
            if (!m_inFlight.isEmpty())
                return; // strictly one at a time over HTTP
            sendHttp(e.command);
            return;
        }
        ClientMessage m;
        m.type = ClientMessage::Type::Mutate;
        m.rid = m_link->nextRid();
        m.command = e.command;
        if (!m_link->send(m))
            return;
        m_ridToMutation.insert(*m.rid, e.mutationId());
        m_inFlight.insert(e.mutationId());
    }
}

void CommandSync::sendHttp(const Command &command)
{
    m_inFlight.insert(command.mutationId);
    const QString id = command.mutationId;
    m_api->request(QByteArrayLiteral("POST"), Routes::mutations(), command.toJson(), this,
                   [this, id](const ApiReply &r) {
                       if (!m_inFlight.remove(id))
                           return; // the transport changed meanwhile
                       const auto outcome = CommandOutcome::fromJson(r.json);
                       if (outcome && outcome->status == CommandOutcome::Status::Reject
                           && outcome->reject == RejectCode::RateLimited) {
                           holdOff(id, outcome->retryAfterMs.value_or(1000));
                           return;
                       }
                       if (r.status == 429) { // throttled before the command was read
                           holdOff(id, 1000);
                           return;
                       }
                       if (outcome && outcome->status == CommandOutcome::Status::Ack) {
                           onAck(id, outcome->fromSeq, outcome->seq);
                       } else if (outcome && outcome->status == CommandOutcome::Status::Reject) {
                           onReject(id, outcome.value());
                       } else if (r.status == 401) {
                           Q_EMIT transportFailed(true, r.error);
                           return;
                       } else if (r.networkError() || r.status >= 500) {
                           Q_EMIT transportFailed(false, r.error); // stays queued
                           return;
                       } else {
                           onReject(id, CommandOutcome::rejected(id, RejectCode::Invalid, r.error)); // e.g. a field the server refused
                       }
                       flush();
                   });
}

void CommandSync::handleMessage(const ServerMessage &m)
{
    if (m.type == ServerMessage::Type::Ack) {
        onAck(m.mutationId, m.fromSeq, m.seq);
    } else if (m.type == ServerMessage::Type::Reject && m.reject == RejectCode::RateLimited) {
        holdOff(m.mutationId, m.retryAfterMs.value_or(1000));
    } else if (m.type == ServerMessage::Type::Reject) {
        onReject(m.mutationId, m.outcome());
    } else if (m.type == ServerMessage::Type::Error && m.rid && m_ridToMutation.contains(*m.rid)) {
        const QString id = m_ridToMutation.value(*m.rid);
        if (m.error == ErrorCode::RateLimited)
            holdOff(id, 1000);
        else
            onReject(id, CommandOutcome::rejected(id, RejectCode::Invalid, m.message));
    } else if (m.type == ServerMessage::Type::Error && m.error == ErrorCode::RateLimited && !m.rid) {
        // An older server dropped some frame without saying which: pause, then send what is
        // unanswered again (a mutationId the server did apply is answered as a duplicate).
        m_inFlight.clear();
        m_ridToMutation.clear();
        ++m_rateLimited;
        m_holdTimer.start(1000);
        return;
    } else {
        return;
    }
    if (m.rid)
        m_ridToMutation.remove(*m.rid);
    flush();
}

void CommandSync::onAck(const QString &mutationId, qint64 fromSeq, qint64 seq)
{
    m_inFlight.remove(mutationId);
    const auto entry = m_outbox ? m_outbox->entry(mutationId) : std::nullopt;
    if (!entry)
        return; // already confirmed by its event
    m_outbox->acked(mutationId, seq);
    m_awaitingEvent.insert(mutationId, { entry->command.boardId, seq });
    // A bulk command's ops got consecutive seqs from fromSeq.
    const QList<Op> ops = entry->command.allOps();
    const qint64 first = entry->command.isBulk() && fromSeq > 0 ? fromSeq : seq;
    QList<AckedWrite> writes;
    for (qsizetype i = 0; i < ops.size(); ++i) {
        if (!ops.at(i).fields().isEmpty())
            writes.append({ entry->command.boardId, ops.at(i).itemId(), ops.at(i).fields().keys(), first + i });
    }
    if (!writes.isEmpty())
        m_ackedWrites.insert(mutationId, writes);
    settle();
    Q_EMIT acked(mutationId, seq);
    if (m_transport == Transport::Http)
        Q_EMIT boardChanged(entry->command.boardId);
}

void CommandSync::holdOff(const QString &mutationId, qint64 retryAfterMs)
{
    m_inFlight.remove(mutationId);
    ++m_rateLimited;
    const int wait = int(std::clamp<qint64>(retryAfterMs, 1, 60000));
    qCDebug(lcCommands) << "command" << mutationId << "rate limited: resending in" << wait << "ms";
    if (!m_holdTimer.isActive() || m_holdTimer.remainingTime() < wait)
        m_holdTimer.start(wait);
}

void CommandSync::onReject(const QString &mutationId, const CommandOutcome &outcome)
{
    m_inFlight.remove(mutationId);
    const auto entry = m_outbox ? m_outbox->entry(mutationId) : std::nullopt;
    if (!entry)
        return;
    const RejectCode code = outcome.reject;
    const QString &message = outcome.message;
    const std::optional<Item> &current = outcome.current;
    BoardStore *store = m_streams->store(entry->command.boardId);
    qCInfo(lcCommands) << "command" << mutationId << "rejected:" << rejectCodeName(code) << message;
    if (code == RejectCode::Conflict && !outcome.conflicts.isEmpty()) {
        // A bulk command: nothing applied; every conflicting item is listed.
        QList<Item> theirs;
        for (const auto &conflict : outcome.conflicts)
            theirs.append(conflict.second);
        m_outbox->conflictedBulk(mutationId, theirs, message);
        if (store)
            store->markConflicts(mutationId, theirs, message);
        Q_EMIT conflicted(mutationId);
        return;
    }
    if (code == RejectCode::Conflict && current) {
        m_outbox->conflicted(mutationId, *current, message);
        if (store)
            store->markConflict(mutationId, *current);
        Q_EMIT conflicted(mutationId);
        return;
    }
    m_outbox->rejected(mutationId, code, message);
    if (store)
        store->markFailed(mutationId, code, message);
    Q_EMIT failed(mutationId, code, message);
}

void CommandSync::confirm(const QList<std::pair<QString, qint64>> &mutations)
{
    bool any = false;
    for (const auto &[id, seq] : mutations) {
        m_awaitingEvent.remove(id);
        m_ackedWrites.remove(id);
        if (m_outbox && m_outbox->contains(id)) {
            const auto entry = m_outbox->entry(id);
            if (entry->state == OutboxEntry::State::Queued) {
                m_inFlight.remove(id);
                m_outbox->acked(id, seq);
                Q_EMIT acked(id, seq);
                any = true;
            }
        }
    }
    if (any)
        flush();
}

void CommandSync::settle()
{
    for (auto it = m_awaitingEvent.begin(); it != m_awaitingEvent.end();) {
        BoardStore *store = m_streams->store(it->first);
        if (!store || store->confirmed().seq >= it->second) {
            if (store)
                store->clearPending(it.key());
            m_ackedWrites.remove(it.key());
            it = m_awaitingEvent.erase(it);
        } else {
            ++it;
        }
    }
}

QString CommandSync::retry(const QString &mutationId)
{
    if (!m_outbox || !m_outbox->entry(mutationId))
        return QString();
    return resubmitted(mutationId, m_outbox->retry(mutationId, QUuid::createUuid().toString(QUuid::WithoutBraces)));
}

// The overlay of `oldId` gives way to the outbox's new entry, which goes out at once.
QString CommandSync::resubmitted(const QString &oldId, const std::optional<Command> &command)
{
    if (!command)
        return QString();
    if (BoardStore *store = m_streams->store(command->boardId))
        store->clearPending(oldId);
    showOverlay(*m_outbox->entry(command->mutationId));
    flush();
    return command->mutationId;
}

bool CommandSync::discard(const QString &mutationId)
{
    const auto entry = m_outbox ? m_outbox->entry(mutationId) : std::nullopt;
    if (!entry || entry->state == OutboxEntry::State::Queued || !m_outbox->remove(mutationId))
        return false;
    if (BoardStore *store = m_streams->store(entry->command.boardId))
        store->clearPending(mutationId);
    return true;
}

QString CommandSync::keepMine(const QString &mutationId)
{
    if (!m_outbox || !m_outbox->entry(mutationId))
        return QString();
    return resubmitted(mutationId, m_outbox->keepMine(mutationId, QUuid::createUuid().toString(QUuid::WithoutBraces)));
}

bool CommandSync::takeTheirs(const QString &mutationId)
{
    const auto entry = m_outbox ? m_outbox->entry(mutationId) : std::nullopt;
    if (!entry || entry->state != OutboxEntry::State::Conflict || !discard(mutationId))
        return false;
    Q_EMIT boardChanged(entry->command.boardId); // catch up to their version now
    return true;
}

} // namespace Tessera::Core
