#pragma once

#include "blobstore.h"

#include <QHttpServerResponse>
#include <QObject>
#include <QSet>
#include <QThreadPool>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace Tessera::Server {

class BoardRepository;
class CommandService;
class Database;
class RequestAuth;
struct AuthContext;

// Resumable chunked uploads (docs/protocol.md, "Attachments"):
//   POST   /api/v1/uploads            {board, itemId, name, size, sha256, contentType} -> 201 {uploadId, offset, size,
//   chunkBytes} PUT    /api/v1/uploads/{id}?offset=N   the bytes from N (at most chunkBytes) -> {offset, complete} GET
//   /api/v1/uploads/{id}       the offset reached, to resume after a drop DELETE /api/v1/uploads/{id}       cancel
// The last chunk's request is answered once the whole file has been hashed (on a worker)
// and matched the announced SHA-256; then the file is stored under its hash and the client
// sends attachment.add with the upload id. Only the uploader sees an upload.
class UploadRoutes final : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        Database &database;
        BoardRepository &boards;
        CommandService &commands;
        RequestAuth &auth;
        BlobStore blobs;
    };

    UploadRoutes(QHttpServer &http, Services services, QObject *parent = nullptr);

private:
    QHttpServerResponse create(const AuthContext &who, const QHttpServerRequest &request);
    QHttpServerResponse status(const AuthContext &who, const QString &uploadId);
    QHttpServerResponse cancel(const AuthContext &who, const QString &uploadId);
    void put(const AuthContext &who, const QString &uploadId, const QHttpServerRequest &request,
             QHttpServerResponder &&responder);

    Services m_s;
    QSet<QString> m_finishing; // uploads whose last chunk is being hashed
    QThreadPool m_pool;
};

} // namespace Tessera::Server
