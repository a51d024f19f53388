#pragma once

#include <QList>
#include <QSslError>
#include <QString>

class QSslCertificate;

namespace Tessera::Core {

// Trust on first use for a self-signed server certificate. A certificate the system
// trusts needs no pin. One that fails only because nobody vouches for it (self-signed,
// unknown issuer, name mismatch) is accepted the first time and its public key pinned
// (base64 SHA-256 of the SubjectPublicKeyInfo, kept in a small file next to the caches);
// later it is accepted only with the same key. Any other error, or a different key, is
// refused — a changed key is reported as such, never silently re-pinned.
class CertificatePin final
{
public:
    enum class Verdict { Trusted, Refused, Changed };

    explicit CertificatePin(QString filePath);

    static QString spkiHash(const QSslCertificate &certificate);
    // Whether every error only says that nobody vouches for the certificate (self-signed,
    // unknown issuer, another name): what a pin can decide. Anything else is refused.
    static bool onlyTrustErrors(const QList<QSslError> &errors);
    static QString filePathFor(const QString &dir, const QUrl &server);

    QString pinned() const;
    void clear();
    // Decides about a TLS handshake that reported `errors` for `peer`; `detail` explains a refusal.
    Verdict check(const QSslCertificate &peer, const QList<QSslError> &errors, QString *detail = nullptr);

private:
    QString m_path;
};

} // namespace Tessera::Core
