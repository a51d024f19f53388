#include "opsender.h"

#include "core/client/syncclient.h"

namespace Tessera::App {

OpSender::OpSender(Core::SyncClient *sync, QObject *parent) : QObject(parent), m_sync(sync)
{
    if (!sync)
        return;
    connect(sync, &Core::SyncClient::commandAcked, this, [this](const QString &mutationId) {
        const Waiting w = m_waiting.take(mutationId);
        if (w.done)
            w.done(true, QString());
    });
    connect(sync, &Core::SyncClient::commandFailed, this,
            [this](const QString &mutationId, Core::RejectCode, const QString &message) {
                if (!m_waiting.contains(mutationId))
                    return;
                const Waiting w = m_waiting.take(mutationId);
                // The overlay goes, so everything shows the server's board again; after the
                // other listeners of this signal had their look at the mutation.
                QMetaObject::invokeMethod(this, [this, mutationId] {
                    if (m_sync)
                        m_sync->discard(mutationId);
                }, Qt::QueuedConnection);
                Q_EMIT refused(w.boardId, message);
                if (w.done)
                    w.done(false, message);
            });
}

QString OpSender::send(const QString &boardId, const Core::Op &op, Done done)
{
    if (!m_sync)
        return QString();
    const QString id = m_sync->submit(boardId, op);
    if (!id.isEmpty())
        m_waiting.insert(id, { boardId, std::move(done) });
    return id;
}

} // namespace Tessera::App
