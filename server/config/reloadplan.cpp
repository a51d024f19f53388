#include "reloadplan.h"

#include "server/serveroptions.h"

namespace Tessera::Server {

ReloadPlan ReloadPlan::between(const ServerOptions &running, const ServerOptions &next, const QStringList &reloadable)
{
    QStringList changed;
    for (auto it = next.settings.cbegin(); it != next.settings.cend(); ++it) {
        if (running.settings.value(it.key()) != it.value())
            changed << it.key();
    }
    const QString tokenKey = QStringLiteral("metrics-token-file");
    if (running.metricsToken != next.metricsToken && !changed.contains(tokenKey))
        changed << tokenKey;
    changed.sort();
    ReloadPlan plan;
    for (const QString &key : std::as_const(changed))
        (reloadable.contains(key) ? plan.applied : plan.needRestart) << key;
    return plan;
}

QString ReloadPlan::summary() const
{
    QStringList parts;
    if (!applied.isEmpty())
        parts << QStringLiteral("changed %1").arg(applied.join(QStringLiteral(", ")));
    if (!needRestart.isEmpty())
        parts << QStringLiteral("%1 %2 a restart")
                         .arg(needRestart.join(QStringLiteral(", ")),
                              needRestart.size() == 1 ? QStringLiteral("needs") : QStringLiteral("need"));
    return parts.isEmpty() ? QStringLiteral("nothing changed") : parts.join(QStringLiteral("; "));
}

} // namespace Tessera::Server
