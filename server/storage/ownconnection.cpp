#include "ownconnection.h"

#include <QFileInfo>
#include <QUrl>
#include <QUuid>

namespace Tessera::Server {

OwnConnection::OwnConnection(const QString &path, Mode mode)
    : m_name(QStringLiteral("tessera-own-%1").arg(QUuid::createUuid().toString(QUuid::Id128)))
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    if (mode == Mode::ReadOnlyImmutable) {
        m_db.setDatabaseName(QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toString(QUrl::FullyEncoded)
                             + QStringLiteral("?mode=ro&immutable=1"));
        m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI;QSQLITE_OPEN_READONLY"));
    } else {
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    }
    m_open = m_db.open();
}

OwnConnection::~OwnConnection()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

} // namespace Tessera::Server
