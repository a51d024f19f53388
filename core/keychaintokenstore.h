#pragma once

#include "tokenstore.h"

namespace Tessera::Core {

// The real TokenStore: the OS keychain through qtkeychain (Secret Service / KWallet on
// Linux over D-Bus, Keychain on macOS, Credential Manager on Windows). The insecure
// plain-file fallback is off: without a keychain, reads find nothing and writes fail,
// so the person signs in each time rather than leaving a token on disk.
// Built as the separate tessera_core_keychain library (it needs QtDBus, not QtGui), so the
// server and headless tools do not link it.
class KeychainTokenStore final : public TokenStore
{
public:
    explicit KeychainTokenStore(QString service = QStringLiteral("Tessera"));

    void read(const QString &account, ReadDone done) override;
    void write(const QString &account, const QString &secret, WriteDone done = {}) override;
    void remove(const QString &account, WriteDone done = {}) override;

private:
    QString m_service;
};

} // namespace Tessera::Core
