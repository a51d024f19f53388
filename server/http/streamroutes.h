#pragma once

#include <QHttpServerResponse>
#include <QJsonObject>
#include <QObject>

#include "core/protocol/limits.h"

class QHttpServer;
class QHttpServerRequest;

namespace Tessera::Server {

class BoardRepository;
class CommandService;
class Database;
class InboxRepository;
class RequestAuth;
struct AuthContext;

// HTTP routes of the streams: a stream's changes (paged, for polling clients and the item
// history), sync heads (the freshness check), the inbox and marking it read.
class StreamRoutes final : public QObject
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
    static constexpr int DefaultChangesLimit = 500;
    static constexpr int MaxChangesLimit = int(Core::Limits::maxEventsPerPage);

    StreamRoutes(QHttpServer &http, Services services, QObject *parent = nullptr);

private:
    void registerRoutes(QHttpServer &http);

    QHttpServerResponse changes(const AuthContext &who, const QString &stream, const QHttpServerRequest &request);
    QHttpServerResponse heads(const AuthContext &who, const QHttpServerRequest &request);
    QHttpServerResponse inbox(const AuthContext &who, const QHttpServerRequest &request);
    QHttpServerResponse markRead(const AuthContext &who, const QJsonObject &body);

    Services m_s;
};

} // namespace Tessera::Server
