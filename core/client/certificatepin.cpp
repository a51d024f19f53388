#include "certificatepin.h"

#include "core/tls/spkifingerprint.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSslCertificate>
#include <QUrl>

namespace Tessera::Core {

CertificatePin::CertificatePin(QString filePath) : m_path(std::move(filePath)) { }

QString CertificatePin::spkiHash(const QSslCertificate &certificate)
{
    return SpkiFingerprint::base64(certificate);
}

QString CertificatePin::hexOf(const QString &spkiHash)
{
    return SpkiFingerprint::hexOf(spkiHash);
}

QString CertificatePin::filePathFor(const QString &dir, const QUrl &server)
{
    const QByteArray key = (server.host() + QLatin1Char(':') + QString::number(server.port(443))).toUtf8();
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(24));
    return QDir(dir).filePath(QStringLiteral("tls-pin-%1.txt").arg(hash));
}

QString CertificatePin::pinned() const
{
    QFile f(m_path);
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).trimmed() : QString();
}

void CertificatePin::clear()
{
    QFile::remove(m_path);
}

bool CertificatePin::trust(const QString &spkiHash)
{
    if (QByteArray::fromBase64(spkiHash.toLatin1()).size() != 32)
        return false;
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile f(m_path);
    if (!f.open(QIODevice::WriteOnly) || f.write(spkiHash.toLatin1()) < 0)
        return false;
    return f.commit();
}

bool CertificatePin::onlyTrustErrors(const QList<QSslError> &errors)
{
    for (const QSslError &e : errors) {
        switch (e.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
        case QSslError::HostNameMismatch:
            break; // nobody vouches for it: the pin decides
        default:
            return false;
        }
    }
    return true;
}

CertificatePin::Verdict CertificatePin::check(const QSslCertificate &peer, const QList<QSslError> &errors, QString *detail,
                                              CertificateQuestion *question)
{
    const auto say = [detail](const QString &text) {
        if (detail)
            *detail = text;
    };
    if (!onlyTrustErrors(errors)) {
        for (const QSslError &e : errors)
            say(QStringLiteral("the server's certificate is not acceptable: %1").arg(e.errorString()));
        return Verdict::Refused;
    }
    if (peer.isNull()) {
        say(QStringLiteral("the server sent no certificate"));
        return Verdict::Refused;
    }
    const bool systemTrusted = errors.isEmpty();
    const QString hash = spkiHash(peer);
    const QString pin = pinned();
    if (pin == hash)
        return Verdict::Trusted;
    if (pin.isEmpty() && systemTrusted) {
        if (!trust(hash)) {
            say(QStringLiteral("cannot store the server's certificate pin in %1").arg(m_path));
            return Verdict::Refused;
        }
        return Verdict::Trusted;
    }
    CertificateQuestion q;
    q.fingerprint = hash;
    q.fingerprintHex = hexOf(hash);
    q.pinnedHex = pin.isEmpty() ? QString() : hexOf(pin);
    q.subject = peer.subjectInfo(QSslCertificate::CommonName).join(QStringLiteral(", "));
    q.changed = !pin.isEmpty();
    q.systemTrusted = systemTrusted;
    if (!q.changed) {
        q.explanation = QStringLiteral(
                "This is the first connection to this server, and nobody your computer trusts vouches for its "
                "certificate (it is self-signed, or issued by an unknown authority). Compare the fingerprint below "
                "with the one the server's administrator gives you, through a channel you trust. Only if they match, "
                "trust this server: its key is then remembered and checked on every connection.");
        say(QStringLiteral("the server's certificate is not trusted yet (SHA-256 %1): confirm its fingerprint")
                    .arg(q.fingerprintHex));
    } else {
        q.explanation = QStringLiteral(
                "The server's key has changed since this computer first connected to it (pinned key SHA-256 %1, "
                "now %2). This happens when the server was given a new certificate with a new key%3 — or when "
                "someone is intercepting the connection. Ask the server's administrator; only if they replaced the "
                "certificate, trust the new key.")
                .arg(q.pinnedHex, q.fingerprintHex,
                     systemTrusted ? QStringLiteral(" (the new certificate is one your system trusts)") : QString());
        say(QStringLiteral("The server's certificate has changed since this computer first connected to it "
                           "(pinned key SHA-256 %1, now %2). This happens when the server was given a new "
                           "certificate — or when someone is intercepting the connection. Ask the server's "
                           "administrator; only if they replaced the certificate, choose to trust the new one.")
                    .arg(q.pinnedHex, q.fingerprintHex));
    }
    if (question)
        *question = q;
    return q.changed ? Verdict::Changed : Verdict::NeedsDecision;
}

} // namespace Tessera::Core
