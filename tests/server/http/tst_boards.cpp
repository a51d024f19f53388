// The board data plane over real HTTP against the real server: every op's happy path,
// boards list/create, snapshot, changes, heads, digest, inbox and notifications.
#include "support/boardclient.h"

#include "core/rules/boardstate.h"

#include "core/protocol/routes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

#include <functional>

using namespace Tessera::Test;

class TestBoards : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    BoardClient m_ana, m_ben, m_cy;
    QString m_anaId, m_benId, m_cyId;
    QString m_board;
    qint64 m_seq = 0;

    void ack(const HttpResult &r)
    {
        QVERIFY2(r.status == 200, r.body.constData());
        QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("ack"));
        QCOMPARE(r.json().value(QStringLiteral("seq")).toInteger(), ++m_seq);
        QCOMPARE(r.json().value(QStringLiteral("duplicate")).toBool(), false);
    }
    QJsonObject itemOf(const QJsonObject &snapshot, const QString &id)
    {
        for (const QJsonValue &v : snapshot.value(QStringLiteral("items")).toArray()) {
            if (v.toObject().value(QStringLiteral("id")).toString() == id)
                return v.toObject();
        }
        return {};
    }
    QJsonArray inbox(const BoardClient &c, int *unread = nullptr)
    {
        const QJsonObject o = c.get(QStringLiteral("/api/v1/inbox")).json();
        if (unread)
            *unread = o.value(QStringLiteral("unread")).toInt();
        return o.value(QStringLiteral("notifications")).toArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *login : { "ana", "ben", "cy" })
            QVERIFY(m_server.addUser(QLatin1String(login), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.start());
        m_ana = BoardClient(&m_server, BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        m_ben = BoardClient(&m_server, BoardClient::login(m_server, QStringLiteral("ben"), QStringLiteral("tessera-test-pass")));
        m_cy = BoardClient(&m_server, BoardClient::login(m_server, QStringLiteral("cy"), QStringLiteral("tessera-test-pass")));
        QVERIFY(!m_ana.token().isEmpty() && !m_ben.token().isEmpty() && !m_cy.token().isEmpty());
        m_anaId = userIdOf(m_server, m_ana.token());
        m_benId = userIdOf(m_server, m_ben.token());
        m_cyId = userIdOf(m_server, m_cy.token());
    }

    void createAndListBoards()
    {
        const HttpResult r = m_ana.post(QStringLiteral("/api/v1/boards"), { { QStringLiteral("name"), QStringLiteral("Launch") } });
        QCOMPARE(r.status, 201);
        const QJsonObject snap = r.json();
        m_board = snap.value(QStringLiteral("board")).toObject().value(QStringLiteral("id")).toString();
        QVERIFY(!m_board.isEmpty());
        QCOMPARE(snap.value(QStringLiteral("seq")).toInteger(), 0);
        QStringList columns;
        for (const QJsonValue &c : snap.value(QStringLiteral("columns")).toArray())
            columns << c.toObject().value(QStringLiteral("id")).toString() + QLatin1Char(':')
                            + c.toObject().value(QStringLiteral("type")).toString();
        QCOMPARE(columns, QStringList({ QStringLiteral("title:text"), QStringLiteral("status:status"),
                                        QStringLiteral("assignee:person"), QStringLiteral("due:date") }));
        const QJsonArray options = snap.value(QStringLiteral("columns")).toArray().at(1).toObject().value(QStringLiteral("options")).toArray();
        QCOMPARE(options.size(), 3);
        QCOMPARE(options.at(0).toObject().value(QStringLiteral("label")).toString(), QStringLiteral("To do"));

        const QJsonArray boards = m_ana.get(QStringLiteral("/api/v1/boards")).json().value(QStringLiteral("boards")).toArray();
        QCOMPARE(boards.size(), 1);
        QCOMPARE(boards.at(0).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("owner"));
        QCOMPARE(boards.at(0).toObject().value(QStringLiteral("headSeq")).toInteger(), 0);
        QCOMPARE(m_ben.get(QStringLiteral("/api/v1/boards")).json().value(QStringLiteral("boards")).toArray().size(), 0);
    }

    void members()
    {
        ack(m_ana.mutate(m_board, op("member.add", { { QStringLiteral("userId"), m_benId }, { QStringLiteral("role"), QStringLiteral("editor") } })));
        ack(m_ana.mutate(m_board, op("member.add", { { QStringLiteral("userId"), m_cyId }, { QStringLiteral("role"), QStringLiteral("viewer") } })));
        const QJsonArray boards = m_ben.get(QStringLiteral("/api/v1/boards")).json().value(QStringLiteral("boards")).toArray();
        QCOMPARE(boards.size(), 1);
        QCOMPARE(boards.at(0).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("editor"));
        QCOMPARE(m_ana.snapshot(m_board).value(QStringLiteral("members")).toArray().size(), 3);
    }

    void items()
    {
        ack(m_ben.mutate(m_board, op("item.create", { { QStringLiteral("itemId"), QStringLiteral("i1") },
                                                      { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Write docs") }, { QStringLiteral("status"), QStringLiteral("todo") } } },
                                                      { QStringLiteral("rank"), QStringLiteral("U") } })));
        const qint64 created = m_seq;
        ack(m_ben.mutate(m_board, op("item.update", { { QStringLiteral("itemId"), QStringLiteral("i1") },
                                                      { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("doing") } } },
                                                      { QStringLiteral("base"), QJsonObject { { QStringLiteral("status"), created } } } })));
        ack(m_ana.mutate(m_board, op("item.move", { { QStringLiteral("itemId"), QStringLiteral("i1") }, { QStringLiteral("rank"), QStringLiteral("k") },
                                                    { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("done") } } } })));
        const QJsonObject item = itemOf(m_ana.snapshot(m_board), QStringLiteral("i1"));
        QCOMPARE(item.value(QStringLiteral("rank")).toString(), QStringLiteral("k"));
        QCOMPARE(item.value(QStringLiteral("fields")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        QCOMPARE(item.value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(), QStringLiteral("Write docs"));
        QCOMPARE(item.value(QStringLiteral("versions")).toObject().value(QStringLiteral("status")).toInteger(), m_seq);
        QCOMPARE(item.value(QStringLiteral("versions")).toObject().value(QStringLiteral("title")).toInteger(), created);
        QCOMPARE(item.value(QStringLiteral("createdBy")).toString(), m_benId);
    }

    void assignmentNotifies()
    {
        ack(m_ana.mutate(m_board, op("item.update", { { QStringLiteral("itemId"), QStringLiteral("i1") },
                                                      { QStringLiteral("fields"), QJsonObject { { QStringLiteral("assignee"), m_benId } } } })));
        int unread = 0;
        const QJsonArray ben = inbox(m_ben, &unread);
        QCOMPARE(ben.size(), 1);
        QCOMPARE(unread, 1);
        QCOMPARE(ben.at(0).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("assigned"));
        QCOMPARE(ben.at(0).toObject().value(QStringLiteral("actor")).toString(), m_anaId);
        QCOMPARE(ben.at(0).toObject().value(QStringLiteral("itemId")).toString(), QStringLiteral("i1"));
        // A comment by someone else on ben's item notifies him.
        ack(m_cy.mutate(m_board, op("comment.create", { { QStringLiteral("itemId"), QStringLiteral("i1") }, { QStringLiteral("commentId"), QStringLiteral("c0") }, { QStringLiteral("body"), QStringLiteral("first!") } })));
        QCOMPARE(inbox(m_ben).size(), 2);
        QCOMPARE(inbox(m_ben).at(0).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("comment"));
    }

    void comments()
    {
        // cy (viewer) comments and mentions ben (assignee: one notification, the mention) and ana.
        ack(m_cy.mutate(m_board, op("comment.create", { { QStringLiteral("itemId"), QStringLiteral("i1") }, { QStringLiteral("commentId"), QStringLiteral("c1") },
                                                        { QStringLiteral("body"), QStringLiteral("@ben @ana @nobody please look") } })));
        const QJsonArray comments = m_ana.snapshot(m_board).value(QStringLiteral("comments")).toArray();
        QJsonObject c1;
        for (const QJsonValue &v : comments)
            if (v.toObject().value(QStringLiteral("id")).toString() == QLatin1String("c1"))
                c1 = v.toObject();
        QCOMPARE(c1.value(QStringLiteral("mentions")).toArray().size(), 2);
        const QJsonArray ben = inbox(m_ben);
        QCOMPARE(ben.size(), 3);
        QCOMPARE(ben.at(0).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("mention"));
        QCOMPARE(ben.at(0).toObject().value(QStringLiteral("commentId")).toString(), QStringLiteral("c1"));
        QCOMPARE(inbox(m_ana).size(), 1);
        QCOMPARE(inbox(m_cy).size(), 0); // never notified of your own comment

        ack(m_cy.mutate(m_board, op("comment.edit", { { QStringLiteral("commentId"), QStringLiteral("c1") }, { QStringLiteral("body"), QStringLiteral("@ben please look") } })));
        ack(m_cy.mutate(m_board, op("comment.delete", { { QStringLiteral("commentId"), QStringLiteral("c1") } })));
        ack(m_ana.mutate(m_board, op("comment.delete", { { QStringLiteral("commentId"), QStringLiteral("c0") } }))); // owner deletes another's
        QCOMPARE(m_ana.snapshot(m_board).value(QStringLiteral("comments")).toArray().size(), 0);
    }

    void inboxRead()
    {
        int unread = 0;
        const QJsonArray ben = inbox(m_ben, &unread);
        QCOMPARE(unread, 3);
        const HttpResult one = m_ben.post(QStringLiteral("/api/v1/inbox/read"),
                                          { { QStringLiteral("ids"), QJsonArray { ben.at(0).toObject().value(QStringLiteral("id")) } } });
        QCOMPARE(one.status, 200);
        QCOMPARE(one.json().value(QStringLiteral("unread")).toInt(), 2);
        const HttpResult all = m_ben.post(QStringLiteral("/api/v1/inbox/read"), { { QStringLiteral("all"), true } });
        QCOMPARE(all.json().value(QStringLiteral("unread")).toInt(), 0);
        // The inbox stream: 3 notification.created + 2 notification.read, gap-free.
        const QJsonObject changes = m_ben.changes(QStringLiteral("inbox"), 0).json();
        QCOMPARE(changes.value(QStringLiteral("headSeq")).toInteger(), 5);
        const QJsonArray events = changes.value(QStringLiteral("events")).toArray();
        QCOMPARE(events.size(), 5);
        for (qsizetype i = 0; i < events.size(); ++i)
            QCOMPARE(events.at(i).toObject().value(QStringLiteral("seq")).toInteger(), i + 1);
        QCOMPARE(events.at(4).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("notification.read"));
        const QJsonObject heads = m_ben.get(QStringLiteral("/api/v1/sync/heads?streams=inbox")).json().value(QStringLiteral("heads")).toObject();
        QCOMPARE(heads.value(QStringLiteral("inbox")).toInteger(), 5);
    }

    void columnsAndBoard()
    {
        const QJsonArray options { QJsonObject { { QStringLiteral("id"), QStringLiteral("lo") }, { QStringLiteral("label"), QStringLiteral("Low") }, { QStringLiteral("color"), QStringLiteral("#00ff00") } } };
        ack(m_ana.mutate(m_board, op("column.create", { { QStringLiteral("columnId"), QStringLiteral("prio") }, { QStringLiteral("name"), QStringLiteral("Priority") },
                                                        { QStringLiteral("type"), QStringLiteral("status") }, { QStringLiteral("options"), options } })));
        ack(m_ana.mutate(m_board, op("column.update", { { QStringLiteral("columnId"), QStringLiteral("prio") }, { QStringLiteral("name"), QStringLiteral("Prio") } })));
        ack(m_ana.mutate(m_board, op("column.create", { { QStringLiteral("columnId"), QStringLiteral("pts") }, { QStringLiteral("name"), QStringLiteral("Points") }, { QStringLiteral("type"), QStringLiteral("number") } })));
        ack(m_ben.mutate(m_board, op("item.update", { { QStringLiteral("itemId"), QStringLiteral("i1") }, { QStringLiteral("fields"), QJsonObject { { QStringLiteral("pts"), 3 } } } })));
        ack(m_ana.mutate(m_board, op("column.delete", { { QStringLiteral("columnId"), QStringLiteral("pts") } })));
        ack(m_ana.mutate(m_board, op("board.update", { { QStringLiteral("name"), QStringLiteral("Launch 2") }, { QStringLiteral("description"), QStringLiteral("Q3") } })));
        const QJsonObject snap = m_ana.snapshot(m_board);
        QCOMPARE(snap.value(QStringLiteral("board")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Launch 2"));
        QCOMPARE(snap.value(QStringLiteral("columns")).toArray().size(), 5);
        QCOMPARE(snap.value(QStringLiteral("columns")).toArray().at(4).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Prio"));
        QVERIFY(!itemOf(snap, QStringLiteral("i1")).value(QStringLiteral("fields")).toObject().contains(QStringLiteral("pts")));
    }

    void deleteItemAndMember()
    {
        ack(m_ana.mutate(m_board, op("member.remove", { { QStringLiteral("userId"), m_cyId } })));
        QCOMPARE(m_cy.get(QStringLiteral("/api/v1/boards/%1/snapshot").arg(m_board)).status, 404); // as if unknown
        ack(m_ben.mutate(m_board, op("item.delete", { { QStringLiteral("itemId"), QStringLiteral("i1") } })));
        const QJsonObject snap = m_ana.snapshot(m_board);
        QCOMPARE(snap.value(QStringLiteral("items")).toArray().size(), 0);
        QCOMPARE(snap.value(QStringLiteral("seq")).toInteger(), m_seq);
    }

    void changesHeadsDigest()
    {
        const QJsonObject all = m_ana.changes(QStringLiteral("board:") + m_board, 0).json();
        QCOMPARE(all.value(QStringLiteral("fromSeq")).toInteger(), 1);
        QCOMPARE(all.value(QStringLiteral("toSeq")).toInteger(), m_seq);
        QCOMPARE(all.value(QStringLiteral("headSeq")).toInteger(), m_seq);
        QCOMPARE(all.value(QStringLiteral("events")).toArray().size(), m_seq);
        const QJsonObject page = m_ana.changes(QStringLiteral("board:") + m_board, 2, 3).json();
        QCOMPARE(page.value(QStringLiteral("fromSeq")).toInteger(), 3);
        QCOMPARE(page.value(QStringLiteral("toSeq")).toInteger(), 5);
        QCOMPARE(page.value(QStringLiteral("events")).toArray().at(0).toObject().value(QStringLiteral("seq")).toInteger(), 3);
        QCOMPARE(m_ana.changes(QStringLiteral("board:") + m_board, m_seq + 1).status, 410);

        const QJsonObject heads = m_ana.get(QStringLiteral("/api/v1/sync/heads")).json();
        QCOMPARE(heads.value(QStringLiteral("heads")).toObject().value(QStringLiteral("board:") + m_board).toInteger(), m_seq);
        QVERIFY(heads.value(QStringLiteral("heads")).toObject().contains(QStringLiteral("inbox")));
        QVERIFY(!heads.value(QStringLiteral("epoch")).toString().isEmpty());

        const QJsonObject digest = m_ana.get(QStringLiteral("/api/v1/boards/%1/digest").arg(m_board)).json();
        QCOMPARE(digest.value(QStringLiteral("seq")).toInteger(), m_seq);
        QCOMPARE(digest.value(QStringLiteral("digest")).toString(), Tessera::Core::BoardState::digestOf({}));
    }

    // /metrics counts commands of every front end, commit latency and the database size.
    void commandMetrics()
    {
        const auto value = [this](const QByteArray &name) {
            const QByteArray body = httpRequest("GET", m_server.url().resolved(QUrl(QStringLiteral("/metrics")))).body;
            for (const QByteArray &line : body.split('\n')) {
                if (line.startsWith(QByteArray(name + ' ')))
                    return line.mid(name.size() + 1).toDouble();
            }
            return -1.0;
        };
        const double acked = value("tessera_commands_acked_total");
        const double rejected = value("tessera_commands_rejected_total");
        const double duplicates = value("tessera_mutations_duplicate_total");
        const double commits = value("tessera_commit_seconds_count");
        QVERIFY(acked > 0 && commits > 0);
        const QString id = newId();
        const QJsonObject create = op("item.create", { { QStringLiteral("itemId"), newId() }, { QStringLiteral("rank"), QStringLiteral("M") } });
        ack(m_ana.mutate(m_board, create, id));
        QCOMPARE(m_ana.mutate(m_board, create, id).json().value(QStringLiteral("duplicate")).toBool(), true);
        QCOMPARE(m_ana.mutate(m_board, op("item.delete", { { QStringLiteral("itemId"), QStringLiteral("no-such-item") } })).status, 404);
        QCOMPARE(value("tessera_commands_acked_total"), acked + 1);
        QCOMPARE(value("tessera_mutations_duplicate_total"), duplicates + 1);
        QCOMPARE(value("tessera_commands_rejected_total"), rejected + 1);
        QVERIFY(value("tessera_commit_seconds_count") >= commits + 3);
        QVERIFY(value("tessera_database_bytes") > 4096);
        QCOMPARE(value("tessera_commands_failed_total"), 0.0);
    }

    // A big board's snapshot is read and encoded off the event loop: while it is on its way
    // the server answers other requests (before, the loop was held for the whole read, and
    // at a million items clients dropped their sockets for want of a pong).
    void bigSnapshotLeavesTheServerAnswering()
    {
        const QString board = m_ana.createBoard(QStringLiteral("Big"));
        constexpr int Commands = 19, PerCommand = 1000; // under the 20,000 items a board
        for (int c = 0; c < Commands; ++c) {
            QJsonArray ops;
            for (int i = 0; i < PerCommand; ++i)
                ops.append(QJsonObject { { QStringLiteral("kind"), QStringLiteral("item.create") },
                                         { QStringLiteral("itemId"), QStringLiteral("big-%1-%2").arg(c).arg(i) },
                                         { QStringLiteral("rank"), QStringLiteral("U") },
                                         { QStringLiteral("fields"),
                                           QJsonObject { { QStringLiteral("title"),
                                                           QStringLiteral("Item %1 with a title long enough to weigh").arg(c * PerCommand + i) } } } });
            const HttpResult r = m_ana.post(QStringLiteral("/api/v1/mutations"),
                                            { { QStringLiteral("mutationId"), newId() }, { QStringLiteral("board"), board }, { QStringLiteral("ops"), ops } });
            QVERIFY2(r.status == 200, r.body.constData());
        }
        QNetworkAccessManager nam;
        QNetworkRequest request(m_ana.api(QStringLiteral("/api/v1/boards/%1/snapshot").arg(board)));
        request.setRawHeader("Authorization", "Bearer " + m_ana.token());
        QNetworkReply *snapshot = nam.get(request);
        int answered = 0;
        std::function<void()> ask = [&] {
            QNetworkReply *health = nam.get(QNetworkRequest(m_ana.api(Tessera::Core::Routes::health())));
            QObject::connect(health, &QNetworkReply::finished, health, [&, health] {
                health->deleteLater();
                if (health->error() == QNetworkReply::NoError && !snapshot->isFinished()) {
                    ++answered;
                    ask();
                }
            });
        };
        ask();
        QTRY_VERIFY_WITH_TIMEOUT(snapshot->isFinished(), 60000);
        QCOMPARE(snapshot->error(), QNetworkReply::NoError);
        const QJsonObject body = QJsonDocument::fromJson(snapshot->readAll()).object();
        snapshot->deleteLater();
        QCOMPARE(body.value(QStringLiteral("items")).toArray().size(), Commands * PerCommand);
        QVERIFY2(answered >= 5, qPrintable(QStringLiteral("%1 health requests answered while the snapshot was read").arg(answered)));
    }

    void retentionAnswersSnapshotRequired()
    {
        // Compaction runs at startup with the stored settings: events older than a day,
        // beyond the newest 2 of each board, go. Age this board's log first.
        const qint64 head = m_seq;
        m_server.stop();
        QVERIFY(m_server.execSql({ QStringLiteral("INSERT INTO settings (key, value) VALUES "
                                                  "('log_retention_days', '{\"v\":1}'), ('log_min_events', '{\"v\":2}') "
                                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                                   QStringLiteral("UPDATE events SET at = '2000-01-01T00:00:00.000Z'") }));
        QVERIFY(m_server.start());
        const BoardClient ana(&m_server, BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        const HttpResult old = ana.changes(QStringLiteral("board:") + m_board, 0);
        QCOMPARE(old.status, 410);
        QCOMPARE(old.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("snapshotRequired"));
        QCOMPARE(ana.changes(QStringLiteral("board:") + m_board, head - 3).status, 410);
        const HttpResult kept = ana.changes(QStringLiteral("board:") + m_board, head - 2);
        QCOMPARE(kept.status, 200);
        QCOMPARE(kept.json().value(QStringLiteral("events")).toArray().size(), 2);
        QCOMPARE(ana.snapshot(m_board).value(QStringLiteral("seq")).toInteger(), head);
    }
};

QTEST_GUILESS_MAIN(TestBoards)
#include "tst_boards.moc"
