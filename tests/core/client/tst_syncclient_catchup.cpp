// A client that was away while 100,000 events landed, across a server restart, catches up
// through the WebSocket replay (issue #14): gap-free and exact, and cheaply for the server.
#include "support/syncharness.h"


#include <QElapsedTimer>
#include <QFile>
#include <QUuid>

#include <unistd.h>

using namespace Tessera::Core;
using namespace Tessera::Test;

namespace {

constexpr int Items = 5000;
constexpr int UpdateCommands = 95; // each updates 1,000 different items
constexpr int OpsPerCommand = 1000;

// utime + stime of a process, in milliseconds (-1 when unreadable).
qint64 cpuMs(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return (fields.at(11).toLongLong() + fields.at(12).toLongLong()) * 1000 / sysconf(_SC_CLK_TCK);
}

QString itemId(int i)
{
    return QStringLiteral("cu%1").arg(i, 5, 10, QLatin1Char('0'));
}

QJsonObject createOp(int i)
{
    return { { QStringLiteral("kind"), QStringLiteral("item.create") }, { QStringLiteral("itemId"), itemId(i) },
             { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("new %1").arg(i) } } },
             { QStringLiteral("rank"), QStringLiteral("V%1V").arg(i, 6, 10, QLatin1Char('0')) } };
}

QJsonObject updateOp(int i, const QString &title)
{
    return { { QStringLiteral("kind"), QStringLiteral("item.update") }, { QStringLiteral("itemId"), itemId(i) },
             { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } } };
}

double metric(const QByteArray &metrics, const QByteArray &name)
{
    const qsizetype at = metrics.indexOf(QByteArray("\n" + name + " "));
    if (at < 0)
        return -1;
    const qsizetype start = at + name.size() + 2;
    return metrics.mid(start, metrics.indexOf('\n', start) - start).toDouble();
}

} // namespace

