#include "databaseurl.h"

#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

namespace Tessera::Server {
namespace {

const auto kEncodeHint = QLatin1String(" (percent-encode '@', ':', '/' and '?' in the user name and password)");

std::optional<DatabaseUrl> fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return std::nullopt;
}

QString decoded(QStringView part)
{
    return QUrl::fromPercentEncoding(part.toUtf8());
}

QString encoded(const QString &text, const QByteArray &keep = {})
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text, keep));
}

// 1..65535 written in digits only, else -1.
int portNumber(QStringView text)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,5}$"));
    if (!digits.match(text).hasMatch())
        return -1;
    const int port = text.toInt();
    return port >= 1 && port <= 65535 ? port : -1;
}

QString badPort()
{
    return QStringLiteral("the database URL's port is not a number from 1 to 65535");
}

} // namespace

std::optional<DatabaseUrl> DatabaseUrl::parse(const QString &url, QString *error)
{
    const qsizetype schemeEnd = url.indexOf(QLatin1String("://"));
    const QString scheme = schemeEnd < 0 ? QString() : url.left(schemeEnd).toLower();
    if (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres")) {
        static const QRegularExpression word(QStringLiteral("^[a-z][a-z0-9+.-]{0,19}$"));
        const QString got = word.match(scheme).hasMatch() ? QStringLiteral(", not %1://").arg(scheme) : QString();
        return fail(error,
                    QStringLiteral("the database URL must start with postgresql://%1 (e.g. "
                                   "postgresql://tessera@db.example.com/tessera)")
                        .arg(got));
    }

    QStringView rest = QStringView(url).mid(schemeEnd + 3);
    QStringView query;
    if (const qsizetype mark = rest.indexOf(u'?'); mark >= 0) {
        query = rest.mid(mark + 1);
        rest = rest.left(mark);
    }
    QStringView authority = rest;
    QStringView path;
    if (const qsizetype slash = rest.indexOf(u'/'); slash >= 0) {
        authority = rest.left(slash);
        path = rest.mid(slash + 1);
    }

    DatabaseUrl result;
    QStringView hostPort = authority;
    if (const qsizetype at = authority.lastIndexOf(u'@'); at >= 0) {
        const QStringView userInfo = authority.left(at);
        hostPort = authority.mid(at + 1);
        const qsizetype colon = userInfo.indexOf(u':');
        result.user = decoded(colon < 0 ? userInfo : userInfo.left(colon));
        if (colon >= 0)
            result.password = decoded(userInfo.mid(colon + 1));
    }

    if (hostPort.contains(u','))
        return fail(error,
                    QStringLiteral("the database URL names several hosts; give one (a load balancer's, for "
                                   "example)"));
    QStringView host = hostPort;
    std::optional<QStringView> port;
    if (hostPort.startsWith(u'[')) {
        const qsizetype close = hostPort.indexOf(u']');
        const QStringView after = close < 0 ? QStringView() : hostPort.mid(close + 1);
        if (close < 0 || (!after.isEmpty() && !after.startsWith(u':')))
            return fail(error,
                        QStringLiteral("the database URL's IPv6 address must be written [address] or "
                                       "[address]:port")
                            + kEncodeHint);
        host = hostPort.mid(1, close - 1);
        if (!after.isEmpty())
            port = after.mid(1);
    } else if (const qsizetype colon = hostPort.indexOf(u':'); colon >= 0) {
        host = hostPort.left(colon);
        port = hostPort.mid(colon + 1);
    }
    result.host = decoded(host);
    if (port && (result.port = portNumber(*port)) < 0)
        return fail(error, badPort() + kEncodeHint);
    if (path.contains(u'/'))
        return fail(error, QStringLiteral("the database URL's path must be only the database name") + kEncodeHint);
    result.database = decoded(path);

    static const QRegularExpression optionName(QStringLiteral("^[a-z_]+$"));
    static const QRegularExpression unsafeValue(QStringLiteral("[\\s;'\\\\]"));
    QStringList options;
    for (const QStringView pair : query.split(u'&', Qt::SkipEmptyParts)) {
        const qsizetype equals = pair.indexOf(u'=');
        const QString key = decoded(equals < 0 ? pair : pair.left(equals));
        if (equals <= 0 || !optionName.match(key).hasMatch())
            return fail(error,
                        QStringLiteral("the database URL's parameters must be written key=value, with "
                                       "lower-case libpq names such as sslmode=require"));
        const QString value = decoded(pair.mid(equals + 1));
        if (key == QLatin1String("host")) {
            result.host = value;
        } else if (key == QLatin1String("port")) {
            if ((result.port = portNumber(value)) < 0)
                return fail(error, badPort());
        } else if (key == QLatin1String("user")) {
            result.user = value;
        } else if (key == QLatin1String("password")) {
            result.password = value;
        } else if (key == QLatin1String("dbname")) {
            result.database = value;
        } else if (value.contains(unsafeValue)) {
            return fail(error,
                        QStringLiteral("the database URL's parameter %1 has a space, ';', quote or backslash "
                                       "in its value, which Qt's PostgreSQL driver cannot pass on")
                            .arg(key));
        } else {
            options << key + u'=' + value;
        }
    }
    result.options = options.join(u';');

    if (result.database.isEmpty())
        return fail(error,
                    QStringLiteral("the database URL has no database name: add it as the path, as in "
                                   "postgresql://tessera@db.example.com/tessera"));
    return result;
}

QString DatabaseUrl::redacted() const
{
    QString out = QStringLiteral("postgresql://");
    if (!user.isEmpty() || !password.isEmpty())
        out += encoded(user) + (password.isEmpty() ? QString() : QStringLiteral(":***")) + u'@';
    const bool socketFolder = host.startsWith(u'/');
    if (!socketFolder)
        out += host.contains(u':') ? u'[' + host + u']' : encoded(host);
    if (port > 0)
        out += u':' + QString::number(port);
    out += u'/' + encoded(database);
    QStringList query;
    if (socketFolder)
        query << QStringLiteral("host=") + encoded(host, "/");
    for (const QString &option : options.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype equals = option.indexOf(u'=');
        query << option.left(equals + 1) + encoded(option.mid(equals + 1), "/:,");
    }
    if (!query.isEmpty())
        out += u'?' + query.join(u'&');
    return out;
}

} // namespace Tessera::Server
