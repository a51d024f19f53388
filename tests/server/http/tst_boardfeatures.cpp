// Day-one board features against the real server over real HTTP and WebSocket: board
// starters and copies, archive/delete/restore with their visibility and role refusals,
// bulk commands (all or none, consecutive seqs, one ack, every conflict listed), saved
// views, column moves and retypes, and search (members only, grouped by board, kept
// current by edits, deletes and comments).
#include "support/boardclient.h"
#include "support/wsclient.h"

#include <QTest>
#include <QUrlQuery>

using namespace Tessera::Test;

class TestBoardFeatures : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    BoardClient m_ana, m_ben, m_cy;
    QString m_anaId, m_benId, m_cyId;

    static QStringList columnIds(const QJsonObject &snapshot)
    {
        QStringList ids;
        for (const QJsonValue &c : snapshot.value(QStringLiteral("columns")).toArray())
            ids << c.toObject().value(QStringLiteral("id")).toString();
        return ids;
    }
    static QJsonObject itemOf(const QJsonObject &snapshot, const QString &id)
    {
        for (const QJsonValue &v : snapshot.value(QStringLiteral("items")).toArray()) {
            if (v.toObject().value(QStringLiteral("id")).toString() == id)
                return v.toObject();
        }
        return {};
    }
    QStringList boardNames(const BoardClient &c)
    {
        QStringList names;
        for (const QJsonValue &b : c.get(QStringLiteral("/api/v1/boards")).json().value(QStringLiteral("boards")).toArray())
            names << b.toObject().value(QStringLiteral("name")).toString();
        return names;
    }
    QString boardWithMembers(const QString &name)
    {
        const QString board = m_ana.createBoard(name);
        if (m_ana.mutate(board, op("member.add", { { QStringLiteral("userId"), m_benId }, { QStringLiteral("role"), QStringLiteral("editor") } })).status != 200)
            return {};
        if (m_ana.mutate(board, op("member.add", { { QStringLiteral("userId"), m_cyId }, { QStringLiteral("role"), QStringLiteral("viewer") } })).status != 200)
            return {};
        return board;
    }
    static QJsonObject createItem(const QString &id, const QString &title)
    {
        return op("item.create", { { QStringLiteral("itemId"), id },
                                   { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } },
                                   { QStringLiteral("rank"), QStringLiteral("U") } });
    }
    QJsonObject bulk(const QString &board, const QJsonArray &ops, const QString &mutationId = newId())
    {
        return { { QStringLiteral("mutationId"), mutationId }, { QStringLiteral("board"), board }, { QStringLiteral("ops"), ops } };
    }
    QStringList searchTitles(const BoardClient &c, const QString &q)
    {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("q"), q);
        const HttpResult r = c.get(QStringLiteral("/api/v1/search?") + query.toString(QUrl::FullyEncoded));
        QStringList titles;
        for (const QJsonValue &h : r.json().value(QStringLiteral("hits")).toArray())
            titles << h.toObject().value(QStringLiteral("title")).toString();
        return titles;
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
        m_anaId = userIdOf(m_server, m_ana.token());
        m_benId = userIdOf(m_server, m_ben.token());
        m_cyId = userIdOf(m_server, m_cy.token());
    }

    void startersAndCopies()
    {
        const auto create = [this](const QJsonObject &body) { return m_ana.post(QStringLiteral("/api/v1/boards"), body).json(); };
        const QJsonObject blank = create({ { QStringLiteral("name"), QStringLiteral("Blank") }, { QStringLiteral("template"), QStringLiteral("blank") } });
        QCOMPARE(columnIds(blank), QStringList { QStringLiteral("title") });
        const QJsonObject tasks = create({ { QStringLiteral("name"), QStringLiteral("Tasks") }, { QStringLiteral("description"), QStringLiteral("Team tasks") } });
        QCOMPARE(columnIds(tasks), QStringList({ QStringLiteral("title"), QStringLiteral("status"), QStringLiteral("assignee"), QStringLiteral("due") }));
        QCOMPARE(tasks.value(QStringLiteral("board")).toObject().value(QStringLiteral("description")).toString(), QStringLiteral("Team tasks"));

        // A copy takes the source's columns as they are now (a column added, one renamed).
        const QString source = tasks.value(QStringLiteral("board")).toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(m_ana.mutate(source, op("column.create", { { QStringLiteral("columnId"), QStringLiteral("points") },
                                                            { QStringLiteral("name"), QStringLiteral("Points") },
                                                            { QStringLiteral("type"), QStringLiteral("number") } })).status, 200);
        const QJsonObject copy = create({ { QStringLiteral("name"), QStringLiteral("Copy") }, { QStringLiteral("copyColumnsFrom"), source } });
        QCOMPARE(columnIds(copy), columnIds(m_ana.snapshot(source)));
        QVERIFY(copy.value(QStringLiteral("items")).toArray().isEmpty());

        // Only from a board one is a member of; an unknown template is refused by name.
        const HttpResult notMine = m_ben.post(QStringLiteral("/api/v1/boards"), { { QStringLiteral("name"), QStringLiteral("X") }, { QStringLiteral("copyColumnsFrom"), source } });
        QCOMPARE(notMine.status, 404); // as if it did not exist
        const HttpResult badTemplate = m_ana.post(QStringLiteral("/api/v1/boards"), { { QStringLiteral("name"), QStringLiteral("X") }, { QStringLiteral("template"), QStringLiteral("kanban") } });
        QCOMPARE(badTemplate.status, 400);
        QVERIFY(badTemplate.body.contains("template"));
    }

    void archiveDeleteRestore()
    {
        const QString board = boardWithMembers(QStringLiteral("Lifecycle"));
        QVERIFY(!board.isEmpty());
        // Archive: still listed (flagged), readable and editable.
        QCOMPARE(m_ana.mutate(board, op("board.update", { { QStringLiteral("archived"), true } })).status, 200);
        bool flagged = false;
        for (const QJsonValue &b : m_ben.get(QStringLiteral("/api/v1/boards")).json().value(QStringLiteral("boards")).toArray())
            flagged |= b.toObject().value(QStringLiteral("id")).toString() == board && b.toObject().value(QStringLiteral("archived")).toBool();
        QVERIFY(flagged);
        QCOMPARE(m_ben.mutate(board, createItem(newId(), QStringLiteral("still editable"))).status, 200);

        // Only an owner deletes; an editor is refused with a reason.
        const HttpResult refused = m_ben.mutate(board, op("board.delete"));
        QCOMPARE(refused.status, 403);
        QVERIFY(refused.json().value(QStringLiteral("message")).toString().contains(QStringLiteral("board.delete")));
        QCOMPARE(m_ana.mutate(board, op("board.delete")).status, 200);

        // Deleted: gone for members, kept for the owner (to restore); nothing else is taken.
        QVERIFY(!boardNames(m_ben).contains(QStringLiteral("Lifecycle")));
        QVERIFY(boardNames(m_ana).contains(QStringLiteral("Lifecycle")));
        QCOMPARE(m_ben.get(QStringLiteral("/api/v1/boards/%1/snapshot").arg(board)).status, 404);
        QCOMPARE(m_ana.get(QStringLiteral("/api/v1/boards/%1/snapshot").arg(board)).status, 200);
        const HttpResult onDeleted = m_ana.mutate(board, createItem(newId(), QStringLiteral("no")));
        QCOMPARE(onDeleted.status, 404);
        QCOMPARE(onDeleted.json().value(QStringLiteral("message")).toString(), QStringLiteral("this board was deleted"));
        QCOMPARE(m_ben.mutate(board, op("board.restore")).status, 403);

        QCOMPARE(m_ana.mutate(board, op("board.restore")).status, 200);
        QVERIFY(boardNames(m_ben).contains(QStringLiteral("Lifecycle")));
        QCOMPARE(m_ben.get(QStringLiteral("/api/v1/boards/%1/snapshot").arg(board)).status, 200);
    }

    void bulkIsAllOrNothing()
    {
        const QString board = boardWithMembers(QStringLiteral("Bulk"));
        QJsonArray creates;
        for (int i = 0; i < 5; ++i)
            creates.append(createItem(QStringLiteral("bulk-%1").arg(i), QStringLiteral("Bulk %1").arg(i)));
        const qint64 before = m_ana.snapshot(board).value(QStringLiteral("seq")).toInteger();
        const HttpResult created = m_ana.post(QStringLiteral("/api/v1/mutations"), bulk(board, creates));
        QVERIFY2(created.status == 200, created.body.constData());
        // One ack covering consecutive seqs, and the log holds them in order.
        QCOMPARE(created.json().value(QStringLiteral("fromSeq")).toInteger(), before + 1);
        QCOMPARE(created.json().value(QStringLiteral("seq")).toInteger(), before + 5);
        const QJsonArray events = m_ana.changes(QStringLiteral("board:") + board, before).json().value(QStringLiteral("events")).toArray();
        QCOMPARE(events.size(), 5);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(events.at(i).toObject().value(QStringLiteral("seq")).toInteger(), before + 1 + i);

        // Ben changes two of them; Ana's bulk edit based on the old versions conflicts on
        // exactly those two and changes nothing at all.
        const QJsonObject snap = m_ana.snapshot(board);
        for (const char *id : { "bulk-1", "bulk-3" }) {
            QCOMPARE(m_ben.mutate(board, op("item.update", { { QStringLiteral("itemId"), QLatin1String(id) },
                                                             { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("doing") } } } })).status, 200);
        }
        QJsonArray updates;
        for (int i = 0; i < 5; ++i) {
            const QString id = QStringLiteral("bulk-%1").arg(i);
            const qint64 version = itemOf(snap, id).value(QStringLiteral("versions")).toObject().value(QStringLiteral("status")).toInteger();
            updates.append(op("item.update", { { QStringLiteral("itemId"), id },
                                               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("done") } } },
                                               { QStringLiteral("base"), QJsonObject { { QStringLiteral("status"), double(version) } } } }));
        }
        const qint64 head = m_ana.snapshot(board).value(QStringLiteral("seq")).toInteger();
        const HttpResult conflict = m_ana.post(QStringLiteral("/api/v1/mutations"), bulk(board, updates));
        QCOMPARE(conflict.status, 409);
        QStringList conflicting;
        for (const QJsonValue &c : conflict.json().value(QStringLiteral("conflicts")).toArray())
            conflicting << c.toObject().value(QStringLiteral("itemId")).toString();
        conflicting.sort();
        QCOMPARE(conflicting, QStringList({ QStringLiteral("bulk-1"), QStringLiteral("bulk-3") }));
        const QJsonObject after = m_ana.snapshot(board);
        QCOMPARE(after.value(QStringLiteral("seq")).toInteger(), head);
        QVERIFY(itemOf(after, QStringLiteral("bulk-0")).value(QStringLiteral("fields")).toObject().value(QStringLiteral("status")).isUndefined());

        // Without bases (a script's "set anyway"), the same bulk applies whole; a repeat of
        // its mutationId is answered from the stored ack.
        QJsonArray anyway;
        for (int i = 0; i < 5; ++i)
            anyway.append(op("item.update", { { QStringLiteral("itemId"), QStringLiteral("bulk-%1").arg(i) },
                                              { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("done") } } } }));
        const QString id = newId();
        QCOMPARE(m_ana.post(QStringLiteral("/api/v1/mutations"), bulk(board, anyway, id)).status, 200);
        const HttpResult again = m_ana.post(QStringLiteral("/api/v1/mutations"), bulk(board, anyway, id));
        QCOMPARE(again.json().value(QStringLiteral("duplicate")).toBool(), true);
        QCOMPARE(m_ana.snapshot(board).value(QStringLiteral("seq")).toInteger(), head + 5);

        // A viewer's bulk, a bulk with a board op, and an empty one are refused whole.
        QCOMPARE(m_cy.post(QStringLiteral("/api/v1/mutations"), bulk(board, anyway)).status, 403);
        QJsonArray mixed { createItem(newId(), QStringLiteral("x")), op("board.update", { { QStringLiteral("name"), QStringLiteral("y") } }) };
        QCOMPARE(m_ana.post(QStringLiteral("/api/v1/mutations"), bulk(board, mixed)).status, 422);
        QCOMPARE(m_ana.post(QStringLiteral("/api/v1/mutations"), bulk(board, {})).status, 400);
        QCOMPARE(m_ana.snapshot(board).value(QStringLiteral("seq")).toInteger(), head + 5);
    }

    void savedViews()
    {
        const QString board = boardWithMembers(QStringLiteral("Views"));
        const QJsonObject config { { QStringLiteral("type"), QStringLiteral("table") }, { QStringLiteral("filter"), QStringLiteral("status:done") } };
        QCOMPARE(m_ben.mutate(board, op("view.create", { { QStringLiteral("viewId"), QStringLiteral("v1") },
                                                         { QStringLiteral("name"), QStringLiteral("Done") },
                                                         { QStringLiteral("config"), config } })).status, 200);
        QCOMPARE(m_cy.mutate(board, op("view.create", { { QStringLiteral("viewId"), QStringLiteral("v2") },
                                                        { QStringLiteral("name"), QStringLiteral("Mine") } })).status, 403);
        QCOMPARE(m_ana.mutate(board, op("view.update", { { QStringLiteral("viewId"), QStringLiteral("v1") },
                                                         { QStringLiteral("name"), QStringLiteral("Finished") } })).status, 200);
        const QJsonArray views = m_cy.snapshot(board).value(QStringLiteral("views")).toArray();
        QCOMPARE(views.size(), 1);
        QCOMPARE(views.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Finished"));
        QCOMPARE(views.at(0).toObject().value(QStringLiteral("config")).toObject(), config);
        QCOMPARE(m_ben.mutate(board, op("view.delete", { { QStringLiteral("viewId"), QStringLiteral("v1") } })).status, 200);
        QVERIFY(m_ana.snapshot(board).value(QStringLiteral("views")).toArray().isEmpty());
    }

    void columnsMoveAndRetype()
    {
        const QString board = boardWithMembers(QStringLiteral("Columns"));
        QCOMPARE(m_ana.mutate(board, op("column.create", { { QStringLiteral("columnId"), QStringLiteral("notes") },
                                                           { QStringLiteral("name"), QStringLiteral("Notes") },
                                                           { QStringLiteral("type"), QStringLiteral("text") } })).status, 200);
        QCOMPARE(m_ana.mutate(board, op("item.create", { { QStringLiteral("itemId"), QStringLiteral("c1") },
                                                         { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("One") },
                                                                                                   { QStringLiteral("notes"), QStringLiteral("42") },
                                                                                                   { QStringLiteral("status"), QStringLiteral("doing") } } },
                                                         { QStringLiteral("rank"), QStringLiteral("U") } })).status, 200);
        QCOMPARE(m_ana.mutate(board, op("column.move", { { QStringLiteral("columnId"), QStringLiteral("notes") }, { QStringLiteral("index"), 1 } })).status, 200);
        QCOMPARE(columnIds(m_ben.snapshot(board)).mid(0, 2), QStringList({ QStringLiteral("title"), QStringLiteral("notes") }));
        QCOMPARE(m_ben.mutate(board, op("column.move", { { QStringLiteral("columnId"), QStringLiteral("notes") }, { QStringLiteral("index"), 0 } })).status, 403);

        // Text holding numbers becomes a number column; a status reads as its label as text.
        QCOMPARE(m_ana.mutate(board, op("column.update", { { QStringLiteral("columnId"), QStringLiteral("notes") }, { QStringLiteral("type"), QStringLiteral("number") } })).status, 200);
        QCOMPARE(m_ana.mutate(board, op("column.update", { { QStringLiteral("columnId"), QStringLiteral("status") }, { QStringLiteral("type"), QStringLiteral("text") } })).status, 200);
        const QJsonObject fields = itemOf(m_ben.snapshot(board), QStringLiteral("c1")).value(QStringLiteral("fields")).toObject();
        QCOMPARE(fields.value(QStringLiteral("notes")).toDouble(), 42.0);
        QCOMPARE(fields.value(QStringLiteral("status")).toString(), QStringLiteral("In progress"));
        // Not where a value cannot be kept: text that is not a date.
        const HttpResult unsafe = m_ana.mutate(board, op("column.update", { { QStringLiteral("columnId"), QStringLiteral("status") }, { QStringLiteral("type"), QStringLiteral("date") } }));
        QCOMPARE(unsafe.status, 422);
        QVERIFY(!unsafe.json().value(QStringLiteral("message")).toString().isEmpty());
    }

    void searchFindsWhatMembersMaySee()
    {
        const QString board = boardWithMembers(QStringLiteral("Searchable"));
        const QString other = m_ben.createBoard(QStringLiteral("Bens own"));
        QCOMPARE(m_ana.mutate(board, createItem(QStringLiteral("s1"), QStringLiteral("Quarterly zeppelin report"))).status, 200);
        QCOMPARE(m_ana.mutate(board, createItem(QStringLiteral("s2"), QStringLiteral("Budget"))).status, 200);
        QCOMPARE(m_ben.mutate(other, createItem(QStringLiteral("s3"), QStringLiteral("Zeppelin hangar"))).status, 200);

        // Prefixes and any case; only boards one is a member of.
        QCOMPARE(searchTitles(m_ana, QStringLiteral("ZEPP")), QStringList { QStringLiteral("Quarterly zeppelin report") });
        QStringList bens = searchTitles(m_ben, QStringLiteral("zeppelin"));
        bens.sort();
        QCOMPARE(bens, QStringList({ QStringLiteral("Quarterly zeppelin report"), QStringLiteral("Zeppelin hangar") }));

        // Descriptions and comments are found; the index follows edits and deletes.
        QCOMPARE(m_ana.mutate(board, op("item.update", { { QStringLiteral("itemId"), QStringLiteral("s2") },
                                                         { QStringLiteral("fields"), QJsonObject { { QStringLiteral("description"), QStringLiteral("Ask finance about the aardvark fund") } } } })).status, 200);
        QCOMPARE(searchTitles(m_cy, QStringLiteral("aardvark")), QStringList { QStringLiteral("Budget") });
        QCOMPARE(m_cy.mutate(board, op("comment.create", { { QStringLiteral("itemId"), QStringLiteral("s1") },
                                                           { QStringLiteral("commentId"), QStringLiteral("k1") },
                                                           { QStringLiteral("body"), QStringLiteral("the marmalade numbers look off") } })).status, 200);
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("q"), QStringLiteral("marmalade"));
        const QJsonArray hits = m_ana.get(QStringLiteral("/api/v1/search?") + query.toString(QUrl::FullyEncoded)).json().value(QStringLiteral("hits")).toArray();
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).toObject().value(QStringLiteral("commentId")).toString(), QStringLiteral("k1"));
        QCOMPARE(hits.at(0).toObject().value(QStringLiteral("boardName")).toString(), QStringLiteral("Searchable"));
        QVERIFY(hits.at(0).toObject().value(QStringLiteral("excerpt")).toString().contains(QStringLiteral("marmalade")));

        QCOMPARE(m_ana.mutate(board, op("item.update", { { QStringLiteral("itemId"), QStringLiteral("s1") },
                                                         { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Annual report") } } } })).status, 200);
        QVERIFY(searchTitles(m_ana, QStringLiteral("quarterly")).isEmpty());
        // A status change or a move writes no text: the index keeps what it had.
        QCOMPARE(m_ana.mutate(board, op("item.update", { { QStringLiteral("itemId"), QStringLiteral("s1") },
                                                         { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("done") } } } })).status, 200);
        QCOMPARE(m_ana.mutate(board, op("item.move", { { QStringLiteral("itemId"), QStringLiteral("s1") }, { QStringLiteral("rank"), QStringLiteral("a") },
                                                       { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("doing") } } } })).status, 200);
        QCOMPARE(searchTitles(m_ana, QStringLiteral("annual")), QStringList { QStringLiteral("Annual report") });
        QCOMPARE(m_ana.mutate(board, op("item.delete", { { QStringLiteral("itemId"), QStringLiteral("s1") } })).status, 200);
        QVERIFY(searchTitles(m_ana, QStringLiteral("marmalade")).isEmpty());
        QVERIFY(searchTitles(m_ana, QStringLiteral("annual")).isEmpty());

        // A removed member no longer finds the board's items; operators are plain words.
        QCOMPARE(m_ana.mutate(board, op("member.remove", { { QStringLiteral("userId"), m_cyId } })).status, 200);
        QVERIFY(searchTitles(m_cy, QStringLiteral("aardvark")).isEmpty());
        QCOMPARE(m_ana.get(QStringLiteral("/api/v1/search?q=%22NEAR(%20OR")).status, 200);
        QCOMPARE(m_ana.get(QStringLiteral("/api/v1/search?q=") + QString(201, QLatin1Char('a'))).status, 400);
    }

    void boardListChangesAreAnnounced()
    {
        WsClient ben;
        QCOMPARE(ben.connectAs(m_server.url(), m_ben.token()).value(QStringLiteral("type")).toString(), QStringLiteral("welcome"));
        const QString board = m_ana.createBoard(QStringLiteral("Invitation"));
        const auto isBoards = [](const QJsonObject &f) { return f.value(QStringLiteral("type")).toString() == QLatin1String("boards"); };
        QCOMPARE(m_ana.mutate(board, op("member.add", { { QStringLiteral("userId"), m_benId }, { QStringLiteral("role"), QStringLiteral("editor") } })).status, 200);
        QVERIFY(!ben.waitFor(isBoards).isEmpty());
        QCOMPARE(m_ana.mutate(board, op("board.update", { { QStringLiteral("name"), QStringLiteral("Renamed") } })).status, 200);
        QVERIFY(!ben.waitFor(isBoards).isEmpty());
        QCOMPARE(m_ana.mutate(board, op("member.remove", { { QStringLiteral("userId"), m_benId } })).status, 200);
        QVERIFY(!ben.waitFor(isBoards).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBoardFeatures)
#include "tst_boardfeatures.moc"
