#include "httpbodies.h"

#include "jsonreader.h"
#include "limits.h"

namespace Tessera::Core {

namespace {

// The objects of array `key`, each decoded with `decode(object, path)`.
template<typename T, typename Decode>
Expected<QList<T>> listOf(JsonReader &r, const QString &key, qsizetype maxLength, Decode decode)
{
    const QJsonArray array = r.array(key, JsonReader::Optional, maxLength);
    if (!r.ok())
        return r.error();
    QList<T> out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = r.pathOf(key) + QStringLiteral("[%1]").arg(i);
        if (!array.at(i).isObject())
            return CodecError::make(CodecError::Kind::WrongType, path, QStringLiteral("expected an object"));
        auto item = decode(array.at(i).toObject(), path);
        if (!item)
            return item.error();
        out.append(std::move(item).value());
    }
    return out;
}

template<typename T>
QJsonArray arrayOf(const QList<T> &items)
{
    QJsonArray out;
    for (const T &item : items)
        out.append(item.toJson());
    return out;
}

} // namespace

// ---- ErrorBody

QJsonObject ErrorBody::toJson() const
{
    return { { QStringLiteral("error"), QJsonObject { { QStringLiteral("code"), codeName.isEmpty() ? errorCodeName(code) : codeName },
                                                      { QStringLiteral("message"), message } } } };
}

Expected<ErrorBody> ErrorBody::fromJson(const QJsonObject &json)
{
    JsonReader outer(json);
    JsonReader r(outer.object(QStringLiteral("error")), QStringLiteral("error"));
    if (!outer.ok())
        return outer.error();
    ErrorBody e;
    e.codeName = r.string(QStringLiteral("code"), JsonReader::Required, 64);
    if (r.ok() && e.codeName.isEmpty()) // "" would come back as the code it maps to (found by fuzzing)
        r.fail(CodecError::Kind::Invalid, QStringLiteral("code"), QStringLiteral("an error's code cannot be empty"));
    e.message = r.string(QStringLiteral("message"), JsonReader::Optional, 4096);
    if (!r.ok())
        return r.error();
    e.code = errorCodeFromName(e.codeName);
    return e;
}

// ---- LoginReply

QJsonObject LoginReply::toJson() const
{
    return { { QStringLiteral("token"), token }, { QStringLiteral("user"), user.toJson() } };
}

Expected<LoginReply> LoginReply::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    LoginReply l;
    l.token = r.string(QStringLiteral("token"), JsonReader::Required, 256);
    const QJsonObject user = r.object(QStringLiteral("user"));
    if (!r.ok())
        return r.error();
    auto u = User::fromJson(user);
    if (!u)
        return u.error();
    l.user = u.value();
    return l;
}

// ---- BoardSummary / BoardList

QJsonObject BoardSummary::toJson() const
{
    QJsonObject o = board.toJson();
    o.insert(QStringLiteral("role"), roleName(role));
    o.insert(QStringLiteral("headSeq"), double(headSeq));
    return o;
}

Expected<BoardSummary> BoardSummary::fromJson(const QJsonObject &json, const QString &path)
{
    auto board = Board::fromJson(json, path);
    if (!board)
        return board.error();
    JsonReader r(json, path);
    BoardSummary s;
    s.board = board.value();
    s.role = roleFromName(r.oneOf(QStringLiteral("role"), roleNames())).value_or(Role::None);
    s.headSeq = r.integer(QStringLiteral("headSeq"), JsonReader::Optional, 0);
    if (!r.ok())
        return r.error();
    return s;
}

QJsonObject BoardList::toJson() const
{
    return { { QStringLiteral("boards"), arrayOf(boards) }, { QStringLiteral("epoch"), epoch } };
}

Expected<BoardList> BoardList::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    BoardList l;
    auto boards = listOf<BoardSummary>(r, QStringLiteral("boards"), 100000, BoardSummary::fromJson);
    if (!boards)
        return boards.error();
    l.boards = boards.value();
    l.epoch = r.string(QStringLiteral("epoch"), JsonReader::Optional, 64);
    if (!r.ok())
        return r.error();
    return l;
}

// ---- ChangesPage

QJsonObject ChangesPage::toJson() const
{
    return { { QStringLiteral("stream"), stream },         { QStringLiteral("fromSeq"), double(fromSeq) },
             { QStringLiteral("toSeq"), double(toSeq) },   { QStringLiteral("headSeq"), double(headSeq) },
             { QStringLiteral("epoch"), epoch },           { QStringLiteral("events"), arrayOf(events) } };
}

