// CSV imports as background jobs against the real server: 202 at once, progress frames on
// the job:<id> stream, rows as coalesced batches to other clients, cancel mid-job, SIGKILL
// mid-job and restart (every row exactly once), dead letters retried after correction
// (only those rows), bad files refused with their message and the board unchanged.
#include "support/boardclient.h"
#include "support/wsclient.h"

#include "core/models/boardstore.h"
#include "core/models/viewexport.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTcpSocket>
#include <QTest>

using namespace Tessera::Test;

class TestImportJobs : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    BoardClient m_ana, m_ben;
    QString m_benId;

    static QByteArray csvRows(int count, const QString &prefix = QStringLiteral("Task"))
    {
        QByteArray out = "Title,Status,Due,Estimate\r\n";
        out.reserve(count * 40);
        for (int i = 1; i <= count; ++i)
            out += QStringLiteral("%1 %2,%3,%4.%5.2026,%6\r\n")
                           .arg(prefix)
                           .arg(i)
                           .arg(i % 2 ? QStringLiteral("To do") : QStringLiteral("Done"))
                           .arg(i % 28 + 1)
                           .arg(i % 12 + 1)
                           .arg(i % 7)
                           .toUtf8();
        return out;
    }
    QString boardWithEstimate(const QString &name)
    {
        const QString board = m_ana.createBoard(name);
        const HttpResult r = m_ana.mutate(board, op("column.create", { { QStringLiteral("columnId"), QStringLiteral("est") },
                                                                       { QStringLiteral("name"), QStringLiteral("Estimate") },
                                                                       { QStringLiteral("type"), QStringLiteral("number") } }));
        if (r.status != 200)
            return {};
        m_ana.mutate(board, op("member.add", { { QStringLiteral("userId"), m_benId }, { QStringLiteral("role"), QStringLiteral("viewer") } }));
        return board;
    }
    QJsonObject job(const QString &id) const
    {
        return m_ana.get(QStringLiteral("/api/v1/jobs/") + id).json().value(QStringLiteral("job")).toObject();
    }
    QString state(const QString &id) const { return job(id).value(QStringLiteral("state")).toString(); }
    QJsonArray items(const QString &board) const { return m_ana.snapshot(board).value(QStringLiteral("items")).toArray(); }
    QString startImport(const QString &board, const QByteArray &csv, const QString &query = {})
    {
        const HttpResult r = m_ana.postRaw(QStringLiteral("/api/v1/boards/%1/imports%2").arg(board, query), csv);
        if (r.status != 202)
            qWarning("import refused: %d %s", r.status, r.body.constData());
        return r.json().value(QStringLiteral("job")).toObject().value(QStringLiteral("id")).toString();
    }
    static QStringList titles(const QJsonArray &items)
    {
        QStringList out;
        for (const QJsonValue &v : items)
            out << v.toObject().value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass"), true));
        QVERIFY(m_server.addUser(QStringLiteral("ben"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.start());
        m_ana = BoardClient(&m_server, BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        m_ben = BoardClient(&m_server, BoardClient::login(m_server, QStringLiteral("ben"), QStringLiteral("tessera-test-pass")));
        m_benId = userIdOf(m_server, m_ben.token());
    }

    void progressFramesAndCoalescedBatches()
    {
        const QString board = boardWithEstimate(QStringLiteral("Progress"));
        QVERIFY(!board.isEmpty());
        WsClient watcher; // ben, a viewer, sees the items arrive
        QCOMPARE(watcher.connectAs(m_server.url(), m_ben.token()).value(QStringLiteral("type")).toString(), QStringLiteral("welcome"));
        const QJsonObject subscribed = watcher.subscribe(QStringLiteral("board:") + board);
        StreamTracker tracker(QStringLiteral("board:") + board, subscribed.value(QStringLiteral("headSeq")).toInteger());
        const qint64 headBefore = tracker.applied;

        const int rows = 19000; // 1.2 MB: past the 1 MB body limit of other routes (and below 20,000 items a board)
        const QByteArray csv = csvRows(rows, QStringLiteral("Imported task with a longer title and number"));
        QVERIFY(csv.size() > 1024 * 1024);
        QElapsedTimer answered;
        answered.start();
        const HttpResult r = m_ana.postRaw(QStringLiteral("/api/v1/boards/%1/imports").arg(board), csv);
        const qint64 ms = answered.elapsed();
        QCOMPARE(r.status, 202);
        qInfo("202 after %lld ms (request and upload of %lld bytes included)", ms, qint64(csv.size()));
        QVERIFY2(ms < 1000, qPrintable(QString::number(ms)));
        const QString id = r.json().value(QStringLiteral("job")).toObject().value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());

        WsClient owner;
        QCOMPARE(owner.connectAs(m_server.url(), m_ana.token()).value(QStringLiteral("type")).toString(), QStringLiteral("welcome"));
        QCOMPARE(owner.subscribe(QStringLiteral("job:") + id).value(QStringLiteral("type")).toString(), QStringLiteral("subscribed"));
        // Someone else's job does not exist for ben.
        QCOMPARE(watcher.subscribe(QStringLiteral("job:") + id).value(QStringLiteral("code")).toString(), QStringLiteral("stream.forbidden"));
        QList<QJsonObject> frames;
        QElapsedTimer deadline;
        deadline.start();
        while (deadline.elapsed() < 60000) {
            const QJsonObject f = owner.waitFor([](const QJsonObject &o) { return o.value(QStringLiteral("type")) == QLatin1String("job"); }, 30000);
            QVERIFY(!f.isEmpty());
            frames.append(f.value(QStringLiteral("job")).toObject());
            if (frames.last().value(QStringLiteral("state")).toString() != QLatin1String("running")
                && frames.last().value(QStringLiteral("state")).toString() != QLatin1String("queued"))
                break;
        }
        const QJsonObject last = frames.last();
        QCOMPARE(last.value(QStringLiteral("state")).toString(), QStringLiteral("done"));
        QCOMPARE(last.value(QStringLiteral("total")).toInteger(), rows);
        QCOMPARE(last.value(QStringLiteral("done")).toInteger(), rows);
        QCOMPARE(last.value(QStringLiteral("imported")).toInteger(), rows);
        bool sawMiddle = false;
        qint64 previous = -1;
        for (const QJsonObject &f : frames) {
            const qint64 done = f.value(QStringLiteral("done")).toInteger();
            QVERIFY(done >= previous); // progress never goes back
            previous = done;
            if (done > 0 && done < rows) {
                sawMiddle = true;
                QVERIFY(f.value(QStringLiteral("ratePerSecond")).toDouble() > 0);
                QVERIFY(f.contains(QStringLiteral("etaSeconds")));
            }
        }
        QVERIFY2(sawMiddle, "no progress frame between start and end");

        QVERIFY(watcher.follow(tracker, headBefore + rows, 60000));
        QCOMPARE(tracker.gaps, 0);
        QCOMPARE(tracker.events.size(), rows);
        QVERIFY2(tracker.frames < rows / 10, qPrintable(QString::number(tracker.frames))); // coalesced batches (a chunk each)
        const QJsonArray all = items(board);
        QCOMPARE(all.size(), rows);
        const QStringList names = titles(all);
        QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), rows);
        // Values parsed per type: status by label, d.m.yyyy dates, numbers.
        const QJsonObject first = all.first().toObject().value(QStringLiteral("fields")).toObject();
        QVERIFY(first.value(QStringLiteral("due")).toString().startsWith(QStringLiteral("2026-")));
        QVERIFY(first.value(QStringLiteral("status")).toString() == QLatin1String("todo")
                || first.value(QStringLiteral("status")).toString() == QLatin1String("done"));
        QVERIFY(first.value(QStringLiteral("est")).isDouble());

        // The admin sees it, with who ran it.
        const QJsonArray jobs = m_ana.get(QStringLiteral("/api/v1/admin/jobs")).json().value(QStringLiteral("jobs")).toArray();
        QVERIFY(!jobs.isEmpty());
        QCOMPARE(jobs.first().toObject().value(QStringLiteral("ownerLogin")).toString(), QStringLiteral("ana"));
        QCOMPARE(m_ben.get(QStringLiteral("/api/v1/admin/jobs")).status, 403);
        QCOMPARE(m_ben.get(QStringLiteral("/api/v1/jobs/") + id).status, 404);
    }

    void cancelMidJob()
    {
        const QString board = boardWithEstimate(QStringLiteral("Cancel"));
        const QString id = startImport(board, csvRows(19000));
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(job(id).value(QStringLiteral("done")).toInteger() > 0, 30000);
        const HttpResult cancelled = m_ana.post(QStringLiteral("/api/v1/jobs/%1/cancel").arg(id), {});
        QCOMPARE(cancelled.status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(state(id), QStringLiteral("cancelled"), 30000);
        const QJsonObject end = job(id);
        const qint64 imported = end.value(QStringLiteral("imported")).toInteger();
        QVERIFY2(imported > 0 && imported < 19000, qPrintable(QString::number(imported)));
        QCOMPARE(items(board).size(), imported); // what was committed stays, nothing after it
        QCOMPARE(m_ana.post(QStringLiteral("/api/v1/jobs/%1/cancel").arg(id), {}).status, 409);
    }

    void killMidJobResumesExactlyOnce()
    {
        const QString board = boardWithEstimate(QStringLiteral("Restart"));
        const int rows = 19000;
        const QString id = startImport(board, csvRows(rows, QStringLiteral("Row")));
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(job(id).value(QStringLiteral("done")).toInteger() >= 2000, 30000);
        m_server.kill();
        QVERIFY(m_server.start());
        m_ana = BoardClient(&m_server, BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        m_ben = BoardClient(&m_server, BoardClient::login(m_server, QStringLiteral("ben"), QStringLiteral("tessera-test-pass")));
        QTRY_COMPARE_WITH_TIMEOUT(state(id), QStringLiteral("done"), 60000);
        QCOMPARE(job(id).value(QStringLiteral("imported")).toInteger(), rows);
        const QStringList names = titles(items(board));
        QCOMPARE(names.size(), rows);
        QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), rows); // every row exactly once
    }

    void failedRowsAreRetriedAlone()
    {
        const QString board = boardWithEstimate(QStringLiteral("Retry"));
        const QByteArray csv = "Title,Status,Due,Estimate\n"
                               "A,To do,2026-01-01,1\n"
                               "B,Blocked,2026-01-02,2\n" // no such status
                               "C,Done,31.2.2026,3\n" // no such day
                               "D,,3/14/2026,lots\n" // not a number
                               "E,Done,,\n";
        const QString id = startImport(board, csv, QStringLiteral("?dateOrder=monthFirst"));
        QTRY_COMPARE_WITH_TIMEOUT(state(id), QStringLiteral("done"), 30000);
        QCOMPARE(job(id).value(QStringLiteral("failed")).toInteger(), 3);
        QCOMPARE(job(id).value(QStringLiteral("imported")).toInteger(), 2);
        const QJsonObject f = m_ana.get(QStringLiteral("/api/v1/jobs/%1/failures").arg(id)).json();
        const QJsonArray failures = f.value(QStringLiteral("failures")).toArray();
        QCOMPARE(failures.size(), 3);
        QCOMPARE(failures[0].toObject().value(QStringLiteral("row")).toInteger(), 2);
        QCOMPARE(failures[0].toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("Status: 'Blocked' is not one of its statuses"));
        QCOMPARE(failures[0].toObject().value(QStringLiteral("data")).toString(), QStringLiteral("B,Blocked,2026-01-02,2"));
        QVERIFY(failures[1].toObject().value(QStringLiteral("reason")).toString().startsWith(QStringLiteral("Due: '31.2.2026' is not a date")));
        QVERIFY(failures[2].toObject().value(QStringLiteral("reason")).toString().startsWith(QStringLiteral("Estimate: 'lots' is not a number")));
        QCOMPARE(f.value(QStringLiteral("header")).toArray().size(), 4);
        const qint64 seqBefore = m_ana.snapshot(board).value(QStringLiteral("seq")).toInteger();

        // Rows 2 and 3 corrected, row 5 retried still wrong: only those run.
        const auto fix = [](int row, const char *cells) {
            return QJsonObject { { QStringLiteral("row"), row },
                                 { QStringLiteral("cells"), QJsonArray::fromStringList(QString::fromUtf8(cells).split(QLatin1Char('|'))) } };
        };
        const QJsonArray retry { fix(2, "B|In progress|2026-01-02|2"), fix(3, "C|Done|28.2.2026|3"), fix(4, "D||3/14/2026|many"),
                                 fix(1, "A|||") };
        const QJsonObject answer = m_ana.post(QStringLiteral("/api/v1/jobs/%1/retry").arg(id), { { QStringLiteral("rows"), retry } }).json();
        QCOMPARE(answer.value(QStringLiteral("fixed")).toArray(), (QJsonArray { 2, 3 }));
        const QJsonArray still = answer.value(QStringLiteral("failures")).toArray();
        QCOMPARE(still.size(), 2);
        QVERIFY(still[0].toObject().value(QStringLiteral("reason")).toString().startsWith(QStringLiteral("Estimate: 'many'")));
        QCOMPARE(still[1].toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("row 1 is not a failed row of this job"));
        QCOMPARE(answer.value(QStringLiteral("job")).toObject().value(QStringLiteral("failed")).toInteger(), 1);
        const QJsonObject after = m_ana.snapshot(board);
        QCOMPARE(after.value(QStringLiteral("seq")).toInteger(), seqBefore + 2); // two creates, nothing re-run
        QStringList names = titles(after.value(QStringLiteral("items")).toArray());
        names.sort();
        QCOMPARE(names.join(QLatin1Char(',')), QStringLiteral("A,B,C,E"));
        // Ben may not retry ana's job.
        QCOMPARE(m_ben.post(QStringLiteral("/api/v1/jobs/%1/retry").arg(id), { { QStringLiteral("rows"), retry } }).status, 404);
    }

    void badFilesChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status"); // 202: refused by the job (read off the event loop)
        QTest::addColumn<QString>("message");
        QTest::newRow("ragged") << QByteArray("Title,Status\nA,To do\nB\n") << 202 << QStringLiteral("line 3 has 1 field(s) but the header has 2");
        QTest::newRow("latin1") << QByteArray("Title\nA\nK\xF6ln\n") << 202 << QStringLiteral("not UTF-8 (an invalid byte 0xf6 on line 3)");
        QTest::newRow("utf16") << QByteArray("\xFF\xFET\0i\0t\0l\0e\0", 12) << 400 << QStringLiteral("UTF-16");
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) << 400 << QStringLiteral("binary data");
        QTest::newRow("empty") << QByteArray() << 400 << QStringLiteral("the body is empty");
        QTest::newRow("no column") << QByteArray("Colour,Size\nred,1\n") << 202 << QStringLiteral("the mapping fills no column");
    }
    void badFilesChangeNothing()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(QString, message);
        const QString board = boardWithEstimate(QStringLiteral("Bad"));
        const QJsonObject before = m_ana.snapshot(board);
        const HttpResult r = m_ana.postRaw(QStringLiteral("/api/v1/boards/%1/imports").arg(board), bytes);
        QCOMPARE(r.status, status);
        QString error;
        if (status == 202) {
            const QString id = r.json().value(QStringLiteral("job")).toObject().value(QStringLiteral("id")).toString();
            QTRY_COMPARE_WITH_TIMEOUT(state(id), QStringLiteral("failed"), 30000);
            error = job(id).value(QStringLiteral("error")).toString();
        } else {
            error = r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        }
        QVERIFY2(error.contains(message), qPrintable(error));
        QCOMPARE(m_ana.snapshot(board), before);
    }

    // A 51 MB upload is refused from its Content-Length, before a byte of the body is read.
    void tooLargeRefusedBeforeReading()
    {
        const QString board = boardWithEstimate(QStringLiteral("Large"));
        const QJsonObject before = m_ana.snapshot(board);
        QTcpSocket socket;
        socket.connectToHost(m_server.url().host(), m_server.port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write(QStringLiteral("POST /api/v1/boards/%1/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %2\r\n"
                                    "Content-Length: %3\r\n\r\n")
                             .arg(board, QString::fromLatin1(m_ana.token()))
                             .arg(51 * 1024 * 1024)
                             .toLatin1());
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\r\n\r\n{"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).endsWith("}"), 10000);
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
        QVERIFY2(answer.contains("a CSV import is at most 52428800 bytes (50 MB)"), answer.constData());
        QCOMPARE(m_ana.snapshot(board), before);
        // Other routes keep their 1 MB limit.
        QCOMPARE(m_ana.postRaw(QStringLiteral("/api/v1/mutations"), QByteArray(2 * 1024 * 1024, ' ')).status, 413);
    }

    // The view export (core/models/viewexport) -> import into a new board -> export again:
    // the same bytes (quotes, commas, line breaks, formulas, statuses, people, dates, numbers).
    void exportImportExportRoundTrip()
    {
        const auto exportOf = [this](const QString &board) {
            auto state = Tessera::Core::BoardState::fromSnapshotJson(m_ana.snapshot(board));
            if (!state)
                return QByteArray();
            Tessera::Core::BoardStore store;
            store.resetFromSnapshot(state.value());
            QStringList columns;
            for (const Tessera::Core::Column &c : store.columns())
                columns << c.id;
            return Tessera::Core::ViewExport::csv(store, store.itemIds(), columns, { true });
        };
        const QString source = boardWithEstimate(QStringLiteral("Source"));
        const QString anaId = userIdOf(m_server, m_ana.token());
        const QList<QJsonObject> fields {
            { { QStringLiteral("title"), QStringLiteral("Plain") }, { QStringLiteral("status"), QStringLiteral("doing") },
              { QStringLiteral("assignee"), anaId }, { QStringLiteral("due"), QStringLiteral("2026-03-04") }, { QStringLiteral("est"), 2.5 } },
            { { QStringLiteral("title"), QStringLiteral("Comma, \"quote\" and\nline break") }, { QStringLiteral("est"), -3 } },
            { { QStringLiteral("title"), QStringLiteral("=SUM(A1:A2)") }, { QStringLiteral("status"), QStringLiteral("done") } },
            { { QStringLiteral("title"), QStringLiteral("Umlaut \u00fc and \u20ac") }, { QStringLiteral("due"), QStringLiteral("2026-12-31") } },
        };
        QString rank = QStringLiteral("M");
        for (const QJsonObject &f : fields) {
            rank += QLatin1Char('M');
            QCOMPARE(m_ana.mutate(source, op("item.create", { { QStringLiteral("itemId"), newId() }, { QStringLiteral("fields"), f },
                                                              { QStringLiteral("rank"), rank } })).status, 200);
        }
        const QByteArray first = exportOf(source);
        QVERIFY(first.startsWith("\xEF\xBB\xBF"));
        const QString target = boardWithEstimate(QStringLiteral("Target"));
        const QString id = startImport(target, first);
        QTRY_COMPARE_WITH_TIMEOUT(state(id), QStringLiteral("done"), 30000);
        QCOMPARE(job(id).value(QStringLiteral("imported")).toInteger(), fields.size());
        const QByteArray second = exportOf(target);
        QCOMPARE(QString::fromUtf8(second), QString::fromUtf8(first));
    }

    void onlyEditorsImport()
    {
        const QString board = boardWithEstimate(QStringLiteral("Viewers"));
        QCOMPARE(m_ben.postRaw(QStringLiteral("/api/v1/boards/%1/imports").arg(board), "Title\nx\n").status, 403);
        QCOMPARE(m_ben.postRaw(QStringLiteral("/api/v1/boards/%1/imports").arg(m_ana.createBoard(QStringLiteral("Private"))), "Title\nx\n").status, 404);
        QCOMPARE(m_ana.postRaw(QStringLiteral("/api/v1/boards/%1/imports?columns=title,nope").arg(board), "Title\nx\n").status, 202);
    }
};

QTEST_GUILESS_MAIN(TestImportJobs)
#include "tst_importjobs.moc"
