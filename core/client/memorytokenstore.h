#pragma once

#include "tokenstore.h"

#include <QHash>

namespace Tessera::Core {

// A TokenStore in memory: for tests and for "do not remember me" sessions.
class MemoryTokenStore final : public TokenStore
{
public:
    void read(const QString &account, ReadDone done) override
    {
        const auto it = m_secrets.constFind(account);
        done(it == m_secrets.constEnd() ? std::nullopt : std::optional<QString>(*it), QString());
    }
    void write(const QString &account, const QString &secret, WriteDone done = {}) override
    {
        m_secrets.insert(account, secret);
        if (done)
            done(true, QString());
    }
    void remove(const QString &account, WriteDone done = {}) override
    {
        m_secrets.remove(account);
        if (done)
            done(true, QString());
    }
    bool contains(const QString &account) const { return m_secrets.contains(account); }

private:
    QHash<QString, QString> m_secrets;
};

} // namespace Tessera::Core
