// Sleep: a client process (tessera-sleepyclient) is stopped with SIGSTOP while others
// write, then continued: it notices that it was away (a heads check) and catches up to
// the server's digest.
#include "support/chaosharness.h"

#include "support/wsclient.h"

#include <QProcess>

#include <signal.h>

using namespace Tessera::Test;

class TestSleep : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stoppedProcessWakesAndCatchesUp()
    {
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        const QByteArray token = httpToken(server, QStringLiteral("ana"));
        const QString boardId = firstBoardId(server, token);
        QTemporaryDir cache;
        QProcess sleepy;
        QString out;
        connect(&sleepy, &QProcess::readyReadStandardOutput, this, [&] { out += QString::fromUtf8(sleepy.readAllStandardOutput()); });
        sleepy.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        sleepy.start(QStringLiteral(TESSERA_SLEEPYCLIENT), { server.url().toString(), cache.path(), QStringLiteral("ben"), boardId });
        QVERIFY(sleepy.waitForStarted(10000));
        const auto lastSeqLine = [&] {
            const QStringList lines = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            for (qsizetype i = lines.size() - 1; i >= 0; --i) {
                if (lines.at(i).startsWith(QLatin1String("seq ")))
                    return lines.at(i);
            }
            return QString();
        };
        const auto expected = [&] {
            return QStringLiteral("seq %1 %2").arg(serverHead(server, token, boardId)).arg(serverDigest(server, token, boardId));
        };
        QTRY_VERIFY_WITH_TIMEOUT(out.contains(QLatin1String("state live")), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(lastSeqLine(), expected(), 20000);

        WsClient writer;
        QCOMPARE(frameType(writer.connectAs(server.url(), token)), QStringLiteral("welcome"));
        const QString item = httpCall(server, "GET", QStringLiteral("/api/v1/boards/%1/snapshot").arg(boardId), token)
                                     .json().value(QStringLiteral("items")).toArray().first().toObject().value(QStringLiteral("id")).toString();
        const qint64 pid = sleepy.processId();
        QCOMPARE(::kill(pid_t(pid), SIGSTOP), 0);
        const int awayMs = chaosLong() ? 60000 : 20000;
        const int writes = 40;
        for (int i = 0; i < writes; ++i) {
            const QJsonObject ack = writer.mutate(boardId, op("item.update", { { QStringLiteral("itemId"), item },
                                                                                { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("while asleep %1").arg(i) } } } }));
            QCOMPARE(frameType(ack), QStringLiteral("ack"));
            letTimePass(awayMs / writes); // the client being away for this long is the point
        }
        const QString before = out;
        QCOMPARE(::kill(pid_t(pid), SIGCONT), 0);
        QTRY_VERIFY_WITH_TIMEOUT(out.mid(before.size()).contains(QLatin1String("wake")), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(lastSeqLine(), expected(), 20000);
        qInfo("sleepy client after SIGCONT:\n%s", qPrintable(out.mid(before.size())));
        sleepy.kill();
        sleepy.waitForFinished(5000);
    }
};

QTEST_GUILESS_MAIN(TestSleep)
#include "tst_sleep.moc"
