#include "configoverlay.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <algorithm>

namespace Tessera::Server {

namespace {

QString keyOf(const QCommandLineOption &option)
{
    const QStringList names = option.names();
    const auto longName = std::find_if(names.cbegin(), names.cend(), [](const QString &n) { return n.size() > 1; });
    return longName != names.cend() ? *longName : names.constFirst();
}

bool isFlag(const QCommandLineOption &option)
{
    return option.valueName().isEmpty();
}

// Levenshtein distance, for "did you mean": keys are short, so the plain table is enough.
qsizetype editDistance(const QString &a, const QString &b)
{
    QList<qsizetype> row(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (qsizetype i = 1; i <= a.size(); ++i) {
        qsizetype diagonal = row[0];
        row[0] = i;
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const qsizetype above = row[j];
            row[j] = std::min({ row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1) });
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace

QString ConfigOverlay::defaultPath()
{
    const QString fromEnvironment = qEnvironmentVariable("TESSERA_CONFIG");
    return fromEnvironment.isEmpty() ? QStringLiteral("/etc/tessera/server.conf") : fromEnvironment;
}

void ConfigOverlay::setOptions(const QList<QCommandLineOption> &options, const QList<QCommandLineOption> &actions)
{
    m_actions.clear();
    m_settings.clear();
    for (const QCommandLineOption &action : actions)
        m_actions << action.names();
    for (const QCommandLineOption &option : options) {
        if (!m_actions.contains(keyOf(option)))
            m_settings << option;
    }
}

QStringList ConfigOverlay::keys() const
{
    QStringList keys;
    for (const QCommandLineOption &option : m_settings)
        keys << keyOf(option);
    return keys;
}

const QCommandLineOption *ConfigOverlay::setting(const QString &key) const
{
    for (const QCommandLineOption &option : m_settings) {
        if (keyOf(option) == key)
            return &option;
    }
    return nullptr;
}

QString ConfigOverlay::suggestion(const QString &key) const
{
    QString best;
    qsizetype bestDistance = 3; // at most two edits away
    for (const QString &candidate : keys()) {
        const qsizetype d = candidate.startsWith(key, Qt::CaseInsensitive) && key.size() >= 3
                ? 1
                : editDistance(key.toLower(), candidate);
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    return best.isEmpty() ? QString() : QStringLiteral(" (did you mean '%1'?)").arg(best);
}

bool ConfigOverlay::load(QCommandLineParser &parser, const QCommandLineOption &config, const QStringList &arguments)
{
    m_onCommandLine = parser.optionNames();
    QString path = parser.value(config);
    if (path.isEmpty()) {
        if (parser.isSet(config)) {
            m_error = QStringLiteral("--config expects a FILE");
            return false;
        }
        path = defaultPath();
        if (!QFileInfo::exists(path))
            return true; // no file: the command line alone
    }
    m_file = ConfigFile::read(path);
    if (!m_file.ok()) {
        m_error = m_file.error();
        return false;
    }
    if (!checkEntries())
        return false;
    const QStringList merged = m_order == Order::CommandLineWins
            ? QStringList { arguments.value(0) } + m_fileArguments + arguments.mid(1)
            : arguments + m_fileArguments;
    if (!parser.parse(merged)) {
        m_error = QStringLiteral("%1: %2").arg(m_file.path(), parser.errorText());
        return false;
    }
    return true;
}

bool ConfigOverlay::checkEntries()
{
    static const QStringList yes { QStringLiteral("true"), QStringLiteral("yes"), QStringLiteral("on"), QStringLiteral("1") };
    static const QStringList no { QStringLiteral("false"), QStringLiteral("no"), QStringLiteral("off"), QStringLiteral("0") };
    m_fileArguments.clear();
    for (const ConfigFile::Entry &entry : m_file.entries()) {
        const QString at = QStringLiteral("%1:%2: ").arg(m_file.path(), QString::number(entry.line));
        if (m_actions.contains(entry.key)) {
            m_error = at + QStringLiteral("key '%1' is not a setting (--%1 is an action, for the command line only)").arg(entry.key);
            return false;
        }
        const QCommandLineOption *option = setting(entry.key);
        if (!option) {
            m_error = at + QStringLiteral("unknown key '%1'").arg(entry.key) + suggestion(entry.key);
            return false;
        }
        if (!isFlag(*option)) {
            m_fileArguments << QStringLiteral("--%1=%2").arg(entry.key, entry.value);
            continue;
        }
        const QString value = entry.value.toLower();
        if (yes.contains(value)) {
            m_fileArguments << QStringLiteral("--%1").arg(entry.key);
        } else if (!no.contains(value)) {
            m_error = at + QStringLiteral("key '%1': expects true or false (yes/no, on/off, 1/0 also do) (got '%2')")
                                   .arg(entry.key, entry.value);
            return false;
        }
    }
    return true;
}

bool ConfigOverlay::commandLineOverridesFile() const
{
    const QList<ConfigFile::Entry> &entries = m_file.entries();
    return std::any_of(entries.cbegin(), entries.cend(),
                       [this](const ConfigFile::Entry &e) { return m_onCommandLine.contains(e.key); });
}

QMap<QString, QString> ConfigOverlay::values(const QCommandLineParser &parser) const
{
    QMap<QString, QString> values;
    for (const QCommandLineOption &option : m_settings) {
        const QString key = keyOf(option);
        values.insert(key, isFlag(option) ? (parser.isSet(key) ? QStringLiteral("true") : QStringLiteral("false"))
                                          : parser.value(key));
    }
    return values;
}

QString ConfigOverlay::explain(const QString &error) const
{
    if (m_file.path().isEmpty() || !error.startsWith(QLatin1String("--")))
        return error;
    qsizetype end = 2;
    while (end < error.size() && (error[end].isLetterOrNumber() || error[end] == QLatin1Char('-')))
        ++end;
    const QString key = error.mid(2, end - 2);
    if (m_order == Order::CommandLineWins && m_onCommandLine.contains(key))
        return error; // the command line's value was the one refused
    const QList<ConfigFile::Entry> &entries = m_file.entries();
    const auto entry = std::find_if(entries.cbegin(), entries.cend(), [&key](const ConfigFile::Entry &e) { return e.key == key; });
    if (entry == entries.cend())
        return error;
    QString rest = error.mid(end);
    if (rest.startsWith(QLatin1Char(':')))
        rest.remove(0, 1);
    return QStringLiteral("%1:%2: key '%3': %4").arg(m_file.path(), QString::number(entry->line), key, rest.trimmed());
}

} // namespace Tessera::Server
