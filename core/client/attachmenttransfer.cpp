#include "attachmenttransfer.h"

#include "apiclient.h"

#include "core/protocol/attachmentbodies.h"
#include "core/protocol/routes.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMimeDatabase>
#include <QNetworkReply>
#include <QSaveFile>

namespace Tessera::Core {

AttachmentTransfer::AttachmentTransfer(ApiClient &api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &AttachmentTransfer::resume);
}

AttachmentTransfer::~AttachmentTransfer()
{
    if (m_reply)
        m_reply->abort();
}

void AttachmentTransfer::setRetry(int firstDelayMs, int maxTries)
{
    m_firstDelayMs = std::max(1, firstDelayMs);
    m_maxTries = std::max(1, maxTries);
}

QString AttachmentTransfer::contentTypeFor(const QString &fileName)
{
    const QString type = QMimeDatabase().mimeTypeForFile(fileName, QMimeDatabase::MatchExtension).name();
    return type.isEmpty() || type == QLatin1String("application/x-zerosize")
        ? QStringLiteral("application/octet-stream")
        : type;
}

Op AttachmentTransfer::addOp(const QString &attachmentId, const Uploaded &u)
{
    Op op;
    op.kind = OpKind::AttachmentAdd;
    op.args = { { QStringLiteral("attachmentId"), attachmentId }, { QStringLiteral("itemId"), u.itemId },
                { QStringLiteral("uploadId"), u.uploadId },       { QStringLiteral("name"), u.name },
                { QStringLiteral("size"), double(u.size) },       { QStringLiteral("sha256"), u.sha256 },
                { QStringLiteral("contentType"), u.contentType } };
    return op;
}

Op AttachmentTransfer::removeOp(const QString &attachmentId)
{
    Op op;
    op.kind = OpKind::AttachmentRemove;
    op.args = { { QStringLiteral("attachmentId"), attachmentId } };
    return op;
}

bool AttachmentTransfer::upload(const QString &boardId, const QString &itemId, const QString &filePath,
                                const QString &contentType)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("cannot read %1: %2").arg(QFileInfo(filePath).fileName(), file.errorString());
        setState(State::Failed);
        return false;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    m_path = filePath;
    m_upload = { QString(),
                 boardId,
                 itemId,
                 QFileInfo(filePath).fileName(),
                 file.size(),
                 QString::fromLatin1(hash.result().toHex()),
                 contentType.isEmpty() ? contentTypeFor(filePath) : contentType };
    m_total = m_upload.size;
    m_done = 0;
    m_tries = 0;
    setState(State::Uploading);
    announce();
    return true;
}

void AttachmentTransfer::announce()
{
    const QJsonObject body = UploadRequest { m_upload.boardId, m_upload.itemId, m_upload.name,
                                             m_upload.size,    m_upload.sha256, m_upload.contentType }
                                 .toJson();
    m_reply = m_api.requestBytes(
        QByteArrayLiteral("POST"), Routes::uploads(), QJsonDocument(body).toJson(QJsonDocument::Compact),
        QByteArrayLiteral("application/json"), this, [this](const ApiReply &r, const QByteArray &) {
            if (uploadReplyEnds(r))
                return;
            const auto started = UploadProgress::fromJson(r.json);
            if (!started)
                return fail(QStringLiteral("the server's answer is not understood: %1").arg(started.error().message));
            m_upload.uploadId = started->uploadId;
            m_chunkBytes = started->chunkBytes;
            advance(r);
        });
}

void AttachmentTransfer::sendChunk()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(m_done))
        return fail(QStringLiteral("cannot read %1: %2").arg(m_upload.name, file.errorString()));
    const QByteArray chunk = file.read(m_chunkBytes);
    if (chunk.isEmpty())
        return fail(QStringLiteral("%1 changed while it was being uploaded").arg(m_upload.name));
    const qint64 offset = m_done;
    m_reply = m_api.requestBytes(QByteArrayLiteral("PUT"), Routes::upload(m_upload.uploadId, offset), chunk,
                                 QByteArrayLiteral("application/octet-stream"), this,
                                 [this](const ApiReply &r, const QByteArray &) {
                                     if (!uploadReplyEnds(r, true)) // 409: the answer says where the upload really is
                                         advance(r);
                                 });
}

