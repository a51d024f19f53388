#include "ownconnection.h"

#include <QFileInfo>
#include <QUrl>
#include <QUuid>

namespace Tessera::Server {

namespace {

QString newName()
{
    return QStringLiteral("tessera-own-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
}

} // namespace

OwnConnection::OwnConnection(const QString &path, Mode mode) : m_name(newName())
{
    ConnectionSpec spec = ConnectionSpec::sqlite(path);
    if (mode == Mode::ReadOnlyImmutable) {
        spec.databaseName = QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toString(QUrl::FullyEncoded)
                + QStringLiteral("?mode=ro&immutable=1");
        spec.options = QStringLiteral("QSQLITE_OPEN_URI;QSQLITE_OPEN_READONLY");
    }
    open(spec);
}

OwnConnection::OwnConnection(const ConnectionSpec &spec) : m_name(newName())
{
    open(spec);
}

void OwnConnection::open(const ConnectionSpec &spec)
{
    m_db = QSqlDatabase::addDatabase(spec.driver, m_name);
    m_db.setDatabaseName(spec.databaseName);
    if (spec.isPostgres()) {
        m_db.setHostName(spec.host);
        m_db.setPort(spec.port);
        m_db.setUserName(spec.user);
        m_db.setPassword(spec.password);
    }
    m_db.setConnectOptions(spec.options);
    m_open = m_db.open();
}

OwnConnection::~OwnConnection()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

} // namespace Tessera::Server
