#pragma once

#include "core/client/memorytokenstore.h"

#include <functional>
#include <memory>

namespace Tessera::App {

// The app's TokenStore: the OS keychain when one answers, else memory for this run only.
// Every secret is also kept in memory, so a read right after a write finds it even while
// the keychain job is still running. When the keychain refuses a write (no Secret Service,
// e.g. under xvfb), `onKeychainUnavailable` is told once so the window can say the session
// will not be remembered. Never writes the token anywhere else.
class SessionTokenStore final : public Core::TokenStore
{
public:
    // `keychain` may be null (memory only).
    explicit SessionTokenStore(std::unique_ptr<Core::TokenStore> keychain);
    ~SessionTokenStore() override;

    void setKeychainUnavailableHandler(std::function<void(const QString &error)> handler);
    bool keychainAvailable() const { return m_keychainOk; }

    void read(const QString &account, ReadDone done) override;
    void write(const QString &account, const QString &secret, WriteDone done = {}) override;
    void remove(const QString &account, WriteDone done = {}) override;

private:
    void keychainFailed(const QString &error);

    std::unique_ptr<Core::TokenStore> m_keychain;
    Core::MemoryTokenStore m_memory;
    std::function<void(const QString &)> m_onUnavailable;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
    bool m_keychainOk = true;
    bool m_told = false;
};

} // namespace Tessera::App
