#pragma once

#include "database.h"

#include <QSqlDatabase>
#include <QString>

namespace Tessera::Server {

// A connection of its own to the server's database (`spec`) or to the SQLite file at `path`, for work off the server's
// connection (maintenance, or a reader on a worker thread: a connection is used only by
// the thread that made it), removed with this object.
// ReadWrite waits up to 5 s for a lock like the server's connection. ReadOnlyImmutable
// opens the file through SQLite's immutable URI: reading writes nothing at all, not even
// a -wal or -shm file next to it (a backup is never changed by checking it); only for a
// file nobody writes.
class OwnConnection
{
public:
    enum class Mode { ReadWrite, ReadOnlyImmutable };

    OwnConnection(const QString &path, Mode mode);
    // Another connection to the server's database, whichever backend it is (ReadWrite).
    explicit OwnConnection(const ConnectionSpec &spec);
    ~OwnConnection();
    OwnConnection(const OwnConnection &) = delete;
    OwnConnection &operator=(const OwnConnection &) = delete;

    bool isOpen() const { return m_open; }
    QSqlDatabase db() const { return m_db; }

private:
    void open(const ConnectionSpec &spec);
    QString m_name;
    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace Tessera::Server
