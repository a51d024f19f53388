#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace Tessera::Server {

// A tunable overridden from the environment (tests, unusual deployments): `value` takes
// PREFIX+NAME (e.g. TESSERA_WS_ + HARD_CAP) when it holds a whole number of at least
// `minimum`; anything else leaves the default.
template<typename T>
void readEnvLimit(const char *prefix, const char *name, T &value, qint64 minimum)
{
    const QByteArray raw = qgetenv(QByteArray(prefix).append(name).constData());
    bool ok = false;
    const qint64 v = raw.toLongLong(&ok);
    if (ok && v >= minimum)
        value = T(v);
}

} // namespace Tessera::Server
