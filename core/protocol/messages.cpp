#include "messages.h"

#include "nametable.h"

#include "jsonreader.h"
#include "limits.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Tessera::Core {

namespace {

constexpr NameTable<SubscribeMode, 3> SubscribeModes { { {
        { SubscribeMode::Live, "live" },
        { SubscribeMode::Replay, "replay" },
        { SubscribeMode::SnapshotRequired, "snapshotRequired" },
} } };

} // namespace

namespace {

const QStringList &clientTypes()
{
    static const QStringList t { QStringLiteral("hello"),    QStringLiteral("subscribe"), QStringLiteral("unsubscribe"),
                                 QStringLiteral("mutate"),   QStringLiteral("presence"),  QStringLiteral("heads") };
    return t;
}

const QStringList &serverTypes()
{
    static const QStringList t { QStringLiteral("welcome"),  QStringLiteral("error"),          QStringLiteral("subscribed"),
                                 QStringLiteral("batch"),    QStringLiteral("ack"),            QStringLiteral("reject"),
                                 QStringLiteral("presence"), QStringLiteral("presence.delta"), QStringLiteral("heads"),
                                 QStringLiteral("unsubscribed"), QStringLiteral("boards"), QStringLiteral("job") };
    return t;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonArray presenceArray(const QList<Presence> &list)
{
    QJsonArray a;
    for (const Presence &p : list)
        a.append(p.toJson());
    return a;
}

Expected<QList<Presence>> presenceList(JsonReader &r, const QString &key)
{
    const QJsonArray a = r.array(key, JsonReader::Optional, 100000);
    if (!r.ok())
        return r.error();
    QList<Presence> out;
    for (qsizetype i = 0; i < a.size(); ++i) {
        auto p = Presence::fromJson(a.at(i).toObject(), QStringLiteral("%1[%2]").arg(r.pathOf(key)).arg(i));
        if (!p)
            return p.error();
        out.append(p.value());
    }
    return out;
}

} // namespace

QString clientMessageTypeName(ClientMessage::Type type)
{
    return clientTypes().at(int(type));
}

QString serverMessageTypeName(ServerMessage::Type type)
{
    return serverTypes().at(int(type));
}

StreamName StreamName::parse(const QString &stream)
{
    StreamName s;
    if (stream == QLatin1String("inbox")) {
        s.kind = Kind::Inbox;
        return s;
    }
    const qsizetype colon = stream.indexOf(QLatin1Char(':'));
    if (colon < 0)
        return s;
    const QString prefix = stream.left(colon);
    const QString id = stream.mid(colon + 1);
    if (!JsonReader::isValidId(id))
        return s;
    if (prefix == QLatin1String("board"))
        s.kind = Kind::Board;
    else if (prefix == QLatin1String("item"))
        s.kind = Kind::Item;
    else if (prefix == QLatin1String("job"))
        s.kind = Kind::Job;
    else
        return s;
    s.id = id;
    return s;
}

// ---- ClientMessage

QJsonObject ClientMessage::toJson() const
{
    QJsonObject o { { QStringLiteral("type"), clientMessageTypeName(type) } };
    if (rid)
        o.insert(QStringLiteral("rid"), double(*rid));
    switch (type) {
    case Type::Hello:
        o.insert(QStringLiteral("protocol"), protocol);
        o.insert(QStringLiteral("token"), token);
        break;
    case Type::Subscribe:
        o.insert(QStringLiteral("stream"), stream);
        if (sinceSeq)
            o.insert(QStringLiteral("sinceSeq"), double(*sinceSeq));
        if (!epoch.isEmpty())
            o.insert(QStringLiteral("epoch"), epoch);
        if (replayBatchMax)
            o.insert(QStringLiteral("replayBatchMax"), double(*replayBatchMax));
        break;
    case Type::Unsubscribe:
        o.insert(QStringLiteral("stream"), stream);
        break;
    case Type::Mutate: {
        const QJsonObject c = command.toJson();
        for (auto it = c.constBegin(); it != c.constEnd(); ++it)
            o.insert(it.key(), it.value());
        break;
    }
    case Type::Presence: {
        o.insert(QStringLiteral("board"), presence.boardId);
        o.insert(QStringLiteral("state"), presenceStateName(presence.state));
        if (!presence.itemId.isEmpty())
            o.insert(QStringLiteral("itemId"), presence.itemId);
        if (!presence.field.isEmpty())
            o.insert(QStringLiteral("field"), presence.field);
        break;
    }
    case Type::Heads:
        o.insert(QStringLiteral("streams"), QJsonArray::fromStringList(streams));
        break;
    }
    return o;
}

QByteArray ClientMessage::encode() const
{
    return compact(toJson());
}

Expected<ClientMessage> ClientMessage::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    ClientMessage m;
    const QString type = r.oneOf(QStringLiteral("type"), clientTypes());
    if (json.contains(QStringLiteral("rid")))
        m.rid = r.integer(QStringLiteral("rid"), JsonReader::Required, 0, (qint64(1) << 53));
    if (!r.ok())
        return r.error();
    m.type = Type(clientTypes().indexOf(type));
    const auto readStream = [&] {
        m.stream = r.string(QStringLiteral("stream"), JsonReader::Required, 80);
        if (r.ok() && StreamName::parse(m.stream).kind == StreamName::Kind::Invalid)
            r.fail(CodecError::Kind::Invalid, QStringLiteral("stream"),
                   QStringLiteral("a stream is board:<id>, item:<id>, job:<id> or inbox"));
    };
    switch (m.type) {
    case Type::Hello:
        m.protocol = int(r.integer(QStringLiteral("protocol"), JsonReader::Required, 0, 1000));
        m.token = r.string(QStringLiteral("token"), JsonReader::Required, Limits::maxTokenLength);
        break;
    case Type::Subscribe:
        readStream();
        m.sinceSeq = r.optionalInteger(QStringLiteral("sinceSeq"), 0);
        m.epoch = r.string(QStringLiteral("epoch"), JsonReader::Optional, 64);
        m.replayBatchMax = r.optionalInteger(QStringLiteral("replayBatchMax"), 1);
        break;
    case Type::Unsubscribe:
        readStream();
        break;
    case Type::Mutate: {
        auto c = Command::fromJson(json);
        if (!c)
            return c.error();
        m.command = c.value();
        break;
    }
    case Type::Presence:
        m.presence.boardId = r.id(QStringLiteral("board"));
        m.presence.itemId = r.id(QStringLiteral("itemId"), JsonReader::Optional);
        m.presence.state = presenceStateFromName(r.oneOf(QStringLiteral("state"), { QStringLiteral("viewing"), QStringLiteral("editing") })).value_or(PresenceState::Viewing);
        m.presence.field = r.id(QStringLiteral("field"), JsonReader::Optional);
        break;
    case Type::Heads:
        if (const QJsonArray a = r.array(QStringLiteral("streams"), JsonReader::Required, Limits::maxStreamsPerRequest);
            r.ok()) {
            for (qsizetype i = 0; i < a.size(); ++i) {
                const QString s = a.at(i).toString();
                if (!a.at(i).isString() || StreamName::parse(s).kind == StreamName::Kind::Invalid) {
                    r.fail(CodecError::Kind::Invalid, QStringLiteral("streams[%1]").arg(i),
                           QStringLiteral("a stream is board:<id>, item:<id>, job:<id> or inbox"));
                    break;
                }
                m.streams.append(s);
            }
        }
        break;
    }
    if (!r.ok())
        return r.error();
    return m;
}

