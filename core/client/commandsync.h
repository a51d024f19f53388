#pragma once

#include "core/protocol/messages.h"
#include "outbox.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace Tessera::Core {

class ApiClient;
class SocketLink;
class StreamSync;

// The write side of the sync engine: turns a person's op into a command in the outbox
// (persisted first), shows it at once as a pending overlay in the board's store, sends
// the queue in order over the socket (pipelined) or HTTP (one at a time), and settles
// acks, rejects and conflicts. An overlay stays until the stream delivers the command's
// event, so the view never flickers back to the old value.
//
// Refusals that are not decisions are not failures: a `rate_limited` reject (or HTTP 429)
// keeps the command queued under the same mutationId (it was not applied) and pauses all
// sending for its retryAfterMs; then the queue is sent again in order. The socket keeps at
// most MaxInFlight commands unanswered, so a burst of edits is paced, not dropped.
class CommandSync final : public QObject
{
    Q_OBJECT

public:
    enum class Transport { None, Socket, Http };
    static constexpr int MaxInFlight = 64; // unanswered commands on the socket

    CommandSync(ApiClient *api, StreamSync *streams, SocketLink *link, QObject *parent = nullptr);

    void setSession(Outbox *outbox, const QString &userId); // nullptr: signed out
    void setTransport(Transport transport); // also forgets what was in flight
    Transport transport() const { return m_transport; }

    QString submit(const QString &boardId, const Op &op);
    // One atomic command of several ops (all apply or none; one ack; undo takes it whole).
    QString submitBulk(const QString &boardId, const QList<Op> &ops);
    QString retry(const QString &mutationId); // the new mutationId, empty if not failed
    bool discard(const QString &mutationId);
    QString keepMine(const QString &mutationId);
    bool takeTheirs(const QString &mutationId);

    void restoreOverlays(const QString &boardId); // after a board is opened
    void flush(); // send whatever may go now
    void handleMessage(const ServerMessage &message); // ack, reject, error with a known rid
    void settle(); // drop overlays of acked commands the stores already contain
    int rateLimitedCount() const { return m_rateLimited; } // refusals waited out (for tests)
    bool isHeld() const { return m_holdTimer.isActive(); }

    // Events the streams applied: their commands are done even if the ack was lost.
    void confirm(const QList<std::pair<QString, qint64>> &mutations);

Q_SIGNALS:
    void acked(const QString &mutationId, qint64 seq);
    void failed(const QString &mutationId, Tessera::Core::RejectCode code, const QString &message);
    void conflicted(const QString &mutationId);
    void transportFailed(bool authFailed, const QString &message); // HTTP: network/5xx or 401
    void boardChanged(const QString &boardId); // an HTTP ack or takeTheirs: poll that board soon

private:
    QString resubmitted(const QString &oldId, const std::optional<Command> &command);
    QString submitCommand(Command command);
    Command normalized(Command command) const;
    Op withBase(const QString &boardId, Op op) const;
    void showOverlay(const OutboxEntry &entry);
    void sendHttp(const Command &command);
    void onAck(const QString &mutationId, qint64 fromSeq, qint64 seq);
    void onReject(const QString &mutationId, const CommandOutcome &outcome);
    // Not applied, not failed: stays queued; all sending pauses for `retryAfterMs`.
    void holdOff(const QString &mutationId, qint64 retryAfterMs);

    ApiClient *m_api;
    StreamSync *m_streams;
    SocketLink *m_link;
    Outbox *m_outbox = nullptr;
    QString m_userId;
    Transport m_transport = Transport::None;
    QSet<QString> m_inFlight;
    QHash<qint64, QString> m_ridToMutation;
    QHash<QString, std::pair<QString, qint64>> m_awaitingEvent; // acked id -> board, seq
    // What my acked commands wrote before their events arrived: a later edit of the same
    // field bases on these versions, or it would conflict with my own earlier edit.
    struct AckedWrite
    {
        QString boardId;
        QString itemId;
        QStringList fields;
        qint64 seq = 0;
    };
    QHash<QString, QList<AckedWrite>> m_ackedWrites; // acked id -> what it wrote
    QTimer m_holdTimer; // while active, nothing is sent (rate_limited)
    int m_rateLimited = 0;
};

} // namespace Tessera::Core
