// GET /api/v1/admin/connections: connected clients with their streams, board activity,
// admins only. A real SyncClient (ben) holds a live socket with a board open.
#include "support/syncharness.h"

#include <QJsonArray>

using namespace Tessera;
using namespace Tessera::Test;

class TstAdminStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsConnectionsAndBoardActivityForAdminsOnly()
    {
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        const QByteArray ana = httpToken(server, QStringLiteral("ana"));
        const QByteArray ben = httpToken(server, QStringLiteral("ben"));
        const QJsonArray boards = httpCall(server, "GET", QStringLiteral("/api/v1/boards"), ana).json().value(QStringLiteral("boards")).toArray();
        QCOMPARE(boards.size(), 1);
        const QString boardId = boards.first().toObject().value(QStringLiteral("id")).toString();

        Peer peer;
        Core::SyncClient *client = peer.make(server.url());
        QVERIFY(signIn(client, QStringLiteral("ben")));
        client->openBoard(boardId);
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), Core::SyncClient::State::Live, 10000);

        QCOMPARE(httpCall(server, "GET", QStringLiteral("/api/v1/admin/connections"), ben).status, 403);
        QCOMPARE(httpCall(server, "GET", QStringLiteral("/api/v1/admin/connections"), {}).status, 401);

        QJsonObject status;
        QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    status = httpCall(server, "GET", QStringLiteral("/api/v1/admin/connections"), ana).json();
                    const QJsonArray clients = status.value(QStringLiteral("clients")).toArray();
                    return clients.size() == 1
                            && clients.first().toObject().value(QStringLiteral("subscriptions")).toArray().contains(
                                    QStringLiteral("board:%1").arg(boardId));
                }(),
                10000);
        const QJsonObject c = status.value(QStringLiteral("clients")).toArray().first().toObject();
        QCOMPARE(c.value(QStringLiteral("user")).toString(), QStringLiteral("ben"));
        QCOMPARE(c.value(QStringLiteral("address")).toString(), QStringLiteral("127.0.0.1"));
        QVERIFY(QDateTime::fromString(c.value(QStringLiteral("since")).toString(), Qt::ISODateWithMs).isValid());

        const QJsonObject board = status.value(QStringLiteral("boards")).toArray().first().toObject();
        QCOMPARE(board.value(QStringLiteral("boardId")).toString(), boardId);
        QCOMPARE(board.value(QStringLiteral("name")).toString(), QStringLiteral("Product launch"));
        const qint64 head = qint64(board.value(QStringLiteral("headSeq")).toDouble());
        QVERIFY(head > 0);
        QCOMPARE(board.value(QStringLiteral("eventsLastHour")).toInt(), int(head)); // all seeded just now

        client->signOut();
        QTRY_VERIFY_WITH_TIMEOUT(httpCall(server, "GET", QStringLiteral("/api/v1/admin/connections"), ana)
                                         .json().value(QStringLiteral("clients")).toArray().isEmpty(), 10000);
    }
};

QTEST_GUILESS_MAIN(TstAdminStatus)
#include "tst_adminstatus.moc"
