#include "logging.h"

#include <QRegularExpression>
#include <QStringList>

#include <cstdio>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcServer, "tessera.server")
Q_LOGGING_CATEGORY(lcHttp, "tessera.http")
Q_LOGGING_CATEGORY(lcLive, "tessera.live")
Q_LOGGING_CATEGORY(lcAuth, "tessera.auth")
Q_LOGGING_CATEGORY(lcStorage, "tessera.storage")
Q_LOGGING_CATEGORY(lcCommands, "tessera.commands")

namespace Tessera::Server::Logging {

namespace {

bool s_journald = false;

int priority(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return 7;
    case QtInfoMsg:
        return 6;
    case QtWarningMsg:
        return 4;
    case QtCriticalMsg:
        return 3;
    case QtFatalMsg:
        return 2;
    }
    return 6;
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    writeStderr(format(type, context.category, message, s_journald));
}

} // namespace

bool underJournald()
{
    return !qEnvironmentVariableIsEmpty("JOURNAL_STREAM");
}

QByteArray format(QtMsgType type, const char *category, const QString &message, bool journald)
{
    QByteArray tag;
    if (category && qstrcmp(category, "default") != 0)
        tag = '[' + QByteArray(category) + "] ";
    QByteArray prefix;
    if (journald)
        prefix = '<' + QByteArray::number(priority(type)) + '>' + tag;
    else
        prefix = "tessera-server: " + tag;
    QByteArray out;
    // Every line of a message carries the prefix: journald makes each line an entry.
    for (const QString &line : message.split(QLatin1Char('\n')))
        out += prefix + line.toUtf8() + '\n';
    return out;
}

void writeStderr(const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(STDERR_FILENO, bytes.constData() + done, size_t(bytes.size() - done));
        if (n <= 0)
            return;
        done += n;
    }
}

QString filterRules(const QString &level, const QString &rules, QString *error)
{
    static const QStringList levels { QStringLiteral("error"), QStringLiteral("warning"), QStringLiteral("info"),
                                      QStringLiteral("debug") };
    const qsizetype rank = levels.indexOf(level.trimmed().toLower());
    if (rank < 0) {
        *error = QStringLiteral("--log-level expects error, warning, info or debug (got '%1')").arg(level);
        return {};
    }
    QStringList out;
    // Qt's own categories keep their defaults (debug off); ours and the default one follow the level.
    for (const QString &pattern : { QStringLiteral("tessera.*"), QStringLiteral("default") }) {
        out << QStringLiteral("%1.warning=%2")
                   .arg(pattern, rank >= 1 ? QStringLiteral("true") : QStringLiteral("false"))
            << QStringLiteral("%1.info=%2").arg(pattern, rank >= 2 ? QStringLiteral("true") : QStringLiteral("false"))
            << QStringLiteral("%1.debug=%2").arg(pattern, rank >= 3 ? QStringLiteral("true") : QStringLiteral("false"));
    }
    for (const QString &raw : rules.split(QRegularExpression(QStringLiteral("[;\\n]")), Qt::SkipEmptyParts)) {
        const QString rule = raw.trimmed();
        if (rule.isEmpty())
            continue;
        const qsizetype eq = rule.indexOf(QLatin1Char('='));
        const QString value = rule.mid(eq + 1).trimmed();
        if (eq <= 0 || (value != QLatin1String("true") && value != QLatin1String("false"))) {
            *error = QStringLiteral("--log-rules expects Qt filter rules separated by ';', e.g. "
                                    "tessera.http.debug=true;tessera.live.info=false (got '%1')")
                         .arg(rule);
            return {};
        }
        out << rule.left(eq).trimmed() + QLatin1Char('=') + value;
    }
    return out.join(QLatin1Char('\n'));
}

void install(const QString &rules)
{
    s_journald = underJournald();
    qInstallMessageHandler(handler);
    QLoggingCategory::setFilterRules(rules);
}

} // namespace Tessera::Server::Logging
