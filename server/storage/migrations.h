#pragma once

#include <QList>
#include <QStringList>

namespace Tessera::Server {

// Schema migrations, in order: migration i brings the schema from version i to i+1.
// Never edit a released migration; append a new one.
const QList<QStringList> &schemaMigrations();

} // namespace Tessera::Server
