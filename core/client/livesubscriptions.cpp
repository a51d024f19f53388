#include "livesubscriptions.h"

#include "commandsync.h"
#include "socketlink.h"
#include "streamsync.h"

#include <QLoggingCategory>
#include <QTimer>

namespace Tessera::Core {

Q_LOGGING_CATEGORY(lcLive, "tessera.core.live")

LiveSubscriptions::LiveSubscriptions(SocketLink *link, StreamSync *streams, CommandSync *commands, QObject *parent)
    : QObject(parent), m_link(link), m_streams(streams), m_commands(commands)
{
}

void LiveSubscriptions::begin(const QStringList &streams)
{
    reset();
    m_active = true;
    for (const QString &stream : streams)
        subscribe(stream);
    for (const QString &jobId : std::as_const(m_jobs))
        sendJobSubscription(jobId, true);
    sendPresence();
    if (m_catchingUp.isEmpty())
        Q_EMIT current();
}

void LiveSubscriptions::reset()
{
    m_active = false;
    m_catchingUp.clear();
    m_subscribeRids.clear();
    m_replayTarget.clear();
    // Presence lives on the socket: without it nobody is known to be here any more (the
    // server sends the full set again on the next subscribe).
    for (const QString &boardId : m_streams->openBoards()) {
        if (BoardStore *store = m_streams->store(boardId))
            store->setPresence({});
    }
}

void LiveSubscriptions::subscribe(const QString &stream)
{
    if (!m_active || !m_link->isReady())
        return;
    if (!m_streams->isOpen(stream)) { // closed meanwhile
        streamCurrent(stream);
        return;
    }
    const bool wasCurrent = m_catchingUp.isEmpty();
    m_catchingUp.insert(stream);
    if (wasCurrent)
        Q_EMIT catchingUp();
    if (m_streams->needsSnapshot(stream)) {
        if (!m_streams->isLoading(stream))
            reload(stream);
        return;
    }
    const StreamPosition pos = m_streams->position(stream);
    ClientMessage m;
    m.type = ClientMessage::Type::Subscribe;
    m.rid = m_link->nextRid();
    m.stream = stream;
    m.sinceSeq = pos.seq;
    m.epoch = pos.epoch;
    m_subscribeRids.insert(*m.rid, stream);
    m_link->send(m);
}

void LiveSubscriptions::reload(const QString &stream)
{
    m_streams->fetchSnapshot(stream, [this, stream](bool ok, bool networkError) {
        if (ok)
            subscribe(stream);
        else if (m_active && networkError) // try again shortly
            QTimer::singleShot(1000, this, [this, stream] { subscribe(stream); });
        else
            streamCurrent(stream); // forbidden, or closed meanwhile: give up on it
    });
}

void LiveSubscriptions::unsubscribe(const QString &stream)
{
    if (m_active && m_link->isReady()) {
        ClientMessage m;
        m.type = ClientMessage::Type::Unsubscribe;
        m.stream = stream;
        m_link->send(m);
    }
    m_replayTarget.remove(stream);
    streamCurrent(stream);
}

void LiveSubscriptions::streamCurrent(const QString &stream)
{
    if (!m_catchingUp.remove(stream))
        return;
    Q_EMIT caughtUp(stream);
    if (m_catchingUp.isEmpty())
        Q_EMIT current();
}

void LiveSubscriptions::handle(const ServerMessage &m)
{
    using T = ServerMessage::Type;
    switch (m.type) {
    case T::Subscribed:
        if (m.rid)
            m_subscribeRids.remove(*m.rid);
        if (m.mode == SubscribeMode::SnapshotRequired)
            reload(m.stream);
        else if (m.mode == SubscribeMode::Live || m.headSeq <= m_streams->position(m.stream).seq)
            streamCurrent(m.stream);
        else
            m_replayTarget.insert(m.stream, m.headSeq); // replay batches follow
        break;
    case T::Batch:
        switch (m_streams->applyBatch(m.stream, m.fromSeq, m.toSeq, m.events, m.unknownKinds)) {
        case StreamSync::Apply::Gap:
            subscribe(m.stream); // resume from what we have, never skip
            break;
        case StreamSync::Apply::Failed:
            reload(m.stream);
            break;
        case StreamSync::Apply::Applied:
            m_commands->settle();
            if (m_replayTarget.contains(m.stream) && m_streams->position(m.stream).seq >= m_replayTarget.value(m.stream)) {
                m_replayTarget.remove(m.stream);
                streamCurrent(m.stream);
            }
            break;
        case StreamSync::Apply::Duplicate:
            break;
        }
        break;
    case T::Ack:
    case T::Reject:
        m_commands->handleMessage(m);
        break;
    case T::Error:
        if (m.rid && m_subscribeRids.contains(*m.rid)) {
            const QString stream = m_subscribeRids.take(*m.rid);
            qCWarning(lcLive) << "cannot subscribe to" << stream << errorCodeName(m.error) << m.message;
            streamCurrent(stream);
        } else {
            m_commands->handleMessage(m);
        }
        break;
    case T::Presence:
    case T::PresenceDelta: {
        const StreamName name = StreamName::parse(m.stream);
        BoardStore *store = name.kind == StreamName::Kind::Board ? m_streams->store(name.id) : nullptr;
        if (store && m.type == T::Presence)
            store->setPresence(m.users);
        else if (store)
            store->applyPresenceDelta(m.delta.joined, m.delta.changed, m.delta.left);
        break;
    }
    case T::Heads:
        for (auto it = m.heads.cbegin(); it != m.heads.cend(); ++it) {
            if (it.value() != m_streams->position(it.key()).seq)
                subscribe(it.key());
        }
        break;
    case T::Boards:
        Q_EMIT boardListChanged();
        break;
    case T::Job:
        if (m_jobs.contains(StreamName::parse(m.stream).id))
            Q_EMIT jobProgress(m.job);
        break;
    case T::Welcome:
    case T::Unsubscribed:
        break;
    }
}

void LiveSubscriptions::followJob(const QString &jobId)
{
    if (!m_jobs.contains(jobId)) {
        m_jobs.insert(jobId);
        sendJobSubscription(jobId, true);
    }
}

void LiveSubscriptions::unfollowJob(const QString &jobId)
{
    if (m_jobs.remove(jobId))
        sendJobSubscription(jobId, false);
}

void LiveSubscriptions::sendJobSubscription(const QString &jobId, bool follow)
{
    if (!m_active || !m_link->isReady())
        return; // sent by begin() once the socket is welcomed
    ClientMessage m;
    m.type = follow ? ClientMessage::Type::Subscribe : ClientMessage::Type::Unsubscribe;
    m.stream = StreamName::job(jobId);
    if (follow)
        m.rid = m_link->nextRid();
    m_link->send(m);
}

void LiveSubscriptions::setPresence(const QString &boardId, const Presence &presence)
{
    m_presence.insert(boardId, presence);
    sendPresence();
}

void LiveSubscriptions::sendPresence()
{
    if (!m_active || !m_link->isReady())
        return;
    for (const Presence &p : std::as_const(m_presence)) {
        ClientMessage m;
        m.type = ClientMessage::Type::Presence;
        m.presence = p;
        m_link->send(m);
    }
}

} // namespace Tessera::Core
