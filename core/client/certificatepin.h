#pragma once

#include <QList>
#include <QSslError>
#include <QString>

class QSslCertificate;
class QUrl;

namespace Tessera::Core {

// What a person is asked about a server's certificate: a first contact that nobody
// vouches for (self-signed, unknown issuer), or a key that differs from the pinned one.
struct CertificateQuestion
{
    QString host; // host:port
    QString fingerprint; // the new key: base64 SHA-256 of its SubjectPublicKeyInfo (the pin)
    QString fingerprintHex; // the same as colon-separated hex, for reading aloud
    QString pinnedHex; // the key pinned before (empty on a first contact)
    QString subject; // the certificate's common name
    bool changed = false; // a different key than the pinned one
    bool systemTrusted = false; // the operating system vouches for the new certificate
    QString explanation; // what happened and what to check, in words
};

// Trust on first use for every server. The key (base64 SHA-256 of the certificate's
// SubjectPublicKeyInfo) of the first server that completes a TLS handshake is pinned in a
// small file next to the caches, whether or not the system trusts its certificate:
//  - a certificate the system trusts, first contact: pinned at once (Trusted);
//  - one that fails only because nobody vouches for it (self-signed, unknown issuer, name
//    mismatch), first contact: not pinned; the person is asked (NeedsDecision) and trust()
//    pins the key they accepted;
//  - later, the pinned key: Trusted; any other key, trusted by the system or not: Changed,
//    refused with an explanation until the person accepts the new key (trust());
//  - any other TLS error: Refused.
class CertificatePin final
{
public:
    enum class Verdict { Trusted, Refused, Changed, NeedsDecision };

    explicit CertificatePin(QString filePath);

    // Both are SpkiFingerprint's (core/tls), which the server's fingerprint line uses too.
    static QString spkiHash(const QSslCertificate &certificate);
    static QString hexOf(const QString &spkiHash); // "AB:CD:…" of a base64 pin
    // Whether every error only says that nobody vouches for the certificate (self-signed,
    // unknown issuer, another name): what a pin can decide. Anything else is refused.
    static bool onlyTrustErrors(const QList<QSslError> &errors);
    static QString filePathFor(const QString &dir, const QUrl &server);

    QString pinned() const;
    void clear();
    bool trust(const QString &spkiHash); // pins this key (the person accepted it)
    // Decides about a finished TLS handshake with `peer`: `errors` are what the system
    // reported (empty: it trusts the certificate). `question` is filled for NeedsDecision
    // and Changed; `detail` explains a refusal.
    Verdict check(const QSslCertificate &peer, const QList<QSslError> &errors, QString *detail = nullptr,
                  CertificateQuestion *question = nullptr);

private:
    QString m_path;
};

} // namespace Tessera::Core
