// HAProxy in front of two tessera-server nodes on one PostgreSQL database (#16 item 4), run
// from the shipped packaging/haproxy/tessera.cfg with this test's addresses and ports put
// in: HTTP and WebSockets work through it with no stickiness (round robin puts requests and
// sockets on both nodes, a session made through one node works on the other) and the nodes
// record the client's address from X-Forwarded-For; a SyncClient whose node is SIGKILLed
// reconnects through HAProxy to the other node and catches up while another client writes,
// every change applied once; a hung node (SIGSTOP) is marked down by the health check, its
// WebSockets are cut so their clients can move, and every new request goes to the other
// node until it answers again; a node answering 503 (degraded) gets no requests. With the
// file's TLS lines, clients get https and wss from HAProxy and HAProxy takes in only the
// nodes whose certificates it was given. HAProxy runs in the foreground as a child of the
// test.
#include "support/pgcluster.h"
#include "support/syncharness.h"
#include "support/wsclient.h"

#include <QLocalSocket>
#include <QScopeGuard>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTcpServer>

#include <csignal>
#include <unistd.h>

using namespace Tessera::Core;
using namespace Tessera::Test;

namespace {

const QString ExampleConfig = QStringLiteral(TESSERA_SOURCE_DIR "/packaging/haproxy/tessera.cfg");

// A free port on `address`: taken, then given back.
quint16 freePort(const QHostAddress &address)
{
    QTcpServer probe;
    return probe.listen(address, 0) ? probe.serverPort() : 0;
}

// The shipped configuration with `replacements` made; each text to replace must be in it
// exactly once (else *error names it: the file changed and the test must follow).
QString adaptedConfig(const QList<std::pair<QString, QString>> &replacements, QString *error)
{
    QFile file(ExampleConfig);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(ExampleConfig);
        return {};
    }
    QString text = QString::fromUtf8(file.readAll());
    for (const auto &[from, to] : replacements) {
        if (text.count(from) != 1) {
            *error = QStringLiteral("%1 holds \"%2\" %3 times, not once").arg(ExampleConfig, from.trimmed()).arg(text.count(from));
            return {};
        }
        text.replace(from, to);
    }
    return text;
}

// `haproxy -f CONFIG -db` (foreground) with its configuration in a temporary folder; its
// stats socket answers "show stat". Stopped (SIGTERM) when destroyed.
class HaproxyProcess
{
public:
    ~HaproxyProcess() { stop(); }

    QString configPath() const { return m_dir.filePath(QStringLiteral("haproxy.cfg")); }
    QString socketPath() const { return m_dir.filePath(QStringLiteral("admin.sock")); }
    QString output() const { return QString::fromUtf8(m_process.readAll()); }