Expected<ClientMessage> ClientMessage::decode(const QByteArray &bytes)
{
    const ParsedJson parsed = parseJsonObject(bytes, Limits::maxMessageBytes, Limits::maxJsonDepth);
    if (parsed.error.isError())
        return parsed.error;
    return fromJson(parsed.object);
}

// ---- ServerMessage

QString subscribeModeName(SubscribeMode mode)
{
    return SubscribeModes.name(mode);
}

ServerMessage ServerMessage::errorFrame(ErrorCode code, const QString &message, std::optional<qint64> rid)
{
    ServerMessage m;
    m.type = Type::Error;
    m.error = code;
    m.message = message;
    m.rid = rid;
    return m;
}

ServerMessage ServerMessage::fromOutcome(const CommandOutcome &outcome, std::optional<qint64> rid)
{
    if (outcome.status == CommandOutcome::Status::Error)
        return errorFrame(outcome.error, outcome.message, rid);
    ServerMessage m;
    m.type = outcome.status == CommandOutcome::Status::Ack ? Type::Ack : Type::Reject;
    m.rid = rid;
    m.mutationId = outcome.mutationId;
    m.seq = outcome.seq;
    m.fromSeq = outcome.fromSeq;
    m.duplicate = outcome.duplicate;
    m.reject = outcome.reject;
    m.message = outcome.message;
    m.current = outcome.current;
    m.retryAfterMs = outcome.retryAfterMs;
    m.conflicts = outcome.conflicts;
    return m;
}

CommandOutcome ServerMessage::outcome() const
{
    CommandOutcome o;
    o.status = type == Type::Ack ? CommandOutcome::Status::Ack : CommandOutcome::Status::Reject;
    o.mutationId = mutationId;
    o.seq = seq;
    o.fromSeq = type == Type::Ack ? fromSeq : 0;
    o.duplicate = duplicate;
    o.reject = reject;
    o.message = message;
    o.current = current;
    o.retryAfterMs = retryAfterMs;
    o.conflicts = conflicts;
    return o;
}

