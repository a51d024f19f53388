// Several tessera-server nodes on one PostgreSQL database (issue #16), on a private cluster
// (support/pgcluster.h): clients on different nodes edit one board at once and converge,
// every acked mutation is in the log exactly once with gap-free seqs, a retry on another
// node is answered from the stored outcome, a node's clients move to another node when it
// is killed and catch up with nothing lost, and a node whose listening connection is
// killed recovers what it missed by its head check.
#include "support/boardclient.h"
#include "support/pgcluster.h"
#include "support/wsclient.h"

#include <QJsonArray>
#include <QtTest>

using namespace Tessera::Test;

namespace {

const QString Password = QStringLiteral("tessera-test-pass");

QJsonObject createOp(const QString &itemId, const QString &title)
{
    return op("item.create", { { QStringLiteral("itemId"), itemId },
                               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } },
                               { QStringLiteral("rank"), QStringLiteral("U") } });
}

// Sends `count` creates without waiting, then waits for every ack; returns the acked seqs.
QList<qint64> writeCreates(WsClient &writer, const QString &board, int count, const QString &tag)
{
    for (int i = 0; i < count; ++i)
        writer.send(WsClient::mutateFrame(board, createOp(tag + QString::number(i), tag)));
    QList<qint64> seqs;
    (void)QTest::qWaitFor([&] { // the caller compares the count
        for (qsizetype i = 0; i < writer.frames().size();) {
            const QJsonObject f = writer.frames().at(i);
            if (frameType(f) == QLatin1String("ack")) {
                seqs.append(f.value(QStringLiteral("seq")).toInteger());
                writer.frames().removeAt(i);
            } else {
                ++i;
            }
        }
        return seqs.size() >= count;
    }, 60000);
    return seqs;
}

QString digestOf(ServerProcess &node, const QByteArray &token, const QString &board)
{
    return BoardClient(&node, token).get(QStringLiteral("/api/v1/boards/%1/digest").arg(board)).json().value(QStringLiteral("digest")).toString();
}

qint64 headOf(ServerProcess &node, const QByteArray &token, const QString &board)
{
    return BoardClient(&node, token).get(QStringLiteral("/api/v1/boards/%1/digest").arg(board)).json().value(QStringLiteral("seq")).toInteger();
}

} // namespace

class TestCluster : public QObject
{
    Q_OBJECT

    PgCluster *m_pg = nullptr;
    QString m_dbUrl;
    ServerProcess m_a; // owns the database: declared first, destroyed last
    ServerProcess m_b;
    ServerProcess m_c;
    QByteArray m_ana;
    QByteArray m_ben;
    QString m_board;

    // Ben reads the board on `node` from `seq`.
    bool followFrom(WsClient &reader, ServerProcess &node, qint64 seq)
    {
        return frameType(reader.connectAs(node.url(), m_ben)) == QLatin1String("welcome")
                && frameType(reader.subscribe(QStringLiteral("board:") + m_board, seq)) == QLatin1String("subscribed");
    }

