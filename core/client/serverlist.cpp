#include "serverlist.h"

#include "serverprobe.h"

#include <QSet>

namespace Tessera::Core {

ServerList::ServerList(const QUrl &single)
{
    if (!single.isEmpty())
        m_urls.append(single);
}

ServerList::ServerList(QList<QUrl> urls) : m_urls(std::move(urls)) { }

QStringList ServerList::entriesOf(const QString &text, QString *error)
{
    const QStringList parts = text.split(QLatin1Char(','));
    QStringList entries;
    QSet<QString> seen;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString entry = parts.at(i).trimmed();
        QString problem;
        if (entry.isEmpty()) {
            if (parts.size() == 1)
                problem = tr("No server address given. Try host:port, e.g. tessera.example.com:7420.");
            else
                problem = tr("Server address %1 of %2 is empty: separate the addresses with single commas.")
                                  .arg(i + 1)
                                  .arg(parts.size());
        } else if (ServerProbe::withScheme(entry, QStringLiteral("https")).isEmpty()) {
            problem = tr("\"%1\" does not look like a server address. Try host:port, e.g. tessera.example.com:7420.")
                              .arg(entry);
        } else if (seen.contains(entry.toLower())) {
            problem = tr("\"%1\" is listed twice.").arg(entry);
        }
        if (!problem.isEmpty()) {
            if (error)
                *error = problem;
            return {};
        }
        seen.insert(entry.toLower());
        entries.append(entry);
    }
    return entries;
}

ServerList ServerList::parse(const QString &text, const QString &scheme, QString *error)
{
    QList<QUrl> urls;
    for (const QString &entry : entriesOf(text, error))
        urls.append(ServerProbe::withScheme(entry, scheme));
    return ServerList(std::move(urls));
}

QString ServerList::toText() const
{
    QStringList texts;
    for (const QUrl &url : m_urls)
        texts.append(url.toString());
    return texts.join(QLatin1Char(','));
}

QString ServerList::account() const
{
    QUrl base = identity().adjusted(QUrl::StripTrailingSlash);
    if (base.path() == QLatin1String("/"))
        base.setPath(QString());
    return base.toString();
}

QString ServerList::hostPort(const QUrl &url)
{
    return QStringLiteral("%1:%2").arg(url.host()).arg(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
}

} // namespace Tessera::Core
