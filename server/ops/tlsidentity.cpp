#include "tlsidentity.h"

#include "core/tls/spkifingerprint.h"
#include "opensslhandles.h"
#include "selfsignedcert.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

#include <openssl/pem.h>

namespace Tessera::Server {

namespace {

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// Whether the private key in `keyPem` is the one `certificatePem` certifies (libcrypto's
// X509_check_private_key); `error` says why not when a file cannot be read at all.
bool keyBelongsTo(const QByteArray &certificatePem, const QByteArray &keyPem, QString *error)
{
    ERR_clear_error();
    OpenSsl::Bio certBio = OpenSsl::readBio(certificatePem);
    OpenSsl::Bio keyBio = OpenSsl::readBio(keyPem);
    if (!certBio || !keyBio) {
        *error = OpenSsl::lastError();
        return false;
    }
    const OpenSsl::Certificate certificate(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    const auto noPassphrase = [](char *, int, int, void *) { return -1; };
    const OpenSsl::Key key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, noPassphrase, nullptr));
    if (!certificate || !key) {
        *error = OpenSsl::lastError();
        return false;
    }
    const bool matches = X509_check_private_key(certificate.get(), key.get()) == 1;
    ERR_clear_error();
    return matches;
}

bool readAll(const QString &path, QByteArray *data, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return false;
    }
    *data = f.readAll();
    return true;
}

bool writeFile(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || !f.setPermissions(permissions) || f.write(data) != data.size()
        || !f.commit()) {
        *error = f.errorString();
        return false;
    }
    return true;
}

QString utc(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

} // namespace

QString TlsIdentity::folderOf(const QString &dataDir)
{
    return QDir(dataDir).absoluteFilePath(QStringLiteral("tls"));
}

bool TlsIdentity::load(const QString &certificatePath, const QString &keyPath, const QString &dataDir,
                       const QHostAddress &listen, const QDateTime &now)
{
    return certificatePath.isEmpty() ? loadOrCreateSelfSigned(dataDir, listen, now)
                                     : loadFiles(certificatePath, keyPath, now);
}

bool TlsIdentity::fail(const QString &error)
{
    m_error = error;
    return false;
}

bool TlsIdentity::loadFiles(const QString &certificatePath, const QString &keyPath, const QDateTime &now)
{
    m_certificatePath = certificatePath;
    QByteArray certificatePem;
    QByteArray keyPem;
    QString why;
    if (!readAll(certificatePath, &certificatePem, &why))
        return fail(QStringLiteral("cannot read the TLS certificate %1: %2").arg(certificatePath, why));
    if (!readAll(keyPath, &keyPem, &why))
        return fail(QStringLiteral("cannot read the TLS key %1: %2").arg(keyPath, why));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.constFirst().isNull())
        return fail(QStringLiteral("the TLS certificate %1 holds no PEM certificate").arg(certificatePath));
    QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull() || key.type() != QSsl::PrivateKey)
        return fail(QStringLiteral("the TLS key %1 is not an unencrypted RSA or EC private key in PEM").arg(keyPath));
    const QSslCertificate &leaf = chain.constFirst();
    if (!keyBelongsTo(leaf.toPem(), keyPem, &why)) {
        if (!why.isEmpty())
            return fail(QStringLiteral("cannot check the TLS key %1 against the certificate %2: %3")
                            .arg(keyPath, certificatePath, why));
        return fail(
            QStringLiteral("the TLS key %1 does not belong to the certificate %2").arg(keyPath, certificatePath));
    }
    // Clients refuse a certificate out of its validity (the pin does not excuse that): so does the server.
    if (now < leaf.effectiveDate())
        return fail(QStringLiteral("the TLS certificate %1 is not valid before %2 (is this machine's clock right?)")
                        .arg(certificatePath, utc(leaf.effectiveDate())));
    if (now > leaf.expiryDate())
        return fail(
            QStringLiteral("the TLS certificate %1 expired on %2: renew it (clients refuse an expired certificate)")
                .arg(certificatePath, utc(leaf.expiryDate())));
    if (now.addDays(SelfSignedCert::RenewDays) > leaf.expiryDate())
        m_warnings << QStringLiteral("the TLS certificate %1 expires on %2: renew it before then")
                          .arg(certificatePath, utc(leaf.expiryDate()));
    const QFileDevice::Permissions exposed
        = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (QFileInfo(keyPath).permissions() & exposed)
        m_warnings << QStringLiteral(
                          "the TLS key %1 may be read by others than its owner: make it the server user's alone "
                          "(chmod 600)")
                          .arg(keyPath);

    m_configuration = QSslConfiguration::defaultConfiguration();
    m_configuration.setLocalCertificateChain(chain); // the leaf and every intermediate in the file
    m_configuration.setPrivateKey(key);
    m_configuration.setProtocol(QSsl::TlsV1_2OrLater);
    m_configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    m_fingerprint = Core::SpkiFingerprint::hex(leaf);
    return true;
}

