#pragma once

#include <QJsonObject>
#include <QObject>
#include <QSqlDriver>
#include <QTimer>

#include <memory>

namespace Tessera::Server {

class CommandService;
class Database;
class Hub;
class OwnConnection;

// Fan-out between server nodes on one PostgreSQL database (issue #16). Nodes never talk to
// each other: after each commit a node NOTIFYs channel `tessera` with a hint
// {"n": node, "k": "b"|"i", "id": board or user, "f": fromSeq, "t": toSeq, "l": 1 when who
// sees the board may have changed}, and every node LISTENs on a connection of its own.
// On another node's hint the hub reads the events from the log (the hint is never the
// data) and fans them out in order (the command path brings its cached board up to the
// head when it next locks it). A lost hint (the listening connection dropped, the node paused) is caught by the
// head check every headsIntervalMs: every followed stream is compared with the database's
// head and caught up from the log; a dead listening connection is opened again then, and so
// is the node's own connection (Database::reconnectIfLost) after a database restart.
class ClusterBus final : public QObject
{
    Q_OBJECT
public:
    ClusterBus(Database &database, Hub &hub, CommandService &commands, int headsIntervalMs, QObject *parent = nullptr);
    ~ClusterBus() override;

    static constexpr int DefaultHeadsIntervalMs = 2000;
    static constexpr auto Channel = "tessera";

    QString nodeId() const { return m_node; }
    bool listening() const { return m_listening; }
    quint64 hintsReceived() const { return m_received; }
    quint64 streamsRecovered() const { return m_recovered; } // behind at a head check

    // Runs the head check now (also every headsIntervalMs).
    void checkNow();

    // Sessions ended here (sign-out, revoked, password changed, user disabled): the other
    // nodes close their sockets of them too ({"k": "s"|"u"|"o", "id", "keep"}). HTTP needs
    // nothing: every node checks the session in the database on each request.
    enum class Ended { Session, User, OthersOf };
    void publishEnded(Ended kind, const QString &id, const QString &keepSessionId = QString());
    // A job runs on the node that took its upload: its progress goes to watchers on every
    // node ({"k": "j"}), and a cancel asked of another node reaches it ({"k": "jc"}).
    void publishJobProgress(const QString &jobId, const QJsonObject &progress);
    void publishJobCancel(const QString &jobId);

Q_SIGNALS:
    void endedElsewhere(Tessera::Server::ClusterBus::Ended kind, const QString &id, const QString &keepSessionId);
    void jobProgressElsewhere(const QString &jobId, const QJsonObject &progress);
    void jobCancelAsked(const QString &jobId);

private:
    void notify(const QJsonObject &hint);
    void publish(bool board, const QString &id, qint64 fromSeq, qint64 toSeq, bool boardListChanged);
    void listen();
    void onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);

    Database &m_database;
    Hub &m_hub;
    CommandService &m_commands;
    QString m_node;
    std::unique_ptr<OwnConnection> m_listener;
    bool m_listening = false;
    QTimer m_heads;
    quint64 m_received = 0;
    quint64 m_recovered = 0;
};

} // namespace Tessera::Server