    bool start(const QString &config)
    {
        QFile file(configPath());
        if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0)
            return false;
        file.close();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStandardPaths::findExecutable(QStringLiteral("haproxy"), { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin") }),
                        { QStringLiteral("-f"), configPath(), QStringLiteral("-db") });
        if (!m_process.waitForStarted(5000))
            return false;
        // Ready when its stats socket answers (it binds the frontend before that).
        return QTest::qWaitFor([this] { return m_process.state() != QProcess::Running || !statuses().isEmpty(); }, 10000)
                && m_process.state() == QProcess::Running;
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // Each server of the backend `tessera_nodes` and its check status ("UP", "DOWN", "UP 1/2"...).
    QHash<QString, QString> statuses() const { return stat("status"); }
    // One column of "show stat" for each server of `tessera_nodes` (check_status: "L7OK",
    // "L4CON" for a refused connection, "L6RSP" for a failed TLS handshake...).
    QHash<QString, QString> stat(const QByteArray &column) const
    {
        QLocalSocket socket;
        socket.connectToServer(socketPath());
        if (!socket.waitForConnected(1000))
            return {};
        socket.write("show stat\n");
        QByteArray reply;
        while (socket.waitForReadyRead(2000)) // HAProxy closes after answering
            reply += socket.readAll();
        reply += socket.readAll();
        const QList<QByteArray> lines = reply.split('\n');
        if (lines.isEmpty() || !lines.first().startsWith("# "))
            return {};
        const QList<QByteArray> header = lines.first().mid(2).split(',');
        const qsizetype name = header.indexOf("svname");
        const qsizetype wanted = header.indexOf(column);
        QHash<QString, QString> result;
        for (qsizetype i = 1; name >= 0 && wanted >= 0 && i < lines.size(); ++i) {
            const QList<QByteArray> cells = lines.at(i).split(',');
            if (cells.size() > std::max(name, wanted) && cells.first() == "tessera_nodes" && cells.at(name) != "BACKEND")
                result.insert(QString::fromLatin1(cells.at(name)), QString::fromLatin1(cells.at(wanted)));
        }
        return result;
    }

private:
    QTemporaryDir m_dir;
    mutable QProcess m_process;
};

// The access log's lines for `path` (time, client address, method, path, status, ...).
QList<QStringList> accessLines(const QString &logFile, const QString &path)
{
    QFile file(logFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QStringList> lines;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QStringList fields = QString::fromUtf8(line).split(QLatin1Char(' '));
        if (fields.size() >= 5 && fields.at(3) == path)
            lines.append(fields);
    }
    return lines;
}

QJsonObject createOp(const QString &itemId, const QString &title, int rank)
{
    return op("item.create", { { QStringLiteral("itemId"), itemId },
                               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } },
                               { QStringLiteral("rank"), QStringLiteral("H%1H").arg(rank, 6, 10, QLatin1Char('0')) } });
}

} // namespace

class TestHaproxy : public QObject
{
    Q_OBJECT

    PgCluster *m_pg = nullptr;
    QString m_dbUrl;
    QTemporaryDir m_logs;
    ServerProcess m_nodes[2];
    const QString m_names[2] = { QStringLiteral("node1"), QStringLiteral("node2") };
    HaproxyProcess m_haproxy;
    QUrl m_proxy; // HAProxy's frontend, as clients see it
    QString m_host; // its address in a URL ("[::1]" or "127.0.0.1")
    QString m_clientAddress; // the address the nodes should record for this test's requests
    QByteArray m_root;
    QString m_board;

    QString accessLog(int node) const { return m_logs.filePath(QStringLiteral("access-%1.log").arg(node)); }

