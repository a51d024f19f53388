#pragma once

#include "core/client/tokenstore.h"

namespace Tessera::App {

// The real TokenStore: the OS keychain through qtkeychain (Secret Service / KWallet on
// Linux over D-Bus, Keychain on macOS, Credential Manager on Windows). The insecure
// plain-file fallback is off: without a keychain, reads find nothing and writes fail,
// so the person signs in each time rather than leaving a token on disk.
// The app's (qtkeychain links QtDBus): core's engine takes any TokenStore, so headless
// tools and tests use MemoryTokenStore and never link qtkeychain.
class KeychainTokenStore final : public Core::TokenStore
{
public:
    explicit KeychainTokenStore(QString service = QStringLiteral("Tessera"));

    void read(const QString &account, ReadDone done) override;
    void write(const QString &account, const QString &secret, WriteDone done = {}) override;
    void remove(const QString &account, WriteDone done = {}) override;

private:
    QString m_service;
};

} // namespace Tessera::App
