#include "servernodes.h"

#include "pgcluster.h"

#include <algorithm>

namespace Tessera::Test {

namespace {

constexpr int MaxNodes = 4;

// What a node that did not start said, or why it could not run at all (no binary, ...).
QString whyNot(ServerProcess &node)
{
    const QString said = node.output().trimmed();
    return said.isEmpty() ? node.process().errorString() : said;
}

} // namespace

int ServerNodes::requested()
{
    if (!qEnvironmentVariableIsSet("TESSERA_TEST_NODES"))
        return 1;
    bool ok = false;
    const int n = qEnvironmentVariable("TESSERA_TEST_NODES").toInt(&ok);
    return ok && n >= 1 && n <= MaxNodes ? n : 0;
}

ServerNodes::ServerNodes(int count)
{
    for (int i = 0; i < std::max(count, 1); ++i)
        m_nodes.push_back(std::make_unique<ServerProcess>());
    if (count < 1 || count > MaxNodes)
        m_error = QStringLiteral("TESSERA_TEST_NODES=\"%1\": give a number of nodes from 1 to %2")
                          .arg(qEnvironmentVariable("TESSERA_TEST_NODES"))
                          .arg(MaxNodes);
}

ServerNodes::~ServerNodes()
{
    while (!m_nodes.empty())
        m_nodes.pop_back(); // the first node drops the database: it goes last
}

bool ServerNodes::fail(const QString &why)
{
    m_error = why;
    qWarning("%s", qPrintable(why));
    return false;
}

bool ServerNodes::start(const QStringList &args)
{
    if (!m_error.isEmpty())
        return fail(m_error);
    m_args = args;
    if (isCluster()) {
        if (!ServerProcess::usesPostgres())
            return fail(QStringLiteral("%1 nodes share one PostgreSQL database: set TESSERA_TEST_DATABASE=postgresql "
                                       "as well as TESSERA_TEST_NODES")
                                .arg(count()));
        if (args.contains(QStringLiteral("--listen")))
            return fail(QStringLiteral("several nodes cannot all --listen on %1").arg(args.value(args.indexOf(QStringLiteral("--listen")) + 1)));
        if (node(0).databaseUrl().isEmpty())
            return fail(QStringLiteral("no PostgreSQL database for the nodes: %1").arg(PgCluster::shared().error()));
        for (int i = 1; i < count(); ++i)
            node(i).shareDatabaseWith(node(0));
    }
    for (int i = 0; i < count(); ++i) {
        if (!node(i).start(args))
            return fail(QStringLiteral("node %1 of %2 did not start: %3").arg(i + 1).arg(count()).arg(whyNot(node(i))));
    }
    return true;
}

QList<QUrl> ServerNodes::urls(int first) const
{
    QList<quint16> ports;
    for (int i = 0; i < count(); ++i)
        ports.append(node(i).port());
    return urls(first, ports);
}

QList<QUrl> ServerNodes::urls(int first, const QList<quint16> &ports) const
{
    QList<QUrl> list;
    for (int k = 0; k < count(); ++k) {
        const int i = (first + k) % count();
        QUrl url = node(i).url();
        url.setPort(ports.value(i));
        list.append(url);
    }
    return list;
}

void ServerNodes::kill(int i)
{
    node(i).kill();
    m_down.insert(i);
}

int ServerNodes::firstUp() const
{
    for (int i = 0; i < count(); ++i) {
        if (isUp(i))
            return i;
    }
    return -1;
}

bool ServerNodes::restart(int i)
{
    QStringList args = m_args;
    const qsizetype listen = args.indexOf(QStringLiteral("--listen"));
    if (listen >= 0)
        args.remove(listen, std::min<qsizetype>(2, args.size() - listen));
    args << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:%1").arg(node(i).port());
    m_down.remove(i);
    if (!node(i).start(args))
        return fail(QStringLiteral("node %1 of %2 did not start again: %3").arg(i + 1).arg(count()).arg(whyNot(node(i))));
    return true;
}

} // namespace Tessera::Test
