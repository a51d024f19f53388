#pragma once

#include "blobstore.h"
#include "linksigner.h"

#include <QHttpServerResponse>
#include <QObject>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace Tessera::Server {

class BoardRepository;
class Database;
class RequestAuth;
class UserStore;
struct AuthContext;

// Downloads through short-lived signed links, so a session token never appears in a URL:
//   POST /api/v1/attachments/{id}/link   (authenticated, a board member) -> {url, expiresAt}
//   GET  /api/v1/files/{id}?u=USER&exp=UNIX&sig=HEX                     -> the bytes
// The download checks the signature, the expiry and, at that moment, that USER is still an
// enabled member of the attachment's board: a removed member's link stops working.
class FileRoutes final : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        Database &database;
        BoardRepository &boards;
        UserStore &users;
        RequestAuth &auth;
        BlobStore blobs;
    };

    FileRoutes(QHttpServer &http, Services services, QObject *parent = nullptr);

private:
    QHttpServerResponse link(const AuthContext &who, const QString &attachmentId);
    // The bytes are streamed from the file (QHttpServerResponder reads it as the socket drains),
    // so a large file never sits in memory.
    void download(const QString &attachmentId, const QHttpServerRequest &request, QHttpServerResponder &&responder);

    Services m_s;
    LinkSigner m_signer;
};

} // namespace Tessera::Server
