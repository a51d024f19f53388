#pragma once

#include <QStringList>

namespace Tessera::Server {

struct ServerOptions;

// What a reload (SIGHUP) changes: the settings whose new values the running server takes
// (`applied`) and the changed settings only a restart applies (`needRestart`; the running
// server keeps their old values). Keys are the config file's (= the options' names).
struct ReloadPlan
{
    QStringList applied;
    QStringList needRestart;

    // Compares every setting of `running` and `next` by key, plus the metrics scrape token
    // itself (a token file rewritten in place is a change). `reloadable`: the keys the
    // running server can take; every other changed key needs a restart.
    static ReloadPlan between(const ServerOptions &running, const ServerOptions &next, const QStringList &reloadable);

    // "changed max-body-bytes; listen needs a restart", or "nothing changed".
    QString summary() const;
};

} // namespace Tessera::Server
