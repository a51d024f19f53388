#include "linksigner.h"

#include "server/storage/database.h"

#include <QMessageAuthenticationCode>

#include <sodium.h>

namespace Tessera::Server {

namespace {

const QString SecretKey = QStringLiteral("file_link_secret");

} // namespace

LinkSigner::LinkSigner(Database &database)
{
    QString hex = database.meta(SecretKey);
    if (hex.size() != 64) {
        QByteArray raw(32, '\0');
        randombytes_buf(raw.data(), size_t(raw.size()));
        hex = QString::fromLatin1(raw.toHex());
        if (!database.setMeta(SecretKey, hex))
            return; // not ok(): links are refused rather than signed with a secret that is not kept
    }
    m_secret = QByteArray::fromHex(hex.toLatin1());
}

QString LinkSigner::sign(const QString &attachmentId, const QString &userId, qint64 expiresAt) const
{
    const QByteArray message = QStringLiteral("%1|%2|%3").arg(attachmentId, userId).arg(expiresAt).toUtf8();
    return QString::fromLatin1(QMessageAuthenticationCode::hash(message, m_secret, QCryptographicHash::Sha256).toHex());
}

bool LinkSigner::verify(const QString &attachmentId, const QString &userId, qint64 expiresAt,
                        const QString &signature) const
{
    if (!ok())
        return false;
    const QByteArray expected = sign(attachmentId, userId, expiresAt).toLatin1();
    const QByteArray given = signature.toLatin1();
    return given.size() == expected.size()
        && sodium_memcmp(given.constData(), expected.constData(), size_t(given.size())) == 0;
}

} // namespace Tessera::Server