class TestSyncClientCatchup : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;

    bool postBulk(const QByteArray &token, const QString &boardId, const QJsonArray &ops)
    {
        const QJsonObject body { { QStringLiteral("mutationId"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                                 { QStringLiteral("board"), boardId }, { QStringLiteral("ops"), ops } };
        const HttpResult r = httpCall(m_server, "POST", QStringLiteral("/api/v1/mutations"), token, body);
        if (r.status != 200)
            qWarning("bulk command refused: %d %s", r.status, r.body.left(300).constData());
        return r.status == 200;
    }

private Q_SLOTS:
    void hundredThousandMissedEventsAfterARestart()
    {
        // One user sends a hundred big HTTP commands: lift the per-user flood limit.
        qputenv("TESSERA_HTTP_MUTATIONS_PER_SECOND", "1000000");
        qputenv("TESSERA_HTTP_MUTATION_BURST", "1000000");
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
        QByteArray token = httpToken(m_server, QStringLiteral("ana"));
        const QString boardId = httpCall(m_server, "POST", QStringLiteral("/api/v1/boards"), token,
                                         { { QStringLiteral("name"), QStringLiteral("catch-up") } })
                                        .json()
                                        .value(QStringLiteral("board"))
                                        .toObject()
                                        .value(QStringLiteral("id"))
                                        .toString();
        QVERIFY(!boardId.isEmpty());

        Peer ana;
        SyncClient *client = ana.make(m_server.url());
        client->setFailuresBeforePolling(1000); // stay on the socket: no HTTP polling of changes
        QVERIFY(signIn(client, QStringLiteral("ana")));
        BoardStore *store = client->openBoard(boardId);
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), SyncClient::State::Live, 15000);
        QCOMPARE(client->socketsOpened(), 1);

        // Away: the server goes down and the client would retry only in 10 minutes; meanwhile
        // the server comes back and 5,000 items are created and updated 96,000 times.
        client->setBackoffLimits(600000, 600000, 600000);
        const quint16 port = m_server.port();
        m_server.kill();
        QTRY_VERIFY_WITH_TIMEOUT(client->state() != SyncClient::State::Live, 10000);
        QVERIFY(m_server.start({ QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) }));
        token = httpToken(m_server, QStringLiteral("ana"));
        for (int c = 0; c < Items / OpsPerCommand; ++c) {
            QJsonArray ops;
            for (int j = 0; j < OpsPerCommand; ++j)
                ops.append(createOp(c * OpsPerCommand + j));
            QVERIFY(postBulk(token, boardId, ops));
        }
        // Any 500 consecutive updates touch 500 different items: pages go out as stored.
        for (int c = 0; c < UpdateCommands; ++c) {
            QJsonArray ops;
            for (int j = 0; j < OpsPerCommand; ++j) {
                const int i = (c * OpsPerCommand + j) % Items;
                ops.append(updateOp(i, QStringLiteral("t %1 %2").arg(c).arg(j)));
            }
            QVERIFY(postBulk(token, boardId, ops));
        }
        // Then 1,000 updates of two items in turn: these pages are coalesced.
        QJsonArray pingPong;
        for (int j = 0; j < OpsPerCommand; ++j)
            pingPong.append(updateOp(j % 2, QStringLiteral("last %1").arg(j)));
        QVERIFY(postBulk(token, boardId, pingPong));
        const qint64 head = Items + (UpdateCommands + 1) * OpsPerCommand;
        QCOMPARE(client->socketsOpened(), 1); // still away

        // Back, as when a laptop wakes: one subscribe with sinceSeq, then replay pages up to
        // the head.
        const qint64 pid = m_server.process().processId();
        const qint64 cpuBefore = cpuMs(pid);
        QElapsedTimer back;
        back.start();
        client->wakeDetected();
        QTRY_COMPARE_WITH_TIMEOUT(store->confirmed().seq, head, 60000);
        const qint64 cpuSpent = cpuMs(pid) - cpuBefore;
        const qint64 backMs = back.elapsed();
        QCOMPARE(client->socketsOpened(), 2);
        QCOMPARE(store->confirmed().digest(), serverDigest(m_server, token, boardId));
        QCOMPARE(store->itemCount(), Items);
        QCOMPARE(titleOf(store, itemId(0)), QStringLiteral("last 998"));
        QCOMPARE(titleOf(store, itemId(1)), QStringLiteral("last 999"));
        QString lastTitle; // of the last item: from the last update command that reached it
        for (int c = 0; c < UpdateCommands; ++c) {
            for (int j = 0; j < OpsPerCommand; ++j) {
                if ((c * OpsPerCommand + j) % Items == Items - 1)
                    lastTitle = QStringLiteral("t %1 %2").arg(c).arg(j);
            }
        }
        QCOMPARE(titleOf(store, itemId(Items - 1)), lastTitle);
        QCOMPARE(client->digestMismatches(), 0);

        // It came as replay batches over the socket (not a snapshot): at most 500 events a
        // batch (the client asks for no more: each is applied on the GUI thread), the
        // spliced ones in full, the ping-pong pages coalesced to one event per item.
        const QByteArray metrics = httpCall(m_server, "GET", QStringLiteral("/metrics"), token).body;
        const double batches = metric(metrics, "tessera_ws_batches_total");
        const double events = metric(metrics, "tessera_ws_events_total");
        qInfo("catch-up of %lld events: %lld ms of server CPU, %.0f batches, caught up %lld ms after waking", head,
              cpuSpent, batches, backMs);
        QVERIFY2(batches >= double(head) / 500,
                 qPrintable(QStringLiteral("%1 batches").arg(batches)));
        QVERIFY2(events >= head - OpsPerCommand && events < head,
                 qPrintable(QStringLiteral("%1 events sent for %2 seqs").arg(events).arg(head)));
        // The server's work for the whole catch-up: splicing stored JSON costs a fraction
        // of parsing, coalescing and encoding every event (about 3 s of CPU before).
        QVERIFY(cpuSpent >= 0);
        QVERIFY2(cpuSpent < 1500, qPrintable(QStringLiteral("the catch-up took %1 ms of server CPU").arg(cpuSpent)));
    }
};

QTEST_GUILESS_MAIN(TestSyncClientCatchup)
#include "tst_syncclient_catchup.moc"
