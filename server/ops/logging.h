#pragma once

#include <QByteArray>
#include <QLoggingCategory>
#include <QString>

// The server's logging categories: enable or silence them with --log-level and
// --log-rules (Qt filter rules, e.g. "tessera.http.debug=true").
Q_DECLARE_LOGGING_CATEGORY(lcServer) // tessera.server: start, stop, reload, configuration
Q_DECLARE_LOGGING_CATEGORY(lcHttp) // tessera.http: the HTTP front end, its refusals
Q_DECLARE_LOGGING_CATEGORY(lcLive) // tessera.live: WebSockets and the hub
Q_DECLARE_LOGGING_CATEGORY(lcAuth) // tessera.auth: sign-in, sessions, the throttle
Q_DECLARE_LOGGING_CATEGORY(lcStorage) // tessera.storage: the database, search index, retention
Q_DECLARE_LOGGING_CATEGORY(lcCommands) // tessera.commands: command groups, notifications

namespace Tessera::Server::Logging {

// Qt filter rules for a --log-level (error|warning|info|debug) followed by the user's
// --log-rules (";"-separated Qt rules, which win); empty with `error` set if either is
// not acceptable.
QString filterRules(const QString &level, const QString &rules, QString *error);

// Writes every qDebug/qInfo/qWarning/qCritical of the process to stderr as one line per
// message line: "tessera-server: [category] message", or under journald (JOURNAL_STREAM
// set) "<N>[category] message" with N the syslog priority (3 error, 4 warning, 6 info,
// 7 debug) so journalctl shows levels. Then applies `rules` (see filterRules).
void install(const QString &rules);

// Whether lines go to journald (JOURNAL_STREAM is set).
bool underJournald();
// One message formatted as install()'s handler writes it, ending in '\n'.
QByteArray format(QtMsgType type, const char *category, const QString &message, bool journald);
// Writes already formatted bytes to stderr in one write (the access log's "-" uses it).
void writeStderr(const QByteArray &bytes);

} // namespace Tessera::Server::Logging
