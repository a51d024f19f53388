// Finding 5: one user could stall everyone. No limits on items per board or boards per
// user, no rate limit over HTTP, column.delete rewrote every item on the event loop, and
// the command path cached every board ever touched.
//  - admin-set quotas (max_items_per_board, max_boards_per_user) refuse with quota_exceeded;
//  - HTTP mutations are rate limited per user: 429 with Retry-After and a rate_limited
//    reject whose mutationId, sent again later, is applied once;
//  - on a board of 100,000 items no single command keeps the event loop busy for 50 ms
//    (measured by the server's own loop monitor, tessera_event_loop_stall_seconds), once
//    the board is in the cache (loading it is reported, not asserted);
//  - the board-state cache stays within board_cache_mb.
#include "hostile.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace Tessera::Test;

class TestQuotas : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QByteArray m_root;
    QByteArray m_ana;
    QByteArray m_rate; // a user who sent nothing before the rate test: a full bucket

    HttpResult settings(const QJsonObject &changes)
    {
        return httpRequest("PATCH", m_server.url().resolved(QUrl(QStringLiteral("/api/v1/admin/settings"))), jsonBytes(changes), m_root);
    }
    QString createBoard(const QString &name, int *status = nullptr, QByteArray token = {})
    {
        const HttpResult r = BoardClient(&m_server, token.isEmpty() ? m_ana : token).post(QStringLiteral("/api/v1/boards"), { { QStringLiteral("name"), name } });
        if (status)
            *status = r.status;
        return r.json().value(QStringLiteral("board")).toObject().value(QStringLiteral("id")).toString();
    }
    static QJsonObject create(const QString &itemId, int n)
    {
        return op("item.create", { { QStringLiteral("itemId"), itemId },
                                   { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Item %1").arg(n) } } },
                                   { QStringLiteral("rank"), QStringLiteral("a%1V").arg(n, 6, 10, QLatin1Char('0')) } });
    }
    // Stalls of the event loop longer than `bound` seconds since the server started (both
    // numbers from one reading of /metrics).
    double stallsOver(const char *bound)
    {
        const QByteArray body = httpRequest("GET", m_server.url().resolved(QUrl(QStringLiteral("/metrics")))).body;
        double count = 0;
        double within = 0;
        const QByteArray bucket = QByteArray("tessera_event_loop_stall_seconds_bucket{le=\"") + bound + "\"} ";
        for (const QByteArray &line : body.split('\n')) {
            if (line.startsWith("tessera_event_loop_stall_seconds_count "))
                count = line.mid(39).toDouble();
            else if (line.startsWith(bucket))
                within = line.mid(bucket.size()).toDouble();
        }
        return count - within;
    }
    double longStalls() { return stallsOver("0.05"); }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("TESSERA_HTTP_MUTATIONS_PER_SECOND", "50");
        qputenv("TESSERA_HTTP_MUTATION_BURST", "20");
        QVERIFY(m_server.addUser(QStringLiteral("root"), StrongPassword, true));
        QVERIFY(m_server.addUser(QStringLiteral("ana"), StrongPassword));
        QVERIFY(m_server.addUser(QStringLiteral("rate"), StrongPassword));
        QVERIFY(m_server.start());
        m_root = BoardClient::login(m_server, QStringLiteral("root"), StrongPassword);
        m_ana = BoardClient::login(m_server, QStringLiteral("ana"), StrongPassword);
        m_rate = BoardClient::login(m_server, QStringLiteral("rate"), StrongPassword);
        QVERIFY(!m_root.isEmpty() && !m_ana.isEmpty() && !m_rate.isEmpty());
    }

    void quotasAreRefused()
    {
        QCOMPARE(settings({ { QStringLiteral("max_items_per_board"), 30 }, { QStringLiteral("max_boards_per_user"), 2 } }).status, 200);
        const QString board = createBoard(QStringLiteral("One"));
        QVERIFY(!board.isEmpty());
        QVERIFY(!createBoard(QStringLiteral("Two")).isEmpty());
        int status = 0;
        QVERIFY(createBoard(QStringLiteral("Three"), &status).isEmpty());
        QCOMPARE(status, 422);

        WsClient ws;
        QCOMPARE(frameType(ws.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        QList<QJsonObject> frames;
        for (int i = 0; i < 30; ++i)
            frames.append(WsClient::mutateFrame(board, create(QStringLiteral("q-%1").arg(i), i)));
        QVERIFY(mutateAll(ws, frames));
        const QJsonObject refused = ws.mutate(board, create(QStringLiteral("q-30"), 30));
        QCOMPARE(frameType(refused), QStringLiteral("reject"));
        QCOMPARE(refused.value(QStringLiteral("code")).toString(), QStringLiteral("quota_exceeded"));
        QVERIFY(refused.contains(QStringLiteral("rid")) && refused.contains(QStringLiteral("mutationId")));
        const HttpResult overHttp = BoardClient(&m_server, m_ana).mutate(board, create(QStringLiteral("q-31"), 31));
        QCOMPARE(overHttp.status, 422);
        QCOMPARE(overHttp.json().value(QStringLiteral("code")).toString(), QStringLiteral("quota_exceeded"));
        QVERIFY(metric(m_server, "tessera_quota_exceeded_total{quota=\"items_per_board\"}") >= 2);
        QCOMPARE(metric(m_server, "tessera_quota_exceeded_total{quota=\"boards_per_user\"}"), 1.0);
        QCOMPARE(settings({ { QStringLiteral("max_items_per_board"), 100000 }, { QStringLiteral("max_boards_per_user"), 100 } }).status, 200);
    }

    void httpMutationsAreRateLimited()
    {
        // Buckets are per user: this one's is full (ana's was used by the test before).
        const QString board = createBoard(QStringLiteral("Rate"), nullptr, m_rate);
        QNetworkAccessManager nam;
        const auto post = [&](const QJsonObject &command) {
            QNetworkRequest request(m_server.url().resolved(QUrl(QStringLiteral("/api/v1/mutations"))));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            request.setRawHeader("Authorization", "Bearer " + m_rate);
            QNetworkReply *reply = nam.post(request, jsonBytes(command));
            QSignalSpy done(reply, &QNetworkReply::finished);
            done.wait(10000);
            reply->deleteLater();
            return std::tuple<int, QByteArray, QJsonObject>(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                                                            reply->rawHeader("Retry-After"),
                                                            QJsonDocument::fromJson(reply->readAll()).object());
        };
        QJsonObject limited;
        QByteArray retryAfter;
        int acked = 0;
        for (int i = 0; i < 60 && limited.isEmpty(); ++i) {
            const QJsonObject command = BoardClient::command(board, create(QStringLiteral("r-%1").arg(i), i));
            const auto [status, retry, body] = post(command);
            if (status == 200) {
                ++acked;
            } else {
                QCOMPARE(status, 429);
                limited = body;
                retryAfter = retry;
            }
        }
        qInfo("HTTP: %d mutations acked before a 429 (Retry-After: %s)", acked, retryAfter.constData());
        QVERIFY2(!limited.isEmpty(), "60 quick HTTP mutations and none was rate limited");
        QVERIFY(acked >= 20); // the burst
        QVERIFY(retryAfter.toInt() >= 1);
        QCOMPARE(limited.value(QStringLiteral("type")).toString(), QStringLiteral("reject"));
        QCOMPARE(limited.value(QStringLiteral("code")).toString(), QStringLiteral("rate_limited"));
        QVERIFY(limited.value(QStringLiteral("retryAfterMs")).toInteger() > 0);
        // Not applied: the same mutationId, later, is applied (once).
        QTest::qWait(int(limited.value(QStringLiteral("retryAfterMs")).toInteger()));
        const QString id = limited.value(QStringLiteral("mutationId")).toString();
        const auto [status, retry, body] = post(BoardClient::command(board, create(QStringLiteral("r-again"), 99), id));
        QCOMPARE(status, 200);
        QCOMPARE(body.value(QStringLiteral("type")).toString(), QStringLiteral("ack"));
        QCOMPARE(body.value(QStringLiteral("duplicate")).toBool(), false);
        QVERIFY(metric(m_server, "tessera_throttled_total{what=\"http_mutation\"}") >= 1);
    }

    void noCommandBlocksTheLoopAt100000Items()
    {
        QCOMPARE(settings({ { QStringLiteral("max_items_per_board"), 200000 } }).status, 200);
        const QString board = createBoard(QStringLiteral("Huge"));
        QVERIFY(!board.isEmpty());
        const QString anaId = userIdOf(m_server, m_ana);
        // 100,000 items written straight into the database while the server is down (over
        // the API that takes minutes: that is what the quota is for).
        m_server.stop();
        QElapsedTimer clock;
        clock.start();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("seed"));
            db.setDatabaseName(m_server.dataDir() + QStringLiteral("/tessera.db"));
            QVERIFY(db.open());
            QVERIFY(db.transaction());
            QSqlQuery q(db);
            q.prepare(QStringLiteral("INSERT INTO items (id, board_id, fields, versions, rank, created_by, created_at) "
                                     "VALUES (?, ?, ?, '{\"title\":1}', ?, ?, '2026-01-01T00:00:00.000Z')"));
            for (int i = 0; i < 100000; ++i) {
                q.addBindValue(QStringLiteral("h%1").arg(i));
                q.addBindValue(board);
                q.addBindValue(QStringLiteral("{\"title\":\"Item %1\",\"status\":\"todo\"}").arg(i));
                q.addBindValue(QStringLiteral("a%1V").arg(i, 6, 10, QLatin1Char('0')));
                q.addBindValue(anaId);
                QVERIFY(q.exec());
            }
            // Indexed for search as the server would (one row per item).
            QSqlQuery fts(db);
            fts.prepare(QStringLiteral("INSERT INTO search_index (body, board_id, item_id, comment_id) VALUES (?, ?, ?, '')"));
            for (int i = 0; i < 100000; ++i) {
                fts.addBindValue(QStringLiteral("Item %1").arg(i));
                fts.addBindValue(board);
                fts.addBindValue(QStringLiteral("h%1").arg(i));
                QVERIFY(fts.exec());
            }
            QVERIFY(db.commit());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("seed"));
        QVERIFY(m_server.start());
        qInfo("100,000 items seeded in %lld ms", qlonglong(clock.elapsed()));
        WsClient ws;
        QCOMPARE(frameType(ws.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        // The first command loads the board into the cache (once per server start).
        const double coldBefore = stallsOver("0.05");
        clock.restart();
        QCOMPARE(frameType(ws.mutate(board, op("board.update", { { QStringLiteral("description"), QStringLiteral("big") } }))),
                 QStringLiteral("ack"));
        QTest::qWait(50);
        qInfo("loading the 100,000-item board into the cache: %lld ms (stalls over 50 ms: %g)", qlonglong(clock.elapsed()),
              stallsOver("0.05") - coldBefore);

        struct Case
        {
            const char *name;
            QJsonObject op;
        };
        const QList<Case> cases {
            { "item.create", create(QStringLiteral("extra"), 100001) },
            { "item.update", op("item.update", { { QStringLiteral("itemId"), QStringLiteral("h500") },
                                                 { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Renamed") } } } }) },
            { "item.move", op("item.move", { { QStringLiteral("itemId"), QStringLiteral("h501") }, { QStringLiteral("rank"), QStringLiteral("zzzV") } }) },
            { "item.delete", op("item.delete", { { QStringLiteral("itemId"), QStringLiteral("h502") } }) },
            { "comment.create", op("comment.create", { { QStringLiteral("itemId"), QStringLiteral("h503") },
                                                       { QStringLiteral("commentId"), QStringLiteral("c1") },
                                                       { QStringLiteral("body"), QStringLiteral("a comment") } }) },
            { "column.create", op("column.create", { { QStringLiteral("columnId"), QStringLiteral("pts") },
                                                     { QStringLiteral("name"), QStringLiteral("Points") },
                                                     { QStringLiteral("type"), QStringLiteral("number") } }) },
            { "column.update", op("column.update", { { QStringLiteral("columnId"), QStringLiteral("pts") },
                                                     { QStringLiteral("name"), QStringLiteral("Story points") } }) },
            { "board.update", op("board.update", { { QStringLiteral("name"), QStringLiteral("Huge board") } }) },
            { "column.delete (a column every item has a value in)", op("column.delete", { { QStringLiteral("columnId"), QStringLiteral("title") } }) },
        };
        for (const Case &c : cases) {
            const double before = longStalls();
            const double over25Before = stallsOver("0.025");
            QElapsedTimer t;
            t.start();
            const QJsonObject reply = ws.mutate(board, c.op);
            const qint64 roundTrip = t.elapsed();
            QCOMPARE(frameType(reply), QStringLiteral("ack"));
            QTest::qWait(50); // a stall ends before the loop monitor's next tick reports it
            const double stalls = longStalls() - before;
            qInfo("%s at 100,000 items: round trip %lld ms, loop stalls over 25 ms: %g, over 50 ms: %g", c.name,
                  qlonglong(roundTrip), stallsOver("0.025") - over25Before, stalls);
            QVERIFY2(stalls == 0, c.name);
        }
        // The deleted column's values leave memory and the database in the background, in
        // slices that do not block the loop either.
        const double before = longStalls();
        QTest::qWait(2000);
        QCOMPARE(longStalls() - before, 0.0);
        const double cache = metric(m_server, "tessera_board_cache_bytes");
        qInfo("board-state cache: %g MiB in %g board(s)", cache / 1048576, metric(m_server, "tessera_board_cache_boards"));
        QVERIFY(cache > 0 && cache <= 256.0 * 1024 * 1024);
    }

    void cacheStaysWithinItsBudget()
    {
        QCOMPARE(settings({ { QStringLiteral("board_cache_mb"), 16 } }).status, 200);
        // Touch a few boards: the 100,000-item board alone is over 16 MB, so the others push it out.
        WsClient ws;
        QCOMPARE(frameType(ws.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        for (int b = 0; b < 3; ++b) {
            const QString board = createBoard(QStringLiteral("Small %1").arg(b));
            QCOMPARE(frameType(ws.mutate(board, create(QStringLiteral("s%1").arg(b), b))), QStringLiteral("ack"));
        }
        const double cache = metric(m_server, "tessera_board_cache_bytes");
        qInfo("with board_cache_mb 16: %g MiB in %g board(s)", cache / 1048576, metric(m_server, "tessera_board_cache_boards"));
        QVERIFY(cache <= 16.0 * 1024 * 1024);
    }
};

QTEST_GUILESS_MAIN(TestQuotas)
#include "tst_quotas.moc"
