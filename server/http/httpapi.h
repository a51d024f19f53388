#pragma once

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>

class QHttpServer;

namespace Tessera::Server {

class Database;

// The HTTP front end: owns the QHttpServer and registers the API routes on it.
class HttpApi final : public QObject
{
    Q_OBJECT
public:
    HttpApi(Database &database, QObject *parent = nullptr);
    ~HttpApi() override;

    // Listens on address:port (0 = any free port); returns the bound port or 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port);
    QHttpServer &httpServer() { return *m_server; }

private:
    void registerRoutes();

    Database &m_database;
    QHttpServer *m_server;
    QElapsedTimer m_uptime;
};

} // namespace Tessera::Server
