// Larger catch-up batches on request (subscribe's replayBatchMax, issue #14) against the real
// server: a client that asks for 2,000 events a batch gets batches of 2,000 after a short
// ramp from a small first page; one that asks for 1,000,000 gets the server's limit (5,000);
// one that asks for nothing gets the protocol's 500 as before; a replayBatchMax that is not
// a positive integer gets an error frame that names it, and the connection stays usable.
#include "support/wsclient.h"

#include <algorithm>

using namespace Tessera::Test;

namespace {

constexpr int Missed = 12000; // more than two batches at the server's limit
constexpr int OpsPerCommand = 1000;

struct Replay
{
    QJsonObject subscribed;
    QList<qint64> sizes; // seqs covered by each batch, in order of arrival
    qint64 applied = 0;
    int gaps = 0;
    bool caughtUp = false;
};

} // namespace

class TestWsReplayBatch : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    QByteArray m_ana;
    QString m_board, m_stream, m_epoch;
    qint64 m_from = 0, m_head = 0;

    // Subscribes from m_from (with `replayBatchMax` unless it is null) and follows the replay
    // to the head, noting each batch's size.
    Replay replay(const QJsonValue &replayBatchMax)
    {
        Replay r;
        WsClient c;
        if (frameType(c.connectAs(m_server.url(), m_ana)) != QLatin1String("welcome"))
            return r;
        QJsonObject sub { { QStringLiteral("type"), QStringLiteral("subscribe") }, { QStringLiteral("stream"), m_stream },
                          { QStringLiteral("sinceSeq"), double(m_from) }, { QStringLiteral("epoch"), m_epoch } };
        if (!replayBatchMax.isNull())
            sub.insert(QStringLiteral("replayBatchMax"), replayBatchMax);
        r.subscribed = c.request(sub);
        r.applied = m_from;
        r.caughtUp = QTest::qWaitFor([&] {
            for (const QJsonObject &f : c.frames()) {
                if (frameType(f) != QLatin1String("batch"))
                    continue;
                const qint64 from = f.value(QStringLiteral("fromSeq")).toInteger();
                const qint64 to = f.value(QStringLiteral("toSeq")).toInteger();
                r.gaps += from == r.applied + 1 ? 0 : 1;
                r.sizes.append(to - from + 1);
                r.applied = to;
            }
            c.frames().clear();
            return r.applied >= m_head;
        }, 60000);
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("TESSERA_HTTP_MUTATIONS_PER_SECOND", "1000000");
        qputenv("TESSERA_HTTP_MUTATION_BURST", "1000000");
        QVERIFY(m_server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.start());
        m_ana = BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass"));
        BoardClient ana(&m_server, m_ana);
        m_board = ana.createBoard(QStringLiteral("Replay batches"));
        QVERIFY(!m_board.isEmpty());
        m_stream = QStringLiteral("board:") + m_board;
        {
            WsClient c;
            QCOMPARE(frameType(c.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
            const QJsonObject sub = c.subscribe(m_stream);
            m_from = sub.value(QStringLiteral("headSeq")).toInteger();
            m_epoch = sub.value(QStringLiteral("epoch")).toString();
        }
        for (int c = 0; c < Missed / OpsPerCommand; ++c) {
            QJsonArray ops;
            for (int j = 0; j < OpsPerCommand; ++j) {
                const int i = c * OpsPerCommand + j;
                ops.append(op("item.create", { { QStringLiteral("itemId"), QStringLiteral("rb%1").arg(i) },
                                               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("missed %1").arg(i) } } },
                                               { QStringLiteral("rank"), QStringLiteral("V%1V").arg(i, 6, 10, QLatin1Char('0')) } }));
            }
            const HttpResult r = ana.post(QStringLiteral("/api/v1/mutations"),
                                          { { QStringLiteral("mutationId"), newId() }, { QStringLiteral("board"), m_board },
                                            { QStringLiteral("ops"), ops } });
            QCOMPARE(r.status, 200);
        }
        m_head = m_from + Missed;
    }

    void replayBatchMax_data()
    {
        QTest::addColumn<QJsonValue>("asked");
        QTest::addColumn<qint64>("granted"); // -1: the reply has no replayBatchMax
        QTest::addColumn<qint64>("largest");
        QTest::newRow("2,000 a batch") << QJsonValue(2000) << qint64(2000) << qint64(2000);
        QTest::newRow("1,000,000: the server's limit") << QJsonValue(1000000) << qint64(5000) << qint64(5000);
        QTest::newRow("nothing asked: 500 as before") << QJsonValue() << qint64(-1) << qint64(500);
    }

    void replayBatchMax()
    {
        QFETCH(QJsonValue, asked);
        QFETCH(qint64, granted);
        QFETCH(qint64, largest);
        const Replay r = replay(asked);
        QCOMPARE(r.subscribed.value(QStringLiteral("mode")).toString(), QStringLiteral("replay"));
        if (granted < 0)
            QVERIFY(!r.subscribed.contains(QStringLiteral("replayBatchMax")));
        else
            QCOMPARE(r.subscribed.value(QStringLiteral("replayBatchMax")).toInteger(), granted);
        QVERIFY(r.caughtUp);
        QCOMPARE(r.applied, m_head);
        QCOMPARE(r.gaps, 0);
        // A small first page, then doubling up to the granted size, and full batches from there on.
        QCOMPARE(r.sizes.value(0), qint64(100));
        QCOMPARE(*std::max_element(r.sizes.begin(), r.sizes.end()), largest);
        const qsizetype full = std::count(r.sizes.begin(), r.sizes.end(), largest);
        QVERIFY2(full >= (Missed - 2 * largest) / largest, qPrintable(QStringLiteral("%1 full batches").arg(full)));
        for (qsizetype i = 1; i + 1 < r.sizes.size(); ++i)
            QVERIFY2(r.sizes[i] == std::min(largest, r.sizes[i - 1] * 2), qPrintable(QStringLiteral("batch %1").arg(i)));
    }

    void wrongReplayBatchMaxIsNamed_data()
    {
        QTest::addColumn<QJsonValue>("asked");
        QTest::addColumn<QString>("says");
        QTest::newRow("text") << QJsonValue(QStringLiteral("lots")) << QStringLiteral("must be a number");
        QTest::newRow("zero") << QJsonValue(0) << QStringLiteral("must be between 1");
        QTest::newRow("fraction") << QJsonValue(2.5) << QStringLiteral("must be an integer");
    }

    void wrongReplayBatchMaxIsNamed()
    {
        QFETCH(QJsonValue, asked);
        QFETCH(QString, says);
        WsClient c;
        QCOMPARE(frameType(c.connectAs(m_server.url(), m_ana)), QStringLiteral("welcome"));
        const QJsonObject error = c.request({ { QStringLiteral("type"), QStringLiteral("subscribe") },
                                              { QStringLiteral("stream"), m_stream },
                                              { QStringLiteral("sinceSeq"), double(m_from) },
                                              { QStringLiteral("replayBatchMax"), asked } });
        QCOMPARE(frameType(error), QStringLiteral("error"));
        const QString message = error.value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QStringLiteral("replayBatchMax")) && message.contains(says), qPrintable(message));
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("request.invalid_field"));
        // Nothing was subscribed, and the connection is still usable.
        QCOMPARE(c.subscribe(m_stream).value(QStringLiteral("mode")).toString(), QStringLiteral("live"));
    }
};

QTEST_GUILESS_MAIN(TestWsReplayBatch)
#include "tst_wsreplaybatch.moc"
