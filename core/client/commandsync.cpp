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
    // The desktop client always sends `base` for the fields it changes: the confirmed
    // version it edited (0 for a field that has none yet).
    const bool versioned = command.op.kind == OpKind::ItemUpdate
            || (command.op.kind == OpKind::ItemMove && !command.op.fields().isEmpty());
    if (!versioned || command.op.has(QStringLiteral("base")))
        return command;
    const BoardStore *store = m_streams->store(command.boardId);
    const Item *confirmed = nullptr;
    if (store) {
        const auto it = store->confirmed().items.constFind(command.op.itemId());
        confirmed = it == store->confirmed().items.constEnd() ? nullptr : &*it;
    }
    QJsonObject base;
    const QJsonObject fields = command.op.fields();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        qint64 version = confirmed ? confirmed->versions.value(it.key(), 0) : 0;
        for (const AckedWrite &w : m_ackedWrites) {
            if (w.boardId == command.boardId && w.itemId == command.op.itemId() && w.fields.contains(it.key()))
                version = std::max(version, w.seq);
        }
        base.insert(it.key(), double(version));
    }
    command.op.args.insert(QStringLiteral("base"), base);
    return command;
}

QString CommandSync::submit(const QString &boardId, const Op &op)
{
    if (!m_outbox)
        return QString();
    Command command { QUuid::createUuid().toString(QUuid::WithoutBraces), boardId, op };
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
    store->setPending(entry.mutationId(), makeEvent(entry.command, store->confirmed(), m_userId, 0, nowIso()));
    if (entry.state == OutboxEntry::State::Failed)
        store->markFailed(entry.mutationId(), entry.code, entry.message);
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
    if (!m_outbox || m_transport == Transport::None)
        return;
    for (const OutboxEntry &e : m_outbox->queued()) {
        if (m_inFlight.contains(e.mutationId()) || !m_outbox->isSendable(e.mutationId()))
            continue;
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
                       if (outcome && outcome->status == CommandOutcome::Status::Ack) {
                           onAck(id, outcome->seq);
                       } else if (outcome && outcome->status == CommandOutcome::Status::Reject) {
                           onReject(id, outcome->reject, outcome->message, outcome->current);
                       } else if (r.status == 401) {
                           Q_EMIT transportFailed(true, r.error);
                           return;
                       } else if (r.networkError() || r.status >= 500 || r.status == 429) {
                           Q_EMIT transportFailed(false, r.error); // stays queued
                           return;
                       } else {
                           onReject(id, RejectCode::Invalid, r.error, std::nullopt); // e.g. a field the server refused
                       }
                       flush();
                   });
}

void CommandSync::handleMessage(const ServerMessage &m)
{
    if (m.type == ServerMessage::Type::Ack) {
        onAck(m.mutationId, m.seq);
    } else if (m.type == ServerMessage::Type::Reject) {
        onReject(m.mutationId, m.reject, m.message, m.current);
    } else if (m.type == ServerMessage::Type::Error && m.rid && m_ridToMutation.contains(*m.rid)) {
        onReject(m_ridToMutation.value(*m.rid), RejectCode::Invalid, m.message, std::nullopt);
    } else {
        return;
    }
    if (m.rid)
        m_ridToMutation.remove(*m.rid);
    flush();
}

void CommandSync::onAck(const QString &mutationId, qint64 seq)
{
    m_inFlight.remove(mutationId);
    const auto entry = m_outbox ? m_outbox->entry(mutationId) : std::nullopt;
    if (!entry)
        return; // already confirmed by its event
    m_outbox->acked(mutationId, seq);
    m_awaitingEvent.insert(mutationId, { entry->command.boardId, seq });
    if (!entry->command.op.fields().isEmpty())
        m_ackedWrites.insert(mutationId, { entry->command.boardId, entry->command.op.itemId(), entry->command.op.fields().keys(), seq });
    settle();
    Q_EMIT acked(mutationId, seq);
    if (m_transport == Transport::Http)
        Q_EMIT boardChanged(entry->command.boardId);
}

void CommandSync::onReject(const QString &mutationId, RejectCode code, const QString &message,
                           const std::optional<Item> &current)
{
    m_inFlight.remove(mutationId);
    const auto entry = m_outbox ? m_outbox->entry(mutationId) : std::nullopt;
    if (!entry)
        return;
    BoardStore *store = m_streams->store(entry->command.boardId);
    qCInfo(lcCommands) << "command" << mutationId << "rejected:" << rejectCodeName(code) << message;
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
