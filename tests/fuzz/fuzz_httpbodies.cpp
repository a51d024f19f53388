// Fuzz target: the decoders of every HTTP body (command outcomes, changes pages, board
// lists, heads, digests, inbox pages, login, admin reports, errors, attachment uploads and links). The first byte picks
// the decoder, the rest is the body. A decoded body must encode and decode to itself.
#include "core/protocol/attachmentbodies.h"
#include "core/protocol/commandoutcome.h"
#include "core/protocol/httpbodies.h"
#include "core/protocol/jsonreader.h"
#include "core/protocol/limits.h"

#include <cstdint>
#include <cstdlib>

namespace {

// Events of unknown kinds are left out of a changes page, so not encoded again.
template<typename T>
T withoutUnknownKinds(T body)
{
    if constexpr (requires { body.unknownKinds; })
        body.unknownKinds.clear();
    return body;
}

template<typename T>
void check(const QJsonObject &json)
{
    const auto decoded = T::fromJson(json);
    if (!decoded.ok()) {
        if (decoded.error().message.isEmpty())
            std::abort(); // every refusal says why
        return;
    }
    const auto again = T::fromJson(decoded->toJson());
    if (!again.ok() || !(again.value() == withoutUnknownKinds(decoded.value())))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Tessera::Core;
    if (size < 1)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const ParsedJson parsed = parseJsonObject(bytes, 1024 * 1024, Limits::maxJsonDepth);
    if (parsed.error.isError())
        return 0;
    switch (data[0] % 13) {
    case 0: check<CommandOutcome>(parsed.object); break;
    case 1: check<ChangesPage>(parsed.object); break;
    case 2: check<BoardList>(parsed.object); break;
    case 3: check<HeadsReply>(parsed.object); break;
    case 4: check<DigestReply>(parsed.object); break;
    case 5: check<InboxPage>(parsed.object); break;
    case 6: check<LoginReply>(parsed.object); break;
    case 7: check<UserList>(parsed.object); break;
    case 8: check<ConnectionsReport>(parsed.object); break;
    case 9: check<ErrorBody>(parsed.object); break;
    case 10: check<UploadRequest>(parsed.object); break;
    case 11: check<UploadProgress>(parsed.object); break;
    case 12: check<AttachmentLink>(parsed.object); break;
    }
    return 0;
}
