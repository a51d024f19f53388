#include "benchserver.h"

#include "benchcommon.h"
#include "procstats.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <numeric>

namespace Tessera::Bench {

namespace {

// TESSERA_SERVER_BIN, else the tessera-server of the build next to the bench; false when none.
bool findServerBinary()
{
    if (!qEnvironmentVariableIsEmpty("TESSERA_SERVER_BIN"))
        return true;
    const QString dir = QCoreApplication::applicationDirPath();
    const QStringList candidates { dir + QStringLiteral("/../server/tessera-server"), dir + QStringLiteral("/tessera-server") };
    for (const QString &candidate : candidates) {
        if (QFileInfo(candidate).isExecutable()) {
            qputenv("TESSERA_SERVER_BIN", QFileInfo(candidate).canonicalFilePath().toLocal8Bit());
            return true;
        }
    }
    return false;
}

// The benchmark measures the server, not its protection against one flooding client: its
// thousands of sockets are one user on one address, so the per-connection flood limit and
// the per-user/per-address caps (issue #13) are lifted for it.
void liftFloodLimits()
{
    for (const char *name : { "TESSERA_WS_RATE_PER_SECOND", "TESSERA_WS_RATE_BURST", "TESSERA_WS_MAX_SOCKETS_PER_USER",
                              "TESSERA_WS_MAX_SOCKETS_PER_ADDRESS", "TESSERA_WS_MAX_UNAUTHENTICATED",
                              "TESSERA_WS_MAX_UNAUTHENTICATED_PER_ADDRESS", "TESSERA_HTTP_MAX_PENDING_PER_ADDRESS",
                              "TESSERA_HTTP_MAX_PENDING", "TESSERA_HTTP_MAX_CONNECTIONS_PER_ADDRESS",
                              "TESSERA_HTTP_MUTATIONS_PER_SECOND", "TESSERA_HTTP_MUTATION_BURST" }) {
        if (qEnvironmentVariableIsEmpty(name))
            qputenv(name, "1000000");
    }
}

} // namespace

BenchServer::BenchServer() = default;

BenchServer::~BenchServer()
{
    m_nodes.clear(); // before the cluster they use
}

QString BenchServer::usageError(const Args &args)
{
    const QString database = args.value(QStringLiteral("database"));
    if (args.has(QStringLiteral("server"))) {
        if (args.has(QStringLiteral("database")) || args.has(QStringLiteral("nodes")))
            return QStringLiteral("--database and --nodes are for the servers the bench starts; --server names one "
                                  "that runs already");
        const QUrl url(args.value(QStringLiteral("server")));
        if (!url.isValid() || url.host().isEmpty())
            return QStringLiteral("--server needs a URL like http://127.0.0.1:7420");
        return {};
    }
    if (args.integer(QStringLiteral("nodes"), 1) > 1 && database.isEmpty())
        return QStringLiteral("--nodes %1 needs one PostgreSQL database for them all: --database "
                              "postgresql://USER@HOST/NAME, or --database auto for a private cluster")
            .arg(args.value(QStringLiteral("nodes")));
    if (!database.isEmpty() && database != QLatin1String("auto") && !database.startsWith(QLatin1String("postgresql://"))
        && !database.startsWith(QLatin1String("postgres://")))
        return QStringLiteral("--database takes postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME or auto, got '%1'").arg(database);
    return {};
}

bool BenchServer::start(const Args &args, QString *error)
{
    *error = usageError(args);
    if (!error->isEmpty())
        return false;
    if (args.has(QStringLiteral("server"))) {
        m_url = QUrl(args.value(QStringLiteral("server")));
        return true;
    }
    const QString database = args.value(QStringLiteral("database"));
    if (!findServerBinary()) {
        *error = QStringLiteral("no tessera-server next to the bench; set TESSERA_SERVER_BIN or pass --server");
        return false;
    }
    if (database == QLatin1String("auto")) {
        if (!Test::PgCluster::available()) {
            *error = QStringLiteral("--database auto starts a private PostgreSQL cluster, but PostgreSQL is not "
                                    "installed (initdb in /usr/lib/postgresql/*/bin or $TESSERA_PG_BINDIR; as root also "
                                    "the 'postgres' user)");
            return false;
        }
        m_cluster = std::make_unique<Test::PgCluster>();
        if (!m_cluster->start()) {
            *error = QStringLiteral("--database auto: the private PostgreSQL cluster did not start: ") + m_cluster->error();
            return false;
        }
        m_databaseUrl = m_cluster->createDatabase();
        if (m_databaseUrl.isEmpty()) {
            *error = QStringLiteral("--database auto: no database: ") + m_cluster->error();
            return false;
        }
    } else {
        m_databaseUrl = database; // empty: SQLite in the node's data folder
    }
    liftFloodLimits();
    return startNodes(int(args.integer(QStringLiteral("nodes"), 1)), error);
}

bool BenchServer::startNodes(int count, QString *error)
{
    for (int i = 0; i < count; ++i) {
        auto node = std::make_unique<Test::ServerProcess>();
        if (!m_databaseUrl.isEmpty())
            node->setDatabaseUrl(m_databaseUrl);
        // One after the other: the first makes the schema and the demo users, the others find them.
        if (!node->start({ QStringLiteral("--demo") })) {
            *error = QStringLiteral("tessera-server (node %1 of %2) did not start: ").arg(i + 1).arg(count) + node->output();
            return false;
        }
        m_nodes.push_back(std::move(node));
    }
    m_url = m_nodes.front()->url();
    return true;
}

bool BenchServer::restart()
{
    for (const auto &node : m_nodes)
        node->stop();
    for (const auto &node : m_nodes) {
        const QString listen = QStringLiteral("127.0.0.1:%1").arg(node->port());
        if (!node->start({ QStringLiteral("--demo"), QStringLiteral("--listen"), listen }))
            return false;
    }
    return isOwn();
}

bool BenchServer::alive() const
{
    return std::all_of(m_nodes.cbegin(), m_nodes.cend(),
                       [](const auto &node) { return node->process().state() == QProcess::Running; });
}

qint64 BenchServer::pid() const
{
    return m_nodes.empty() ? 0 : m_nodes.front()->process().processId();
}

QUrl BenchServer::nodeUrl(qsizetype i) const
{
    return m_nodes.empty() ? m_url : m_nodes.at(size_t(i) % m_nodes.size())->url();
}

qint64 BenchServer::serverCpuMicros() const
{
    return std::accumulate(m_nodes.cbegin(), m_nodes.cend(), qint64(0), [](qint64 sum, const auto &node) {
        return sum + readProc(node->process().processId()).cpuMicros;
    });
}

qint64 BenchServer::serverRssBytes() const
{
    return std::accumulate(m_nodes.cbegin(), m_nodes.cend(), qint64(0), [](qint64 sum, const auto &node) {
        return sum + readProc(node->process().processId()).rssBytes;
    });
}

qint64 BenchServer::databaseCpuMicros() const
{
    if (!m_cluster)
        return -1;
    QFile pidFile(m_cluster->dataDir() + QStringLiteral("/postmaster.pid")); // its first line is the postmaster's pid
    if (!pidFile.open(QIODevice::ReadOnly))
        return -1;
    return familyCpuMicros(pidFile.readLine().trimmed().toLongLong());
}

QByteArray BenchServer::login(const QString &login, const QString &password) const
{
    const QJsonObject body { { QStringLiteral("login"), login }, { QStringLiteral("password"), password } };
    const Test::HttpResult r = Test::httpRequest("POST", m_url.resolved(QUrl(QStringLiteral("/api/v1/login"))),
                                                 QJsonDocument(body).toJson(QJsonDocument::Compact));
    return r.json().value(QStringLiteral("token")).toString().toLatin1();
}

QString BenchServer::createBoard(const QByteArray &token, const QString &name) const
{
    const QJsonObject body { { QStringLiteral("name"), name } };
    const Test::HttpResult r = Test::httpRequest("POST", m_url.resolved(QUrl(QStringLiteral("/api/v1/boards"))),
                                                 QJsonDocument(body).toJson(QJsonDocument::Compact), token);
    return r.json().value(QStringLiteral("board")).toObject().value(QStringLiteral("id")).toString();
}

} // namespace Tessera::Bench
