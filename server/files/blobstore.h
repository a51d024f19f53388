#pragma once

#include <QSet>
#include <QString>

namespace Tessera::Server {

// The files of attachments, content-addressed under ROOT (--files-dir, default DIR/files):
// the bytes with SHA-256 "abcd…" live in ROOT/ab/cd… (0600), once however many attachments
// refer to them. Uploads grow in ROOT/tmp/<upload id> and are renamed into place when
// complete, so a file under its hash is always whole.
class BlobStore final
{
public:
    explicit BlobStore(const QString &root);

    // Creates ROOT and ROOT/tmp (0700) where missing and checks a file can be written in
    // them. Empty when the store can work there, else why not (naming the folder).
    static QString prepare(const QString &root);

    QString root() const { return m_root; }
    QString pathFor(const QString &sha256) const;
    QString tempPath(const QString &uploadId) const;
    bool has(const QString &sha256) const;

    // Appends `bytes` at `offset` of an upload's temp file (a longer file, left by a crash
    // after a write whose row update was lost, is cut back to `offset` first). Empty on
    // success, else why.
    QString append(const QString &uploadId, qint64 offset, const QByteArray &bytes) const;
    qint64 tempSize(const QString &uploadId) const;
    bool removeTemp(const QString &uploadId) const;

    // Hashes the temp file; when it is `expectedSha256`, syncs it and renames it into place
    // (or drops it when that file exists already: deduplication). Thread-safe (no database):
    // call it from a worker.
    struct Finished
    {
        bool ok = false;
        QString sha256; // what the bytes hash to
        QString error;
    };
    Finished finish(const QString &uploadId, const QString &expectedSha256) const;

    bool remove(const QString &sha256) const;
    // Every stored file's hash, and every temp file's upload id.
    QSet<QString> allShas() const;
    QStringList tempIds() const;

private:
    QString m_root;
};

} // namespace Tessera::Server
