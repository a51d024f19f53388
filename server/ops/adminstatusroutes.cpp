#include "adminstatusroutes.h"

#include "core/protocol/httpbodies.h"
#include "core/protocol/routes.h"

#include "server/storage/database.h"
#include "server/live/hub.h"
#include "server/http/httpreply.h"
#include "server/accounts/requestauth.h"
#include "server/accounts/userstore.h"
#include "server/live/wsconnection.h"
#include "server/live/wsgateway.h"

#include <QDateTime>
#include <QHttpServer>
#include <QJsonArray>
#include <QSqlQuery>

namespace Tessera::Server {

AdminStatusRoutes::AdminStatusRoutes(QHttpServer &http, Services services, QObject *parent) : QObject(parent), m_s(services)
{
    using Method = QHttpServerRequest::Method;
    http.route(Core::Routes::adminConnections(), Method::Get, [this](const QHttpServerRequest &request) {
        const auto ctx = m_s.auth.authenticate(request);
        if (!ctx)
            return RequestAuth::unauthorized();
        if (!ctx->user.admin)
            return RequestAuth::forbidden(QStringLiteral("server admins only"));

        Core::ConnectionsReport report;
        for (const WsConnection *c : m_s.live.connections()) {
            if (!c->authenticated() || !c->isOpen())
                continue;
            const auto user = m_s.users.byId(c->userId());
            report.clients.append({ c->userId(), user ? user->login : c->userId(), c->clientAddress(), c->connectedAt(),
                                    m_s.live.hub().subscriptionsOf(c) });
        }

        const QString hourAgo = QDateTime::currentDateTimeUtc().addSecs(-3600).toString(Qt::ISODateWithMs);
        QSqlQuery q(m_s.database.db());
        q.prepare(QStringLiteral("SELECT b.id, b.name, b.head_seq, "
                                 "(SELECT COUNT(*) FROM events e WHERE e.board_id = b.id AND e.at >= ?) "
                                 "FROM boards b ORDER BY b.name"));
        q.addBindValue(hourAgo);
        if (q.exec()) {
            while (q.next())
                report.boards.append({ q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toInt() });
        }
        return HttpReply::json(report.toJson());
    });
}

} // namespace Tessera::Server