void AttachmentTransfer::advance(const ApiReply &reply)
{
    const auto progress = UploadProgress::fromJson(reply.json);
    if (!progress)
        return fail(QStringLiteral("the server's answer is not understood: %1").arg(progress.error().message));
    m_tries = 0;
    m_done = progress->offset;
    Q_EMIT progressed(m_done, m_total);
    if (progress->complete) {
        setState(State::Done);
        Q_EMIT uploaded(m_upload);
        return;
    }
    sendChunk();
}

void AttachmentTransfer::resume()
{
    if (m_state != State::Retrying)
        return;
    setState(State::Uploading);
    if (m_upload.uploadId.isEmpty())
        return announce();
    m_reply = m_api.requestBytes(QByteArrayLiteral("GET"), Routes::upload(m_upload.uploadId), {},
                                 QByteArrayLiteral("application/json"), this,
                                 [this](const ApiReply &r, const QByteArray &) {
                                     if (!uploadReplyEnds(r))
                                         advance(r);
                                 });
}

bool AttachmentTransfer::uploadReplyEnds(const ApiReply &reply, bool conflictCarriesProgress)
{
    if (m_state == State::Cancelled)
        return true;
    if (reply.networkError()) {
        networkTrouble(reply.error);
        return true;
    }
    if (!reply.ok() && !(conflictCarriesProgress && reply.status == 409)) {
        fail(reply.error);
        return true;
    }
    return false;
}

void AttachmentTransfer::networkTrouble(const QString &why)
{
    if (m_state == State::Downloading || ++m_tries > m_maxTries)
        return fail(QStringLiteral("the server cannot be reached: %1").arg(why));
    setState(State::Retrying);
    Q_EMIT retrying(m_tries, why);
    m_retryTimer.start(m_firstDelayMs << std::min(m_tries - 1, 10));
}

void AttachmentTransfer::fail(const QString &message)
{
    m_error = message;
    setState(State::Failed);
    Q_EMIT failed(message);
}

void AttachmentTransfer::cancel()
{
    if (m_state != State::Uploading && m_state != State::Retrying && m_state != State::Downloading)
        return;
    const bool wasUpload = m_state != State::Downloading;
    setState(State::Cancelled);
    m_retryTimer.stop();
    if (m_reply)
        m_reply->abort();
    if (wasUpload && !m_upload.uploadId.isEmpty()) // the server drops what it has; nobody waits for the answer
        m_api.requestBytes(QByteArrayLiteral("DELETE"), Routes::upload(m_upload.uploadId), {},
                           QByteArrayLiteral("application/json"), this, [](const ApiReply &, const QByteArray &) {});
    Q_EMIT cancelled();
}

void AttachmentTransfer::download(const QString &attachmentId, const QString &targetPath)
{
    setState(State::Downloading);
    m_reply = m_api.requestBytes(
        QByteArrayLiteral("POST"), Routes::attachmentLink(attachmentId), {}, QByteArrayLiteral("application/json"),
        this, [this, targetPath](const ApiReply &link, const QByteArray &) {
            if (m_state == State::Cancelled)
                return;
            if (!link.ok())
                return fail(link.error);
            const auto signedLink = AttachmentLink::fromJson(link.json);
            if (!signedLink)
                return fail(
                    QStringLiteral("the server's answer is not understood: %1").arg(signedLink.error().message));
            m_total = signedLink->attachment.size;
            m_reply = m_api.requestBytes(
                QByteArrayLiteral("GET"), signedLink->url, {}, QByteArrayLiteral("application/octet-stream"), this,
                [this, targetPath](const ApiReply &r, const QByteArray &bytes) {
                    if (m_state == State::Cancelled)
                        return;
                    if (!r.ok())
                        return fail(r.error);
                    QSaveFile out(targetPath);
                    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
                        return fail(QStringLiteral("cannot write %1: %2").arg(targetPath, out.errorString()));
                    m_done = bytes.size();
                    setState(State::Done);
                    Q_EMIT progressed(m_done, m_total);
                    Q_EMIT downloaded(targetPath);
                });
            connect(m_reply, &QNetworkReply::downloadProgress, this,
                    [this](qint64 received, qint64) { Q_EMIT progressed(received, m_total); });
        });
}

} // namespace Tessera::Core
