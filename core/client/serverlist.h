#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QUrl>

namespace Tessera::Core {

// The nodes of one Tessera server: several tessera-server processes on one database answer
// every request alike, so a person gives them as one comma-separated line
// ("https://a:7420,https://b:7420"). The first node is the server's identity: the stored
// token, the local cache (with its outbox and seqs) and the known-servers entry are keyed
// by it, whichever node is in use. A single URL is a list of one (most servers).
class ServerList
{
    Q_DECLARE_TR_FUNCTIONS(ServerList)

public:
    ServerList() = default;
    // Implicit on purpose: every caller that passes one URL means a server of one node.
    ServerList(const QUrl &single); // NOLINT(google-explicit-constructor)
    explicit ServerList(QList<QUrl> urls);

    // The entries of a typed list, trimmed and in order ("host:port" or "http(s)://host:port").
    // Empty with `error` set (naming the entry) when one is not an address, is empty
    // ("a,,b") or is listed twice.
    static QStringList entriesOf(const QString &text, QString *error);
    // The list with `scheme` for entries typed without one; empty with `error` as above.
    static ServerList parse(const QString &text, const QString &scheme, QString *error);

    const QList<QUrl> &urls() const { return m_urls; }
    int size() const { return int(m_urls.size()); }
    bool isEmpty() const { return m_urls.isEmpty(); }
    QUrl identity() const { return m_urls.value(0); }
    QUrl at(int index) const { return m_urls.value(index); }
    QString toText() const; // "https://a:7420,https://b:7420", as parse() reads it
    // The identity without a trailing slash: what the token is stored under.
    QString account() const;
    static QString hostPort(const QUrl &url); // "a:7420", as shown to people

    friend bool operator==(const ServerList &a, const ServerList &b) { return a.m_urls == b.m_urls; }
    friend bool operator!=(const ServerList &a, const ServerList &b) { return !(a == b); }

private:
    QList<QUrl> m_urls;
};

} // namespace Tessera::Core