    bool startNode(int node, quint16 port = 0, const QStringList &more = {})
    {
        QStringList args { QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1"), QStringLiteral("--access-log"), accessLog(node) };
        args += more;
        if (port != 0)
            args << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:%1").arg(port);
        return m_nodes[node].start(args);
    }

    HttpResult viaProxy(const QByteArray &verb, const QString &path, const QByteArray &token, const QJsonObject &body = {}) const
    {
        return httpRequest(verb, m_proxy.resolved(QUrl(path)), body.isEmpty() ? QByteArray() : jsonBytes(body), token);
    }

    QByteArray loginViaProxy(const QString &login) const
    {
        return viaProxy("POST", QStringLiteral("/api/v1/login"), {}, { { QStringLiteral("login"), login }, { QStringLiteral("password"), DemoPassword } })
                .json()
                .value(QStringLiteral("token"))
                .toString()
                .toLatin1();
    }

    // The live sockets of `login` on one node, from its admin view (asked directly, not
    // through HAProxy): their client addresses.
    QStringList socketsOn(int node, const QString &login) const
    {
        const QJsonObject report = httpRequest("GET", m_nodes[node].url().resolved(QUrl(QStringLiteral("/api/v1/admin/connections"))), {}, m_root).json();
        QStringList addresses;
        for (const QJsonValue &c : report.value(QStringLiteral("clients")).toArray()) {
            if (c.toObject().value(QStringLiteral("user")).toString() == login)
                addresses.append(c.toObject().value(QStringLiteral("address")).toString());
        }
        return addresses;
    }

    qint64 proxyHead(const QByteArray &token) const
    {
        return viaProxy("GET", QStringLiteral("/api/v1/boards/%1/digest").arg(m_board), token).json().value(QStringLiteral("seq")).toInteger();
    }

    bool bothUp() const
    {
        const QHash<QString, QString> s = m_haproxy.statuses();
        return s.value(m_names[0]) == QLatin1String("UP") && s.value(m_names[1]) == QLatin1String("UP");
    }

    // The shipped file for `haproxy`: this test's nodes and stats socket, logs on stderr,
    // plus `more` (the frontend's bind line, the TLS lines).
    QString haproxyConfig(const HaproxyProcess &haproxy, QList<std::pair<QString, QString>> more, QString *error) const
    {
        more.append({ { QStringLiteral("server node1 10.0.0.11:7420"), QStringLiteral("server node1 127.0.0.1:%1").arg(m_nodes[0].port()) },
                      { QStringLiteral("server node2 10.0.0.12:7420"), QStringLiteral("server node2 127.0.0.1:%1").arg(m_nodes[1].port()) },
                      { QStringLiteral("stats socket /run/haproxy/admin.sock"), QStringLiteral("stats socket %1").arg(haproxy.socketPath()) },
                      { QStringLiteral("    log /dev/log local0\n"), QStringLiteral("    log stderr local0\n") } }); // no syslog here
        if (::geteuid() != 0) { // only root may chroot and change user
            for (const char *line : { "    chroot /var/lib/haproxy\n", "    user haproxy\n", "    group haproxy\n" })
                more.append({ QLatin1String(line), QString() });
        }
        return adaptedConfig(more, error);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("haproxy"), { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin") }).isEmpty())
            QSKIP("HAProxy is not installed (scripts/setup.sh installs haproxy)");
        if (!PgCluster::available())
            QSKIP("PostgreSQL is not installed (scripts/setup.sh installs postgresql-15)");
        m_pg = &PgCluster::shared();
        QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
        m_dbUrl = m_pg->createDatabase();
        QVERIFY2(!m_dbUrl.isEmpty(), qPrintable(m_pg->error()));
        qputenv("TESSERA_CLUSTER_HEADS_INTERVAL_MS", "500");
        for (ServerProcess &node : m_nodes)
            node.setDatabaseUrl(m_dbUrl);
        QVERIFY(m_nodes[0].addUser(QStringLiteral("ana"), DemoPassword));
        QVERIFY(m_nodes[0].addUser(QStringLiteral("ben"), DemoPassword));
        QVERIFY(m_nodes[0].addUser(QStringLiteral("root"), DemoPassword, true));
        QVERIFY(startNode(0));
        QVERIFY(startNode(1));

        // The client reaches HAProxy on ::1 where it can, so a node that records "::1"
        // took it from X-Forwarded-For (HAProxy itself connects to the nodes from 127.0.0.1).
        const bool v6 = freePort(QHostAddress::LocalHostIPv6) != 0;
        m_clientAddress = v6 ? QStringLiteral("::1") : QStringLiteral("127.0.0.1");
        m_host = v6 ? QStringLiteral("[::1]") : QStringLiteral("127.0.0.1");
        const quint16 port = freePort(v6 ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost);
        QVERIFY(port != 0);
        m_proxy = QUrl(QStringLiteral("http://%1:%2").arg(m_host).arg(port));
        QString error;
        const QString config = haproxyConfig(m_haproxy, { { QStringLiteral("    bind :7420\n"), QStringLiteral("    bind %1:%2\n").arg(m_host).arg(port) } }, &error);
        QVERIFY2(!config.isEmpty(), qPrintable(error));
        QVERIFY2(m_haproxy.start(config), qPrintable(QStringLiteral("haproxy did not start: ") + m_haproxy.output()));
        QTRY_VERIFY_WITH_TIMEOUT(bothUp(), 15000);

        m_root = loginViaProxy(QStringLiteral("root"));
        const QByteArray ana = loginViaProxy(QStringLiteral("ana"));
        QVERIFY(!m_root.isEmpty() && !ana.isEmpty());
        m_board = viaProxy("POST", QStringLiteral("/api/v1/boards"), ana, { { QStringLiteral("name"), QStringLiteral("Behind HAProxy") } })
                          .json()
                          .value(QStringLiteral("board"))
                          .toObject()
                          .value(QStringLiteral("id"))
                          .toString();
        QVERIFY(!m_board.isEmpty());
        const QString benId = viaProxy("GET", QStringLiteral("/api/v1/me"), loginViaProxy(QStringLiteral("ben")))
                                      .json()
                                      .value(QStringLiteral("user"))
                                      .toObject()
                                      .value(QStringLiteral("id"))
                                      .toString();
        QCOMPARE(viaProxy("POST", QStringLiteral("/api/v1/mutations"), ana,
                          BoardClient::command(m_board, op("member.add", { { QStringLiteral("userId"), benId }, { QStringLiteral("role"), QStringLiteral("editor") } })))
                         .status,
                 200);
    }

    void cleanup()
    {
        if (QTest::currentTestFailed())
            qWarning().noquote() << "haproxy said:" << m_haproxy.output();
    }

    void httpAndWebSocketsOnBothNodesWithoutStickiness()
    {
        const QByteArray ana = loginViaProxy(QStringLiteral("ana")); // made on one node
        QVERIFY(!ana.isEmpty());
        const qsizetype before[2] = { accessLines(accessLog(0), QStringLiteral("/api/v1/me")).size(),
                                      accessLines(accessLog(1), QStringLiteral("/api/v1/me")).size() };
        for (int i = 0; i < 10; ++i) // round robin: five on each node, all signed in
            QCOMPARE(viaProxy("GET", QStringLiteral("/api/v1/me"), ana).status, 200);
        for (int node = 0; node < 2; ++node) {
            QTRY_COMPARE_WITH_TIMEOUT(accessLines(accessLog(node), QStringLiteral("/api/v1/me")).size(), before[node] + 5, 5000);
            const QStringList last = accessLines(accessLog(node), QStringLiteral("/api/v1/me")).constLast();
            QCOMPARE(last.at(1), m_clientAddress); // from X-Forwarded-For
            QCOMPARE(last.at(4), QStringLiteral("200"));
        }

        // Two live sockets in a row: one on each node; each follows the board written
        // through HAProxy (so on both nodes) and gets every batch once and in order.
        const QByteArray ben = loginViaProxy(QStringLiteral("ben"));
        const QString stream = QStringLiteral("board:") + m_board;
        const qint64 start = proxyHead(ana);
        WsClient readers[2];
        QList<StreamTracker> trackers;
        for (WsClient &reader : readers) {
            QCOMPARE(frameType(reader.connectAs(m_proxy, ben)), QStringLiteral("welcome"));
            QCOMPARE(frameType(reader.subscribe(stream, start)), QStringLiteral("subscribed"));
            trackers.append(StreamTracker(stream, start));
        }
        QCOMPARE(socketsOn(0, QStringLiteral("ben")), QStringList { m_clientAddress });
        QCOMPARE(socketsOn(1, QStringLiteral("ben")), QStringList { m_clientAddress });
        constexpr int Writes = 20;
        for (int i = 0; i < Writes; ++i) {
            const QJsonObject create = createOp(QStringLiteral("rr-%1").arg(i), QStringLiteral("rr"), 1000 + i);
            QCOMPARE(viaProxy("POST", QStringLiteral("/api/v1/mutations"), ana, BoardClient::command(m_board, create)).status, 200);
        }
        QCOMPARE(proxyHead(ana), start + Writes);
        for (int i = 0; i < 2; ++i) {
            QVERIFY2(readers[i].follow(trackers[i], start + Writes, 15000), qPrintable(QStringLiteral("reader %1 at %2").arg(i).arg(trackers[i].applied)));
            QCOMPARE(trackers[i].gaps, 0);
            QCOMPARE(trackers[i].duplicates, 0);
            QCOMPARE(trackers[i].events.size(), Writes);
        }
    }

    void syncClientMovesToTheOtherNodeWhenItsNodeIsKilled()
    {
        QTRY_VERIFY_WITH_TIMEOUT(socketsOn(0, QStringLiteral("ben")).isEmpty() && socketsOn(1, QStringLiteral("ben")).isEmpty(), 5000);
        Peer anaPeer;
        SyncClient *client = anaPeer.make(m_proxy);
        client->setPingIntervalMs(1000);
        QVERIFY(signIn(client, QStringLiteral("ana")));
        BoardStore *store = client->openBoard(m_board);
        QTRY_VERIFY_WITH_TIMEOUT(client->state() == SyncClient::State::Live && store->confirmed().seq > 0, 10000);
        int on = -1; // the node holding the client's socket
        QTRY_VERIFY_WITH_TIMEOUT((on = !socketsOn(0, QStringLiteral("ana")).isEmpty() ? 0 : !socketsOn(1, QStringLiteral("ana")).isEmpty() ? 1 : -1) >= 0, 5000);
        const int other = 1 - on;
        const qint64 startSeq = store->confirmed().seq;
        const int startItems = store->itemCount();
        QList<qint64> seqs;
        int inserted = 0;
        connect(store, &BoardStore::batchApplied, this, [&](const BatchChanges &changes) {
            if (changes.origin != BatchChanges::Origin::Server)
                return;
            seqs.append(store->confirmed().seq);
            inserted += int(changes.inserted.size());
        });
        QSignalSpy reloads(store, &BoardStore::aboutToReset);

        // Its node dies with no goodbye; Ben writes 100 items through HAProxy meanwhile
        // (a request sent to the dead node before the check notices is sent to the other).
        const quint16 deadPort = m_nodes[on].port();
        m_nodes[on].kill();
        const QByteArray ben = loginViaProxy(QStringLiteral("ben"));
        QVERIFY(!ben.isEmpty());
        constexpr int Writes = 100;
        for (int i = 0; i < Writes; ++i) {
            const HttpResult r = viaProxy("POST", QStringLiteral("/api/v1/mutations"), ben,
                                          BoardClient::command(m_board, createOp(QStringLiteral("kill-%1").arg(i), QStringLiteral("by ben %1").arg(i), i)));
            QVERIFY2(r.status == 200, qPrintable(QStringLiteral("write %1: %2 %3").arg(i).arg(r.status).arg(QString::fromUtf8(r.body))));
        }
        const QByteArray ana = loginViaProxy(QStringLiteral("ana"));
        const qint64 head = proxyHead(ana);
        QCOMPARE(head, startSeq + Writes);
        QTRY_COMPARE_WITH_TIMEOUT(m_haproxy.statuses().value(m_names[on]), QStringLiteral("DOWN"), 10000);

        QTRY_COMPARE_WITH_TIMEOUT(store->confirmed().seq, head, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), SyncClient::State::Live, 5000);
        QCOMPARE(socketsOn(other, QStringLiteral("ana")).size(), 1);
        const QString digest = viaProxy("GET", QStringLiteral("/api/v1/boards/%1/digest").arg(m_board), ana).json().value(QStringLiteral("digest")).toString();
        QVERIFY(!digest.isEmpty());
        QCOMPARE(store->confirmed().digest(), digest);
        QCOMPARE(store->itemCount(), startItems + Writes);
        // Caught up from its seq, each change once: no reload, seqs only grow, 100 inserts.
        QCOMPARE(reloads.count(), 0);
        QVERIFY(!seqs.isEmpty());
        for (qsizetype i = 1; i < seqs.size(); ++i)
            QVERIFY2(seqs.at(i) > seqs.at(i - 1), qPrintable(QStringLiteral("batch %1 at seq %2 after %3").arg(i).arg(seqs.at(i)).arg(seqs.at(i - 1))));
        QCOMPARE(seqs.last(), head);
        QCOMPARE(inserted, Writes);
        QCOMPARE(client->digestMismatches(), 0);

        // Back on its port: HAProxy's check takes it in again.
        QVERIFY(startNode(on, deadPort));
        QTRY_VERIFY_WITH_TIMEOUT(bothUp(), 15000);
    }

    void hungNodeIsMarkedDownAndItsSocketsClosed()
    {
        QTRY_VERIFY_WITH_TIMEOUT(bothUp(), 15000);
        const QByteArray ben = loginViaProxy(QStringLiteral("ben"));
        WsClient readers[2]; // one on each node (round robin)
        for (WsClient &reader : readers)
            QCOMPARE(frameType(reader.connectAs(m_proxy, ben)), QStringLiteral("welcome"));
        QTRY_VERIFY_WITH_TIMEOUT(socketsOn(0, QStringLiteral("ben")).size() == 1 && socketsOn(1, QStringLiteral("ben")).size() == 1, 5000);

        // Node 2 hangs: it still accepts connections (the kernel does) but answers nothing.
        const qint64 pid = m_nodes[1].process().processId();
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGSTOP), 0);
        auto resume = qScopeGuard([pid] { ::kill(pid_t(pid), SIGCONT); });
        QElapsedTimer hung;
        hung.start();
        // Two failed checks 2 s apart (each given 2 s): down, and its socket is cut.
        QTRY_COMPARE_WITH_TIMEOUT(m_haproxy.statuses().value(m_names[1]), QStringLiteral("DOWN"), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!readers[0].isOpen() || !readers[1].isOpen(), 5000);
        QVERIFY(readers[0].isOpen() || readers[1].isOpen()); // the other node's socket stays
        qInfo("hung node marked down after %lld ms", hung.elapsed());

