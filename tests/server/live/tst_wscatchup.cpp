// Catch-up over WebSocket against the real server: a client that missed 5,000 events
// replays them exactly (also while new commits land, and after a restart); a wrong
// epoch, a position ahead of the head and a compacted log answer snapshotRequired; a
// client that stops reading is held to the server's cap and converges afterwards.
#include "support/wsclient.h"


using namespace Tessera::Test;

namespace {

constexpr int ItemCount = 10;

QJsonObject updateTitle(int item, const QString &title)
{
    return op("item.update", { { QStringLiteral("itemId"), QStringLiteral("it%1").arg(item) },
                               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } } });
}

// itemId -> title after applying `events` in order.
QHash<QString, QString> titles(const QList<QJsonObject> &events)
{
    QHash<QString, QString> out;
    for (const QJsonObject &e : events) {
        const QString kind = e.value(QStringLiteral("kind")).toString();
        if (kind == QLatin1String("item.created")) {
            const QJsonObject item = e.value(QStringLiteral("item")).toObject();
            out.insert(item.value(QStringLiteral("id")).toString(),
                       item.value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString());
        } else if (kind == QLatin1String("item.updated")) {
            const QJsonObject fields = e.value(QStringLiteral("fields")).toObject();
            if (fields.contains(QStringLiteral("title")))
                out.insert(e.value(QStringLiteral("itemId")).toString(), fields.value(QStringLiteral("title")).toString());
        }
    }
    return out;
}

bool increasingSeqs(const QList<QJsonObject> &events)
{
    qint64 last = 0;
    for (const QJsonObject &e : events) {
        const qint64 seq = e.value(QStringLiteral("seq")).toInteger();
        if (seq <= last)
            return false;
        last = seq;
    }
    return true;
}

} // namespace

