#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

namespace Tessera::Server {

// --access-log: one line per HTTP request, written when its answer has been handed to the
// kernel (or refused by the transport guard, or upgraded to a WebSocket):
//
//   2026-11-30T16:05:23.123Z 203.0.113.7 GET /api/v1/boards 200 1234 5
//
// time (ISO-8601 UTC, ms), client address (TrustedProxies' rule), method, path without the
// query string (tokens and search terms stay out of the log; bytes outside printable
// ASCII as %XX), status (101: a WebSocket upgrade; 0: the connection ended before an
// answer), bytes written for the answer (status line and headers included) and the
// duration in ms from the request's headers to its answer. Nothing of headers or bodies:
// no tokens, no passwords.
//
// "-" writes to stderr through the log format (journald priority 6, category
// tessera.access); a file is appended to, and reopen() (for SIGHUP after logrotate)
// starts writing to a fresh file of the same name.
class AccessLog
{
public:
    struct Entry
    {
        QString client;
        QByteArray method;
        QByteArray path;
        int status = 0;
        qint64 bytes = 0;
        qint64 durationMs = 0;
    };

    // "-" or a file name; false with errorString() if the file cannot be opened.
    bool open(const QString &target);
    bool reopen();
    QString errorString() const { return m_error; }
    void write(const Entry &entry);

    static QByteArray format(const Entry &entry, const QByteArray &isoTime);

private:
    QString m_target;
    QFile m_file;
    QString m_error;
};

} // namespace Tessera::Server
