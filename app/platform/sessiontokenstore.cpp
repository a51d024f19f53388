#include "sessiontokenstore.h"

namespace Tessera::App {

SessionTokenStore::SessionTokenStore(std::unique_ptr<Core::TokenStore> keychain) : m_keychain(std::move(keychain))
{
    m_keychainOk = m_keychain != nullptr;
}

SessionTokenStore::~SessionTokenStore()
{
    *m_alive = false;
}

void SessionTokenStore::setKeychainUnavailableHandler(std::function<void(const QString &)> handler)
{
    m_onUnavailable = std::move(handler);
}

void SessionTokenStore::keychainFailed(const QString &error)
{
    m_keychainOk = false;
    if (!m_told && m_onUnavailable) {
        m_told = true;
        m_onUnavailable(error);
    }
}

void SessionTokenStore::read(const QString &account, ReadDone done)
{
    if (m_memory.contains(account) || !m_keychain) {
        m_memory.read(account, std::move(done));
        return;
    }
    std::weak_ptr<bool> alive = m_alive;
    m_keychain->read(account, [this, alive, account, done = std::move(done)](std::optional<QString> secret, const QString &error) {
        if (!alive.lock() || !*alive.lock()) {
            done(secret, error);
            return;
        }
        if (secret)
            m_memory.write(account, *secret);
        done(secret, error);
    });
}

void SessionTokenStore::write(const QString &account, const QString &secret, WriteDone done)
{
    m_memory.write(account, secret);
    if (!m_keychain || !m_keychainOk) {
        if (done)
            done(true, QString());
        return;
    }
    std::weak_ptr<bool> alive = m_alive;
    m_keychain->write(account, secret, [this, alive, done = std::move(done)](bool ok, const QString &error) {
        const auto living = alive.lock();
        if (living && *living && !ok)
            keychainFailed(error);
        if (done)
            done(true, QString()); // kept in memory either way
    });
}

void SessionTokenStore::remove(const QString &account, WriteDone done)
{
    m_memory.remove(account);
    if (!m_keychain) {
        if (done)
            done(true, QString());
        return;
    }
    m_keychain->remove(account, std::move(done));
}

} // namespace Tessera::App
