#include "attachmentbodies.h"

#include "jsonreader.h"
#include "limits.h"

#include <QRegularExpression>

namespace Tessera::Core {

bool UploadRequest::isContentType(const QString &type)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$"));
    return type.size() <= Limits::maxContentTypeLength && re.match(type).hasMatch();
}

QJsonObject UploadRequest::toJson() const
{
    return { { QStringLiteral("board"), boardId }, { QStringLiteral("itemId"), itemId },
             { QStringLiteral("name"), name },     { QStringLiteral("size"), double(size) },
             { QStringLiteral("sha256"), sha256 }, { QStringLiteral("contentType"), contentType } };
}

Expected<UploadRequest> UploadRequest::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    UploadRequest u;
    u.boardId = r.id(QStringLiteral("board"));
    u.itemId = r.id(QStringLiteral("itemId"));
    u.name = r.string(QStringLiteral("name"), JsonReader::Required, Limits::maxAttachmentNameLength);
    u.size = r.integer(QStringLiteral("size"), JsonReader::Required, 1, Limits::maxAttachmentBytes);
    u.sha256 = r.string(QStringLiteral("sha256"), JsonReader::Required, 64);
    u.contentType
        = r.string(QStringLiteral("contentType"), JsonReader::Optional, Limits::maxContentTypeLength).toLower();
    if (u.contentType.isEmpty())
        u.contentType = QStringLiteral("application/octet-stream");
    if (r.ok() && !Attachment::isValidName(u.name))
        r.fail(CodecError::Kind::Invalid, QStringLiteral("name"),
               QStringLiteral("a file name has no folders or control characters"));
    if (r.ok() && !Attachment::isSha256(u.sha256))
        r.fail(CodecError::Kind::Invalid, QStringLiteral("sha256"),
               QStringLiteral("sha256 is 64 lower-case hex digits"));
    if (r.ok() && !isContentType(u.contentType))
        r.fail(CodecError::Kind::Invalid, QStringLiteral("contentType"),
               QStringLiteral("contentType is a media type like image/png"));
    if (!r.ok())
        return r.error();
    return u;
}

QJsonObject UploadProgress::toJson() const
{
    QJsonObject o { { QStringLiteral("uploadId"), uploadId },
                    { QStringLiteral("offset"), double(offset) },
                    { QStringLiteral("size"), double(size) },
                    { QStringLiteral("complete"), complete },
                    { QStringLiteral("chunkBytes"), double(chunkBytes) } };
    if (!sha256.isEmpty())
        o.insert(QStringLiteral("sha256"), sha256);
    return o;
}

Expected<UploadProgress> UploadProgress::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    UploadProgress p;
    p.offset = r.integer(QStringLiteral("offset"), JsonReader::Required, 0, Limits::maxAttachmentBytes);
    p.uploadId = r.id(QStringLiteral("uploadId"));
    p.size = r.integer(QStringLiteral("size"), JsonReader::Required, 0, Limits::maxAttachmentBytes);
    p.complete = r.boolean(QStringLiteral("complete"));
    p.chunkBytes = r.integer(QStringLiteral("chunkBytes"), JsonReader::Required, 1, Limits::maxAttachmentBytes);
    p.sha256 = r.string(QStringLiteral("sha256"), JsonReader::Optional, 64);
    if (r.ok() && p.offset > p.size)
        r.fail(CodecError::Kind::OutOfRange, QStringLiteral("offset"), QStringLiteral("offset is past size"));
    if (!r.ok())
        return r.error();
    return p;
}

QJsonObject AttachmentLink::toJson() const
{
    return { { QStringLiteral("url"), url },
             { QStringLiteral("expiresAt"), double(expiresAt) },
             { QStringLiteral("attachment"), attachment.toJson() } };
}

Expected<AttachmentLink> AttachmentLink::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    AttachmentLink l;
    l.url = r.string(QStringLiteral("url"), JsonReader::Required, 2048);
    l.expiresAt
        = r.integer(QStringLiteral("expiresAt"), JsonReader::Required, 0, std::numeric_limits<qint64>::max() / 2);
    const QJsonObject attachment = r.object(QStringLiteral("attachment"));
    if (r.ok() && !l.url.startsWith(QLatin1Char('/')))
        r.fail(CodecError::Kind::Invalid, QStringLiteral("url"), QStringLiteral("a link is a path on the server"));
    if (!r.ok())
        return r.error();
    auto a = Attachment::fromJson(attachment, QStringLiteral("attachment"));
    if (!a)
        return a.error();
    l.attachment = a.value();
    return l;
}

} // namespace Tessera::Core
