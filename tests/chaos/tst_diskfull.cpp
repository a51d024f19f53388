// Disk full: the server's data dir is a tiny tmpfs in a private mount namespace
// (`unshare -m` as root, `unshare -rm` otherwise; skipped where neither is permitted).
// The test fills it through /proc/<pid>/root: commands then fail without an ack and store
// nothing, the server stays up, and once space returns commands succeed again.
#include "support/chaosharness.h"

#include "support/wsclient.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>

#include <unistd.h>

using namespace Tessera::Test;

class TestDiskFull : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commandsFailWithoutAckAndRecover()
    {
        QTemporaryDir data;
        QProcess server;
        server.setProcessChannelMode(QProcess::SeparateChannels);
        const QString script = QStringLiteral("mount -t tmpfs -o size=4m tmpfs \"$1\" && exec \"$2\" --data \"$1\" --listen 127.0.0.1:0 --demo --min-free-disk-mb 1");
        server.start(QStringLiteral("unshare"), { geteuid() == 0 ? QStringLiteral("-m") : QStringLiteral("-rm"), QStringLiteral("--propagation"),
                                                   QStringLiteral("private"), QStringLiteral("sh"), QStringLiteral("-c"), script,
                                                   QStringLiteral("sh"), data.path(), ServerProcess::binary() });
        if (!server.waitForStarted(10000))
            QSKIP("unshare is not available: cannot put the data dir on a private tmpfs");
        QString out;
        static const QRegularExpression listening(QStringLiteral("listening on (\\S+)"));
        QUrl url;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     out += QString::fromUtf8(server.readAllStandardOutput());
                                     const auto m = listening.match(out);
                                     if (m.hasMatch())
                                         url = QUrl(m.captured(1));
                                     return m.hasMatch() || server.state() == QProcess::NotRunning;
                                 }()),
                                 20000);
        if (!url.isValid()) {
            const QString err = QString::fromUtf8(server.readAllStandardError());
            QSKIP(qPrintable(QStringLiteral("a private mount namespace with a tmpfs is not permitted here: ") + err.trimmed()));
        }
        const QString root = QStringLiteral("/proc/%1/root%2").arg(server.processId()).arg(data.path());
        QVERIFY2(QFile::exists(root + QStringLiteral("/tessera.sqlite")) || !QDir(root).entryList(QDir::Files).isEmpty(),
                 qPrintable(QStringLiteral("cannot see the server's data dir at ") + root));

        const QByteArray login = QJsonDocument(QJsonObject { { QStringLiteral("login"), QStringLiteral("ana") },
                                                             { QStringLiteral("password"), DemoPassword } })
                                         .toJson(QJsonDocument::Compact);
        const QByteArray token = httpRequest("POST", url.resolved(QUrl(QStringLiteral("/api/v1/login"))), login)
                                         .json().value(QStringLiteral("token")).toString().toLatin1();
        const QJsonObject boards = httpRequest("GET", url.resolved(QUrl(QStringLiteral("/api/v1/boards"))), {}, token).json();
        const QString boardId = boards.value(QStringLiteral("boards")).toArray().first().toObject().value(QStringLiteral("id")).toString();
        QVERIFY(!boardId.isEmpty());
        WsClient writer;
        QCOMPARE(frameType(writer.connectAs(url, token)), QStringLiteral("welcome"));
        const QString item = httpRequest("GET", url.resolved(QUrl(QStringLiteral("/api/v1/boards/%1/snapshot").arg(boardId))), {}, token)
                                     .json().value(QStringLiteral("items")).toArray().first().toObject().value(QStringLiteral("id")).toString();
        const QString body(60000, QLatin1Char('z'));
        const auto comment = [&](const QString &mutationId) {
            return writer.mutate(boardId, op("comment.create", { { QStringLiteral("itemId"), item }, { QStringLiteral("commentId"), newId() },
                                                                 { QStringLiteral("body"), body } }), mutationId);
        };
        QCOMPARE(frameType(comment(newId())), QStringLiteral("ack"));

        // Fill the disk.
        QFile filler(root + QStringLiteral("/filler"));
        QVERIFY(filler.open(QIODevice::WriteOnly));
        const QByteArray chunk(64 * 1024, 'f');
        for (int i = 0; i < 1024 && filler.write(chunk) == chunk.size() && filler.flush(); ++i) { }
        filler.close();

        QStringList failed, ackedWhileFull;
        for (int i = 0; i < 6; ++i) {
            const QString id = newId();
            const QJsonObject reply = comment(id);
            QVERIFY2(!reply.isEmpty(), "no answer while the disk is full");
            (frameType(reply) == QLatin1String("ack") ? ackedWhileFull : failed).append(id);
        }
        qInfo("disk full: %lld commands failed, %lld acked (into space SQLite had already)", qint64(failed.size()), qint64(ackedWhileFull.size()));
        QVERIFY(!failed.isEmpty());
        QCOMPARE(server.state(), QProcess::Running);
        // Health says so, in words (and monitoring sees a 503).
        const HttpResult full = httpRequest("GET", url.resolved(QUrl(QStringLiteral("/api/v1/health"))));
        QCOMPARE(full.status, 503);
        QCOMPARE(full.json().value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
        const QString reasons = full.json().value(QStringLiteral("reasons")).toVariant().toStringList().join(QLatin1Char('\n'));
        QVERIFY2(reasons.contains(QStringLiteral("the last database write failed")), qPrintable(reasons));
        QVERIFY2(reasons.contains(QStringLiteral("less than the 1 MB minimum")), qPrintable(reasons));

        // Space returns.
        QVERIFY(QFile::remove(root + QStringLiteral("/filler")));
        QCOMPARE(frameType(comment(newId())), QStringLiteral("ack"));
        const HttpResult recovered = httpRequest("GET", url.resolved(QUrl(QStringLiteral("/api/v1/health"))));
        QCOMPARE(recovered.status, 200);
        QCOMPARE(recovered.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        const QJsonObject retried = comment(failed.first()); // a failed command stored nothing: its retry is new
        QCOMPARE(frameType(retried), QStringLiteral("ack"));
        QCOMPARE(retried.value(QStringLiteral("duplicate")).toBool(), false);

        // No failed command left a trace in the log; every acked one is there once.
        QHash<QString, int> counts;
        const QJsonArray events = httpRequest("GET", url.resolved(QUrl(QStringLiteral("/api/v1/streams/board:%1/changes?sinceSeq=0&limit=5000").arg(boardId))), {}, token)
                                          .json().value(QStringLiteral("events")).toArray();
        for (const QJsonValue &v : events)
            ++counts[v.toObject().value(QStringLiteral("mutationId")).toString()];
        for (qsizetype i = 1; i < failed.size(); ++i)
            QCOMPARE(counts.value(failed.at(i)), 0);
        QCOMPARE(counts.value(failed.first()), 1);
        for (const QString &id : std::as_const(ackedWhileFull))
            QCOMPARE(counts.value(id), 1);
        server.terminate();
        server.waitForFinished(10000);
    }
};

QTEST_GUILESS_MAIN(TestDiskFull)
#include "tst_diskfull.moc"
