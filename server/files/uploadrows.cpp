#include "uploadrows.h"

#include <QDateTime>
#include <QSqlQuery>

namespace Tessera::Server {

namespace {

QString now()
{
    return Core::nowIso();
}

Upload uploadFrom(const QSqlQuery &q)
{
    return { q.value(0).toString(),   q.value(1).toString(),   q.value(2).toString(), q.value(3).toString(),
             q.value(4).toString(),   q.value(5).toLongLong(), q.value(6).toString(), q.value(7).toString(),
             q.value(8).toLongLong(), q.value(9).toInt() != 0 };
}

UploadRows::Row rowFrom(const QSqlQuery &q)
{
    return { q.value(0).toString(),
             { q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toLongLong(),
               q.value(5).toString(), q.value(6).toString(), q.value(7).toString(), q.value(8).toString() } };
}

const char *const AttachmentColumns
    = "SELECT board_id, id, item_id, name, size, content_type, sha256, uploaded_by, uploaded_at FROM attachments";

} // namespace

bool UploadRows::create(const Upload &u) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("INSERT INTO uploads (id, user_id, board_id, item_id, name, size, sha256, content_type, "
                       "received, complete, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)"));
    for (const QVariant &v :
         { QVariant(u.id), QVariant(u.userId), QVariant(u.boardId), QVariant(u.itemId), QVariant(u.name),
           QVariant(u.size), QVariant(u.sha256), QVariant(u.contentType), QVariant(now()), QVariant(now()) })
        q.addBindValue(v);
    return q.exec();
}

std::optional<Upload> UploadRows::byId(const QString &id) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT id, user_id, board_id, item_id, name, size, sha256, content_type, received, complete "
                       "FROM uploads WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return uploadFrom(q);
}

bool UploadRows::setReceived(const QString &id, qint64 received) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE uploads SET received = ?, updated_at = ? WHERE id = ?"));
    q.addBindValue(received);
    q.addBindValue(now());
    q.addBindValue(id);
    return q.exec();
}

bool UploadRows::setComplete(const QString &id) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE uploads SET complete = 1, received = size, updated_at = ? WHERE id = ?"));
    q.addBindValue(now());
    q.addBindValue(id);
    return q.exec();
}

bool UploadRows::remove(const QString &id) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM uploads WHERE id = ?"));
    q.addBindValue(id);
    return q.exec();
}

bool UploadRows::removeAttached(const QString &boardId, const Core::Attachment &a) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "DELETE FROM uploads WHERE complete = 1 AND user_id = ? AND board_id = ? AND item_id = ? AND sha256 = ?"));
    q.addBindValue(a.uploadedBy);
    q.addBindValue(boardId);
    q.addBindValue(a.itemId);
    q.addBindValue(a.sha256);
    return q.exec();
}

QStringList UploadRows::staleIds(qint64 seconds) const
{
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addSecs(-seconds);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id FROM uploads WHERE updated_at < ?"));
    q.addBindValue(cutoff.toString(Qt::ISODateWithMs));
    QStringList ids;
    if (q.exec())
        while (q.next())
            ids.append(q.value(0).toString());
    return ids;
}

QStringList UploadRows::allIds() const
{
    QSqlQuery q(m_db);
    QStringList ids;
    if (q.exec(QStringLiteral("SELECT id FROM uploads")))
        while (q.next())
            ids.append(q.value(0).toString());
    return ids;
}

std::optional<UploadRows::Row> UploadRows::attachment(const QString &attachmentId) const
{
    QSqlQuery q(m_db);
    q.prepare(QLatin1String(AttachmentColumns) + QStringLiteral(" WHERE id = ?"));
    q.addBindValue(attachmentId);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return rowFrom(q);
}

QList<UploadRows::Row> UploadRows::allAttachments() const
{
    QSqlQuery q(m_db);
    QList<Row> rows;
    if (q.exec(QLatin1String(AttachmentColumns)))
        while (q.next())
            rows.append(rowFrom(q));
    return rows;
}

qint64 UploadRows::boardBytes(const QString &boardId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COALESCE(SUM(size), 0) FROM attachments WHERE board_id = ?"));
    q.addBindValue(boardId);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

QSet<QString> UploadRows::referencedShas() const
{
    QSqlQuery q(m_db);
    QSet<QString> shas;
    if (q.exec(QStringLiteral("SELECT sha256 FROM attachments UNION SELECT sha256 FROM uploads WHERE complete = 1")))
        while (q.next())
            shas.insert(q.value(0).toString());
    return shas;
}

bool UploadRows::referenced(const QString &sha256) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM attachments WHERE sha256 = ? "
                             "UNION ALL SELECT 1 FROM uploads WHERE sha256 = ? AND complete = 1 LIMIT 1"));
    q.addBindValue(sha256);
    q.addBindValue(sha256);
    return !q.exec() || q.next(); // when in doubt, keep the file
}

} // namespace Tessera::Server
