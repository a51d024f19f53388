#pragma once

#include "serveroptions.h"

#include <QObject>

#include <memory>

namespace Tessera::Server {

class Database;
class HttpApi;
class UserStore;

// One running Tessera server: database, accounts, HTTP API. main() and tests build it the same way.
class Server final : public QObject
{
    Q_OBJECT
public:
    explicit Server(ServerOptions options, QObject *parent = nullptr);
    ~Server() override;

    // Opens the database (and seeds the demo on first start when asked), then listens.
    bool start();
    QString errorString() const { return m_error; }
    quint16 port() const { return m_port; }
    QString url() const;

    Database &database() { return *m_database; }
    UserStore &users() { return *m_users; }

private:
    bool seedDemo();

    ServerOptions m_options;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<UserStore> m_users;
    HttpApi *m_http = nullptr;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace Tessera::Server
