#include "jsonreader.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace Tessera::Core {

namespace {

QString typeName(QJsonValue::Type type)
{
    switch (type) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("boolean");
    case QJsonValue::Double: return QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    case QJsonValue::Undefined: return QStringLiteral("undefined");
    }
    return QStringLiteral("unknown");
}

} // namespace

JsonReader::JsonReader(const QJsonObject &object, const QString &path) : m_object(object), m_path(path) { }

QString JsonReader::pathOf(const QString &key) const
{
    return m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key;
}

void JsonReader::fail(CodecError::Kind kind, const QString &key, const QString &message)
{
    if (m_error.isError())
        return;
    m_error = CodecError::make(kind, pathOf(key), message);
}

void JsonReader::fail(const CodecError &error)
{
    if (!m_error.isError())
        m_error = error;
}

bool JsonReader::fetch(const QString &key, Presence presence, QJsonValue::Type type, QJsonValue &out)
{
    if (!ok())
        return false;
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd() || (it->isNull() && presence == Optional)) {
        if (presence == Required)
            fail(CodecError::Kind::Missing, key, QStringLiteral("field '%1' is required").arg(pathOf(key)));
        return false;
    }
    if (it->type() != type) {
        fail(CodecError::Kind::WrongType, key,
             QStringLiteral("field '%1' must be a %2, not a %3").arg(pathOf(key), typeName(type), typeName(it->type())));
        return false;
    }
    out = *it;
    return true;
}

QString JsonReader::string(const QString &key, Presence presence, qsizetype maxLength)
{
    QJsonValue v;
    if (!fetch(key, presence, QJsonValue::String, v))
        return QString();
    QString s = v.toString();
    if (s.size() > maxLength) {
        fail(CodecError::Kind::TooLong, key,
             QStringLiteral("field '%1' is longer than %2 characters").arg(pathOf(key)).arg(maxLength));
        return QString();
    }
    return s;
}

bool JsonReader::isValidId(const QString &id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (QChar c : id) {
        const char16_t u = c.unicode();
        if (u <= 0x20 || u >= 0x7f)
            return false;
    }
    return true;
}

QString JsonReader::id(const QString &key, Presence presence)
{
    const QString s = string(key, presence, 64);
    if (!ok() || (s.isEmpty() && presence == Optional && !m_object.contains(key)))
        return s;
    if (!isValidId(s)) {
        fail(CodecError::Kind::Invalid, key,
             QStringLiteral("field '%1' must be an id of 1-64 printable ASCII characters").arg(pathOf(key)));
        return QString();
    }
    return s;
}

qint64 JsonReader::integer(const QString &key, Presence presence, qint64 min, qint64 max)
{
    QJsonValue v;
    if (!fetch(key, presence, QJsonValue::Double, v))
        return 0;
    const double d = v.toDouble();
    // Range first: converting a double outside [-2^63, 2^63) to qint64 is undefined
    // behaviour, so such a number (or NaN/infinity) is refused before any conversion.
    constexpr double twoTo63 = 9223372036854775808.0;
    if (!(d >= -twoTo63 && d < twoTo63)) {
        fail(CodecError::Kind::OutOfRange, key,
             QStringLiteral("field '%1' must be between %2 and %3").arg(pathOf(key)).arg(min).arg(max));
        return 0;
    }
    if (d != std::trunc(d)) {
        fail(CodecError::Kind::WrongType, key, QStringLiteral("field '%1' must be an integer").arg(pathOf(key)));
        return 0;
    }
    const qint64 n = qint64(d);
    if (n < min || n > max) {
        fail(CodecError::Kind::OutOfRange, key,
             QStringLiteral("field '%1' must be between %2 and %3").arg(pathOf(key)).arg(min).arg(max));
        return 0;
    }
    return n;
}

std::optional<qint64> JsonReader::optionalInteger(const QString &key, qint64 min)
{
    if (!m_object.contains(key) || m_object.value(key).isNull())
        return std::nullopt;
    const qint64 n = integer(key, Required, min);
    if (!ok())
        return std::nullopt;
    return n;
}

bool JsonReader::boolean(const QString &key, Presence presence, bool fallback)
{
    QJsonValue v;
    if (!fetch(key, presence, QJsonValue::Bool, v))
        return fallback;
    return v.toBool();
}

