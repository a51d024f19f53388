#include "folderowner.h"

#include <QDir>
#include <QFileInfo>

#include <unistd.h>

namespace Tessera::Server {

QString refuseRootInForeignFolder(const QString &dataDir, const QString &command)
{
    const QFileInfo dir(dataDir);
    if (dataDir.isEmpty() || ::geteuid() != 0 || !dir.exists() || dir.ownerId() == 0)
        return QString();
    const QString owner = dir.owner().isEmpty() ? QString::number(dir.ownerId()) : dir.owner();
    return QStringLiteral("%1 belongs to %2, not root; run it as the folder's owner: sudo -u %2 %3")
            .arg(QDir::toNativeSeparators(dataDir), owner, command);
}

} // namespace Tessera::Server
