#pragma once

#include "command.h"
#include "domain.h"
#include "event.h"

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

struct ServerMessage
{
    enum class Type { Welcome, Error, Subscribed, Batch, Ack, Reject, Presence, PresenceDelta, Heads, Unsubscribed };

    Type type = Type::Error;
    std::optional<qint64> rid;
    // welcome
    int protocol = 1;
    User user;
    qint64 maxMessageBytes = 0;
    qint64 batchWindowMs = 0;
    // error / reject
    QString code;
    QString message;
    // subscribed / batch / presence
    QString stream;
    QString epoch;
    qint64 headSeq = 0;
    QString mode; // live, replay, snapshotRequired
    std::optional<qint64> unread;
    qint64 fromSeq = 0;
    qint64 toSeq = 0;
    EventList events;
    // ack / reject
    QString mutationId;
    qint64 seq = 0;
    bool duplicate = false;
    std::optional<Item> current;
    // presence / presence.delta
    QList<Core::Presence> users;
    Core::PresenceDelta delta;
    // heads
    QMap<QString, qint64> heads;

    QJsonObject toJson() const;
    QByteArray encode() const;
    static Expected<ServerMessage> fromJson(const QJsonObject &json);
    static Expected<ServerMessage> decode(const QByteArray &bytes, qsizetype maxBytes = 64 * 1024 * 1024);
    bool operator==(const ServerMessage &) const = default;

    static ServerMessage error(const QString &code, const QString &message, std::optional<qint64> rid = std::nullopt);
};

QString serverMessageTypeName(ServerMessage::Type type);

// Stream names: "board:<id>", "item:<id>", "inbox".
struct StreamName
{
    enum class Kind { Invalid, Board, Item, Inbox };
    Kind kind = Kind::Invalid;
    QString id;

    static StreamName parse(const QString &stream);
    static QString board(const QString &boardId) { return QStringLiteral("board:") + boardId; }
    static QString item(const QString &itemId) { return QStringLiteral("item:") + itemId; }
    static QString inbox() { return QStringLiteral("inbox"); }
};

} // namespace Tessera::Core
