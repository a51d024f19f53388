#pragma once

#include <QHttpServerResponse>
#include <QJsonObject>
#include <QObject>
#include <QThreadPool>

#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace Tessera::Server {

class BoardRepository;
class CommandService;
class Database;
class InboxRepository;
class RequestAuth;
struct AuthContext;

// HTTP routes of the board data plane: boards (list, create), mutations, snapshots and
// digests. Streams (changes, sync heads, the inbox) are StreamRoutes.
//
// Mutations are answered synchronously: QHttpServer 6.4 has no reliable way to reply
// after the handler returns, so POST /api/v1/mutations calls CommandService::submitNow(),
// which queues the command with anything else pending and flushes the group at once.
// It is the same code path (validation, group transaction, ack only after COMMIT) as
// the asynchronous submit() the WebSocket front end uses.
//
// A snapshot is read and encoded on a worker thread with a connection of its own (a
// consistent read of the committed state: SQLite's WAL lets it read while the server
// writes): a board of a million items takes many seconds to read and encode, and the event
// loop keeps answering everyone else — pings included — meanwhile.
class BoardRoutes final : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        Database &database;
        BoardRepository &boards;
        InboxRepository &inbox;
        CommandService &commands;
        RequestAuth &auth;
    };

    static constexpr qsizetype MaxBodyBytes = 1024 * 1024;

    BoardRoutes(QHttpServer &http, Services services, QObject *parent = nullptr);

private:
    void registerRoutes(QHttpServer &http);

    QHttpServerResponse listBoards(const AuthContext &who);
    QHttpServerResponse createBoard(const AuthContext &who, const QJsonObject &body);
    QHttpServerResponse mutate(const AuthContext &who, const QJsonObject &body);
    void snapshot(const AuthContext &who, const QString &boardId, QHttpServerResponder &&responder);
    QHttpServerResponse digest(const AuthContext &who, const QString &boardId);
    QHttpServerResponse search(const AuthContext &who, const class QUrlQuery &query);

    Services m_s;
    QThreadPool m_snapshotPool; // bounded: a burst of snapshot requests queues, it does not take every core
};


} // namespace Tessera::Server
