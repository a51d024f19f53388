#pragma once

#include <QByteArray>
#include <QString>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

// RAII for the libcrypto objects the server's TLS set-up uses (selfsignedcert, tlsidentity):
// every object is owned by one of these from the moment it is made.
namespace Tessera::Server::OpenSsl {

template<auto Free> struct Deleter
{
    template<typename T> void operator()(T *p) const { Free(p); }
};

using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BigNum = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

// libcrypto's oldest queued error as text (empty queue: "unknown error"); clears the queue.
inline QString lastError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown error");
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

// A read-only memory BIO over `data` (which must outlive it).
inline Bio readBio(const QByteArray &data)
{
    return Bio(BIO_new_mem_buf(data.constData(), int(data.size())));
}

// Everything written to a memory BIO.
inline QByteArray contents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 && data ? QByteArray(data, qsizetype(size)) : QByteArray();
}

} // namespace Tessera::Server::OpenSsl
