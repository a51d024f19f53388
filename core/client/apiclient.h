#pragma once

#include "core/protocol/httpbodies.h"

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QSslCertificate;
class QSslError;

namespace Tessera::Core {

// The outcome of one HTTP call: status 0 means no HTTP answer at all (network error).
struct ApiReply
{
    int status = 0;
    QJsonObject json;
    QString error; // the server's error message, or the network error
    ErrorCode errorCode = ErrorCode::Unknown; // the server's error code, if any

    bool ok() const { return status >= 200 && status < 300; }
    bool networkError() const { return status == 0; }
};

// The client's HTTP side of the server API: health, sign-in and the board list.
// Asynchronous; results arrive as signals. Widgets use this, never the network directly.
class ApiClient final : public QObject
{
    Q_OBJECT
public:
    explicit ApiClient(QObject *parent = nullptr);

    void setServer(const QUrl &url);
    QUrl server() const { return m_server; }
    void setToken(const QString &token) { m_token = token; }
    QString token() const { return m_token; }
    const User &user() const { return m_user; }
    void setUser(const User &user) { m_user = user; } // when the session came from elsewhere (SyncClient)

    void checkHealth();
    void signIn(const QString &login, const QString &password);
    void fetchBoards();
    // The signed-in account (PATCH /me, POST /me/password); `done` as for request().
    void updateDisplayName(const QString &name, QObject *context, std::function<void(const ApiReply &)> done);
    void changePassword(const QString &currentPassword, const QString &newPassword, QObject *context,
                        std::function<void(const ApiReply &)> done);

    // Any API call: `done` runs on `context`'s thread unless `context` is gone by then.
    void request(const QByteArray &verb, const QString &path, const QJsonObject &body, QObject *context,
                 std::function<void(const ApiReply &)> done);
    // Raw bytes up or down (attachment chunks, downloads): `body` goes as is with
    // `contentType`; `done` gets the reply's bytes too. The reply is returned so the caller
    // can abort it (cancel) or watch its progress; `done` runs for an aborted one as well.
    QNetworkReply *requestBytes(const QByteArray &verb, const QString &path, const QByteArray &body,
                                const QByteArray &contentType, QObject *context,
                                std::function<void(const ApiReply &, const QByteArray &raw)> done);
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // Asked about every TLS handshake: with the errors the system reported (true accepts the
    // peer anyway: pinning), and with none once a handshake succeeded (false aborts it).
    using CertificateCheck = std::function<bool(const QSslCertificate &peer, const QList<QSslError> &errors)>;
    void setCertificateCheck(CertificateCheck check) { m_certificateCheck = std::move(check); }

Q_SIGNALS:
    // `detail`: the server's version, or why it could not be reached; `problem`: what a
    // reachable server reports as wrong ("degraded": disk nearly full, a write failed).
    void healthChecked(bool reachable, const QString &detail, const QString &problem);
    void signedIn(const Tessera::Core::User &user);
    // `unreachable`: no HTTP answer at all (another node of the server may answer).
    void signInFailed(const QString &message, bool unreachable);
    void boardsFetched(const QList<Tessera::Core::BoardSummary> &boards);
    void requestFailed(const QString &message);

private:
    QNetworkReply *send(const QByteArray &verb, const QString &path, const QJsonObject &body = QJsonObject());
    QNetworkReply *sendBytes(const QByteArray &verb, const QString &path, const QByteArray &payload, const QByteArray &contentType);
    static QString errorMessage(QNetworkReply *reply, const QByteArray &body);

    QNetworkAccessManager *m_network;
    QUrl m_server;
    QString m_token;
    User m_user;
    int m_timeoutMs = 15000;
    CertificateCheck m_certificateCheck;
};

} // namespace Tessera::Core