Expected<ChangesPage> ChangesPage::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    ChangesPage p;
    p.stream = r.string(QStringLiteral("stream"), JsonReader::Optional, 80);
    p.fromSeq = r.integer(QStringLiteral("fromSeq"), JsonReader::Required, 1);
    p.toSeq = r.integer(QStringLiteral("toSeq"), JsonReader::Required, 0);
    p.headSeq = r.integer(QStringLiteral("headSeq"), JsonReader::Required, 0);
    p.epoch = r.string(QStringLiteral("epoch"), JsonReader::Optional, 64);
    const QJsonArray eventArray = r.array(QStringLiteral("events"), JsonReader::Optional, Limits::maxEventsPerPage);
    if (!r.ok())
        return r.error();
    auto events = eventsFromJson(eventArray, r.pathOf(QStringLiteral("events")), &p.unknownKinds);
    if (!events)
        return events.error();
    p.events = events.value();
    if (!r.ok())
        return r.error();
    if (p.toSeq < p.fromSeq - 1)
        return CodecError::make(CodecError::Kind::Invalid, QStringLiteral("toSeq"), QStringLiteral("toSeq < fromSeq - 1"));
    for (qsizetype i = 0; i < p.events.size(); ++i) {
        if (p.events.at(i).seq < p.fromSeq || p.events.at(i).seq > p.toSeq)
            return CodecError::make(CodecError::Kind::OutOfRange, QStringLiteral("events[%1].seq").arg(i),
                                    QStringLiteral("event seq outside fromSeq..toSeq"));
    }
    return p;
}

// ---- HeadsReply

QJsonObject HeadsReply::toJson() const
{
    QJsonObject h;
    for (auto it = heads.constBegin(); it != heads.constEnd(); ++it)
        h.insert(it.key(), double(it.value()));
    return { { QStringLiteral("heads"), h }, { QStringLiteral("epoch"), epoch } };
}

Expected<HeadsReply> HeadsReply::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    HeadsReply reply;
    const QJsonObject heads = r.object(QStringLiteral("heads"));
    reply.epoch = r.string(QStringLiteral("epoch"), JsonReader::Optional, 64);
    if (!r.ok())
        return r.error();
    JsonReader h(heads, QStringLiteral("heads"));
    for (auto it = heads.constBegin(); it != heads.constEnd() && h.ok(); ++it)
        reply.heads.insert(it.key(), h.integer(it.key(), JsonReader::Required, 0));
    if (!h.ok())
        return h.error();
    return reply;
}

// ---- DigestReply

QJsonObject DigestReply::toJson() const
{
    return { { QStringLiteral("seq"), double(seq) }, { QStringLiteral("digest"), digest } };
}

Expected<DigestReply> DigestReply::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    DigestReply d;
    d.seq = r.integer(QStringLiteral("seq"), JsonReader::Required, 0);
    d.digest = r.string(QStringLiteral("digest"), JsonReader::Required, 128);
    if (!r.ok())
        return r.error();
    return d;
}

// ---- InboxPage

QJsonObject InboxPage::toJson() const
{
    QJsonObject o { { QStringLiteral("unread"), unread }, { QStringLiteral("headSeq"), double(headSeq) } };
    if (!notifications.isEmpty() || !epoch.isEmpty()) {
        o.insert(QStringLiteral("notifications"), arrayOf(notifications));
        o.insert(QStringLiteral("epoch"), epoch);
    }
    return o;
}

Expected<InboxPage> InboxPage::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    InboxPage p;
    auto notifications = listOf<Notification>(r, QStringLiteral("notifications"), 100000, Notification::fromJson);
    if (!notifications)
        return notifications.error();
    p.notifications = notifications.value();
    p.unread = int(r.integer(QStringLiteral("unread"), JsonReader::Required, 0));
    p.headSeq = r.integer(QStringLiteral("headSeq"), JsonReader::Required, 0);
    p.epoch = r.string(QStringLiteral("epoch"), JsonReader::Optional, 64);
    if (!r.ok())
        return r.error();
    return p;
}

// ---- UserList

QJsonObject UserList::toJson() const
{
    return { { QStringLiteral("users"), arrayOf(users) } };
}

Expected<UserList> UserList::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    auto users = listOf<User>(r, QStringLiteral("users"), 1000000, User::fromJson);
    if (!users)
        return users.error();
    return UserList { users.value() };
}

// ---- SearchResults

