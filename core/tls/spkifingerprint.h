#pragma once

#include <QString>

class QSslCertificate;

namespace Tessera::Core {

// A TLS key's fingerprint: the SHA-256 of the certificate's DER SubjectPublicKeyInfo. The
// client pins it (CertificatePin) and the server logs it at start: people compare the two,
// so both compute it here and nowhere else.
class SpkiFingerprint final
{
public:
    // Base64 of the digest: the form a pin file holds. Empty for a null certificate.
    static QString base64(const QSslCertificate &certificate);
    // Colon-separated upper-case hex of a base64 digest ("AB:CD:…"), for reading aloud.
    static QString hexOf(const QString &base64Digest);
    // hexOf(base64(certificate)): what the server prints and the client's dialog shows.
    static QString hex(const QSslCertificate &certificate);
};

} // namespace Tessera::Core