class TestWsCatchup : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    QByteArray m_ana;
    QString m_board, m_stream, m_epoch;
    qint64 m_missedFrom = 0;

    void relogin() { m_ana = BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass")); }
    QJsonObject snapshot() { return BoardClient(&m_server, m_ana).snapshot(m_board); }
    QHash<QString, QString> snapshotTitles()
    {
        QHash<QString, QString> out;
        for (const QJsonValue &v : snapshot().value(QStringLiteral("items")).toArray()) {
            const QJsonObject item = v.toObject();
            out.insert(item.value(QStringLiteral("id")).toString(),
                       item.value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString());
        }
        return out;
    }
    // Sends `count` updates through `writer` and waits for all their acks.
    static bool write(WsClient &writer, const QString &board, int count, int titleBytes, const QString &tag)
    {
        const QString pad(titleBytes, QLatin1Char('x'));
        for (int i = 0; i < count; ++i)
            writer.send(WsClient::mutateFrame(board, updateTitle(i % ItemCount, tag + QString::number(i) + pad)));
        int acks = 0;
        return QTest::qWaitFor([&] {
            acks += int(writer.frames().removeIf([](const QJsonObject &f) { return frameType(f) == QLatin1String("ack"); }));
            return acks >= count;
        }, 60000);
    }

    // Creates `count` items with long titles (nothing to coalesce) and waits for the acks.
    static bool writeCreates(WsClient &writer, const QString &board, int count, const QString &tag)
    {
        const QString pad(500, QLatin1Char('y'));
        for (int i = 0; i < count; ++i) {
            writer.send(WsClient::mutateFrame(board, op("item.create", { { QStringLiteral("itemId"), QString(tag + QString::number(i)) },
                                                                         { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), pad } } },
                                                                         { QStringLiteral("rank"), QStringLiteral("U") } })));
        }
        int acks = 0;
        return QTest::qWaitFor([&] {
            acks += int(writer.frames().removeIf([](const QJsonObject &f) { return frameType(f) == QLatin1String("ack"); }));
            return acks >= count;
        }, 60000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("TESSERA_WS_RATE_PER_SECOND", "1000000");
        qputenv("TESSERA_WS_RATE_BURST", "1000000");
        qputenv("TESSERA_WS_HIGH_WATERMARK", "32768");
        qputenv("TESSERA_WS_LOW_WATERMARK", "8192");
        qputenv("TESSERA_WS_HARD_CAP", "4194304");
        qputenv("TESSERA_WS_REPLAY_PAGE_EVENTS", "200");
        QVERIFY(m_server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.start());
        relogin();
        BoardClient ana(&m_server, m_ana);
        m_board = ana.createBoard(QStringLiteral("Catchup"));
        m_stream = QStringLiteral("board:") + m_board;
        for (int i = 0; i < ItemCount; ++i) {
            QCOMPARE(ana.mutate(m_board, op("item.create", { { QStringLiteral("itemId"), QStringLiteral("it%1").arg(i) },
                                                             { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("t") } } },
                                                             { QStringLiteral("rank"), QStringLiteral("U") } })).status, 200);
        }
    }

    void missedEventsReplayExactlyWhileCommitsLand()
    {
        WsClient writer;
        QCOMPARE(frameType(writer.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        {
            WsClient reader;
            QCOMPARE(frameType(reader.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
            const QJsonObject sub = reader.subscribe(m_stream);
            m_missedFrom = sub.value(QStringLiteral("headSeq")).toInteger();
            m_epoch = sub.value(QStringLiteral("epoch")).toString();
        } // the reader goes away and misses what follows
        QVERIFY(write(writer, m_board, 5000, 0, QStringLiteral("a")));
        WsClient reader;
        QCOMPARE(frameType(reader.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        const QJsonObject sub = reader.subscribe(m_stream, m_missedFrom, m_epoch);
        QCOMPARE(sub.value(QStringLiteral("mode")).toString(), QStringLiteral("replay"));
        QCOMPARE(sub.value(QStringLiteral("headSeq")).toInteger(), m_missedFrom + 5000);
        // more commits land while the replay runs
        QVERIFY(write(writer, m_board, 500, 0, QStringLiteral("b")));
        StreamTracker t(m_stream, m_missedFrom);
        QVERIFY(reader.follow(t, m_missedFrom + 5500, 30000));
        QCOMPARE(t.gaps, 0);
        QCOMPARE(t.duplicates, 0);
        QCOMPARE(t.applied, m_missedFrom + 5500);
        QVERIFY(increasingSeqs(t.events));
        QCOMPARE(titles(t.events), snapshotTitles());
    }

    void catchUpAfterRestart()
    {
        m_server.stop();
        QVERIFY(m_server.start());
        relogin();
        WsClient reader;
        QCOMPARE(frameType(reader.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        const QJsonObject sub = reader.subscribe(m_stream, m_missedFrom, m_epoch);
        QCOMPARE(sub.value(QStringLiteral("mode")).toString(), QStringLiteral("replay"));
        StreamTracker t(m_stream, m_missedFrom);
        QVERIFY(reader.follow(t, m_missedFrom + 5500, 30000));
        QCOMPARE(t.gaps + t.duplicates, 0);
        QCOMPARE(titles(t.events), snapshotTitles());
    }

    void wrongEpochOrAheadNeedsSnapshot()
    {
        WsClient c;
        QCOMPARE(frameType(c.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        QCOMPARE(c.subscribe(m_stream, 5, QStringLiteral("not-the-epoch")).value(QStringLiteral("mode")).toString(),
                 QStringLiteral("snapshotRequired"));
        QCOMPARE(c.subscribe(m_stream, 1000000, m_epoch).value(QStringLiteral("mode")).toString(), QStringLiteral("snapshotRequired"));
        QCOMPARE(c.subscribe(m_stream, 5, m_epoch).value(QStringLiteral("mode")).toString(), QStringLiteral("replay"));
    }

    void compactedLogNeedsSnapshot()
    {
        m_server.stop();
        QVERIFY(m_server.execSql({ QStringLiteral("DELETE FROM events WHERE board_id = '%1' AND seq <= 100").arg(m_board),
                                   QStringLiteral("UPDATE boards SET floor_seq = 100 WHERE id = '%1'").arg(m_board) }));
        QVERIFY(m_server.start());
        relogin();
        WsClient c;
        QCOMPARE(frameType(c.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        QCOMPARE(c.subscribe(m_stream, 50, m_epoch).value(QStringLiteral("mode")).toString(), QStringLiteral("snapshotRequired"));
        const QJsonObject ok = c.subscribe(m_stream, 100, m_epoch);
        QCOMPARE(ok.value(QStringLiteral("mode")).toString(), QStringLiteral("replay"));
        StreamTracker t(m_stream, 100);
        QVERIFY(c.follow(t, ok.value(QStringLiteral("headSeq")).toInteger(), 30000));
        QCOMPARE(t.gaps + t.duplicates, 0);
    }

    void stalledReaderIsCappedAndConverges()
    {
        RawWsClient reader;
        QVERIFY(reader.open(m_server.url(), 0));
        reader.send({ { QStringLiteral("type"), QStringLiteral("hello") }, { QStringLiteral("protocol"), 1 },
                      { QStringLiteral("token"), QString::fromLatin1(m_ana) } });
        QCOMPARE(frameType(reader.waitType(QStringLiteral("welcome"))), QStringLiteral("welcome"));
        reader.send({ { QStringLiteral("type"), QStringLiteral("subscribe") }, { QStringLiteral("stream"), m_stream } });
        const QJsonObject sub = reader.waitType(QStringLiteral("subscribed"));
        QCOMPARE(sub.value(QStringLiteral("mode")).toString(), QStringLiteral("live"));
        reader.setReadLimit(1024); // stops reading

        WsClient writer;
        QCOMPARE(frameType(writer.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        const QUrl metricsUrl = m_server.url().resolved(QUrl(QStringLiteral("/metrics")));
        const auto gauge = [&](const QByteArray &name) {
            const QByteArray body = httpRequest("GET", metricsUrl).body;
            for (const QByteArray &line : body.split('\n')) {
                if (line.startsWith(QByteArray(name + ' ')))
                    return line.mid(name.size() + 1).toLongLong();
            }
            return qint64(-1);
        };
        bool sawLagging = false;
        qint64 maxBuffered = 0;
        int written = 0;
        for (int round = 0; round < 10 && !sawLagging; ++round) {
            QVERIFY(writeCreates(writer, m_board, 500, QStringLiteral("s%1-").arg(round)));
            written += 500;
            maxBuffered = std::max(maxBuffered, gauge("tessera_ws_buffered_bytes"));
            sawLagging = gauge("tessera_ws_lagging_clients") > 0;
        }
        qDebug() << "created" << written << "items; lagging seen:" << sawLagging << "max buffered bytes:" << maxBuffered;
        QVERIFY(sawLagging);
        QVERIFY(maxBuffered <= 4194304);
        QVERIFY(gauge("tessera_ws_catchup_switches_total") > 0);
        // more commits while it is stalled, then it reads again and converges
        QVERIFY(writeCreates(writer, m_board, 500, QStringLiteral("z")));
        QVERIFY(write(writer, m_board, 100, 0, QStringLiteral("last")));
        maxBuffered = std::max(maxBuffered, gauge("tessera_ws_buffered_bytes"));
        QVERIFY(maxBuffered <= 4194304);
        reader.setReadLimit(0);
        const qint64 head = snapshot().value(QStringLiteral("seq")).toInteger();
        StreamTracker t(m_stream, sub.value(QStringLiteral("headSeq")).toInteger());
        QVERIFY2(reader.follow(t, head, 30000),
                 qPrintable(QStringLiteral("applied %1 of %2, gaps %3, closed %4, frames %5; lagging %6, buffered %7")
                                    .arg(t.applied).arg(head).arg(t.gaps).arg(reader.closed).arg(t.frames)
                                    .arg(gauge("tessera_ws_lagging_clients")).arg(gauge("tessera_ws_buffered_bytes"))
                                + reader.debugState() + QString::number(gauge("tessera_ws_subscriptions"))));
        QCOMPARE(t.gaps + t.duplicates, 0);
        QCOMPARE(titles(t.events).value(QStringLiteral("it0")), snapshotTitles().value(QStringLiteral("it0")));
        QTRY_COMPARE(gauge("tessera_ws_lagging_clients"), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestWsCatchup)
#include "tst_wscatchup.moc"
