#include "httpreply.h"

#include "core/protocol/httpbodies.h"

#include "core/protocol/jsonreader.h"
#include "core/protocol/limits.h"

#include <QJsonDocument>
#include <QUrlQuery>

namespace Tessera::Server::HttpReply {

QHttpServerResponse json(const QJsonObject &body, QHttpServerResponse::StatusCode status)
{
    return jsonBytes(QJsonDocument(body).toJson(QJsonDocument::Compact), status);
}

QHttpServerResponse jsonBytes(const QByteArray &body, QHttpServerResponse::StatusCode status)
{
    QHttpServerResponse response(QByteArrayLiteral("application/json"), body, status);
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

QHttpServerResponse error(QHttpServerResponse::StatusCode status, Core::ErrorCode code, const QString &message)
{
    return json(Core::ErrorBody::of(code, message).toJson(), status);
}

JsonBody parseJsonBody(const QHttpServerRequest &request, qsizetype maxBytes)
{
    JsonBody out;
    const Core::ParsedJson parsed = Core::parseJsonObject(request.body(), maxBytes, Core::Limits::maxJsonDepth);
    if (parsed.error.isError()) {
        const auto status = parsed.error.kind == Core::CodecError::Kind::TooLarge
                ? QHttpServerResponse::StatusCode::PayloadTooLarge
                : QHttpServerResponse::StatusCode::BadRequest;
        out.error.emplace(error(status, parsed.error.code(), parsed.error.message));
        return out;
    }
    out.object = parsed.object;
    return out;
}

std::optional<qint64> queryInt(const QHttpServerRequest &request, const QString &key, qint64 fallback)
{
    const QUrlQuery query = request.query();
    if (!query.hasQueryItem(key))
        return fallback;
    bool ok = false;
    const qint64 value = query.queryItemValue(key).toLongLong(&ok);
    if (!ok || value < 0)
        return std::nullopt;
    return value;
}

} // namespace Tessera::Server::HttpReply
