#pragma once

#include "core/protocol/domain.h"

#include <QSet>
#include <QSqlDatabase>

#include <optional>

namespace Tessera::Server {

// One upload in progress (or complete, not yet attached): the `uploads` table.
struct Upload
{
    QString id;
    QString userId;
    QString boardId;
    QString itemId;
    QString name;
    qint64 size = 0;
    QString sha256; // as announced
    QString contentType;
    qint64 received = 0;
    bool complete = false; // the bytes arrived, matched `sha256` and are stored
};

// The SQL of the files room: uploads, and the attachment rows it reads (BoardRepository
// writes them with the board's events, see AttachmentRows).
class UploadRows final
{
public:
    explicit UploadRows(QSqlDatabase db)
        : m_db(std::move(db))
    {
    }

    bool create(const Upload &upload) const;
    std::optional<Upload> byId(const QString &id) const;
    bool setReceived(const QString &id, qint64 received) const;
    bool setComplete(const QString &id) const;
    bool remove(const QString &id) const;
    // The complete uploads an attachment was made from: attached, they are no longer needed.
    bool removeAttached(const QString &boardId, const Core::Attachment &attachment) const;
    // Uploads untouched for `seconds`: abandoned, or complete and never attached.
    QStringList staleIds(qint64 seconds) const;
    QStringList allIds() const;

    // An attachment's board and metadata.
    struct Row
    {
        QString boardId;
        Core::Attachment attachment;
    };
    std::optional<Row> attachment(const QString &attachmentId) const;
    QList<Row> allAttachments() const;
    // Total bytes attached on a board (its quota).
    qint64 boardBytes(const QString &boardId) const;
    // Files still needed: by an attachment or by a complete upload.
    QSet<QString> referencedShas() const;
    bool referenced(const QString &sha256) const;

private:
    QSqlDatabase m_db;
};

} // namespace Tessera::Server