QJsonObject JsonReader::object(const QString &key, Presence presence)
{
    QJsonValue v;
    if (!fetch(key, presence, QJsonValue::Object, v))
        return QJsonObject();
    return v.toObject();
}

QJsonArray JsonReader::array(const QString &key, Presence presence, qsizetype maxLength)
{
    QJsonValue v;
    if (!fetch(key, presence, QJsonValue::Array, v))
        return QJsonArray();
    QJsonArray a = v.toArray();
    if (a.size() > maxLength) {
        fail(CodecError::Kind::TooLong, key,
             QStringLiteral("field '%1' has more than %2 entries").arg(pathOf(key)).arg(maxLength));
        return QJsonArray();
    }
    return a;
}

QStringList JsonReader::idList(const QString &key, Presence presence, qsizetype maxLength)
{
    const QJsonArray a = array(key, presence, maxLength);
    QStringList out;
    out.reserve(a.size());
    for (qsizetype i = 0; i < a.size() && ok(); ++i) {
        const QString entry = QStringLiteral("%1[%2]").arg(key).arg(i);
        if (!a.at(i).isString() || !isValidId(a.at(i).toString())) {
            fail(CodecError::Kind::WrongType, entry, QStringLiteral("field '%1' must be an id string").arg(pathOf(entry)));
            break;
        }
        out.append(a.at(i).toString());
    }
    return out;
}

QJsonValue JsonReader::value(const QString &key, Presence presence)
{
    if (!ok())
        return QJsonValue();
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd()) {
        if (presence == Required)
            fail(CodecError::Kind::Missing, key, QStringLiteral("field '%1' is required").arg(pathOf(key)));
        return QJsonValue(QJsonValue::Undefined);
    }
    return *it;
}

QString JsonReader::oneOf(const QString &key, const QStringList &allowed, Presence presence)
{
    const QString s = string(key, presence, 64);
    if (!ok() || (s.isEmpty() && presence == Optional && !m_object.contains(key)))
        return s;
    if (!allowed.contains(s)) {
        fail(CodecError::Kind::UnknownValue, key,
             QStringLiteral("field '%1' must be one of %2, not '%3'")
                     .arg(pathOf(key), allowed.join(QStringLiteral(", ")), s.left(64)));
        return QString();
    }
    return s;
}

int jsonDepth(const QJsonValue &value)
{
    if (value.isObject()) {
        int deepest = 0;
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            deepest = std::max(deepest, jsonDepth(it.value()));
        return deepest + 1;
    }
    if (value.isArray()) {
        int deepest = 0;
        for (const QJsonValue &v : value.toArray())
            deepest = std::max(deepest, jsonDepth(v));
        return deepest + 1;
    }
    return 0;
}

namespace {

// Depth of raw JSON text, counted on the bytes so a hostile document is rejected before
// Qt builds a deep tree from it.
int rawDepth(const QByteArray &bytes)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : bytes) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[')
            deepest = std::max(deepest, ++depth);
        else if (c == '}' || c == ']')
            --depth;
    }
    return deepest;
}

} // namespace

ParsedJson parseJsonObject(const QByteArray &bytes, qsizetype maxBytes, int maxDepth)
{
    ParsedJson out;
    if (bytes.size() > maxBytes) {
        out.error = CodecError::make(CodecError::Kind::TooLarge, QString(),
                                     QStringLiteral("message of %1 bytes is over the limit of %2 bytes")
                                             .arg(bytes.size())
                                             .arg(maxBytes));
        return out;
    }
    if (rawDepth(bytes) > maxDepth) {
        out.error = CodecError::make(CodecError::Kind::TooDeep, QString(),
                                     QStringLiteral("JSON nesting is deeper than %1 levels").arg(maxDepth));
        return out;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        out.error = CodecError::make(CodecError::Kind::Malformed, QString(),
                                     QStringLiteral("invalid JSON at offset %1: %2")
                                             .arg(parseError.offset)
                                             .arg(parseError.errorString()));
        return out;
    }
    if (!doc.isObject()) {
        out.error = CodecError::make(CodecError::Kind::Malformed, QString(),
                                     QStringLiteral("a message must be a JSON object"));
        return out;
    }
    out.object = doc.object();
    return out;
}

} // namespace Tessera::Core
