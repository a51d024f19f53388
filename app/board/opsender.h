#pragma once

#include "core/protocol/command.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

namespace Tessera::Core {
class SyncClient;
}

namespace Tessera::App {

// Sends board, member and column ops through the engine's outbox (so they wait there while
// offline) and hears what became of each. A refused op is dropped from the outbox at once
// (there is nothing to retry: the board changed or the person may not do it) and its
// reason reported, so the person sees why and the change rolls back everywhere.
class OpSender final : public QObject
{
    Q_OBJECT

public:
    // accepted: the server took it; else `message` is the server's reason.
    using Done = std::function<void(bool accepted, const QString &message)>;

    explicit OpSender(Core::SyncClient *sync, QObject *parent = nullptr);

    // The mutation id, or empty when there is no session to send it in.
    QString send(const QString &boardId, const Core::Op &op, Done done = {});
    bool isWaiting() const { return !m_waiting.isEmpty(); }

Q_SIGNALS:
    void refused(const QString &boardId, const QString &message);

private:
    struct Waiting
    {
        QString boardId;
        Done done;
    };
    QPointer<Core::SyncClient> m_sync;
    QHash<QString, Waiting> m_waiting; // by mutation id
};

} // namespace Tessera::App
