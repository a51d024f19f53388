#include "blobstore.h"

#include "core/protocol/domain.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryFile>

#include <unistd.h>

namespace Tessera::Server {

namespace {

constexpr auto OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr auto OwnerDir = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

bool makeDir(const QString &path)
{
    if (!QDir().mkpath(path))
        return false;
    QFile::setPermissions(path, OwnerDir);
    return true;
}

} // namespace

BlobStore::BlobStore(const QString &root)
    : m_root(QDir(root).absolutePath())
{
    makeDir(m_root);
    makeDir(QDir(m_root).absoluteFilePath(QStringLiteral("tmp")));
}

QString BlobStore::prepare(const QString &root)
{
    const QString shown = QDir::toNativeSeparators(root);
    if (QFileInfo(root).exists() && !QFileInfo(root).isDir())
        return QStringLiteral("the attachments folder %1 (--files-dir) is not a folder").arg(shown);
    const QString tmp = QDir(root).absoluteFilePath(QStringLiteral("tmp"));
    for (const QString &dir : { root, tmp }) {
        if (!QFileInfo::exists(dir) && !makeDir(dir))
            return QStringLiteral("cannot create the attachments folder %1 (--files-dir): check its parent's owner "
                                  "and permissions")
                    .arg(QDir::toNativeSeparators(dir));
    }
    QTemporaryFile probe(QDir(tmp).absoluteFilePath(QStringLiteral(".write-check-XXXXXX")));
    if (!probe.open() || probe.write("x", 1) != 1 || !probe.flush())
        return QStringLiteral("cannot write in the attachments folder %1 (--files-dir): %2")
                .arg(shown, probe.errorString());
    return QString();
}

QString BlobStore::pathFor(const QString &sha256) const
{
    return QStringLiteral("%1/%2/%3").arg(m_root, sha256.left(2), sha256.mid(2));
}

QString BlobStore::tempPath(const QString &uploadId) const
{
    return QStringLiteral("%1/tmp/%2").arg(m_root, uploadId);
}

bool BlobStore::has(const QString &sha256) const
{
    return Core::Attachment::isSha256(sha256) && QFile::exists(pathFor(sha256));
}

QString BlobStore::append(const QString &uploadId, qint64 offset, const QByteArray &bytes) const
{
    QFile file(tempPath(uploadId));
    if (!file.open(QIODevice::ReadWrite))
        return QStringLiteral("cannot open the upload's file: %1").arg(file.errorString());
    file.setPermissions(OwnerOnly);
    if (file.size() < offset)
        return QStringLiteral("the upload's file holds %1 bytes, not %2").arg(file.size()).arg(offset);
    if (file.size() > offset && !file.resize(offset))
        return QStringLiteral("cannot cut the upload's file back: %1").arg(file.errorString());
    if (!file.seek(offset) || file.write(bytes) != bytes.size() || !file.flush())
        return QStringLiteral("cannot write the upload's file: %1").arg(file.errorString());
    return QString();
}

qint64 BlobStore::tempSize(const QString &uploadId) const
{
    return QFileInfo(tempPath(uploadId)).size();
}

bool BlobStore::removeTemp(const QString &uploadId) const
{
    return QFile::remove(tempPath(uploadId)) || !QFile::exists(tempPath(uploadId));
}

BlobStore::Finished BlobStore::finish(const QString &uploadId, const QString &expectedSha256) const
{
    Finished out;
    QFile file(tempPath(uploadId));
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = QStringLiteral("cannot read the upload's file: %1").arg(file.errorString());
        return out;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) {
        out.error = QStringLiteral("cannot read the upload's file: %1").arg(file.errorString());
        return out;
    }
    out.sha256 = QString::fromLatin1(hash.result().toHex());
    if (out.sha256 != expectedSha256) {
        out.error = QStringLiteral("the bytes hash to %1, not the announced %2").arg(out.sha256, expectedSha256);
        return out;
    }
    const QString target = pathFor(out.sha256);
    if (QFile::exists(target)) { // the same bytes are stored already: keep one copy
        file.close();
        QFile::remove(file.fileName());
        out.ok = true;
        return out;
    }
    if (::fsync(file.handle()) != 0) {
        out.error = QStringLiteral("cannot sync the upload's file to disk");
        return out;
    }
    file.close();
    if (!makeDir(QFileInfo(target).absolutePath()) || !QFile::rename(file.fileName(), target)) {
        out.error = QStringLiteral("cannot move the file into place");
        return out;
    }
    QFile::setPermissions(target, OwnerOnly);
    out.ok = true;
    return out;
}

bool BlobStore::remove(const QString &sha256) const
{
    return Core::Attachment::isSha256(sha256) && QFile::remove(pathFor(sha256));
}

QSet<QString> BlobStore::allShas() const
{
    QSet<QString> shas;
    QDirIterator it(m_root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        const QString dir = info.dir().dirName();
        if (dir == QLatin1String("tmp"))
            continue;
        const QString sha = dir + info.fileName();
        if (Core::Attachment::isSha256(sha))
            shas.insert(sha);
    }
    return shas;
}

QStringList BlobStore::tempIds() const
{
    return QDir(QDir(m_root).absoluteFilePath(QStringLiteral("tmp"))).entryList(QDir::Files);
}

} // namespace Tessera::Server
