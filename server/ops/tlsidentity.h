#pragma once

#include <QDateTime>
#include <QHostAddress>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>

namespace Tessera::Server {

// The certificate and key tessera-server serves https/wss with, checked before it listens.
// Either the files of --tls-cert/--tls-key, or a self-signed pair in DATA/tls (server.crt,
// server.key 0600) made on first start and reused after: its key never changes, so the
// fingerprint clients pinned stays valid, also when the certificate is renewed.
// Refused: a key that does not belong to the certificate, an unreadable or encrypted key,
// a certificate that has expired or is not valid yet (clients would refuse it too).
// Warned about: a key file others than its owner may read, a certificate ending within
// SelfSignedCert::RenewDays.
class TlsIdentity final
{
public:
    enum class Source { Files, Created, Reused, Renewed };

    static QString folderOf(const QString &dataDir); // DATA/tls

    // The files when `certificatePath` is given, else the self-signed pair of `dataDir`.
    bool load(const QString &certificatePath, const QString &keyPath, const QString &dataDir,
              const QHostAddress &listen, const QDateTime &now);
    bool loadFiles(const QString &certificatePath, const QString &keyPath, const QDateTime &now);
    bool loadOrCreateSelfSigned(const QString &dataDir, const QHostAddress &listen, const QDateTime &now);

    QString errorString() const { return m_error; }
    QStringList warnings() const { return m_warnings; }
    QSslConfiguration configuration() const { return m_configuration; }
    QString fingerprint() const { return m_fingerprint; } // SPKI SHA-256, colon-separated hex
    QString certificatePath() const { return m_certificatePath; }
    Source source() const { return m_source; }
    // "TLS certificate FILE (self-signed, created now), SPKI SHA-256 AB:CD:…"
    QString summary() const;

private:
    bool fail(const QString &error);
    bool writeSelfSigned(const QString &certificatePath, const QString &keyPath, const QByteArray &keyPem,
                         const QHostAddress &listen, const QDateTime &now);

    QString m_error;
    QStringList m_warnings;
    QSslConfiguration m_configuration;
    QString m_fingerprint;
    QString m_certificatePath;
    Source m_source = Source::Files;
};

} // namespace Tessera::Server