QJsonObject SearchHit::toJson() const
{
    QJsonObject o { { QStringLiteral("boardId"), boardId }, { QStringLiteral("boardName"), boardName },
                    { QStringLiteral("itemId"), itemId },   { QStringLiteral("title"), title },
                    { QStringLiteral("excerpt"), excerpt } };
    if (!commentId.isEmpty())
        o.insert(QStringLiteral("commentId"), commentId);
    return o;
}

Expected<SearchHit> SearchHit::fromJson(const QJsonObject &json, const QString &path)
{
    JsonReader r(json, path);
    SearchHit h;
    h.boardId = r.id(QStringLiteral("boardId"));
    h.boardName = r.string(QStringLiteral("boardName"), JsonReader::Optional, Limits::maxTitleLength);
    h.itemId = r.id(QStringLiteral("itemId"));
    h.title = r.string(QStringLiteral("title"), JsonReader::Optional, Limits::maxTitleLength);
    h.commentId = r.id(QStringLiteral("commentId"), JsonReader::Optional);
    h.excerpt = r.string(QStringLiteral("excerpt"), JsonReader::Optional, Limits::maxCommentBytes);
    if (!r.ok())
        return r.error();
    return h;
}

QJsonObject SearchResults::toJson() const
{
    return { { QStringLiteral("query"), query }, { QStringLiteral("hits"), arrayOf(hits) } };
}

Expected<SearchResults> SearchResults::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    SearchResults out;
    out.query = r.string(QStringLiteral("query"), JsonReader::Optional, 1000);
    auto hits = listOf<SearchHit>(r, QStringLiteral("hits"), 1000, SearchHit::fromJson);
    if (!hits)
        return hits.error();
    out.hits = hits.value();
    return out;
}

// ---- ConnectionsReport

QJsonObject ConnectionsReport::toJson() const
{
    QJsonArray c;
    for (const AdminConnection &x : clients)
        c.append(QJsonObject { { QStringLiteral("userId"), x.userId },
                               { QStringLiteral("user"), x.user },
                               { QStringLiteral("address"), x.address },
                               { QStringLiteral("since"), x.since },
                               { QStringLiteral("subscriptions"), QJsonArray::fromStringList(x.subscriptions) } });
    QJsonArray b;
    for (const AdminBoardActivity &x : boards)
        b.append(QJsonObject { { QStringLiteral("boardId"), x.boardId },
                               { QStringLiteral("name"), x.name },
                               { QStringLiteral("headSeq"), double(x.headSeq) },
                               { QStringLiteral("eventsLastHour"), x.eventsLastHour } });
    return { { QStringLiteral("clients"), c }, { QStringLiteral("boards"), b } };
}

Expected<ConnectionsReport> ConnectionsReport::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    ConnectionsReport report;
    auto clients = listOf<AdminConnection>(r, QStringLiteral("clients"), 1000000,
                                           [](const QJsonObject &o, const QString &path) -> Expected<AdminConnection> {
                                               JsonReader c(o, path);
                                               AdminConnection x;
                                               x.userId = c.string(QStringLiteral("userId"), JsonReader::Optional, 64);
                                               x.user = c.string(QStringLiteral("user"), JsonReader::Required, 64);
                                               x.address = c.string(QStringLiteral("address"), JsonReader::Optional, 128);
                                               x.since = c.string(QStringLiteral("since"), JsonReader::Optional, 64);
                                               for (const QJsonValue &s : c.array(QStringLiteral("subscriptions"), JsonReader::Optional, 10000))
                                                   x.subscriptions.append(s.toString());
                                               if (!c.ok())
                                                   return c.error();
                                               return x;
                                           });
    if (!clients)
        return clients.error();
    auto boards = listOf<AdminBoardActivity>(r, QStringLiteral("boards"), 1000000,
                                             [](const QJsonObject &o, const QString &path) -> Expected<AdminBoardActivity> {
                                                 JsonReader b(o, path);
                                                 AdminBoardActivity x;
                                                 x.boardId = b.id(QStringLiteral("boardId"));
                                                 x.name = b.string(QStringLiteral("name"), JsonReader::Optional, Limits::maxTitleLength);
                                                 x.headSeq = b.integer(QStringLiteral("headSeq"), JsonReader::Optional, 0);
                                                 x.eventsLastHour = int(b.integer(QStringLiteral("eventsLastHour"), JsonReader::Optional, 0));
                                                 if (!b.ok())
                                                     return b.error();
                                                 return x;
                                             });
    if (!boards)
        return boards.error();
    report.clients = clients.value();
    report.boards = boards.value();
    return report;
}

} // namespace Tessera::Core
