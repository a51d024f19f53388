#pragma once

#include <QList>
#include <QString>

namespace Tessera::Server {

// A strict reader of tessera-server's config file (/etc/tessera/server.conf): one
// `key = value` per line, comment lines (# or ;), blank lines and an optional [server]
// section. What QSettings would pass over in silence is an error naming the line: a line
// that is not `key = value`, a key given twice, another section, an empty value, a file
// that is not UTF-8 text. Values are trimmed; one in double quotes keeps its inner spaces.
// Which keys exist is not known here (ConfigOverlay checks them against the options).
class ConfigFile
{
public:
    struct Entry
    {
        QString key;
        QString value;
        int line = 0;
    };

    static constexpr qint64 MaxBytes = 1024 * 1024;

    // Reads and checks `path`. An error reads "PATH:LINE: why" or "PATH: why".
    static ConfigFile read(const QString &path);
    // The same for text already read (tests, and read() itself).
    static ConfigFile parse(const QString &path, const QByteArray &contents);

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString path() const { return m_path; }
    const QList<Entry> &entries() const { return m_entries; }

private:
    QString m_path;
    QString m_error;
    QList<Entry> m_entries;
};

} // namespace Tessera::Server
