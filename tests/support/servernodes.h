#pragma once
// The server of a suite as one or several tessera-server nodes (issue #16). One node is a
// plain ServerProcess (SQLite, or PostgreSQL with TESSERA_TEST_DATABASE=postgresql). With
// TESSERA_TEST_NODES=N (N > 1, together with TESSERA_TEST_DATABASE=postgresql) the same
// suite runs on N nodes sharing one database of the test cluster: its SyncClients get every
// node's URL (urls()) and where it kills "the server" it kills one node.
#include "serverprocess.h"

#include <QList>
#include <QSet>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <vector>

namespace Tessera::Test {

class ServerNodes
{
public:
    // TESSERA_TEST_NODES, 1 when unset; 0 for a value that is not a number from 1 to 4
    // (start() then fails naming it).
    static int requested();

    explicit ServerNodes(int count = requested());
    ~ServerNodes(); // the nodes stop last to first: the first one owns the database
    ServerNodes(const ServerNodes &) = delete;
    ServerNodes &operator=(const ServerNodes &) = delete;

    // Starts every node with `args` (each on its own port, the later ones on the first
    // one's database), one after another; false with error() when one does not start or
    // the environment asks for something that cannot be (several nodes without PostgreSQL).
    bool start(const QStringList &args = {});
    QString error() const { return m_error; }

    int count() const { return int(m_nodes.size()); }
    bool isCluster() const { return count() > 1; }
    ServerProcess &node(int i = 0) { return *m_nodes.at(size_t(i)); }
    const ServerProcess &node(int i = 0) const { return *m_nodes.at(size_t(i)); }

    // Every node's URL, node `first` (modulo count()) first, then round robin: the servers
    // of a SyncClient (the first is its identity, the rest its Options::moreServers), so
    // clients made with different `first`s start out on different nodes.
    QList<QUrl> urls(int first = 0) const;
    // The same with each node's port replaced by `ports` (relays in front of the nodes).
    QList<QUrl> urls(int first, const QList<quint16> &ports) const;

    void kill(int i); // SIGKILL: no goodbye to its clients
    bool isUp(int i) const { return !m_down.contains(i); } // not killed since it last started
    int firstUp() const; // -1 when every node is down
    // Starts a stopped or killed node again with start()'s arguments, on its old port (its
    // clients' URLs stay valid); false with error().
    bool restart(int i);

private:
    bool fail(const QString &why);

    std::vector<std::unique_ptr<ServerProcess>> m_nodes;
    QStringList m_args;
    QSet<int> m_down;
    QString m_error;
};

} // namespace Tessera::Test