        // Every new request now goes to node 1, at once.
        const qsizetype before = accessLines(accessLog(0), QStringLiteral("/api/v1/me")).size();
        QElapsedTimer requests;
        requests.start();
        for (int i = 0; i < 10; ++i)
            QCOMPARE(viaProxy("GET", QStringLiteral("/api/v1/me"), ben).status, 200);
        QVERIFY2(requests.elapsed() < 5000, qPrintable(QStringLiteral("10 requests took %1 ms").arg(requests.elapsed())));
        QTRY_COMPARE_WITH_TIMEOUT(accessLines(accessLog(0), QStringLiteral("/api/v1/me")).size(), before + 10, 5000);

        // It answers again: up after two good checks, and requests reach it again.
        resume.dismiss();
        QCOMPARE(::kill(pid_t(pid), SIGCONT), 0);
        QTRY_VERIFY_WITH_TIMEOUT(bothUp(), 15000);
        const qsizetype onSecond = accessLines(accessLog(1), QStringLiteral("/api/v1/me")).size();
        for (int i = 0; i < 4; ++i)
            QCOMPARE(viaProxy("GET", QStringLiteral("/api/v1/me"), ben).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(accessLines(accessLog(1), QStringLiteral("/api/v1/me")).size(), onSecond + 2, 5000);
    }

