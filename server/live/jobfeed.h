#pragma once

#include "core/protocol/messages.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

namespace Tessera::Server {

class WsConnection;

// The `job:<id>` streams of the live plane: a job's owner (or an admin) subscribes like to a
// board and receives `job` frames with its progress. Nothing is logged: a subscribe is
// answered with the job's current progress, then every change the job publishes. The jobs
// room (server/jobs) says who may watch and what the current progress is.
class JobFeed final : public QObject
{
    Q_OBJECT
public:
    // The job's progress JSON if `userId` may watch it, else nullopt (unknown or not theirs:
    // the same answer).
    using Lookup = std::function<std::optional<QJsonObject>(const QString &userId, const QString &jobId)>;

    explicit JobFeed(QObject *parent = nullptr) : QObject(parent) { }
    void setLookup(Lookup lookup) { m_lookup = std::move(lookup); }

    void subscribe(WsConnection *connection, const Core::ClientMessage &message);
    void unsubscribe(WsConnection *connection, const Core::ClientMessage &message);
    // Sends the progress to every connection watching the job (encoded once), and tells
    // the other nodes (published()).
    void publish(const QString &jobId, const QJsonObject &progress);
    // The same for progress another node published: sent here only.
    void deliver(const QString &jobId, const QJsonObject &progress);
    qsizetype watcherCount(const QString &jobId) const { return m_watchers.value(jobId).size(); }

Q_SIGNALS:
    void published(const QString &jobId, const QJsonObject &progress);

private:
    Lookup m_lookup;
    QHash<QString, QList<QPointer<WsConnection>>> m_watchers; // by job id
};

} // namespace Tessera::Server
