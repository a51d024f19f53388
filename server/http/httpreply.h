#pragma once

#include <QHttpServerResponse>
#include <QFuture>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QObject>
#include <QJsonObject>

#include "core/protocol/codes.h"

#include <memory>
#include <optional>

namespace Tessera::Server::HttpReply {

// JSON replies in the API's shape. Errors are {"error":{"code","message"}}.
QHttpServerResponse json(const QJsonObject &body, QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok);
// The same for a body already encoded (compact JSON).
QHttpServerResponse jsonBytes(const QByteArray &body, QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok);
QHttpServerResponse error(QHttpServerResponse::StatusCode status, Core::ErrorCode code, const QString &message);

// The request's JSON object body, checked against the size, depth and shape limits.
// On failure `error` holds the 400/413 reply to send.
struct JsonBody
{
    QJsonObject object;
    std::optional<QHttpServerResponse> error;
};
JsonBody parseJsonBody(const QHttpServerRequest &request, qsizetype maxBytes = 1024 * 1024);

// A non-negative integer query parameter (fallback when absent); nullopt if malformed.
std::optional<qint64> queryInt(const QHttpServerRequest &request, const QString &key, qint64 fallback);

// Writes `response` through a responder (routes that answer asynchronously).
inline void send(QHttpServerResponder &&responder, const QHttpServerResponse &response)
{
    response.write(std::move(responder));
}

// Answers once `future` (e.g. password hashing on a worker pool) has a result: `make`
// runs in `context`'s thread and turns the result into the response. QHttpServer 6.4
// cannot take a QFuture<QHttpServerResponse> reliably, so the responder is kept instead.
template<typename T, typename Make>
void whenDone(QObject *context, QHttpServerResponder &&responder, QFuture<T> future, Make make)
{
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    future.then(context, [held, make](T value) { make(std::move(value)).write(std::move(*held)); });
}

} // namespace Tessera::Server::HttpReply
