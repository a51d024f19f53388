#include "codecerror.h"

namespace Tessera::Core {

ErrorCode CodecError::code() const
{
    switch (kind) {
    case Kind::None:
        return ErrorCode::Unknown;
    case Kind::Malformed:
        return ErrorCode::RequestMalformed;
    case Kind::TooLarge:
        return ErrorCode::RequestTooLarge;
    case Kind::TooDeep:
        return ErrorCode::RequestTooDeep;
    case Kind::UnknownValue:
        return ErrorCode::RequestUnknownValue;
    case Kind::Missing:
    case Kind::WrongType:
    case Kind::TooLong:
    case Kind::OutOfRange:
    case Kind::Invalid:
        return ErrorCode::RequestInvalidField;
    }
    return ErrorCode::RequestMalformed;
}

QString CodecError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return QStringLiteral("none");
    case Kind::Malformed: return QStringLiteral("malformed");
    case Kind::TooLarge: return QStringLiteral("too_large");
    case Kind::TooDeep: return QStringLiteral("too_deep");
    case Kind::Missing: return QStringLiteral("missing");
    case Kind::WrongType: return QStringLiteral("wrong_type");
    case Kind::UnknownValue: return QStringLiteral("unknown_value");
    case Kind::TooLong: return QStringLiteral("too_long");
    case Kind::OutOfRange: return QStringLiteral("out_of_range");
    case Kind::Invalid: return QStringLiteral("invalid");
    }
    return QString();
}

} // namespace Tessera::Core
