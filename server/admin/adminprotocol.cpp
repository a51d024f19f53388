#include "adminprotocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tessera::Server::AdminProtocol {

namespace {

QByteArray line(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<QJsonObject> object(const QByteArray &line, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line.trimmed(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    return doc.object();
}

} // namespace

QByteArray encode(const Request &request)
{
    QJsonObject o { { QStringLiteral("argv"), QJsonArray::fromStringList(request.argv) } };
    if (!request.password.isNull())
        o.insert(QStringLiteral("password"), request.password);
    return line(o);
}

QByteArray encode(const Answer &answer)
{
    return line({ { QStringLiteral("ok"), answer.ok }, { QStringLiteral("text"), answer.text } });
}

std::optional<Request> decodeRequest(const QByteArray &bytes, QString *error)
{
    const auto o = object(bytes, error);
    if (!o)
        return std::nullopt;
    const QJsonValue argv = o->value(QStringLiteral("argv"));
    if (!argv.isArray()) {
        *error = QStringLiteral("argv: expected an array of strings");
        return std::nullopt;
    }
    Request r;
    for (const QJsonValue &v : argv.toArray()) {
        if (!v.isString()) {
            *error = QStringLiteral("argv: expected an array of strings");
            return std::nullopt;
        }
        r.argv.append(v.toString());
    }
    const QJsonValue password = o->value(QStringLiteral("password"));
    if (!password.isUndefined() && !password.isString()) {
        *error = QStringLiteral("password: expected a string");
        return std::nullopt;
    }
    if (password.isString())
        r.password = password.toString();
    for (auto it = o->begin(); it != o->end(); ++it) {
        if (it.key() != QLatin1String("argv") && it.key() != QLatin1String("password")) {
            *error = QStringLiteral("unknown field '%1'").arg(it.key());
            return std::nullopt;
        }
    }
    return r;
}

std::optional<Answer> decodeAnswer(const QByteArray &bytes, QString *error)
{
    const auto o = object(bytes, error);
    if (!o)
        return std::nullopt;
    if (!o->value(QStringLiteral("ok")).isBool() || !o->value(QStringLiteral("text")).isString()) {
        *error = QStringLiteral("expected {\"ok\":bool,\"text\":string}");
        return std::nullopt;
    }
    return Answer { o->value(QStringLiteral("ok")).toBool(), o->value(QStringLiteral("text")).toString() };
}

} // namespace Tessera::Server::AdminProtocol
