#include "codes.h"

#include "nametable.h"

namespace Tessera::Core {

namespace {

constexpr NameTable<RejectCode, 7> RejectNames { { {
        { RejectCode::Conflict, "conflict" },
        { RejectCode::Forbidden, "forbidden" },
        { RejectCode::NotFound, "not_found" },
        { RejectCode::Invalid, "invalid" },
        { RejectCode::Exists, "exists" },
        { RejectCode::RateLimited, "rate_limited" },
        { RejectCode::QuotaExceeded, "quota_exceeded" },
} } };

constexpr NameTable<ErrorCode, 26> ErrorNames { { {
        { ErrorCode::Unknown, "unknown" },
        { ErrorCode::AuthRequired, "auth.required" },
        { ErrorCode::AuthInvalidToken, "auth.invalid_token" },
        { ErrorCode::AuthInvalidCredentials, "auth.invalid_credentials" },
        { ErrorCode::Forbidden, "forbidden" },
        { ErrorCode::RequestMalformed, "request.malformed" },
        { ErrorCode::RequestTooLarge, "request.too_large" },
        { ErrorCode::RequestTooDeep, "request.too_deep" },
        { ErrorCode::RequestInvalid, "request.invalid" },
        { ErrorCode::RequestInvalidField, "request.invalid_field" },
        { ErrorCode::RequestUnknownValue, "request.unknown_value" },
        { ErrorCode::RequestUpgradeRequired, "request.upgrade_required" },
        { ErrorCode::RateLimited, "rate.limited" },
        { ErrorCode::StreamForbidden, "stream.forbidden" },
        { ErrorCode::NotFound, "not_found" },
        { ErrorCode::Internal, "internal" },
        { ErrorCode::ProtocolUnsupported, "protocol.unsupported" },
        { ErrorCode::OriginForbidden, "origin.forbidden" },
        { ErrorCode::SessionRevoked, "session.revoked" },
        { ErrorCode::ServerUnavailable, "server.unavailable" },
        { ErrorCode::UserInvalid, "user.invalid" },
        { ErrorCode::SettingsInvalid, "settings.invalid" },
        { ErrorCode::RegistrationClosed, "registration.closed" },
        { ErrorCode::SnapshotRequired, "snapshotRequired" },
        { ErrorCode::RequestTimeout, "request.timeout" },
        { ErrorCode::QuotaExceeded, "quota_exceeded" },
} } };

} // namespace

QString rejectCodeName(RejectCode code)
{
    return RejectNames.name(code);
}

std::optional<RejectCode> rejectCodeFromName(const QString &name)
{
    return RejectNames.value(name);
}

QString errorCodeName(ErrorCode code)
{
    return ErrorNames.name(code);
}

ErrorCode errorCodeFromName(const QString &name)
{
    return ErrorNames.value(name).value_or(ErrorCode::Unknown);
}

} // namespace Tessera::Core