QJsonObject ServerMessage::toJson() const
{
    QJsonObject o { { QStringLiteral("type"), serverMessageTypeName(type) } };
    if (rid)
        o.insert(QStringLiteral("rid"), double(*rid));
    switch (type) {
    case Type::Welcome:
        o.insert(QStringLiteral("protocol"), protocol);
        o.insert(QStringLiteral("user"), user.toJson());
        o.insert(QStringLiteral("limits"), QJsonObject { { QStringLiteral("maxMessageBytes"), double(maxMessageBytes) },
                                                         { QStringLiteral("batchWindowMs"), double(batchWindowMs) } });
        break;
    case Type::Error:
        o.insert(QStringLiteral("code"), errorCodeName(error));
        o.insert(QStringLiteral("message"), message);
        if (!stream.isEmpty())
            o.insert(QStringLiteral("stream"), stream);
        break;
    case Type::Subscribed:
        o.insert(QStringLiteral("stream"), stream);
        o.insert(QStringLiteral("epoch"), epoch);
        o.insert(QStringLiteral("headSeq"), double(headSeq));
        o.insert(QStringLiteral("mode"), subscribeModeName(mode));
        if (unread)
            o.insert(QStringLiteral("unread"), double(*unread));
        if (replayBatchMax)
            o.insert(QStringLiteral("replayBatchMax"), double(*replayBatchMax));
        break;
    case Type::Unsubscribed:
        o.insert(QStringLiteral("stream"), stream);
        break;
    case Type::Batch: {
        o.insert(QStringLiteral("stream"), stream);
        o.insert(QStringLiteral("fromSeq"), double(fromSeq));
        o.insert(QStringLiteral("toSeq"), double(toSeq));
        QJsonArray a;
        for (const Event &e : events)
            a.append(e.toJson());
        o.insert(QStringLiteral("events"), a);
        break;
    }
    case Type::Ack:
    case Type::Reject: {
        const QJsonObject body = outcome().toJson(); // the one codec of command outcomes
        for (auto it = body.begin(); it != body.end(); ++it)
            o.insert(it.key(), it.value());
        break;
    }
    case Type::Presence:
        o.insert(QStringLiteral("stream"), stream);
        o.insert(QStringLiteral("users"), presenceArray(users));
        break;
    case Type::PresenceDelta:
        o.insert(QStringLiteral("stream"), stream);
        o.insert(QStringLiteral("joined"), presenceArray(delta.joined));
        o.insert(QStringLiteral("changed"), presenceArray(delta.changed));
        o.insert(QStringLiteral("left"), QJsonArray::fromStringList(delta.left));
        break;
    case Type::Heads: {
        QJsonObject h;
        for (auto it = heads.constBegin(); it != heads.constEnd(); ++it)
            h.insert(it.key(), double(it.value()));
        o.insert(QStringLiteral("heads"), h);
        break;
    }
    case Type::Boards:
        break;
    case Type::Job:
        o.insert(QStringLiteral("stream"), stream);
        o.insert(QStringLiteral("job"), job);
        break;
    }
    return o;
}

QByteArray ServerMessage::encode() const
{
    return compact(toJson());
}

QByteArray ServerMessage::encodeBatch(const QString &stream, qint64 fromSeq, qint64 toSeq, const QByteArrayList &eventsJson)
{
    ServerMessage envelope;
    envelope.type = Type::Batch;
    envelope.stream = stream;
    envelope.fromSeq = fromSeq;
    envelope.toSeq = toSeq;
    QJsonObject head = envelope.toJson();
    head.remove(QStringLiteral("events"));
    const QByteArray rest = compact(head); // {"fromSeq":…,"type":"batch"}
    qsizetype size = rest.size() + 12;
    for (const QByteArray &e : eventsJson)
        size += e.size() + 1;
    QByteArray out;
    out.reserve(size);
    out.append("{\"events\":[");
    for (qsizetype i = 0; i < eventsJson.size(); ++i) {
        if (i > 0)
            out.append(',');
        out.append(eventsJson.at(i));
    }
    out.append("],");
    out.append(QByteArrayView(rest).sliced(1));
    return out;
}

