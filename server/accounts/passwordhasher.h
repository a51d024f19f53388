#pragma once

#include <QByteArray>
#include <QString>

namespace Tessera::Server::PasswordHasher {

// Argon2id (libsodium crypto_pwhash_str) with interactive limits. Slow on purpose:
// call from a worker thread, never from the event loop, on a busy server.
bool initialize(); // sodium_init(); false if libsodium is unusable
QString hash(const QString &password); // empty on failure (out of memory)
bool verify(const QString &storedHash, const QString &password);
bool needsRehash(const QString &storedHash);
// Constant-ish cost even when the login is unknown, so timing does not reveal accounts.
void burnDummyVerify(const QString &password);

} // namespace Tessera::Server::PasswordHasher
