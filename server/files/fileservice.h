#pragma once

#include "blobstore.h"

#include "core/protocol/event.h"
#include "core/rules/commandlogic.h"

#include <QObject>
#include <QTimer>

class QHttpServer;

namespace Tessera::Server {

class BoardRepository;
class CommandService;
class Database;
class RequestAuth;
class UserStore;

// The files room composed: uploads and downloads (UploadRoutes, FileRoutes), the server's
// side of attachment.add (the upload must be the actor's, complete, for that board and item,
// with the same name, size, type and hash), removing a file once nothing refers to it, and
// the orphan sweep (at start and daily).
class FileService final : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        Database &database;
        BoardRepository &boards;
        CommandService &commands;
        RequestAuth &auth;
        UserStore &users;
        QString filesDir; // the BlobStore's root (--files-dir)
    };

    FileService(QHttpServer &http, Services services, QObject *parent = nullptr);

    // What the sweep did.
    struct SweepReport
    {
        int filesRemoved = 0; // files no attachment or complete upload refers to
        int rowsRemoved = 0; // attachments whose file is gone (attachment.remove submitted)
        int uploadsRemoved = 0; // abandoned uploads (untouched for a day) and temp files without one
    };
    // Makes metadata and files agree again (after a crash between the two, or lost files).
    SweepReport sweep();
    const BlobStore &blobs() const { return m_blobs; }

    // The check CommandService runs for attachment.add (see CommandService::setAttachmentCheck).
    Core::Verdict checkAdd(const QString &userId, const QString &boardId, const Core::Op &op) const;

private:
    void afterCommit(const QString &boardId, const Core::EventList &events);
    int removeUnreferencedFiles();

    Services m_s;
    BlobStore m_blobs;
    QTimer m_dailySweep;
    QTimer m_unreferencedCheck; // after item deletes: one walk of the files folder for a burst of them
};

} // namespace Tessera::Server
