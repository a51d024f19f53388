#include "fileservice.h"

#include "fileroutes.h"
#include "uploadroutes.h"
#include "uploadrows.h"

#include "server/commands/commandservice.h"
#include "server/ops/logging.h"
#include "server/storage/database.h"

#include <QUuid>

namespace Tessera::Server {

namespace {

constexpr qint64 AbandonedAfterSeconds = 24 * 60 * 60;
constexpr int SweepIntervalMs = 24 * 60 * 60 * 1000;

} // namespace

FileService::FileService(QHttpServer &http, Services services, QObject *parent)
    : QObject(parent)
    , m_s(std::move(services))
    , m_blobs(m_s.filesDir)
{
    new UploadRoutes(http, { m_s.database, m_s.boards, m_s.commands, m_s.auth, m_blobs }, this);
    new FileRoutes(http, { m_s.database, m_s.boards, m_s.users, m_s.auth, m_blobs }, this);
    m_s.commands.setAttachmentCheck([this](const QString &userId, const QString &boardId, const Core::Op &op) {
        return checkAdd(userId, boardId, op);
    });
    connect(&m_s.commands, &CommandService::boardEventsCommitted, this, &FileService::afterCommit);
    m_dailySweep.setInterval(SweepIntervalMs);
    connect(&m_dailySweep, &QTimer::timeout, this, [this] { sweep(); });
    m_dailySweep.start();
    m_unreferencedCheck.setSingleShot(true);
    m_unreferencedCheck.setInterval(1000);
    connect(&m_unreferencedCheck, &QTimer::timeout, this, [this] { removeUnreferencedFiles(); });
    sweep();
}

Core::Verdict FileService::checkAdd(const QString &userId, const QString &boardId, const Core::Op &op) const
{
    using Core::Verdict;
    const UploadRows rows(m_s.database.db());
    const auto upload = rows.byId(op.str(QStringLiteral("uploadId")));
    if (!upload || upload->userId != userId)
        return Verdict::reject(Core::RejectCode::NotFound, QStringLiteral("unknown upload"));
    if (!upload->complete)
        return Verdict::reject(Core::RejectCode::Invalid, QStringLiteral("the upload is not complete"));
    if (upload->boardId != boardId || upload->itemId != op.itemId())
        return Verdict::reject(Core::RejectCode::Invalid, QStringLiteral("the upload was made for another item"));
    if (upload->name != op.str(QStringLiteral("name"))
        || upload->size != op.args.value(QStringLiteral("size")).toInteger()
        || upload->sha256 != op.str(QStringLiteral("sha256"))
        || upload->contentType != op.str(QStringLiteral("contentType")))
        return Verdict::reject(Core::RejectCode::Invalid,
                               QStringLiteral("name, size, sha256 and contentType must be the upload's"));
    if (rows.attachment(op.str(QStringLiteral("attachmentId"))))
        return Verdict::reject(Core::RejectCode::Exists, QStringLiteral("attachment id is already used"));
    if (!m_blobs.has(upload->sha256))
        return Verdict::reject(Core::RejectCode::NotFound,
                               QStringLiteral("the uploaded file is gone; upload it again"));
    return Verdict::accept();
}

void FileService::afterCommit(const QString &boardId, const Core::EventList &events)
{
    const UploadRows rows(m_s.database.db());
    bool itemDeleted = false;
    for (const Core::Event &e : events) {
        if (e.kind == Core::EventKind::AttachmentAdded) {
            if (const auto a = Core::Attachment::fromJson(e.payload.value(QStringLiteral("attachment")).toObject()))
                rows.removeAttached(boardId, a.value());
        }
        if (e.kind == Core::EventKind::AttachmentRemoved) {
            const QString sha = e.payload.value(QStringLiteral("sha256")).toString();
            if (!rows.referenced(sha))
                m_blobs.remove(sha);
        }
        itemDeleted |= e.kind == Core::EventKind::ItemDeleted;
    }
    if (itemDeleted && !m_unreferencedCheck.isActive()) // its attachments went with it; which files is no longer known
        m_unreferencedCheck.start();
}

int FileService::removeUnreferencedFiles()
{
    const QSet<QString> referenced = UploadRows(m_s.database.db()).referencedShas();
    int removed = 0;
    for (const QString &sha : m_blobs.allShas()) {
        if (!referenced.contains(sha) && m_blobs.remove(sha))
            ++removed;
    }
    return removed;
}

FileService::SweepReport FileService::sweep()
{
    SweepReport report;
    const UploadRows rows(m_s.database.db());
    // Abandoned uploads, and complete ones never attached, after a day; temp files without a row.
    for (const QString &id : rows.staleIds(AbandonedAfterSeconds)) {
        rows.remove(id);
        m_blobs.removeTemp(id);
        ++report.uploadsRemoved;
    }
    const QStringList live = rows.allIds();
    for (const QString &id : m_blobs.tempIds()) {
        if (!live.contains(id) && m_blobs.removeTemp(id))
            ++report.uploadsRemoved;
    }
    report.filesRemoved = removeUnreferencedFiles();
    // Attachments whose file is gone: removed through the command path, so every client hears of it.
    for (const UploadRows::Row &row : rows.allAttachments()) {
        if (m_blobs.has(row.attachment.sha256))
            continue;
        const Core::BoardState *state = m_s.commands.state(row.boardId);
        if (!state)
            continue;
        QString actor = row.attachment.uploadedBy;
        if (!Core::mayPerform(Core::OpKind::AttachmentRemove, state->roleOf(actor))) {
            actor.clear();
            for (const Core::Member &m : state->members)
                if (m.role == Core::Role::Owner && actor.isEmpty())
                    actor = m.userId;
        }
        if (actor.isEmpty())
            continue;
        Core::Command command;
        command.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        command.boardId = row.boardId;
        command.op.kind = Core::OpKind::AttachmentRemove;
        command.op.args = { { QStringLiteral("attachmentId"), row.attachment.id } };
        const CommandResult result = m_s.commands.submitNow(actor, command);
        if (result.status == CommandResult::Status::Ack)
            ++report.rowsRemoved;
    }
    if (report.filesRemoved || report.rowsRemoved || report.uploadsRemoved)
        qCWarning(
            lcCommands,
            "attachment sweep: %d file(s) without an attachment, %d attachment(s) without a file, %d upload(s) removed",
            report.filesRemoved, report.rowsRemoved, report.uploadsRemoved);
    return report;
}

} // namespace Tessera::Server
