#pragma once

#include "codecerror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace Tessera::Core {

// Strict, typed reading of one JSON object. The first problem found is kept as a
// CodecError naming the full field path; later reads return defaults. Typical use:
//   JsonReader r(obj, "op");
//   QString id = r.id("itemId");
//   if (!r.ok()) return r.error();
class JsonReader
{
public:
    enum Presence { Required, Optional };

    explicit JsonReader(const QJsonObject &object, const QString &path = QString());

    bool ok() const { return !m_error.isError(); }
    const CodecError &error() const { return m_error; }
    const QJsonObject &object() const { return m_object; }
    bool has(const QString &key) const { return m_object.contains(key); }

    QString string(const QString &key, Presence presence = Required, qsizetype maxLength = 512);
    // A non-empty identifier of printable ASCII without spaces.
    QString id(const QString &key, Presence presence = Required);
    qint64 integer(const QString &key, Presence presence = Required, qint64 min = 0,
                   qint64 max = std::numeric_limits<qint32>::max() * qint64(1024));
    std::optional<qint64> optionalInteger(const QString &key, qint64 min = 0);
    bool boolean(const QString &key, Presence presence = Required, bool fallback = false);
    QJsonObject object(const QString &key, Presence presence = Required);
    QJsonArray array(const QString &key, Presence presence = Required, qsizetype maxLength = 1024);
    QStringList idList(const QString &key, Presence presence = Required, qsizetype maxLength = 1024);
    QJsonValue value(const QString &key, Presence presence = Required);
    // One of `allowed`; anything else is an UnknownValue error.
    QString oneOf(const QString &key, const QStringList &allowed, Presence presence = Required);

    QString pathOf(const QString &key) const;
    void fail(CodecError::Kind kind, const QString &key, const QString &message);
    void fail(const CodecError &error); // keeps the first error only

    static bool isValidId(const QString &id);

private:
    bool fetch(const QString &key, Presence presence, QJsonValue::Type type, QJsonValue &out);

    QJsonObject m_object;
    QString m_path;
    CodecError m_error;
};

// Parses one JSON object with size and depth limits.
struct ParsedJson
{
    QJsonObject object;
    CodecError error;
};
ParsedJson parseJsonObject(const QByteArray &bytes, qsizetype maxBytes, int maxDepth);
int jsonDepth(const QJsonValue &value);

} // namespace Tessera::Core
