#include "spkifingerprint.h"

#include <QCryptographicHash>
#include <QSslCertificate>
#include <QSslKey>

namespace Tessera::Core {

QString SpkiFingerprint::base64(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    // QSslKey::toDer() of a public key is the DER SubjectPublicKeyInfo.
    const QByteArray spki = certificate.publicKey().toDer();
    return QString::fromLatin1(QCryptographicHash::hash(spki, QCryptographicHash::Sha256).toBase64());
}

QString SpkiFingerprint::hexOf(const QString &base64Digest)
{
    const QByteArray raw = QByteArray::fromBase64(base64Digest.toLatin1());
    return QString::fromLatin1(raw.toHex(':').toUpper());
}

QString SpkiFingerprint::hex(const QSslCertificate &certificate)
{
    return hexOf(base64(certificate));
}

} // namespace Tessera::Core