bool TlsIdentity::loadOrCreateSelfSigned(const QString &dataDir, const QHostAddress &listen, const QDateTime &now)
{
    const QString folder = folderOf(dataDir);
    const QString certificatePath = QDir(folder).filePath(QStringLiteral("server.crt"));
    const QString keyPath = QDir(folder).filePath(QStringLiteral("server.key"));
    if (!QFileInfo(folder).isDir()) {
        if (!QDir().mkpath(folder))
            return fail(QStringLiteral("cannot create the folder %1 for the TLS certificate").arg(folder));
        QFile::setPermissions(folder, OwnerOnly | QFileDevice::ExeOwner);
    }
    QString why;
    if (!QFileInfo::exists(keyPath)) {
        // First start (or the key was deleted): a new key, so a new fingerprint.
        if (!writeSelfSigned(certificatePath, keyPath, {}, listen, now))
            return false;
        m_source = Source::Created;
    } else {
        // The key stays: a missing or ending certificate is renewed with it (same fingerprint).
        QByteArray keyPem;
        if (!readAll(keyPath, &keyPem, &why))
            return fail(QStringLiteral("cannot read the TLS key %1: %2").arg(keyPath, why));
        const QList<QSslCertificate> existing = QFileInfo::exists(certificatePath)
            ? QSslCertificate::fromPath(certificatePath, QSsl::Pem, QSslCertificate::PatternSyntax::FixedString)
            : QList<QSslCertificate>();
        const bool renew
            = existing.isEmpty() || now.addDays(SelfSignedCert::RenewDays) > existing.constFirst().expiryDate();
        m_source = Source::Reused;
        if (renew) {
            if (!writeSelfSigned(certificatePath, keyPath, keyPem, listen, now))
                return false;
            m_source = Source::Renewed;
        }
    }
    return loadFiles(certificatePath, keyPath, now);
}

bool TlsIdentity::writeSelfSigned(const QString &certificatePath, const QString &keyPath, const QByteArray &keyPem,
                                  const QHostAddress &listen, const QDateTime &now)
{
    SelfSignedCert::Request request = SelfSignedCert::forServer(listen, now);
    request.keyPem = keyPem;
    const SelfSignedCert::Result made = SelfSignedCert::create(request);
    if (!made.error.isEmpty())
        return fail(made.error);
    QString why;
    // The key first: a certificate on disk always has its key beside it.
    if (keyPem.isEmpty() && !writeFile(keyPath, made.keyPem, OwnerOnly, &why))
        return fail(QStringLiteral("cannot write the TLS key %1: %2").arg(keyPath, why));
    if (!writeFile(certificatePath, made.certificatePem, OwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther,
                   &why))
        return fail(QStringLiteral("cannot write the TLS certificate %1: %2").arg(certificatePath, why));
    return true;
}

QString TlsIdentity::summary() const
{
    QString origin;
    switch (m_source) {
    case Source::Files:
        origin = QStringLiteral("from --tls-cert");
        break;
    case Source::Created:
        origin = QStringLiteral("self-signed, created now");
        break;
    case Source::Reused:
        origin = QStringLiteral("self-signed, reused");
        break;
    case Source::Renewed:
        origin = QStringLiteral("self-signed, renewed with the same key");
        break;
    }
    return QStringLiteral("TLS certificate %1 (%2), SPKI SHA-256 %3").arg(m_certificatePath, origin, m_fingerprint);
}

} // namespace Tessera::Server