Expected<ServerMessage> ServerMessage::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    ServerMessage m;
    const QString type = r.oneOf(QStringLiteral("type"), serverTypes());
    if (json.contains(QStringLiteral("rid")))
        m.rid = r.integer(QStringLiteral("rid"), JsonReader::Required, 0, (qint64(1) << 53));
    if (!r.ok())
        return r.error();
    m.type = Type(serverTypes().indexOf(type));
    switch (m.type) {
    case Type::Welcome: {
        m.protocol = int(r.integer(QStringLiteral("protocol")));
        const QJsonObject user = r.object(QStringLiteral("user"));
        JsonReader limits(r.object(QStringLiteral("limits")), QStringLiteral("limits"));
        m.maxMessageBytes = limits.integer(QStringLiteral("maxMessageBytes"));
        m.batchWindowMs = limits.integer(QStringLiteral("batchWindowMs"));
        if (!limits.ok())
            return limits.error();
        if (!r.ok())
            return r.error();
        auto u = User::fromJson(user);
        if (!u)
            return u.error();
        m.user = u.value();
        break;
    }
    case Type::Error:
        m.error = errorCodeFromName(r.string(QStringLiteral("code"), JsonReader::Required, 64));
        m.message = r.string(QStringLiteral("message"), JsonReader::Required, 4096);
        m.stream = r.string(QStringLiteral("stream"), JsonReader::Optional, 80);
        break;
    case Type::Subscribed:
        m.stream = r.string(QStringLiteral("stream"), JsonReader::Required, 80);
        m.epoch = r.string(QStringLiteral("epoch"), JsonReader::Required, 64);
        m.headSeq = r.integer(QStringLiteral("headSeq"), JsonReader::Required, 0);
        m.mode = SubscribeModes.value(r.oneOf(QStringLiteral("mode"), SubscribeModes.names())).value_or(SubscribeMode::Live);
        m.unread = r.optionalInteger(QStringLiteral("unread"), 0);
        m.replayBatchMax = r.optionalInteger(QStringLiteral("replayBatchMax"), 1);
        break;
    case Type::Unsubscribed:
        m.stream = r.string(QStringLiteral("stream"), JsonReader::Required, 80);
        break;
    case Type::Batch: {
        m.stream = r.string(QStringLiteral("stream"), JsonReader::Required, 80);
        m.fromSeq = r.integer(QStringLiteral("fromSeq"), JsonReader::Required, 1);
        m.toSeq = r.integer(QStringLiteral("toSeq"), JsonReader::Required, 1);
        const QJsonArray events = r.array(QStringLiteral("events"), JsonReader::Required, 1000000);
        if (!r.ok())
            return r.error();
        if (m.toSeq < m.fromSeq)
            return CodecError::make(CodecError::Kind::Invalid, QStringLiteral("toSeq"), QStringLiteral("toSeq < fromSeq"));
        auto decoded = eventsFromJson(events, QStringLiteral("events"), &m.unknownKinds);
        if (!decoded)
            return decoded.error();
        m.events = std::move(decoded).value();
        for (qsizetype i = 0; i < m.events.size(); ++i) {
            if (m.events.at(i).seq < m.fromSeq || m.events.at(i).seq > m.toSeq)
                return CodecError::make(CodecError::Kind::OutOfRange, QStringLiteral("events[%1].seq").arg(i),
                                        QStringLiteral("event seq outside fromSeq..toSeq"));
        }
        break;
    }
    case Type::Ack:
    case Type::Reject: {
        auto outcome = CommandOutcome::fromJson(json);
        if (!outcome)
            return outcome.error();
        const std::optional<qint64> rid = m.rid;
        m = fromOutcome(outcome.value(), rid);
        break;
    }
    case Type::Presence: {
        m.stream = r.string(QStringLiteral("stream"), JsonReader::Required, 80);
        auto users = presenceList(r, QStringLiteral("users"));
        if (!users)
            return users.error();
        m.users = users.value();
        break;
    }
    case Type::PresenceDelta: {
        m.stream = r.string(QStringLiteral("stream"), JsonReader::Required, 80);
        auto joined = presenceList(r, QStringLiteral("joined"));
        if (!joined)
            return joined.error();
        auto changed = presenceList(r, QStringLiteral("changed"));
        if (!changed)
            return changed.error();
        m.delta.joined = joined.value();
        m.delta.changed = changed.value();
        m.delta.left = r.idList(QStringLiteral("left"), JsonReader::Optional, 100000);
        break;
    }
    case Type::Heads: {
        const QJsonObject heads = r.object(QStringLiteral("heads"));
        JsonReader h(heads, QStringLiteral("heads"));
        for (auto it = heads.constBegin(); it != heads.constEnd() && h.ok(); ++it)
            m.heads.insert(it.key(), h.integer(it.key(), JsonReader::Required, 0));
        if (!h.ok())
            return h.error();
        break;
    }
    case Type::Boards:
        break;
    case Type::Job:
        m.stream = r.string(QStringLiteral("stream"), JsonReader::Required, 80);
        m.job = r.object(QStringLiteral("job"));
        break;
    }
    if (!r.ok())
        return r.error();
    return m;
}

Expected<ServerMessage> ServerMessage::decode(const QByteArray &bytes, qsizetype maxBytes)
{
    const ParsedJson parsed = parseJsonObject(bytes, maxBytes, Limits::maxJsonDepth);
    if (parsed.error.isError())
        return parsed.error;
    return fromJson(parsed.object);
}

} // namespace Tessera::Core