    // A node that answers its health check with 503 ("degraded": here less free disk than
    // it is told to keep) gets no new work, and is taken in again once it answers 200.
    void degradedNodeGetsNoWork()
    {
        QTRY_VERIFY_WITH_TIMEOUT(bothUp(), 15000);
        const quint16 port = m_nodes[1].port();
        m_nodes[1].stop();
        QVERIFY(startNode(1, port, { QStringLiteral("--min-free-disk-mb"), QStringLiteral("1000000000") })); // 1 PB
        QCOMPARE(httpRequest("GET", m_nodes[1].url().resolved(QUrl(QStringLiteral("/api/v1/health")))).status, 503);
        QTRY_COMPARE_WITH_TIMEOUT(m_haproxy.statuses().value(m_names[1]), QStringLiteral("DOWN"), 10000);
        QVERIFY(m_haproxy.stat("check_status").value(m_names[1]).contains(QLatin1String("L7STS"))); // a wrong status
        const QByteArray ben = loginViaProxy(QStringLiteral("ben"));
        const qsizetype before[2] = { accessLines(accessLog(0), QStringLiteral("/api/v1/me")).size(),
                                      accessLines(accessLog(1), QStringLiteral("/api/v1/me")).size() };
        for (int i = 0; i < 6; ++i)
            QCOMPARE(viaProxy("GET", QStringLiteral("/api/v1/me"), ben).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(accessLines(accessLog(0), QStringLiteral("/api/v1/me")).size(), before[0] + 6, 5000);
        QCOMPARE(accessLines(accessLog(1), QStringLiteral("/api/v1/me")).size(), before[1]);

        m_nodes[1].stop();
        QVERIFY(startNode(1, port));
        QTRY_VERIFY_WITH_TIMEOUT(bothUp(), 15000);
    }

    // Last: it restarts both nodes with TLS. The file's two commented TLS lines: HAProxy
    // serves https and wss (HTTP/2 for Qt's HTTP, 1.1 for the WebSocket) and checks each
    // node's certificate against the nodes' certificates file; a node whose certificate is
    // not in that file is kept out.
    void tlsToClientsAndToNodes()
    {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            QSKIP("openssl is not installed (scripts/setup.sh installs it)");
        QTemporaryDir certs;
        const auto makeCertificate = [&](const QString &name, bool ca) {
            QProcess p;
            QStringList args { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                               QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                               QStringLiteral("-keyout"), certs.filePath(name + QStringLiteral(".key")),
                               QStringLiteral("-out"), certs.filePath(name + QStringLiteral(".crt")), QStringLiteral("-days"), QStringLiteral("2"),
                               QStringLiteral("-subj"), QStringLiteral("/CN=") + name,
                               QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost") };
            if (!ca) // like the nodes' own self-signed certificates
                args << QStringLiteral("-addext") << QStringLiteral("basicConstraints=critical,CA:FALSE");
            p.start(openssl, args);
            return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        };
        QVERIFY(makeCertificate(QStringLiteral("front"), true));
        QVERIFY(makeCertificate(QStringLiteral("node"), false));
        QVERIFY(makeCertificate(QStringLiteral("stranger"), false));
        const auto readAll = [&](const QString &name) {
            QFile f(certs.filePath(name));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QString frontPem = certs.filePath(QStringLiteral("front.pem")); // chain and key in one file
        const QString nodesPem = certs.filePath(QStringLiteral("nodes.pem"));
        const QByteArray frontBytes = readAll(QStringLiteral("front.crt")) + readAll(QStringLiteral("front.key"));
        for (const auto &[file, bytes] : { std::pair { frontPem, frontBytes }, std::pair { nodesPem, readAll(QStringLiteral("node.crt")) } }) {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && bytes.size() > 100);
        }
        const auto tlsArgs = [&](const QString &name) {
            return QStringList { QStringLiteral("--tls-cert"), certs.filePath(name + QStringLiteral(".crt")),
                                 QStringLiteral("--tls-key"), certs.filePath(name + QStringLiteral(".key")) };
        };
        m_haproxy.stop();
        for (int node = 0; node < 2; ++node) {
            const quint16 port = m_nodes[node].port();
            m_nodes[node].stop();
            QVERIFY(startNode(node, port, tlsArgs(QStringLiteral("node"))));
            QCOMPARE(m_nodes[node].url().scheme(), QStringLiteral("https"));
        }

        HaproxyProcess tls;
        auto report = qScopeGuard([&] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << "haproxy (TLS) said:" << tls.output();
        });
        const quint16 port = freePort(m_clientAddress == QLatin1String("::1") ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost);
        QVERIFY(port != 0);
        QString error;
        const QString config = haproxyConfig(
                tls,
                { { QStringLiteral("    bind :7420\n"), QString() },
                  { QStringLiteral("    # bind :7420 ssl crt /etc/haproxy/tessera.pem"), QStringLiteral("    bind %1:%2 ssl crt %3").arg(m_host).arg(port).arg(frontPem) },
                  { QStringLiteral("    default-server check inter 2s fall 2 rise 2 on-marked-down shutdown-sessions\n"), QString() },
                  { QStringLiteral("    # default-server check"), QStringLiteral("    default-server check") },
                  { QStringLiteral("ca-file /etc/haproxy/tessera-nodes.pem"), QStringLiteral("ca-file ") + nodesPem } },
                &error);
        QVERIFY2(!config.isEmpty(), qPrintable(error));
        QVERIFY2(tls.start(config), qPrintable(QStringLiteral("haproxy did not start: ") + tls.output()));
        QTRY_VERIFY_WITH_TIMEOUT(tls.statuses().value(m_names[0]) == QLatin1String("UP") && tls.statuses().value(m_names[1]) == QLatin1String("UP"), 15000);

        // The clients trust HAProxy's certificate (Qt's HTTP in these helpers uses the default).
        const QSslConfiguration plain = QSslConfiguration::defaultConfiguration();
        auto restore = qScopeGuard([plain] { QSslConfiguration::setDefaultConfiguration(plain); });
        QSslConfiguration trusting = plain;
        trusting.setCaCertificates(plain.caCertificates() + QSslCertificate::fromPath(certs.filePath(QStringLiteral("front.crt"))));
        QSslConfiguration::setDefaultConfiguration(trusting);
        const QUrl https(QStringLiteral("https://%1:%2").arg(m_host).arg(port));
        const auto call = [&](const QByteArray &verb, const QString &path, const QByteArray &token, const QJsonObject &body = {}) {
            return httpRequest(verb, https.resolved(QUrl(path)), body.isEmpty() ? QByteArray() : jsonBytes(body), token);
        };
        const QByteArray ben = call("POST", QStringLiteral("/api/v1/login"), {}, { { QStringLiteral("login"), QStringLiteral("ben") }, { QStringLiteral("password"), DemoPassword } })
                                       .json()
                                       .value(QStringLiteral("token"))
                                       .toString()
                                       .toLatin1();
        QVERIFY(!ben.isEmpty());
        const qsizetype before[2] = { accessLines(accessLog(0), QStringLiteral("/api/v1/me")).size(),
                                      accessLines(accessLog(1), QStringLiteral("/api/v1/me")).size() };
        for (int i = 0; i < 4; ++i)
            QCOMPARE(call("GET", QStringLiteral("/api/v1/me"), ben).status, 200);
        for (int node = 0; node < 2; ++node) {
            QTRY_COMPARE_WITH_TIMEOUT(accessLines(accessLog(node), QStringLiteral("/api/v1/me")).size(), before[node] + 2, 5000);
            QCOMPARE(accessLines(accessLog(node), QStringLiteral("/api/v1/me")).constLast().at(1), m_clientAddress);
        }

        // wss through HAProxy: a change made over https arrives as a batch.
        WsClient reader(trusting);
        QCOMPARE(frameType(reader.connectAs(https, ben)), QStringLiteral("welcome"));
        const QString stream = QStringLiteral("board:") + m_board;
        const qint64 start = call("GET", QStringLiteral("/api/v1/boards/%1/digest").arg(m_board), ben).json().value(QStringLiteral("seq")).toInteger();
        QVERIFY(start > 0);
        QCOMPARE(frameType(reader.subscribe(stream, start)), QStringLiteral("subscribed"));
        StreamTracker tracker(stream, start);
        QCOMPARE(call("POST", QStringLiteral("/api/v1/mutations"), ben, BoardClient::command(m_board, createOp(QStringLiteral("tls-1"), QStringLiteral("over TLS"), 2000))).status, 200);
        QVERIFY(reader.follow(tracker, start + 1, 10000));
        QCOMPARE(tracker.events.size(), 1);

        // Node 2 comes back with a certificate that is not in the nodes' file: it answers
        // (the connection is made) but the TLS check fails, so it stays out.
        const quint16 second = m_nodes[1].port();
        m_nodes[1].stop();
        QVERIFY(startNode(1, second, tlsArgs(QStringLiteral("stranger"))));
        QTRY_COMPARE_WITH_TIMEOUT(tls.statuses().value(m_names[1]), QStringLiteral("DOWN"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(tls.stat("check_status").value(m_names[1]).contains(QLatin1String("L6RSP")), 10000);
        QCOMPARE(tls.statuses().value(m_names[1]), QStringLiteral("DOWN")); // and stays out
        for (int i = 0; i < 4; ++i)
            QCOMPARE(call("GET", QStringLiteral("/api/v1/me"), ben).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestHaproxy)
#include "tst_haproxy.moc"
