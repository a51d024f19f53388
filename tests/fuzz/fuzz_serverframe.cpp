// Fuzz target: the client's decoder for server frames (batches, acks, presence...).
#include "core/protocol/messages.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Tessera::Core;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto decoded = ServerMessage::decode(bytes, 1024 * 1024);
    if (!decoded.ok())
        return 0;
    const auto again = ServerMessage::decode(decoded->encode(), 64 * 1024 * 1024);
    ServerMessage known = decoded.value();
    known.unknownKinds.clear(); // events of unknown kinds are left out, so not encoded again
    if (!again.ok() || !(again.value() == known))
        std::abort();
    if (decoded->type == ServerMessage::Type::Batch) {
        for (const Event &e : decoded->events) {
            if (e.seq < decoded->fromSeq || e.seq > decoded->toSeq)
                std::abort();
        }
    }
    return 0;
}
