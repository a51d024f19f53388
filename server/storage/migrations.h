#pragma once

#include "sqldialect.h"

#include <QList>
#include <QStringList>

namespace Tessera::Server {

// Schema migrations, in order: migration i brings the schema from version i to i+1.
// Never edit a released migration; append a new one.
// Each backend has its own text of every migration (same tables, columns and meanings; the
// PostgreSQL one in pgmigrations.cpp), and both lists always have the same length.
const QList<QStringList> &schemaMigrations(SqlBackend backend = SqlBackend::Sqlite);
const QList<QStringList> &postgresMigrations();

} // namespace Tessera::Server
