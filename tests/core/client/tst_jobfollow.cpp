// A background job's progress reaches the app over its live socket: SyncClient::followJob
// subscribes to the job's `job:<id>` stream on the real server and every progress change
// comes out as jobProgressed(), up to the end of the job; an unfollowed job sends nothing.
#include "support/syncharness.h"

using namespace Tessera::Core;
using namespace Tessera::Test;

class TestJobFollow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importProgressArrivesOverTheSocket()
    {
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        Peer ana;
        SyncClient *sync = ana.make(server.url());
        QVERIFY(signIn(sync, QStringLiteral("ana")));
        QTRY_VERIFY_WITH_TIMEOUT(!sync->boards().isEmpty() && sync->state() == SyncClient::State::Live, 15000);
        const QString boardId = sync->boards().constFirst().board.id;

        QByteArray csv = "Title\r\n";
        const int rows = 3000;
        for (int i = 0; i < rows; ++i)
            csv += "Imported " + QByteArray::number(i) + "\r\n";
        const QByteArray token = httpToken(server, QStringLiteral("ana"));
        const HttpResult accepted = httpRequest(
                "POST", server.url().resolved(QUrl(QStringLiteral("/api/v1/boards/%1/imports").arg(boardId))), csv, token);
        QCOMPARE(accepted.status, 202);
        const QString jobId = accepted.json().value(QStringLiteral("job")).toObject().value(QStringLiteral("id")).toString();
        QVERIFY(!jobId.isEmpty());

        QSignalSpy progress(sync, &SyncClient::jobProgressed);
        sync->followJob(jobId);
        const auto lastState = [&progress] {
            return progress.isEmpty() ? QString()
                                      : progress.constLast().at(0).toJsonObject().value(QStringLiteral("state")).toString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(lastState() == QLatin1String("done"), 60000);
        const QJsonObject last = progress.constLast().at(0).toJsonObject();
        QCOMPARE(last.value(QStringLiteral("id")).toString(), jobId);
        QCOMPARE(last.value(QStringLiteral("imported")).toInteger(), rows);
        QCOMPARE(last.value(QStringLiteral("done")).toInteger(), last.value(QStringLiteral("total")).toInteger());
        // Frames only for the job followed, never for others.
        for (const QList<QVariant> &frame : std::as_const(progress))
            QCOMPARE(frame.at(0).toJsonObject().value(QStringLiteral("id")).toString(), jobId);

        // Unfollowed: a second import's progress does not come.
        sync->unfollowJob(jobId);
        const int seen = int(progress.size());
        const HttpResult second = httpRequest(
                "POST", server.url().resolved(QUrl(QStringLiteral("/api/v1/boards/%1/imports").arg(boardId))),
                "Title\r\nOne more\r\n", token);
        QCOMPARE(second.status, 202);
        const QString secondId = second.json().value(QStringLiteral("job")).toObject().value(QStringLiteral("id")).toString();
        QTRY_COMPARE_WITH_TIMEOUT(httpCall(server, "GET", QStringLiteral("/api/v1/jobs/%1").arg(secondId), token)
                                          .json()
                                          .value(QStringLiteral("job"))
                                          .toObject()
                                          .value(QStringLiteral("state"))
                                          .toString(),
                                  QStringLiteral("done"), 15000);
        QCOMPARE(int(progress.size()), seen);
    }
};

QTEST_GUILESS_MAIN(TestJobFollow)
#include "tst_jobfollow.moc"
