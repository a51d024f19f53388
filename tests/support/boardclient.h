#pragma once
// Small helpers for the board data-plane tests: log in, send mutations, read streams.
#include "serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace Tessera::Test {

inline QByteArray jsonBytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

inline QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

class BoardClient
{
public:
    BoardClient() = default;
    BoardClient(ServerProcess *server, QByteArray token) : m_server(server), m_token(std::move(token)) { }

    static QByteArray login(ServerProcess &server, const QString &login, const QString &password)
    {
        const HttpResult r = httpRequest("POST", server.url().resolved(QUrl(QStringLiteral("/api/v1/login"))),
                                         jsonBytes({ { QStringLiteral("login"), login }, { QStringLiteral("password"), password } }));
        return r.json().value(QStringLiteral("token")).toString().toLatin1();
    }

    QUrl api(const QString &path) const { return m_server->url().resolved(QUrl(path)); }
    HttpResult get(const QString &path) const { return httpRequest("GET", api(path), {}, m_token); }
    HttpResult post(const QString &path, const QJsonObject &body) const
    {
        return httpRequest("POST", api(path), jsonBytes(body), m_token);
    }
    HttpResult postRaw(const QString &path, const QByteArray &body) const { return httpRequest("POST", api(path), body, m_token); }

    QString createBoard(const QString &name) const
    {
        return post(QStringLiteral("/api/v1/boards"), { { QStringLiteral("name"), name } })
                .json()
                .value(QStringLiteral("board"))
                .toObject()
                .value(QStringLiteral("id"))
                .toString();
    }
    static QJsonObject command(const QString &boardId, const QJsonObject &op, const QString &mutationId = newId())
    {
        return { { QStringLiteral("mutationId"), mutationId }, { QStringLiteral("board"), boardId }, { QStringLiteral("op"), op } };
    }
    HttpResult mutate(const QString &boardId, const QJsonObject &op, const QString &mutationId = newId()) const
    {
        return post(QStringLiteral("/api/v1/mutations"), command(boardId, op, mutationId));
    }
    QJsonObject snapshot(const QString &boardId) const
    {
        return get(QStringLiteral("/api/v1/boards/%1/snapshot").arg(boardId)).json();
    }
    HttpResult changes(const QString &stream, qint64 sinceSeq, int limit = 0) const
    {
        QString path = QStringLiteral("/api/v1/streams/%1/changes?sinceSeq=%2").arg(stream).arg(sinceSeq);
        if (limit > 0)
            path += QStringLiteral("&limit=%1").arg(limit);
        return get(path);
    }

    QByteArray token() const { return m_token; }

private:
    ServerProcess *m_server = nullptr;
    QByteArray m_token;
};

inline QJsonObject op(const char *kind, QJsonObject args = {})
{
    args.insert(QStringLiteral("kind"), QLatin1String(kind));
    return args;
}

inline QString userIdOf(ServerProcess &server, const QByteArray &token)
{
    const HttpResult me = httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/api/v1/me"))), {}, token);
    return me.json().value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString();
}

} // namespace Tessera::Test
