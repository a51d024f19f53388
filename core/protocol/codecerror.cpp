#include "codecerror.h"

namespace Tessera::Core {

QString CodecError::code() const
{
    switch (kind) {
    case Kind::None:
        return QString();
    case Kind::Malformed:
        return QStringLiteral("request.malformed");
    case Kind::TooLarge:
        return QStringLiteral("request.too_large");
    case Kind::TooDeep:
        return QStringLiteral("request.too_deep");
    case Kind::UnknownValue:
        return QStringLiteral("request.unknown_value");
    case Kind::Missing:
    case Kind::WrongType:
    case Kind::TooLong:
    case Kind::OutOfRange:
    case Kind::Invalid:
        return QStringLiteral("request.invalid_field");
    }
    return QStringLiteral("request.malformed");
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
