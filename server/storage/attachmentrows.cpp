#include "attachmentrows.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Tessera::Server {

namespace {

bool exec(QSqlQuery &q, QString *error)
{
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

} // namespace

bool AttachmentRows::write(const QString &boardId, const Core::Event &event, const Core::BoardState &after,
                           QString *error) const
{
    using Core::EventKind;
    if (event.kind != EventKind::AttachmentAdded && event.kind != EventKind::AttachmentRemoved
        && event.kind != EventKind::ItemDeleted)
        return true; // most events: no query made on the commit path
    QSqlQuery q(m_db);
    switch (event.kind) {
    case EventKind::AttachmentAdded: {
        const QString id
            = event.payload.value(QStringLiteral("attachment")).toObject().value(QStringLiteral("id")).toString();
        const Core::Attachment a = after.attachments.value(id);
        q.prepare(QStringLiteral("INSERT INTO attachments (id, board_id, item_id, name, size, content_type, sha256, "
                                 "uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const QVariant &v :
             { QVariant(a.id), QVariant(boardId), QVariant(a.itemId), QVariant(a.name), QVariant(a.size),
               QVariant(a.contentType), QVariant(a.sha256), QVariant(a.uploadedBy), QVariant(a.uploadedAt) })
            q.addBindValue(v);
        return exec(q, error);
    }
    case EventKind::AttachmentRemoved:
        q.prepare(QStringLiteral("DELETE FROM attachments WHERE board_id = ? AND id = ?"));
        q.addBindValue(boardId);
        q.addBindValue(event.payload.value(QStringLiteral("attachmentId")).toString());
        return exec(q, error);
    case EventKind::ItemDeleted:
        q.prepare(QStringLiteral("DELETE FROM attachments WHERE board_id = ? AND item_id = ?"));
        q.addBindValue(boardId);
        q.addBindValue(event.payload.value(QStringLiteral("itemId")).toString());
        return exec(q, error);
    default:
        return true;
    }
}

bool AttachmentRows::load(const QString &boardId, Core::BoardState &state) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, item_id, name, size, content_type, sha256, uploaded_by, uploaded_at "
                             "FROM attachments WHERE board_id = ?"));
    q.addBindValue(boardId);
    if (!q.exec())
        return false;
    while (q.next()) {
        Core::Attachment a { q.value(0).toString(),   q.value(1).toString(), q.value(2).toString(),
                             q.value(3).toLongLong(), q.value(4).toString(), q.value(5).toString(),
                             q.value(6).toString(),   q.value(7).toString() };
        state.attachments.insert(a.id, a);
    }
    return true;
}

} // namespace Tessera::Server
