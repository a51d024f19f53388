#include "configfile.h"

#include <QFile>
#include <QHash>
#include <QStringDecoder>

namespace Tessera::Server {

ConfigFile ConfigFile::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ConfigFile f;
        f.m_path = path;
        f.m_error = QStringLiteral("%1: cannot read it (%2)").arg(path, file.errorString());
        return f;
    }
    if (file.size() > MaxBytes) {
        ConfigFile f;
        f.m_path = path;
        f.m_error = QStringLiteral("%1: larger than %2 bytes, not a config file").arg(path, QString::number(MaxBytes));
        return f;
    }
    return parse(path, file.read(MaxBytes));
}

ConfigFile ConfigFile::parse(const QString &path, const QByteArray &contents)
{
    ConfigFile f;
    f.m_path = path;
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8.decode(contents);
    if (utf8.hasError()) {
        f.m_error = QStringLiteral("%1: not UTF-8 text").arg(path);
        return f;
    }
    const auto fail = [&f, &path](int line, const QString &why) {
        f.m_error = QStringLiteral("%1:%2: %3").arg(path, QString::number(line), why);
        f.m_entries.clear();
        return f;
    };
    QHash<QString, int> seen; // key -> line
    bool inServer = false;
    int number = 0;
    for (const QString &raw : text.split(QLatin1Char('\n'))) {
        ++number;
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char(';')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            if (line != QLatin1String("[server]"))
                return fail(number, QStringLiteral("only a [server] section is allowed (got '%1')").arg(line));
            if (inServer)
                return fail(number, QStringLiteral("a second [server] section"));
            inServer = true;
            continue;
        }
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        const QString key = equals < 0 ? QString() : line.left(equals).trimmed();
        if (key.isEmpty())
            return fail(number, QStringLiteral("expected 'key = value' (got '%1')").arg(line));
        QString value = line.mid(equals + 1).trimmed();
        if (value.size() >= 2 && value.startsWith(QLatin1Char('"')) && value.endsWith(QLatin1Char('"')))
            value = value.mid(1, value.size() - 2);
        if (value.isEmpty())
            return fail(number, QStringLiteral("key '%1' has no value (comment the line out to keep the default)").arg(key));
        if (const auto earlier = seen.constFind(key); earlier != seen.cend())
            return fail(number, QStringLiteral("key '%1' given twice (first on line %2)").arg(key, QString::number(*earlier)));
        seen.insert(key, number);
        f.m_entries.append({ key, value, number });
    }
    return f;
}

} // namespace Tessera::Server
