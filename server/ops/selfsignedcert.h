#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

namespace Tessera::Server {

// A self-signed TLS server certificate made with OpenSSL's libcrypto: an EC P-256 key (or a
// given one, so a renewed certificate keeps the key clients pinned), X.509 v3 with
// subjectAltName, basicConstraints CA:FALSE, extendedKeyUsage serverAuth, a random positive
// 16-byte serial, signed with SHA-256.
class SelfSignedCert final
{
public:
    // 825 days: the longest validity some TLS stacks (Apple's) accept for a server certificate.
    // A server renews its self-signed certificate with the same key when it starts within
    // RenewDays of the end (see TlsIdentity), so the pin stays valid.
    static constexpr int ValidityDays = 825;
    static constexpr int RenewDays = 30;

    struct Request
    {
        QString commonName;
        QStringList dnsNames;
        QList<QHostAddress> addresses;
        QDateTime notBefore;
        QDateTime notAfter;
        QByteArray keyPem; // PEM private key to certify; empty: a new P-256 key
    };
    struct Result
    {
        QByteArray certificatePem;
        QByteArray keyPem; // PKCS#8 PEM, unencrypted
        QString error; // empty when it worked
    };

    // What a server listening on `listen` certifies: this machine's host name, localhost,
    // 127.0.0.1 and the listen address when it is a specific one; valid from an hour before
    // `now` (clocks drift) for ValidityDays.
    static Request forServer(const QHostAddress &listen, const QDateTime &now);
    static Result create(const Request &request);
};

} // namespace Tessera::Server
