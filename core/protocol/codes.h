#pragma once

#include <QString>

#include <optional>

namespace Tessera::Core {

// The codes the protocol carries, as types. Each has one name table (codes.cpp): the wire
// names of ../shared/PROTOCOL.md. JSON stays at the edge: code compares types, not strings.

// Why a command was refused (`reject` frames, the HTTP mutation answer).
enum class RejectCode {
    Conflict, // a field's version moved past `base`; `current` has the item
    Forbidden,
    NotFound,
    Invalid, // a field or argument does not validate; the message names it
    Exists, // an id that is already taken
    RateLimited, // too many commands: retry after `retryAfterMs`
    QuotaExceeded,
};
QString rejectCodeName(RejectCode code);
std::optional<RejectCode> rejectCodeFromName(const QString &name);

// `error` frames and HTTP error bodies. A code this client does not know (a newer server)
// decodes as Unknown, with its message kept.
enum class ErrorCode {
    Unknown,
    AuthRequired,
    AuthInvalidToken,
    AuthInvalidCredentials,
    Forbidden,
    RequestMalformed,
    RequestTooLarge,
    RequestTooDeep,
    RequestInvalid,
    RequestInvalidField,
    RequestUnknownValue,
    RequestUpgradeRequired,
    RateLimited,
    StreamForbidden,
    NotFound,
    Internal,
    ProtocolUnsupported,
    OriginForbidden,
    SessionRevoked,
    ServerUnavailable,
    UserInvalid,
    SettingsInvalid,
    RegistrationClosed,
    SnapshotRequired,
    RequestTimeout, // the request (headers or body) did not arrive in time: 408
    QuotaExceeded, // an admin-set quota (boards per user, ...) is reached
};
QString errorCodeName(ErrorCode code);
ErrorCode errorCodeFromName(const QString &name); // Unknown for names it does not know

} // namespace Tessera::Core
