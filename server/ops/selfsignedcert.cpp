#include "selfsignedcert.h"

#include "opensslhandles.h"

#include <QHostInfo>

#include <openssl/pem.h>
#include <openssl/rand.h>

namespace Tessera::Server {

namespace {

// Host names go into an OpenSSL extension string: only what a DNS name may hold.
bool isDnsName(const QString &name)
{
    if (name.isEmpty() || name.size() > 253)
        return false;
    for (const QChar c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('-') && c != QLatin1Char('.'))
            return false;
    }
    return true;
}

OpenSsl::Key readKey(const QByteArray &pem)
{
    OpenSsl::Bio bio = OpenSsl::readBio(pem);
    if (!bio)
        return {};
    // No passphrase callback answers: an encrypted key fails instead of prompting on the tty.
    const auto noPassphrase = [](char *, int, int, void *) { return -1; };
    return OpenSsl::Key(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
}

bool addExtension(X509 *certificate, X509V3_CTX *context, int nid, const QByteArray &value)
{
    OpenSsl::Extension extension(X509V3_EXT_conf_nid(nullptr, context, nid, value.constData()));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

bool setTime(ASN1_TIME *field, const QDateTime &when)
{
    return ASN1_TIME_set(field, time_t(when.toSecsSinceEpoch())) != nullptr;
}

} // namespace

SelfSignedCert::Request SelfSignedCert::forServer(const QHostAddress &listen, const QDateTime &now)
{
    Request r;
    const QString host = QHostInfo::localHostName();
    if (isDnsName(host) && host != QLatin1String("localhost"))
        r.dnsNames << host;
    r.dnsNames << QStringLiteral("localhost");
    r.commonName = r.dnsNames.constFirst();
    r.addresses << QHostAddress(QHostAddress::LocalHost);
    const bool specific = listen != QHostAddress(QHostAddress::Any) && listen != QHostAddress(QHostAddress::AnyIPv4)
        && listen != QHostAddress(QHostAddress::AnyIPv6) && !listen.isNull();
    if (specific && !r.addresses.contains(listen))
        r.addresses << listen;
    r.notBefore = now.addSecs(-3600);
    r.notAfter = now.addDays(ValidityDays);
    return r;
}

SelfSignedCert::Result SelfSignedCert::create(const Request &request)
{
    Result result;
    const auto fail = [&result](const QString &step) {
        result.error = QStringLiteral("cannot create a self-signed TLS certificate: %1 failed (%2)")
                           .arg(step, OpenSsl::lastError());
        return result;
    };
    ERR_clear_error();

    OpenSsl::Key key = request.keyPem.isEmpty() ? OpenSsl::Key(EVP_EC_gen("P-256")) : readKey(request.keyPem);
    if (!key)
        return fail(request.keyPem.isEmpty() ? QStringLiteral("generating an EC P-256 key")
                                             : QStringLiteral("reading the key"));

    OpenSsl::Certificate certificate(X509_new());
    if (!certificate)
        return fail(QStringLiteral("X509_new"));
    X509 *x = certificate.get();
    if (X509_set_version(x, 2) != 1) // 2 is X.509 v3
        return fail(QStringLiteral("setting the version"));

    // A random positive serial of 16 bytes (RFC 5280 allows 20), so two certificates of the
    // same name never share one.
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return fail(QStringLiteral("drawing a random serial"));
    serial[0] = (serial[0] & 0x7f) | 0x40;
    OpenSsl::BigNum serialNumber(BN_bin2bn(serial, sizeof serial, nullptr));
    if (!serialNumber || !BN_to_ASN1_INTEGER(serialNumber.get(), X509_get_serialNumber(x)))
        return fail(QStringLiteral("setting the serial"));

    if (!setTime(X509_getm_notBefore(x), request.notBefore) || !setTime(X509_getm_notAfter(x), request.notAfter))
        return fail(QStringLiteral("setting the validity"));
    if (X509_set_pubkey(x, key.get()) != 1)
        return fail(QStringLiteral("setting the public key"));

    X509_NAME *name = X509_get_subject_name(x);
    const QByteArray commonName = request.commonName.toUtf8();
    if (!name
        || X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("Tessera"), -1,
                                      -1, 0)
            != 1
        || X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(commonName.constData()), -1, -1, 0)
            != 1
        || X509_set_issuer_name(x, name) != 1)
        return fail(QStringLiteral("setting the subject"));

    QByteArrayList altNames;
    for (const QString &dns : request.dnsNames) {
        if (!isDnsName(dns)) {
            result.error
                = QStringLiteral("cannot create a self-signed TLS certificate: '%1' is not a DNS name").arg(dns);
            return result;
        }
        altNames << "DNS:" + dns.toLatin1();
    }
    for (const QHostAddress &address : request.addresses)
        altNames << "IP:" + address.toString().toLatin1();

    // No keyUsage: with one, a certificate lacking keyCertSign does not count as issued by
    // itself, and clients would report "unknown issuer" instead of "self-signed".
    X509V3_CTX context;
    X509V3_set_ctx(&context, x, x, nullptr, nullptr, 0);
    if (!addExtension(x, &context, NID_basic_constraints, QByteArrayLiteral("critical,CA:FALSE"))
        || !addExtension(x, &context, NID_ext_key_usage, QByteArrayLiteral("serverAuth"))
        || !addExtension(x, &context, NID_subject_key_identifier, QByteArrayLiteral("hash"))
        || (!altNames.isEmpty() && !addExtension(x, &context, NID_subject_alt_name, altNames.join(','))))
        return fail(QStringLiteral("adding the extensions"));

    if (X509_sign(x, key.get(), EVP_sha256()) <= 0)
        return fail(QStringLiteral("signing"));

    OpenSsl::Bio certOut(BIO_new(BIO_s_mem()));
    OpenSsl::Bio keyOut(BIO_new(BIO_s_mem()));
    if (!certOut || !keyOut || PEM_write_bio_X509(certOut.get(), x) != 1
        || PEM_write_bio_PrivateKey(keyOut.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail(QStringLiteral("writing PEM"));
    result.certificatePem = OpenSsl::contents(certOut.get());
    result.keyPem = OpenSsl::contents(keyOut.get());
    if (result.certificatePem.isEmpty() || result.keyPem.isEmpty())
        return fail(QStringLiteral("writing PEM"));
    return result;
}

} // namespace Tessera::Server
