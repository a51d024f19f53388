#include "passwordhasher.h"

#include <sodium.h>

namespace Tessera::Server::PasswordHasher {

namespace {

constexpr unsigned long long OpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t MemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

} // namespace

bool initialize()
{
    return sodium_init() >= 0;
}

QString hash(const QString &password)
{
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, utf8.constData(), utf8.size(), OpsLimit, MemLimit, crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        return QString();
    return QString::fromLatin1(out);
}

bool verify(const QString &storedHash, const QString &password)
{
    const QByteArray h = storedHash.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    return !h.isEmpty() && crypto_pwhash_str_verify(h.constData(), utf8.constData(), utf8.size()) == 0;
}

bool needsRehash(const QString &storedHash)
{
    const QByteArray h = storedHash.toLatin1();
    return crypto_pwhash_str_needs_rehash(h.constData(), OpsLimit, MemLimit) != 0;
}

void burnDummyVerify(const QString &password)
{
    static const QString dummy = hash(QStringLiteral("tessera-dummy-password"));
    verify(dummy, password);
}

} // namespace Tessera::Server::PasswordHasher
