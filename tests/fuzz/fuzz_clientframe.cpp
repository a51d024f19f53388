// Fuzz target: the server's frame decoder. Whatever arrives, decoding never crashes,
// and anything it accepts re-encodes to a frame that decodes to the same message.
#include "core/protocol/messages.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Tessera::Core;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto decoded = ClientMessage::decode(bytes);
    if (!decoded.ok()) {
        if (decoded.error().message.isEmpty() || decoded.error().code() == Tessera::Core::ErrorCode::Unknown)
            std::abort(); // every rejection explains itself
        return 0;
    }
    const auto again = ClientMessage::decode(decoded->encode());
    if (!again.ok() || !(again.value() == decoded.value()))
        std::abort();
    return 0;
}
