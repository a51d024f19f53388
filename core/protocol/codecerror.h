#pragma once

#include "codes.h"

#include <QString>

namespace Tessera::Core {

// Why a frame, command or event could not be decoded. `field` names the JSON path
// (e.g. "op.fields.title") so the sender can tell exactly what was wrong.
struct CodecError
{
    enum class Kind {
        None,
        Malformed, // not JSON, or not a JSON object
        TooLarge, // the whole message is over the size limit
        TooDeep, // nesting deeper than allowed
        Missing, // a required field is absent
        WrongType, // a field has the wrong JSON type
        UnknownValue, // a string that should be one of a set is not (enum, message type, op kind)
        TooLong, // a string or array is longer than allowed
        OutOfRange, // a number outside its allowed range
        Invalid, // a value of the right type that is still not acceptable (bad rank, bad id)
    };

    Kind kind = Kind::None;
    QString field;
    QString message;

    bool isError() const { return kind != Kind::None; }
    // The dotted wire code: request.malformed, request.too_large, request.invalid_field, ...
    ErrorCode code() const; // request.malformed, request.too_large, …
    static QString kindName(Kind kind);

    static CodecError make(Kind kind, const QString &field, const QString &message)
    {
        return CodecError { kind, field, message };
    }
};

} // namespace Tessera::Core
