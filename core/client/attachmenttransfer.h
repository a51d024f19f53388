#pragma once

#include "core/protocol/command.h"
#include "core/protocol/domain.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkReply;

namespace Tessera::Core {

class ApiClient;
struct ApiReply;

// One attachment upload or download over the HTTP API (docs/protocol.md, "Attachments").
//
// Upload: hashes the file (SHA-256), announces it (POST /uploads), sends it in chunks of
// the size the server names, and after a network error asks the server where it got to
// (GET /uploads/{id}) and goes on from there, with growing pauses (setRetry). `uploaded`
// gives what attachment.add needs (addOp()); the caller submits that through SyncClient,
// so the attachment takes the ordinary command path. cancel() stops and tells the server.
//
// Download: asks for a signed link (POST /attachments/{id}/link), fetches it and writes
// the bytes to the target file (through a temp file, renamed when whole).
//
// One transfer per object. QtNetwork only: no QtGui here (thumbnails are the app's).
class AttachmentTransfer final : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Uploading, Downloading, Retrying, Done, Failed, Cancelled };
    Q_ENUM(State)

    explicit AttachmentTransfer(ApiClient &api, QObject *parent = nullptr);
    ~AttachmentTransfer() override;

    // Pauses after a network error: first, doubled each time, at most `maxTries` in a row.
    void setRetry(int firstDelayMs, int maxTries);

    // False (with error()) when the file cannot be read.
    bool upload(const QString &boardId, const QString &itemId, const QString &filePath,
                const QString &contentType = QString());
    void download(const QString &attachmentId, const QString &targetPath);
    void cancel();

    State state() const { return m_state; }
    QString error() const { return m_error; }
    qint64 done() const { return m_done; }
    qint64 total() const { return m_total; }

    // What the upload made, for attachment.add.
    struct Uploaded
    {
        QString uploadId;
        QString boardId;
        QString itemId;
        QString name;
        qint64 size = 0;
        QString sha256;
        QString contentType;
    };
    const Uploaded &result() const { return m_upload; }
    static Op addOp(const QString &attachmentId, const Uploaded &upload);
    static Op removeOp(const QString &attachmentId);
    // A media type from the file name's suffix (images, PDF, text, …; else octet-stream).
    static QString contentTypeFor(const QString &fileName);

Q_SIGNALS:
    void progressed(qint64 done, qint64 total);
    void retrying(int attempt, const QString &why);
    void uploaded(const Tessera::Core::AttachmentTransfer::Uploaded &upload);
    void downloaded(const QString &path);
    void failed(const QString &message);
    void cancelled();

private:
    void announce();
    void sendChunk();
    void advance(const ApiReply &reply); // an upload's progress answer: go on, or done
    void resume();
    // Whether an upload step's reply ends the step here: cancelled meanwhile, a network
    // failure (retried later) or an error. `conflictCarriesProgress`: a 409 says where the
    // upload really is and goes on.
    bool uploadReplyEnds(const ApiReply &reply, bool conflictCarriesProgress = false);
    void networkTrouble(const QString &why);
    void fail(const QString &message);
    void setState(State state) { m_state = state; }

    ApiClient &m_api;
    State m_state = State::Idle;
    QString m_error;
    QString m_path;
    Uploaded m_upload;
    qint64 m_chunkBytes = 1024 * 1024;
    qint64 m_done = 0;
    qint64 m_total = 0;
    int m_firstDelayMs = 1000;
    int m_maxTries = 8;
    int m_tries = 0;
    QTimer m_retryTimer;
    QPointer<QNetworkReply> m_reply;
};

} // namespace Tessera::Core