    bool startNode(ServerProcess &node)
    {
        node.setDatabaseUrl(m_dbUrl);
        return node.start();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!PgCluster::available())
            QSKIP("PostgreSQL is not installed (scripts/setup.sh installs postgresql-15)");
        m_pg = &PgCluster::shared();
        QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
        m_dbUrl = m_pg->createDatabase();
        QVERIFY2(!m_dbUrl.isEmpty(), qPrintable(m_pg->error()));
        qputenv("TESSERA_CLUSTER_HEADS_INTERVAL_MS", "500");
        qputenv("TESSERA_WS_RATE_PER_SECOND", "1000000");
        qputenv("TESSERA_WS_RATE_BURST", "1000000");
        m_a.setDatabaseUrl(m_dbUrl);
        QVERIFY(m_a.addUser(QStringLiteral("ana"), Password));
        QVERIFY(m_a.addUser(QStringLiteral("ben"), Password));
        // Three nodes started at once: the schema is made once (advisory lock) and one epoch.
        m_b.setDatabaseUrl(m_dbUrl);
        m_c.setDatabaseUrl(m_dbUrl);
        QVERIFY(m_a.start());
        QVERIFY(m_b.start());
        QVERIFY(m_c.start());
        // A session made on one node is good on every node (sessions live in the database).
        m_ana = BoardClient::login(m_a, QStringLiteral("ana"), Password);
        m_ben = BoardClient::login(m_b, QStringLiteral("ben"), Password);
        QVERIFY(!m_ana.isEmpty() && !m_ben.isEmpty());
        QCOMPARE(BoardClient(&m_c, m_ana).get(QStringLiteral("/api/v1/me")).status, 200);
        QCOMPARE(BoardClient(&m_a, m_ben).get(QStringLiteral("/api/v1/me")).status, 200);
        const BoardClient ana(&m_a, m_ana);
        m_board = ana.createBoard(QStringLiteral("Across nodes"));
        QVERIFY(!m_board.isEmpty());
        QCOMPARE(ana.mutate(m_board, op("member.add", { { QStringLiteral("userId"), userIdOf(m_a, m_ben) },
                                                        { QStringLiteral("role"), QStringLiteral("editor") } }))
                         .status,
                 200);
    }

    void concurrentWritersOnThreeNodesConverge()
    {
        // A reader on each node, writers on every node at once.
        WsClient readers[3];
        ServerProcess *nodes[3] = { &m_a, &m_b, &m_c };
        const QString stream = QStringLiteral("board:") + m_board;
        const qint64 start = headOf(m_a, m_ana, m_board);
        QList<StreamTracker> trackers;
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(frameType(readers[i].connectAs(nodes[i]->url(), m_ben)), QStringLiteral("welcome"));
            QCOMPARE(frameType(readers[i].subscribe(stream, start)), QStringLiteral("subscribed"));
            trackers.append(StreamTracker(stream, start));
        }
        WsClient writers[3];
        for (int i = 0; i < 3; ++i)
            QCOMPARE(frameType(writers[i].connectAs(nodes[i]->url(), m_ana)), QStringLiteral("welcome"));
        const int perNode = 150;
        for (int i = 0; i < 3; ++i) // queued on all three before any ack is awaited
            for (int k = 0; k < perNode; ++k)
                writers[i].send(WsClient::mutateFrame(m_board, createOp(QStringLiteral("n%1-%2").arg(i).arg(k), QStringLiteral("x"))));
        QList<qint64> acked;
        QString refused;
        QVERIFY(QTest::qWaitFor([&] {
            for (WsClient &w : writers) {
                for (qsizetype f = 0; f < w.frames().size();) {
                    if (frameType(w.frames().at(f)) == QLatin1String("ack")) {
                        acked.append(w.frames().at(f).value(QStringLiteral("seq")).toInteger());
                        w.frames().removeAt(f);
                    } else {
                        if (frameType(w.frames().at(f)) == QLatin1String("error"))
                            refused = QString::fromUtf8(jsonBytes(w.frames().at(f)));
                        ++f;
                    }
                }
            }
            return acked.size() >= 3 * perNode || !refused.isEmpty();
        }, 90000));
        QVERIFY2(refused.isEmpty(), qPrintable(refused));
        // Seqs: one per acked command, none twice, none skipped.
        std::sort(acked.begin(), acked.end());
        QCOMPARE(acked.size(), 3 * perNode);
        QCOMPARE(acked.first(), start + 1);
        QCOMPARE(acked.last(), start + 3 * perNode);
        QCOMPARE(qsizetype(std::unique(acked.begin(), acked.end()) - acked.begin()), acked.size());
        // Every reader, whatever node it is on, gets every event once and in order.
        const qint64 head = start + 3 * perNode;
        for (int i = 0; i < 3; ++i) {
            QVERIFY2(readers[i].follow(trackers[i], head, 30000), qPrintable(QStringLiteral("reader on node %1 at %2 of %3").arg(i).arg(trackers[i].applied).arg(head)));
            QCOMPARE(trackers[i].gaps, 0);
            QCOMPARE(trackers[i].duplicates, 0);
            QCOMPARE(trackers[i].events.size(), 3 * perNode);
        }
        // One board everywhere.
        const QString digest = digestOf(m_a, m_ana, m_board);
        QVERIFY(!digest.isEmpty());
        QCOMPARE(digestOf(m_b, m_ana, m_board), digest);
        QCOMPARE(digestOf(m_c, m_ana, m_board), digest);
        QCOMPARE(headOf(m_c, m_ana, m_board), head);
    }

    void groupsOnTwoBoardsInOppositeOrdersDoNotDeadlock()
    {
        // Node A gets commands for boards X, Y, X, Y... and node B for Y, X, Y, X... at once:
        // each node's groups hold both boards; locked in the order met, the nodes would
        // deadlock (PostgreSQL then ends one transaction: its commands fail).
        const BoardClient ana(&m_a, m_ana);
        const QString x = ana.createBoard(QStringLiteral("X"));
        const QString y = ana.createBoard(QStringLiteral("Y"));
        WsClient onA;
        WsClient onB;
        QCOMPARE(frameType(onA.connectAs(m_a.url(), m_ana)), QStringLiteral("welcome"));
        QCOMPARE(frameType(onB.connectAs(m_b.url(), m_ana)), QStringLiteral("welcome"));
        const int each = 200;
        for (int i = 0; i < each; ++i) {
            onA.send(WsClient::mutateFrame(i % 2 ? y : x, createOp(QStringLiteral("xa%1").arg(i), QStringLiteral("a"))));
            onB.send(WsClient::mutateFrame(i % 2 ? x : y, createOp(QStringLiteral("xb%1").arg(i), QStringLiteral("b"))));
        }
        int acks = 0;
        QString refused;
        QVERIFY(QTest::qWaitFor([&] {
            for (WsClient *c : { &onA, &onB }) {
                for (const QJsonObject &f : std::as_const(c->frames())) {
                    if (frameType(f) == QLatin1String("ack"))
                        ++acks;
                    else if (frameType(f) == QLatin1String("error") || frameType(f) == QLatin1String("reject"))
                        refused = QString::fromUtf8(jsonBytes(f));
                }
                c->frames().clear();
            }
            return acks == 2 * each || !refused.isEmpty();
        }, 60000));
        QVERIFY2(refused.isEmpty(), qPrintable(refused));
        QCOMPARE(headOf(m_b, m_ana, x) + headOf(m_b, m_ana, y), headOf(m_a, m_ana, x) + headOf(m_a, m_ana, y));
    }

    void conflictSeenAcrossNodes()
    {
        // Node B has the board cached; node A changes an item's title; an edit sent to B
        // on the old version must be refused as a conflict, not silently overwrite A's.
        const BoardClient onA(&m_a, m_ana);
        const BoardClient onB(&m_b, m_ana);
        QCOMPARE(onB.mutate(m_board, createOp(QStringLiteral("cx"), QStringLiteral("first"))).status, 200);
        const auto titleVersion = [&](const BoardClient &c) {
            for (const QJsonValue &v : c.snapshot(m_board).value(QStringLiteral("items")).toArray()) {
                if (v.toObject().value(QStringLiteral("id")).toString() == QLatin1String("cx"))
                    return v.toObject().value(QStringLiteral("versions")).toObject().value(QStringLiteral("title")).toInteger();
            }
            return qint64(-1);
        };
        const qint64 seen = titleVersion(onB);
        QVERIFY(seen > 0);
        const auto update = [&](const QString &title, qint64 base) {
            return op("item.update", { { QStringLiteral("itemId"), QStringLiteral("cx") },
                                       { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } },
                                       { QStringLiteral("base"), QJsonObject { { QStringLiteral("title"), base } } } });
        };
        QCOMPARE(onA.mutate(m_board, update(QStringLiteral("from A"), seen)).status, 200);
        const HttpResult stale = onB.mutate(m_board, update(QStringLiteral("from B, on the old version"), seen));
        QCOMPARE(stale.json().value(QStringLiteral("code")).toString(), QStringLiteral("conflict"));
        // B on the new version goes through.
        QCOMPARE(onB.mutate(m_board, update(QStringLiteral("from B"), titleVersion(onA))).status, 200);
    }

    void retryOnAnotherNodeIsAnsweredFromTheStoredOutcome()
    {
        const QString mutationId = newId();
        const HttpResult first = BoardClient(&m_a, m_ana).mutate(m_board, createOp(QStringLiteral("retry-1"), QStringLiteral("once")), mutationId);
        QCOMPARE(first.status, 200);
        const HttpResult again = BoardClient(&m_b, m_ana).mutate(m_board, createOp(QStringLiteral("retry-1"), QStringLiteral("once")), mutationId);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(QStringLiteral("seq")).toInteger(), first.json().value(QStringLiteral("seq")).toInteger());
        const QJsonObject log = BoardClient(&m_c, m_ana).changes(QStringLiteral("board:") + m_board, first.json().value(QStringLiteral("seq")).toInteger() - 1).json();
        int found = 0;
        for (const QJsonValue &e : log.value(QStringLiteral("events")).toArray())
            found += e.toObject().value(QStringLiteral("mutationId")).toString() == mutationId ? 1 : 0;
        QCOMPARE(found, 1);
    }

    void inboxEventsReachAnotherNode()
    {
        // Ben follows his inbox on node C; a comment mentioning him is made on node A.
        WsClient ben;
        QCOMPARE(frameType(ben.connectAs(m_c.url(), m_ben)), QStringLiteral("welcome"));
        const QJsonObject sub = ben.subscribe(QStringLiteral("inbox"));
        QCOMPARE(frameType(sub), QStringLiteral("subscribed"));
        const QString comment = newId();
        QCOMPARE(BoardClient(&m_a, m_ana)
                         .mutate(m_board, op("comment.create", { { QStringLiteral("commentId"), comment },
                                                                 { QStringLiteral("itemId"), QStringLiteral("retry-1") },
                                                                 { QStringLiteral("body"), QStringLiteral("look @ben") } }))
                         .status,
                 200);
        const QJsonObject batch = ben.waitFor([](const QJsonObject &f) {
            return frameType(f) == QLatin1String("batch") && f.value(QStringLiteral("stream")).toString() == QLatin1String("inbox");
        }, 10000);
        QVERIFY2(!batch.isEmpty(), "the mention made on node A never reached node C's subscriber");
    }

    void presenceCrossesNodes()
    {
        // Ana looks at an item through node A; Ben, on node B, sees her join and leave.
        const QString stream = QStringLiteral("board:") + m_board;
        const QString anaId = userIdOf(m_a, m_ana);
        WsClient ana;
        WsClient ben;
        QCOMPARE(frameType(ana.connectAs(m_a.url(), m_ana)), QStringLiteral("welcome"));
        QCOMPARE(frameType(ben.connectAs(m_b.url(), m_ben)), QStringLiteral("welcome"));
        QCOMPARE(frameType(ana.subscribe(stream)), QStringLiteral("subscribed"));
        QCOMPARE(frameType(ben.subscribe(stream)), QStringLiteral("subscribed"));
        const auto deltaFor = [&anaId](const char *list) {
            return [list, anaId](const QJsonObject &f) {
                if (frameType(f) != QLatin1String("presence.delta"))
                    return false;
                for (const QJsonValue &v : f.value(QLatin1String(list)).toArray()) {
                    if ((v.isString() ? v.toString() : v.toObject().value(QStringLiteral("userId")).toString()) == anaId)
                        return true;
                }
                return false;
            };
        };
        ana.send({ { QStringLiteral("type"), QStringLiteral("presence") }, { QStringLiteral("board"), m_board },
                   { QStringLiteral("state"), QStringLiteral("editing") }, { QStringLiteral("itemId"), QStringLiteral("retry-1") },
                   { QStringLiteral("field"), QStringLiteral("title") } });
        const QJsonObject joined = ben.waitFor(deltaFor("joined"), 10000);
        QVERIFY2(!joined.isEmpty(), "ana's presence on node A never reached ben on node B");
        // A third person subscribing on node C gets her in the presence set at once.
        WsClient late;
        QCOMPARE(frameType(late.connectAs(m_c.url(), m_ben)), QStringLiteral("welcome"));
        QCOMPARE(frameType(late.subscribe(stream)), QStringLiteral("subscribed"));
        const QJsonArray users = late.waitType(QStringLiteral("presence")).value(QStringLiteral("users")).toArray();
        QVERIFY2(std::any_of(users.begin(), users.end(), [&anaId](const QJsonValue &u) { return u.toObject().value(QStringLiteral("userId")).toString() == anaId; }),
                 "the presence set on node C lacks ana");
        ana.socket().close();
        QVERIFY2(!ben.waitFor(deltaFor("left"), 10000).isEmpty(), "ana left node A but ben on node B was not told");
    }

    void importWatchedAndCancelledFromOtherNodes()
    {
        // The upload goes to node A, where the job runs; ana watches it through node B and
        // cancels it through node C.
        const BoardClient anaOnA(&m_a, m_ana);
        const BoardClient anaOnC(&m_c, m_ana);
        const QString board = anaOnA.createBoard(QStringLiteral("Import"));
        QByteArray csv = "Title\n";
        for (int i = 0; i < 20000; ++i)
            csv += "Row " + QByteArray::number(i) + '\n';
        const HttpResult started = anaOnA.postRaw(QStringLiteral("/api/v1/boards/%1/imports").arg(board), csv);
        QCOMPARE(started.status, 202);
        const QString id = started.json().value(QStringLiteral("job")).toObject().value(QStringLiteral("id")).toString();
        WsClient watcher;
        QCOMPARE(frameType(watcher.connectAs(m_b.url(), m_ana)), QStringLiteral("welcome"));
        QCOMPARE(frameType(watcher.subscribe(QStringLiteral("job:") + id)), QStringLiteral("subscribed"));
        const auto progressWithRows = [](const QJsonObject &f) {
            return frameType(f) == QLatin1String("job") && f.value(QStringLiteral("job")).toObject().value(QStringLiteral("done")).toInteger() > 0;
        };
        QVERIFY2(!watcher.waitFor(progressWithRows, 30000).isEmpty(), "no progress of node A's job reached node B");
        QCOMPARE(anaOnC.post(QStringLiteral("/api/v1/jobs/%1/cancel").arg(id), {}).status, 202);
        const auto finished = [](const QJsonObject &f) {
            return frameType(f) == QLatin1String("job")
                    && f.value(QStringLiteral("job")).toObject().value(QStringLiteral("state")).toString() == QLatin1String("cancelled");
        };
        QVERIFY2(!watcher.waitFor(finished, 30000).isEmpty(), "the cancel asked of node C did not stop the job on node A");
        const QJsonObject end = anaOnC.get(QStringLiteral("/api/v1/jobs/") + id).json().value(QStringLiteral("job")).toObject();
        QCOMPARE(end.value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
        const qint64 imported = end.value(QStringLiteral("imported")).toInteger();
        QVERIFY2(imported > 0 && imported < 20000, qPrintable(QString::number(imported)));
        QCOMPARE(anaOnC.snapshot(board).value(QStringLiteral("items")).toArray().size(), imported);
    }

    void signInThrottleCountsEveryNode()
    {
        // Five wrong passwords for one account spread over three nodes lock it on all of them
        // (one node alone allows five): even the right password is refused for now.
        ServerProcess *nodes[3] = { &m_a, &m_b, &m_c };
        const QByteArray wrong = jsonBytes({ { QStringLiteral("login"), QStringLiteral("cy") }, { QStringLiteral("password"), QStringLiteral("not it at all") } });
        QVERIFY(m_a.addUser(QStringLiteral("cy"), Password));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(httpRequest("POST", nodes[i % 3]->url().resolved(QUrl(QStringLiteral("/api/v1/login"))), wrong).status, 401);
        const QByteArray right = jsonBytes({ { QStringLiteral("login"), QStringLiteral("cy") }, { QStringLiteral("password"), Password } });
        for (ServerProcess *node : nodes)
            QCOMPARE(httpRequest("POST", node->url().resolved(QUrl(QStringLiteral("/api/v1/login"))), right).status, 429);
    }

    void disabledUsersSocketsCloseOnEveryNode()
    {
        // Dan is connected to two nodes; an admin disables him through the third.
        QVERIFY(m_a.addUser(QStringLiteral("dan"), Password));
        QVERIFY(m_a.addUser(QStringLiteral("root"), Password, true));
        const QByteArray dan = BoardClient::login(m_a, QStringLiteral("dan"), Password);
        const QByteArray root = BoardClient::login(m_a, QStringLiteral("root"), Password);
        QVERIFY(!dan.isEmpty() && !root.isEmpty());
        WsClient onA;
        WsClient onB;
        QCOMPARE(frameType(onA.connectAs(m_a.url(), dan)), QStringLiteral("welcome"));
        QCOMPARE(frameType(onB.connectAs(m_b.url(), dan)), QStringLiteral("welcome"));
        const QString danId = userIdOf(m_a, dan);
        const HttpResult disabled = httpRequest("PATCH", m_c.url().resolved(QUrl(QStringLiteral("/api/v1/admin/users/%1").arg(danId))),
                                                jsonBytes({ { QStringLiteral("disabled"), true } }), root);
        QVERIFY2(disabled.status == 200, disabled.body.constData());
        QVERIFY(onA.waitClosed(10000));
        QVERIFY(onB.waitClosed(10000));
        QCOMPARE(BoardClient(&m_b, dan).get(QStringLiteral("/api/v1/me")).status, 401);
    }

    void killedNodesClientsCatchUpOnAnother()
    {
        const QString stream = QStringLiteral("board:") + m_board;
        WsClient reader;
        const qint64 start = headOf(m_a, m_ana, m_board);
        QVERIFY(followFrom(reader, m_c, start));
        StreamTracker tracker(stream, start);
        WsClient writer;
        QCOMPARE(frameType(writer.connectAs(m_a.url(), m_ana)), QStringLiteral("welcome"));
        QCOMPARE(writeCreates(writer, m_board, 50, QStringLiteral("before-kill-")).size(), 50);
        QVERIFY(reader.follow(tracker, start + 50));
        m_c.kill(); // SIGKILL: no goodbye to anyone
        QVERIFY(reader.waitClosed(10000));
        QCOMPARE(writeCreates(writer, m_board, 80, QStringLiteral("while-down-")).size(), 80);
        // The reader comes back on node B from where it was.
        WsClient back;
        QCOMPARE(frameType(back.connectAs(m_b.url(), m_ben)), QStringLiteral("welcome"));
        QCOMPARE(frameType(back.subscribe(stream, tracker.applied)), QStringLiteral("subscribed"));
        QVERIFY(back.follow(tracker, start + 130));
        QCOMPARE(tracker.gaps, 0);
        QCOMPARE(tracker.duplicates, 0);
        QCOMPARE(tracker.events.size(), 130);
        QVERIFY(startNode(m_c)); // back for the next test
    }

    void lostListenerRecoversByHeadCheck()
    {
        const QString stream = QStringLiteral("board:") + m_board;
        WsClient reader;
        const qint64 start = headOf(m_a, m_ana, m_board);
        QVERIFY(followFrom(reader, m_c, start));
        StreamTracker tracker(stream, start);
        // Every node's listening connection dies (pg_terminate_backend, as a network cut
        // or a restarted pgbouncer would): the hints sent meanwhile are lost.
        const QString killed = m_pg->psql(m_dbUrl.section(QLatin1Char('/'), 3).section(QLatin1Char('?'), 0, 0),
                                          QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                                         "WHERE application_name LIKE 'tessera-listen-%'"));
        QVERIFY2(m_pg->error().isEmpty(), qPrintable(m_pg->error()));
        QVERIFY2(killed.toInt() >= 3, qPrintable(QStringLiteral("terminated %1 listening connections").arg(killed)));
        WsClient writer;
        QCOMPARE(frameType(writer.connectAs(m_a.url(), m_ana)), QStringLiteral("welcome"));
        QCOMPARE(writeCreates(writer, m_board, 20, QStringLiteral("unheard-")).size(), 20);
        // Within a few heads intervals (500 ms here) node C has them all, in order.
        QVERIFY(reader.follow(tracker, start + 20, 10000));
        QCOMPARE(tracker.gaps, 0);
        QCOMPARE(tracker.duplicates, 0);
        // An admin sees it: the head check found the stream behind, the listener is back.
        QVERIFY(serverMetric(m_c, "tessera_cluster_streams_recovered_total") >= 1);
        QTRY_COMPARE_WITH_TIMEOUT(serverMetric(m_c, "tessera_cluster_listening"), 1.0, 10000);
        // And hints flow again on the reopened connection.
        QCOMPARE(writeCreates(writer, m_board, 5, QStringLiteral("heard-")).size(), 5);
        QVERIFY(reader.follow(tracker, start + 25, 10000));
        QCOMPARE(tracker.events.size(), 25);
    }

    void nodesReconnectAfterTheDatabaseDropsThem()
    {
        // Every node's own connection is cut (as by a database restart or a failover): each
        // opens it again at its next check and serves as before, prepared statements too.
        const QString killed = m_pg->psql(m_dbUrl.section(QLatin1Char('/'), 3).section(QLatin1Char('?'), 0, 0),
                                          QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                                         "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                                                         "AND application_name NOT LIKE 'tessera-listen-%'"));
        QVERIFY2(killed.toInt() >= 3, qPrintable(QStringLiteral("terminated %1 connections").arg(killed)));
        QList<int> answers; // meanwhile: never "your session is invalid" (401), only "try again"
        for (ServerProcess *node : { &m_a, &m_b, &m_c }) {
            const BoardClient ana(node, m_ana);
            QTRY_VERIFY_WITH_TIMEOUT((answers << ana.mutate(m_board, createOp(newId(), QStringLiteral("after the cut"))).status).last() == 200, 15000);
            QCOMPARE(ana.mutate(m_board, createOp(newId(), QStringLiteral("and again"))).status, 200);
        }
        qInfo("answers while the nodes reconnected: %d (%d 'try again')", int(answers.size()), int(answers.count(503)));
        QVERIFY2(!answers.contains(401), "a request during the reconnect was told its session is invalid");
        QCOMPARE(digestOf(m_b, m_ana, m_board), digestOf(m_a, m_ana, m_board));
    }
};

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
