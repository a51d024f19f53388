#pragma once

#include "codes.h"
#include "domain.h"
#include "event.h"
#include "expected.h"

#include <QJsonObject>
#include <QMap>

namespace Tessera::Core {

// Every HTTP body that both the server writes and a client reads, with its one encoder and
// decoder (the WebSocket frames are in messages.h, command outcomes in commandoutcome.h,
// board snapshots are BoardState::toSnapshotJson). Decoders are strict and name the field.
// Paths are in routes.h.

// An HTTP error answer: {error: {code, message}}.
struct ErrorBody
{
    ErrorCode code = ErrorCode::Unknown;
    QString codeName; // as sent, also when this client does not know it
    QString message;
    QJsonObject toJson() const; // the whole answer, envelope included
    static Expected<ErrorBody> fromJson(const QJsonObject &json);
    static ErrorBody of(ErrorCode code, const QString &message) { return { code, errorCodeName(code), message }; }
    bool operator==(const ErrorBody &) const = default;
};

// POST /api/v1/login -> {token, user}
struct LoginReply
{
    QString token;
    User user;
    QJsonObject toJson() const;
    static Expected<LoginReply> fromJson(const QJsonObject &json);
    bool operator==(const LoginReply &) const = default;
};

// A board as listed for the signed-in user: GET /api/v1/boards -> {boards:[…], epoch}.
struct BoardSummary
{
    Board board;
    Role role = Role::None;
    qint64 headSeq = 0;
    QJsonObject toJson() const; // the board's fields plus role and headSeq
    static Expected<BoardSummary> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("board"));
    bool operator==(const BoardSummary &) const = default;
};
struct BoardList
{
    QList<BoardSummary> boards;
    QString epoch;
    QJsonObject toJson() const;
    static Expected<BoardList> fromJson(const QJsonObject &json);
    bool operator==(const BoardList &) const = default;
};

// GET /api/v1/streams/<stream>/changes?sinceSeq=&limit= : a page of a stream's log.
struct ChangesPage
{
    QString stream;
    qint64 fromSeq = 0; // sinceSeq + 1
    qint64 toSeq = 0; // the last seq this page covers (fromSeq - 1 when empty)
    qint64 headSeq = 0;
    QString epoch;
    EventList events;
    QStringList unknownKinds; // kinds of events left out (a newer server's; see eventsFromJson)
    QJsonObject toJson() const;
    static Expected<ChangesPage> fromJson(const QJsonObject &json);
    bool operator==(const ChangesPage &) const = default;
};

// GET /api/v1/sync/heads[?streams=a,b] -> {heads:{stream: seq}, epoch}
struct HeadsReply
{
    QMap<QString, qint64> heads;
    QString epoch;
    QJsonObject toJson() const;
    static Expected<HeadsReply> fromJson(const QJsonObject &json);
    bool operator==(const HeadsReply &) const = default;
};

// GET /api/v1/boards/<id>/digest -> {seq, digest}
struct DigestReply
{
    qint64 seq = 0;
    QString digest;
    QJsonObject toJson() const;
    static Expected<DigestReply> fromJson(const QJsonObject &json);
    bool operator==(const DigestReply &) const = default;
};

// GET /api/v1/inbox?limit= -> {notifications, unread, headSeq, epoch}; POST /api/v1/inbox/read
// answers {unread, headSeq} (the same type, without notifications and epoch).
struct InboxPage
{
    QList<Notification> notifications;
    int unread = 0;
    qint64 headSeq = 0;
    QString epoch;
    QJsonObject toJson() const;
    static Expected<InboxPage> fromJson(const QJsonObject &json);
    bool operator==(const InboxPage &) const = default;
};

// GET /api/v1/admin/users -> {users:[…]}; GET /api/v1/users (the directory) likewise.
struct UserList
{
    QList<User> users;
    QJsonObject toJson() const;
    static Expected<UserList> fromJson(const QJsonObject &json);
    bool operator==(const UserList &) const = default;
};

// GET /api/v1/search?q=&limit= -> {query, hits:[…]}: items matching every word, on the
// boards the user is a member of, grouped by board (boards in the order of their best hit).
struct SearchHit
{
    QString boardId;
    QString boardName;
    QString itemId;
    QString title;
    QString commentId; // set: the best match is this comment of the item
    QString excerpt; // the matching text around the words
    QJsonObject toJson() const;
    static Expected<SearchHit> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("hit"));
    bool operator==(const SearchHit &) const = default;
};
struct SearchResults
{
    QString query;
    QList<SearchHit> hits;
    QJsonObject toJson() const;
    static Expected<SearchResults> fromJson(const QJsonObject &json);
    bool operator==(const SearchResults &) const = default;
};

// GET /api/v1/admin/connections -> {clients:[…], boards:[…]}
struct AdminConnection
{
    QString userId;
    QString user; // login
    QString address;
    QString since; // ISO-8601
    QStringList subscriptions; // stream names
    bool operator==(const AdminConnection &) const = default;
};
struct AdminBoardActivity
{
    QString boardId;
    QString name;
    qint64 headSeq = 0;
    int eventsLastHour = 0;
    bool operator==(const AdminBoardActivity &) const = default;
};
struct ConnectionsReport
{
    QList<AdminConnection> clients;
    QList<AdminBoardActivity> boards;
    QJsonObject toJson() const;
    static Expected<ConnectionsReport> fromJson(const QJsonObject &json);
    bool operator==(const ConnectionsReport &) const = default;
};

} // namespace Tessera::Core
