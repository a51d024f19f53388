#include "apiclient.h"

#include "core/protocol/routes.h"

#include "core/protocol/jsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>

namespace Tessera::Core {

ApiClient::ApiClient(QObject *parent) : QObject(parent), m_network(new QNetworkAccessManager(this)) { }

void ApiClient::setServer(const QUrl &url)
{
    m_server = url;
}

QNetworkReply *ApiClient::send(const QByteArray &verb, const QString &path, const QJsonObject &body)
{
    const QByteArray payload = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    return sendBytes(verb, path, payload, QByteArrayLiteral("application/json"));
}

QNetworkReply *ApiClient::sendBytes(const QByteArray &verb, const QString &path, const QByteArray &payload,
                                    const QByteArray &contentType)
{
    QNetworkRequest request(m_server.resolved(QUrl(path)));
    request.setTransferTimeout(m_timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!m_token.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + m_token.toLatin1());
    QNetworkReply *reply = m_network->sendCustomRequest(request, verb, payload);
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        if (m_certificateCheck && m_certificateCheck(reply->sslConfiguration().peerCertificate(), errors))
            reply->ignoreSslErrors(errors);
    });
    // A handshake the system was happy with is checked too (and pins a first contact).
    connect(reply, &QNetworkReply::encrypted, this, [this, reply] {
        if (m_certificateCheck && !m_certificateCheck(reply->sslConfiguration().peerCertificate(), {}))
            reply->abort();
    });
    return reply;
}

QString ApiClient::errorMessage(QNetworkReply *reply, const QByteArray &body)
{
    const auto error = ErrorBody::fromJson(QJsonDocument::fromJson(body).object());
    return error && !error->message.isEmpty() ? error->message : reply->errorString();
}

void ApiClient::request(const QByteArray &verb, const QString &path, const QJsonObject &body, QObject *context,
                        std::function<void(const ApiReply &)> done)
{
    QNetworkReply *reply = send(verb, path, body);
    connect(reply, &QNetworkReply::finished, context, [reply, done = std::move(done)] {
        reply->deleteLater();
        ApiReply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray bytes = reply->readAll();
        r.json = QJsonDocument::fromJson(bytes).object();
        if (!r.ok()) {
            r.error = errorMessage(reply, bytes);
            if (const auto error = ErrorBody::fromJson(r.json))
                r.errorCode = error->code;
        }
        done(r);
    });
}

QNetworkReply *ApiClient::requestBytes(const QByteArray &verb, const QString &path, const QByteArray &body,
                                       const QByteArray &contentType, QObject *context,
                                       std::function<void(const ApiReply &, const QByteArray &raw)> done)
{
    QNetworkReply *reply = sendBytes(verb, path, body, contentType);
    connect(reply, &QNetworkReply::finished, context, [reply, done = std::move(done)] {
        reply->deleteLater();
        ApiReply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray bytes = reply->isOpen() ? reply->readAll() : QByteArray(); // not after abort()
        if (!r.ok() || reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith(QLatin1String("application/json")))
            r.json = QJsonDocument::fromJson(bytes).object();
        if (!r.ok()) {
            r.error = errorMessage(reply, bytes);
            if (const auto error = ErrorBody::fromJson(r.json))
                r.errorCode = error->code;
        }
        done(r, bytes);
    });
    return reply;
}

void ApiClient::checkHealth()
{
    QNetworkReply *reply = send(QByteArrayLiteral("GET"), Routes::health());
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const QJsonObject health = QJsonDocument::fromJson(reply->readAll()).object();
        // "degraded" (503: the disk is nearly full, a write failed) is a server that answers:
        // reachable, and what it reports is the detail.
        const QString status = health.value(QStringLiteral("status")).toString();
        const bool ok = reply->error() == QNetworkReply::NoError && status == QLatin1String("ok");
        const bool degraded = status == QLatin1String("degraded");
        QStringList reasons;
        for (const QJsonValue &reason : health.value(QStringLiteral("reasons")).toArray())
            reasons.append(reason.toString());
        Q_EMIT healthChecked(ok || degraded,
                             ok || degraded ? health.value(QStringLiteral("version")).toString() : reply->errorString(),
                             degraded ? reasons.join(QStringLiteral("; ")) : QString());
    });
}

void ApiClient::signIn(const QString &login, const QString &password)
{
    m_token.clear();
    QNetworkReply *reply = send(QByteArrayLiteral("POST"), Routes::login(),
                                { { QStringLiteral("login"), login }, { QStringLiteral("password"), password } });
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const QByteArray body = reply->readAll();
        const auto answer = LoginReply::fromJson(QJsonDocument::fromJson(body).object());
        if (reply->error() != QNetworkReply::NoError || !answer || answer->token.isEmpty()) {
            const bool answered = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
            Q_EMIT signInFailed(errorMessage(reply, body), !answered);
            return;
        }
        m_token = answer->token;
        m_user = answer->user;
        Q_EMIT signedIn(m_user);
    });
}

void ApiClient::fetchBoards()
{
    QNetworkReply *reply = send(QByteArrayLiteral("GET"), Routes::boards());
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const QByteArray body = reply->readAll();
        if (reply->error() != QNetworkReply::NoError) {
            Q_EMIT requestFailed(errorMessage(reply, body));
            return;
        }
        const auto list = BoardList::fromJson(QJsonDocument::fromJson(body).object());
        if (!list) {
            Q_EMIT requestFailed(tr("unreadable board list: %1").arg(list.error().message));
            return;
        }
        Q_EMIT boardsFetched(list->boards);
    });
}

void ApiClient::updateDisplayName(const QString &name, QObject *context, std::function<void(const ApiReply &)> done)
{
    request(QByteArrayLiteral("PATCH"), Routes::me(), { { QStringLiteral("displayName"), name } }, context,
            [this, done = std::move(done)](const ApiReply &reply) {
                if (reply.ok())
                    if (auto user = User::fromJson(reply.json.value(QStringLiteral("user")).toObject()))
                        m_user = user.value();
                done(reply);
            });
}

void ApiClient::changePassword(const QString &currentPassword, const QString &newPassword, QObject *context,
                               std::function<void(const ApiReply &)> done)
{
    request(QByteArrayLiteral("POST"), Routes::mePassword(),
            { { QStringLiteral("currentPassword"), currentPassword }, { QStringLiteral("newPassword"), newPassword } }, context,
            std::move(done));
}

} // namespace Tessera::Core
