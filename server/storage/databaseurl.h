#pragma once

#include <QString>

#include <optional>

namespace Tessera::Server {

// A PostgreSQL connection URL (issue #16), the subset of libpq's URI form that Qt's QPSQL
// driver can pass on:
//   postgresql://user:password@host:port/database?sslmode=require
//   postgresql://user@/database?host=/unix/socket/folder
// `postgres://` is accepted too. User, password, host and database are percent-decoded.
// The query parameters host, port, user, password and dbname set those fields; any other
// `key=value` goes to `options`, in QSqlDatabase::setConnectOptions form ("k=v;k2=v2").
struct DatabaseUrl
{
    QString host; // a host name, an IP address, or a Unix socket folder (starts with '/')
    int port = -1; // -1: the driver's default (5432)
    QString user;
    QString password;
    QString database;
    QString options;

    // nullopt and *error (when given) set on a malformed URL. Error messages never quote
    // the password (nor anything that could be part of it).
    static std::optional<DatabaseUrl> parse(const QString &url, QString *error);
    // The URL back, with the password replaced by "***": for logs and messages.
    QString redacted() const;
};

} // namespace Tessera::Server
