#include "clusterbus.h"

#include "hub.h"
#include "presencetracker.h"
#include "server/commands/commandservice.h"
#include "server/ops/logging.h"
#include "server/storage/database.h"
#include "server/storage/ownconnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace Tessera::Server {

namespace {

bool changesBoardList(const Core::EventList &events)
{
    using K = Core::EventKind;
    for (const Core::Event &e : events) {
        switch (e.kind) {
        case K::MemberAdded:
        case K::MemberRemoved:
        case K::BoardUpdated:
        case K::BoardDeleted:
        case K::BoardRestored:
            return true;
        default:
            break;
        }
    }
    return false;
}

// Another node's connection as this node's presence tracker knows it: never equal to a
// local id (RemoteBit) nor, but for a 32-bit hash collision, to another node's.
quint64 remoteConnection(const QString &node, quint64 connectionId)
{
    return PresenceTracker::RemoteBit | (quint64(qHash(node) & 0x7fffffffU) << 32) | (connectionId & 0xffffffffU);
}

} // namespace

ClusterBus::ClusterBus(Database &database, Hub &hub, CommandService &commands, int headsIntervalMs, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_hub(hub)
    , m_commands(commands)
    , m_node(QUuid::createUuid().toString(QUuid::Id128).left(12))
{
    connect(&m_commands, &CommandService::boardEventsCommitted, this, [this](const QString &boardId, const Core::EventList &events) {
        if (!events.isEmpty())
            publish(true, boardId, events.first().seq, events.last().seq, changesBoardList(events));
    });
    connect(&m_commands, &CommandService::inboxEventsCommitted, this, [this](const QString &userId, const Core::EventList &events) {
        if (!events.isEmpty())
            publish(false, userId, events.first().seq, events.last().seq, false);
    });
    // Presence is never logged: the hint carries it (a few hundred bytes, within NOTIFY's 8 KB).
    PresenceTracker &presence = m_hub.presenceTracker();
    connect(&presence, &PresenceTracker::localApplied, this, [this](quint64 connectionId, const Core::Presence &p) {
        notify({ { QStringLiteral("n"), m_node }, { QStringLiteral("k"), QStringLiteral("p") },
                 { QStringLiteral("id"), p.boardId }, { QStringLiteral("c"), QString::number(connectionId) },
                 { QStringLiteral("p"), p.toJson() } });
    });
    connect(&presence, &PresenceTracker::localConnectionRemoved, this, [this](quint64 connectionId) {
        notify({ { QStringLiteral("n"), m_node }, { QStringLiteral("k"), QStringLiteral("pc") },
                 { QStringLiteral("id"), QString::number(connectionId) } });
    });
    m_heads.setInterval(std::max(100, headsIntervalMs));
    connect(&m_heads, &QTimer::timeout, this, &ClusterBus::checkNow);
    m_heads.start();
    listen();
}

ClusterBus::~ClusterBus() = default;

void ClusterBus::publish(bool board, const QString &id, qint64 fromSeq, qint64 toSeq, bool boardListChanged)
{
    QJsonObject hint { { QStringLiteral("n"), m_node },
                       { QStringLiteral("k"), board ? QStringLiteral("b") : QStringLiteral("i") },
                       { QStringLiteral("id"), id },
                       { QStringLiteral("f"), fromSeq },
                       { QStringLiteral("t"), toSeq } };
    if (boardListChanged)
        hint.insert(QStringLiteral("l"), 1);
    notify(hint);
}

void ClusterBus::publishEnded(Ended kind, const QString &id, const QString &keepSessionId)
{
    static const QString kinds[] = { QStringLiteral("s"), QStringLiteral("u"), QStringLiteral("o") };
    QJsonObject hint { { QStringLiteral("n"), m_node }, { QStringLiteral("k"), kinds[int(kind)] }, { QStringLiteral("id"), id } };
    if (!keepSessionId.isEmpty())
        hint.insert(QStringLiteral("keep"), keepSessionId);
    notify(hint);
}

void ClusterBus::publishJobProgress(const QString &jobId, const QJsonObject &progress)
{
    notify({ { QStringLiteral("n"), m_node }, { QStringLiteral("k"), QStringLiteral("j") }, { QStringLiteral("id"), jobId },
             { QStringLiteral("p"), progress } });
}

void ClusterBus::publishJobCancel(const QString &jobId)
{
    notify({ { QStringLiteral("n"), m_node }, { QStringLiteral("k"), QStringLiteral("jc") }, { QStringLiteral("id"), jobId } });
}

void ClusterBus::notify(const QJsonObject &hint)
{
    QSqlQuery q(m_database.db());
    q.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
    q.addBindValue(QString::fromLatin1(Channel));
    q.addBindValue(QString::fromUtf8(QJsonDocument(hint).toJson(QJsonDocument::Compact)));
    if (!q.exec()) // the others find the events at their next head check
        qCWarning(lcStorage, "cluster: cannot notify the other nodes: %s", qPrintable(q.lastError().text()));
}

void ClusterBus::listen()
{
    m_listening = false;
    m_listener.reset();
    ConnectionSpec spec = m_database.spec();
    // Named, so an admin (and the tests) can find this node's listening connection.
    spec.options += QStringLiteral(";application_name=tessera-listen-%1").arg(m_node);
    m_listener = std::make_unique<OwnConnection>(spec);
    if (!m_listener->isOpen()) {
        qCWarning(lcStorage, "cluster: cannot open the listening connection: %s",
                  qPrintable(m_listener->db().lastError().text()));
        return;
    }
    QSqlDriver *driver = m_listener->db().driver();
    connect(driver, &QSqlDriver::notification, this, &ClusterBus::onNotification);
    m_listening = driver->subscribeToNotification(QString::fromLatin1(Channel));
    if (!m_listening)
        qCWarning(lcStorage, "cluster: LISTEN failed: %s", qPrintable(driver->lastError().text()));
}

void ClusterBus::onNotification(const QString &name, QSqlDriver::NotificationSource, const QVariant &payload)
{
    if (name != QLatin1String(Channel))
        return;
    const QJsonObject hint = QJsonDocument::fromJson(payload.toString().toUtf8()).object();
    if (hint.value(QStringLiteral("n")).toString() == m_node)
        return; // our own commit: fanned out already
    const QString kind = hint.value(QStringLiteral("k")).toString();
    const QString id = hint.value(QStringLiteral("id")).toString();
    if (id.isEmpty())
        return;
    if (kind == QLatin1String("j"))
        return Q_EMIT jobProgressElsewhere(id, hint.value(QStringLiteral("p")).toObject());
    if (kind == QLatin1String("jc"))
        return Q_EMIT jobCancelAsked(id);
    if (kind == QLatin1String("p") || kind == QLatin1String("pc")) {
        const QString connection = kind == QLatin1String("p") ? hint.value(QStringLiteral("c")).toString() : id;
        const quint64 remote = remoteConnection(hint.value(QStringLiteral("n")).toString(), connection.toULongLong());
        if (kind == QLatin1String("pc")) {
            m_hub.presenceTracker().removeConnection(remote);
        } else if (const auto p = Core::Presence::fromJson(hint.value(QStringLiteral("p")).toObject())) {
            m_hub.presenceTracker().updateRemote(remote, p.value());
        }
        return;
    }
    if (kind == QLatin1String("s") || kind == QLatin1String("u") || kind == QLatin1String("o")) {
        const Ended ended = kind == QLatin1String("s") ? Ended::Session : kind == QLatin1String("u") ? Ended::User : Ended::OthersOf;
        Q_EMIT endedElsewhere(ended, id, hint.value(QStringLiteral("keep")).toString());
        return;
    }
    const qint64 from = qint64(hint.value(QStringLiteral("f")).toDouble());
    const qint64 to = qint64(hint.value(QStringLiteral("t")).toDouble());
    if (id.isEmpty() || to < 1 || (kind != QLatin1String("b") && kind != QLatin1String("i")))
        return; // not ours, or garbled: the head check covers whatever it was about
    ++m_received;
    m_hub.onLogAdvanced(kind == QLatin1String("b"), id, from, to, hint.contains(QStringLiteral("l")));
}

void ClusterBus::checkNow()
{
    // The node's own connection too: after a database restart it would answer nothing.
    if (!m_database.reconnectIfLost())
        return; // the next check tries again

    // A dropped listening connection delivers nothing and says nothing: ask it.
    if (m_listener && m_listener->isOpen()) {
        QSqlQuery ping(m_listener->db());
        if (!ping.exec(QStringLiteral("SELECT 1")))
            m_listening = false;
    }
    if (!m_listening) {
        qCWarning(lcStorage, "cluster: the listening connection is gone; opening it again");
        listen();
    }
    m_recovered += quint64(m_hub.checkHeads());
}

} // namespace Tessera::Server
