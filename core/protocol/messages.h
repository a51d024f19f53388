#pragma once

#include "codes.h"
#include "command.h"
#include "commandoutcome.h"
#include "domain.h"
#include "event.h"

#include <QByteArrayList>
#include <QMap>

#include <optional>

namespace Tessera::Core {

// ---- client -> server WebSocket frames

struct ClientMessage
{
    enum class Type { Hello, Subscribe, Unsubscribe, Mutate, Presence, Heads };

    Type type = Type::Hello;
    std::optional<qint64> rid;
    // hello
    int protocol = 1;
    QString token;
    // subscribe / unsubscribe
    QString stream;
    std::optional<qint64> sinceSeq;
    QString epoch;
    // The most events per catch-up (replay) batch this client takes; the server grants at
    // most its own limit. Without it: the protocol's 500. Live batches are not affected.
    std::optional<qint64> replayBatchMax;
    // mutate
    Command command;
    // presence: board, itemId?, state, field?
    Core::Presence presence;
    // heads
    QStringList streams;

    QJsonObject toJson() const;
    QByteArray encode() const;
    static Expected<ClientMessage> fromJson(const QJsonObject &json);
    // Size, depth and shape checks in one go: what the server runs on every frame.
    static Expected<ClientMessage> decode(const QByteArray &bytes);
    bool operator==(const ClientMessage &) const = default;
};

QString clientMessageTypeName(ClientMessage::Type type);

// ---- server -> client WebSocket frames

struct PresenceDelta
{
    QList<Core::Presence> joined;
    QList<Core::Presence> changed;
    QStringList left; // user ids
    bool operator==(const PresenceDelta &) const = default;
};

// How a subscription starts (`subscribed.mode`).
enum class SubscribeMode {
    Live, // nothing missed
    Replay, // missed events follow as batches, then live
    SnapshotRequired, // the log no longer reaches sinceSeq: load a snapshot first
};
QString subscribeModeName(SubscribeMode mode);

struct ServerMessage
{
    // Boards: the list of boards this user may see changed (invited, removed, a board
    // renamed, archived, deleted or restored): fetch GET /api/v1/boards again.
    // Job: progress of a background job on its `job:<id>` stream (`job` holds JobProgress's JSON).
    enum class Type { Welcome, Error, Subscribed, Batch, Ack, Reject, Presence, PresenceDelta, Heads, Unsubscribed, Boards, Job };

    Type type = Type::Error;
    std::optional<qint64> rid;
    // welcome
    int protocol = 1;
    User user;
    qint64 maxMessageBytes = 0;
    qint64 batchWindowMs = 0;
    // error / reject
    ErrorCode error = ErrorCode::Unknown;
    RejectCode reject = RejectCode::Invalid;
    QString message;
    // subscribed / batch / presence
    QString stream;
    QString epoch;
    qint64 headSeq = 0;
    SubscribeMode mode = SubscribeMode::Live;
    std::optional<qint64> unread;
    std::optional<qint64> replayBatchMax; // subscribed: what the server grants of the client's replayBatchMax
    qint64 fromSeq = 0;
    qint64 toSeq = 0;
    EventList events;
    QStringList unknownKinds; // batch: kinds of events left out (a newer server's; see eventsFromJson)
    // ack / reject: as CommandOutcome (fromSeq also is a bulk ack's first seq)
    QString mutationId;
    qint64 seq = 0;
    bool duplicate = false;
    std::optional<Item> current;
    std::optional<qint64> retryAfterMs;
    QList<std::pair<QString, Item>> conflicts; // a bulk reject
    // presence / presence.delta
    QList<Core::Presence> users;
    Core::PresenceDelta delta;
    // heads
    QMap<QString, qint64> heads;
    // job
    QJsonObject job;

    QJsonObject toJson() const;
    QByteArray encode() const;
    // A batch frame around events that are already encoded (each a compact JSON object,
    // as Event::toJson gives it): the same frame as encode() of that batch, without
    // parsing or encoding the events again.
    static QByteArray encodeBatch(const QString &stream, qint64 fromSeq, qint64 toSeq, const QByteArrayList &eventsJson);
    static Expected<ServerMessage> fromJson(const QJsonObject &json);
    static Expected<ServerMessage> decode(const QByteArray &bytes, qsizetype maxBytes = 64 * 1024 * 1024);
    bool operator==(const ServerMessage &) const = default;

    static ServerMessage errorFrame(ErrorCode code, const QString &message, std::optional<qint64> rid = std::nullopt);
    // An ack or reject frame (an Error outcome becomes an error frame).
    static ServerMessage fromOutcome(const CommandOutcome &outcome, std::optional<qint64> rid = std::nullopt);
    CommandOutcome outcome() const; // of an ack or reject
};

QString serverMessageTypeName(ServerMessage::Type type);

// Stream names: "board:<id>", "item:<id>", "inbox", "job:<id>" (a background job's progress).
struct StreamName
{
    enum class Kind { Invalid, Board, Item, Inbox, Job };
    Kind kind = Kind::Invalid;
    QString id;

    static StreamName parse(const QString &stream);
    static QString board(const QString &boardId) { return QStringLiteral("board:") + boardId; }
    static QString item(const QString &itemId) { return QStringLiteral("item:") + itemId; }
    static QString inbox() { return QStringLiteral("inbox"); }
    static QString job(const QString &jobId) { return QStringLiteral("job:") + jobId; }
};

} // namespace Tessera::Core
