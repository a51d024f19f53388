#pragma once
// The server under test: our own tessera-server node(s) on 127.0.0.1 with fresh data dirs
// and the demo users, or an external one (--server URL).
#include "support/pgcluster.h"
#include "support/serverprocess.h"

#include <QUrl>

#include <memory>
#include <vector>

namespace Tessera::Bench {

class Args;

class BenchServer
{
public:
    BenchServer();
    ~BenchServer();
    // Own node(s) unless --server URL. --database URL puts them on that PostgreSQL database,
    // --database auto on a fresh database of a private throwaway cluster (support/pgcluster.h)
    // that the bench starts and stops; --nodes N starts N nodes on it (N > 1 needs PostgreSQL).
    bool start(const Args &args, QString *error);
    // What is wrong with the combination of --server, --database and --nodes; empty when fine.
    static QString usageError(const Args &args);
    bool restart(); // own nodes only: SIGTERM, then start again on the same ports and data
    bool isOwn() const { return !m_nodes.empty(); }
    // False once one of our own nodes has exited (crashed): a run that saw that failed,
    // whatever it measured. An external server counts as alive.
    bool alive() const;
    qint64 pid() const; // the first node's; 0 for an external server
    QUrl url() const { return m_url; } // the first node
    int nodeCount() const { return m_nodes.empty() ? 1 : int(m_nodes.size()); }
    QUrl nodeUrl(qsizetype i) const; // node i % nodeCount(): spread clients round robin with it
    QString databaseKind() const { return m_databaseUrl.isEmpty() ? QStringLiteral("sqlite") : QStringLiteral("postgresql"); }
    bool ownsDatabase() const { return m_cluster != nullptr; } // --database auto
    // CPU (user + system, µs) so far of all our own nodes together; of the private cluster's
    // postmaster and every backend (-1 without --database auto: another cluster's processes
    // serve other users too).
    qint64 serverCpuMicros() const;
    qint64 databaseCpuMicros() const;
    qint64 serverRssBytes() const; // all own nodes together

    QByteArray login(const QString &login = QStringLiteral("ana"), const QString &password = QStringLiteral("tessera-demo")) const;
    QString createBoard(const QByteArray &token, const QString &name) const; // its id, empty on failure

private:
    bool startNodes(int count, QString *error);

    std::unique_ptr<Test::PgCluster> m_cluster; // outlives the nodes (declared first)
    std::vector<std::unique_ptr<Test::ServerProcess>> m_nodes;
    QString m_databaseUrl;
    QUrl m_url;
};

} // namespace Tessera::Bench
