#pragma once

#include <QString>
#include <QStringList>
#include <QUrlQuery>

namespace Tessera::Core {

// Every REST path of the v1 API, in one place: the patterns the server registers
// (QHttpServer's "<arg>" placeholders) and the paths a client requests.
namespace Routes {

inline QString health() { return QStringLiteral("/api/v1/health"); }
inline QString login() { return QStringLiteral("/api/v1/login"); }
inline QString logout() { return QStringLiteral("/api/v1/logout"); }
inline QString registration() { return QStringLiteral("/api/v1/register"); }
inline QString me() { return QStringLiteral("/api/v1/me"); }
inline QString mePassword() { return QStringLiteral("/api/v1/me/password"); }
inline QString users() { return QStringLiteral("/api/v1/users"); }
inline QString boards() { return QStringLiteral("/api/v1/boards"); }
inline QString mutations() { return QStringLiteral("/api/v1/mutations"); }
inline QString heads() { return QStringLiteral("/api/v1/sync/heads"); }
inline QString inbox() { return QStringLiteral("/api/v1/inbox"); }
inline QString inboxRead() { return QStringLiteral("/api/v1/inbox/read"); }
inline QString search() { return QStringLiteral("/api/v1/search"); }
inline QString adminUsers() { return QStringLiteral("/api/v1/admin/users"); }
inline QString adminSettings() { return QStringLiteral("/api/v1/admin/settings"); }
inline QString adminAudit() { return QStringLiteral("/api/v1/admin/audit"); }
inline QString adminConnections() { return QStringLiteral("/api/v1/admin/connections"); }
inline QString adminJobs() { return QStringLiteral("/api/v1/admin/jobs"); }
inline QString metrics() { return QStringLiteral("/metrics"); }
inline QString socket() { return QStringLiteral("/ws"); }
inline QString uploads() { return QStringLiteral("/api/v1/uploads"); }

// Server patterns with a placeholder.
namespace Pattern {
inline QString snapshot() { return QStringLiteral("/api/v1/boards/<arg>/snapshot"); }
inline QString digest() { return QStringLiteral("/api/v1/boards/<arg>/digest"); }
inline QString changes() { return QStringLiteral("/api/v1/streams/<arg>/changes"); }
inline QString adminUser() { return QStringLiteral("/api/v1/admin/users/<arg>"); }
inline QString upload() { return QStringLiteral("/api/v1/uploads/<arg>"); }
inline QString attachmentLink() { return QStringLiteral("/api/v1/attachments/<arg>/link"); }
inline QString file() { return QStringLiteral("/api/v1/files/<arg>"); }
inline QString imports() { return QStringLiteral("/api/v1/boards/<arg>/imports"); }
inline QString job() { return QStringLiteral("/api/v1/jobs/<arg>"); }
inline QString jobCancel() { return QStringLiteral("/api/v1/jobs/<arg>/cancel"); }
inline QString jobFailures() { return QStringLiteral("/api/v1/jobs/<arg>/failures"); }
inline QString jobRetry() { return QStringLiteral("/api/v1/jobs/<arg>/retry"); }
} // namespace Pattern

// Client paths with the placeholder filled in.
inline QString snapshot(const QString &boardId) { return QStringLiteral("/api/v1/boards/%1/snapshot").arg(boardId); }
inline QString digest(const QString &boardId) { return QStringLiteral("/api/v1/boards/%1/digest").arg(boardId); }
inline QString adminUser(const QString &userId) { return QStringLiteral("/api/v1/admin/users/%1").arg(userId); }
// An upload's progress (GET), cancel (DELETE), and a chunk from `offset` (PUT, offset >= 0).
inline QString upload(const QString &uploadId, qint64 offset = -1)
{
    const QString path = QStringLiteral("/api/v1/uploads/%1").arg(uploadId);
    return offset < 0 ? path : path + QStringLiteral("?offset=%1").arg(offset);
}
inline QString attachmentLink(const QString &attachmentId) { return QStringLiteral("/api/v1/attachments/%1/link").arg(attachmentId); }
// A CSV import (body: the file): `columns` maps each CSV column to a column id ("" skips it;
// without it the header names decide), `dateOrder` dayFirst|monthFirst.
inline QString imports(const QString &boardId, const QStringList &columns = {}, const QString &dateOrder = {})
{
    QUrlQuery q;
    if (!columns.isEmpty())
        q.addQueryItem(QStringLiteral("columns"), columns.join(QLatin1Char(',')));
    if (!dateOrder.isEmpty())
        q.addQueryItem(QStringLiteral("dateOrder"), dateOrder);
    const QString query = q.toString(QUrl::FullyEncoded);
    return QStringLiteral("/api/v1/boards/%1/imports").arg(boardId) + (query.isEmpty() ? QString() : QLatin1Char('?') + query);
}
inline QString job(const QString &jobId) { return QStringLiteral("/api/v1/jobs/%1").arg(jobId); }
inline QString jobCancel(const QString &jobId) { return job(jobId) + QStringLiteral("/cancel"); }
inline QString jobFailures(const QString &jobId) { return job(jobId) + QStringLiteral("/failures"); }
inline QString jobRetry(const QString &jobId) { return job(jobId) + QStringLiteral("/retry"); }
inline QString changes(const QString &stream, qint64 sinceSeq, int limit)
{
    return QStringLiteral("/api/v1/streams/%1/changes?sinceSeq=%2&limit=%3").arg(stream).arg(sinceSeq).arg(limit);
}
inline QString headsOf(const QStringList &streams)
{
    return heads() + QStringLiteral("?streams=") + streams.join(QLatin1Char(','));
}
inline QString inboxPage(int limit) { return inbox() + QStringLiteral("?limit=%1").arg(limit); }
inline QString searchFor(const QString &query, int limit)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("q"), query);
    q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    return search() + QLatin1Char('?') + q.toString(QUrl::FullyEncoded);
}

} // namespace Routes

} // namespace Tessera::Core
