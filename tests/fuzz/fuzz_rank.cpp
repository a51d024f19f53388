// Fuzz target: rank generation. For any two inputs, a rank is produced exactly when
// both are valid (or empty) and ordered, and it lies strictly between them.
#include "core/rules/rank.h"

#include <cstdint>
#include <algorithm>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Tessera::Core;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype split = bytes.indexOf('|');
    const QString a = QString::fromLatin1(split < 0 ? bytes : bytes.left(split));
    const QString b = split < 0 ? QString() : QString::fromLatin1(bytes.mid(split + 1));
    const auto r = Rank::between(a, b);
    const bool inputsOk = (a.isEmpty() || Rank::isValid(a)) && (b.isEmpty() || Rank::isValid(b))
            && (a.isEmpty() || b.isEmpty() || a < b);
    // With good inputs a rank always exists, unless a neighbour is at the length limit.
    const bool atLimit = std::max(a.size(), b.size()) >= 1023;
    if (r.has_value() && !inputsOk)
        std::abort();
    if (!r.has_value() && inputsOk && !atLimit)
        std::abort();
    if (r && (!Rank::isValid(*r) || (!a.isEmpty() && !(a < *r)) || (!b.isEmpty() && !(*r < b))))
        std::abort();
    return 0;
}
