#pragma once

#include "codecerror.h"

#include <optional>
#include <utility>

namespace Tessera::Core {

// A value or the CodecError that explains why there is none.
template<typename T>
class Expected
{
public:
    Expected(T value) : m_value(std::move(value)) { }
    Expected(CodecError error) : m_error(std::move(error)) { }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    const T &operator*() const { return *m_value; }
    const CodecError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    CodecError m_error;
};

} // namespace Tessera::Core
