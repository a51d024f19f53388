#pragma once

#include <QHttpServerResponse>
#include <QJsonObject>

namespace Tessera::Server::HttpReply {

// JSON replies in the API's shape. Errors are {"error":{"code","message"}}.
QHttpServerResponse json(const QJsonObject &body, QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok);
QHttpServerResponse error(QHttpServerResponse::StatusCode status, const QString &code, const QString &message);

} // namespace Tessera::Server::HttpReply
