#pragma once

#include <QString>

#include <functional>
#include <optional>

namespace Tessera::Core {

// Where the sync engine keeps its session secret, one per account (the server URL).
// Asynchronous because OS keychains are; callbacks may run before the call returns.
class TokenStore
{
public:
    using ReadDone = std::function<void(std::optional<QString> secret, const QString &error)>;
    using WriteDone = std::function<void(bool ok, const QString &error)>;

    virtual ~TokenStore() = default;
    virtual void read(const QString &account, ReadDone done) = 0;
    virtual void write(const QString &account, const QString &secret, WriteDone done = {}) = 0;
    virtual void remove(const QString &account, WriteDone done = {}) = 0;
};

} // namespace Tessera::Core
