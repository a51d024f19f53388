#pragma once

#include "domain.h"
#include "expected.h"

#include <QJsonObject>

namespace Tessera::Core {

// The HTTP bodies of attachments (docs/protocol.md, "Attachments"), one encoder and one
// strict decoder each, for the server's files room and the client's AttachmentTransfer.

// POST /api/v1/uploads: what is about to be uploaded. fromJson checks the name (no folders
// or control characters), the size (1 .. Limits::maxAttachmentBytes), the hash (64 lower-case
// hex) and the media type (type/subtype; lower-cased, application/octet-stream if absent).
struct UploadRequest
{
    QString boardId;
    QString itemId;
    QString name;
    qint64 size = 0;
    QString sha256;
    QString contentType;

    QJsonObject toJson() const;
    static Expected<UploadRequest> fromJson(const QJsonObject &json);
    static bool isContentType(const QString &type);
    bool operator==(const UploadRequest &) const = default;
};

// Where an upload stands: the answer to POST (201), PUT and GET /api/v1/uploads/{id}; a 409
// (a chunk at another offset) is this with an `error` beside it.
struct UploadProgress
{
    QString uploadId;
    qint64 offset = 0;
    qint64 size = 0;
    bool complete = false;
    qint64 chunkBytes = 0; // the largest chunk the server takes
    QString sha256; // set when complete

    QJsonObject toJson() const;
    static Expected<UploadProgress> fromJson(const QJsonObject &json);
    bool operator==(const UploadProgress &) const = default;
};

// POST /api/v1/attachments/{id}/link -> a signed download path, valid until expiresAt (Unix seconds).
struct AttachmentLink
{
    QString url; // a path on the server: /api/v1/files/{id}?u=…&exp=…&sig=…
    qint64 expiresAt = 0;
    Attachment attachment;

    QJsonObject toJson() const;
    static Expected<AttachmentLink> fromJson(const QJsonObject &json);
    bool operator==(const AttachmentLink &) const = default;
};

} // namespace Tessera::Core
