#include "httpreply.h"

#include <QJsonDocument>

namespace Tessera::Server::HttpReply {

QHttpServerResponse json(const QJsonObject &body, QHttpServerResponse::StatusCode status)
{
    QHttpServerResponse response(QByteArrayLiteral("application/json"),
                                 QJsonDocument(body).toJson(QJsonDocument::Compact), status);
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

QHttpServerResponse error(QHttpServerResponse::StatusCode status, const QString &code, const QString &message)
{
    return json({ { QStringLiteral("error"),
                    QJsonObject { { QStringLiteral("code"), code }, { QStringLiteral("message"), message } } } },
                status);
}

} // namespace Tessera::Server::HttpReply
