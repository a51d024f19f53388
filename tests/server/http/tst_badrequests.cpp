// Bad input to the data-plane endpoints gets a clear JSON error with the right status,
// and the server keeps serving.
#include "support/boardclient.h"

#include <QTest>

using namespace Tessera::Test;

class TestBadRequests : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    BoardClient m_ana;
    QString m_board;

    void expectError(const HttpResult &r, int status, const QString &code, const QString &messageContains = {})
    {
        QVERIFY2(r.status == status, qPrintable(QStringLiteral("%1: %2").arg(r.status).arg(QString::fromUtf8(r.body))));
        const QJsonObject error = r.json().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), code);
        QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
        if (!messageContains.isEmpty())
            QVERIFY2(error.value(QStringLiteral("message")).toString().contains(messageContains), r.body.constData());
    }
    void expectReject(const HttpResult &r, int status, const QString &code)
    {
        QVERIFY2(r.status == status, r.body.constData());
        QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("reject"));
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), code);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.start());
        m_ana = BoardClient(&m_server, BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        m_board = m_ana.createBoard(QStringLiteral("B"));
        QVERIFY(!m_board.isEmpty());
    }

    void cleanup()
    {
        // After every bad request the server still answers.
        QCOMPARE(httpRequest("GET", m_ana.api(QStringLiteral("/api/v1/health"))).status, 200);
        QCOMPARE(m_ana.get(QStringLiteral("/api/v1/boards")).status, 200);
    }

    void malformedJson_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::addRow("empty") << QByteArray() << QStringLiteral("request.malformed");
        QTest::addRow("truncated") << QByteArrayLiteral("{\"mutationId\":") << QStringLiteral("request.malformed");
        QTest::addRow("array") << QByteArrayLiteral("[1,2]") << QStringLiteral("request.malformed");
        QTest::addRow("garbage") << QByteArrayLiteral("\xff\xfe not json") << QStringLiteral("request.malformed");
        QByteArray deep;
        for (int i = 0; i < 40; ++i)
            deep += "{\"a\":";
        deep += "1";
        for (int i = 0; i < 40; ++i)
            deep += "}";
        QTest::addRow("too deep") << deep << QStringLiteral("request.too_deep");
    }

    void malformedJson()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        expectError(m_ana.postRaw(QStringLiteral("/api/v1/mutations"), body), 400, code);
        expectError(m_ana.postRaw(QStringLiteral("/api/v1/boards"), body), 400, code);
        expectError(m_ana.postRaw(QStringLiteral("/api/v1/inbox/read"), body), 400, code);
    }

    void oversizedBody()
    {
        const QByteArray big = "{\"name\":\"" + QByteArray(2 * 1024 * 1024, 'x') + "\"}";
        expectError(m_ana.postRaw(QStringLiteral("/api/v1/mutations"), big), 413, QStringLiteral("request.too_large"));
        expectError(m_ana.postRaw(QStringLiteral("/api/v1/boards"), big), 413, QStringLiteral("request.too_large"));
    }

    void wrongTypes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::addRow("mutationId number") << QByteArrayLiteral("{\"mutationId\":1,\"board\":\"b\",\"op\":{\"kind\":\"item.delete\",\"itemId\":\"i\"}}") << QStringLiteral("mutationId");
        QTest::addRow("op missing") << QByteArrayLiteral("{\"mutationId\":\"m\",\"board\":\"b\"}") << QStringLiteral("op");
        QTest::addRow("unknown kind") << QByteArrayLiteral("{\"mutationId\":\"m\",\"board\":\"b\",\"op\":{\"kind\":\"item.explode\"}}") << QStringLiteral("kind");
        QTest::addRow("fields not object") << QByteArrayLiteral("{\"mutationId\":\"m\",\"board\":\"b\",\"op\":{\"kind\":\"item.update\",\"itemId\":\"i\",\"fields\":[1]}}") << QStringLiteral("fields");
        QTest::addRow("base not number") << QByteArrayLiteral("{\"mutationId\":\"m\",\"board\":\"b\",\"op\":{\"kind\":\"item.update\",\"itemId\":\"i\",\"fields\":{\"title\":\"a\"},\"base\":{\"title\":\"x\"}}}") << QStringLiteral("base");
    }

    void wrongTypes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const HttpResult r = m_ana.postRaw(QStringLiteral("/api/v1/mutations"), body);
        QCOMPARE(r.status, 400);
        const QString code = r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
        QVERIFY2(code.startsWith(QLatin1String("request.")), r.body.constData());
        QVERIFY2(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(field), r.body.constData());
    }

    void badBoardCreation()
    {
        expectError(m_ana.post(QStringLiteral("/api/v1/boards"), {}), 400, QStringLiteral("request.invalid_field"), QStringLiteral("name"));
        expectError(m_ana.post(QStringLiteral("/api/v1/boards"), { { QStringLiteral("name"), 5 } }), 400, QStringLiteral("request.invalid_field"), QStringLiteral("name"));
        expectError(m_ana.post(QStringLiteral("/api/v1/boards"), { { QStringLiteral("name"), QStringLiteral("   ") } }), 400, QStringLiteral("request.invalid_field"), QStringLiteral("name"));
        expectError(m_ana.post(QStringLiteral("/api/v1/boards"), { { QStringLiteral("name"), QString(513, QLatin1Char('x')) } }), 400, QStringLiteral("request.invalid_field"), QStringLiteral("name"));
        expectError(m_ana.post(QStringLiteral("/api/v1/boards"), { { QStringLiteral("name"), QStringLiteral("x") }, { QStringLiteral("columns"), QJsonArray { 1 } } }),
                    400, QStringLiteral("request.invalid_field"), QStringLiteral("columns"));
    }

    void unknownIds()
    {
        expectReject(m_ana.mutate(QStringLiteral("no-such-board"), op("board.update", { { QStringLiteral("name"), QStringLiteral("x") } })), 404, QStringLiteral("not_found"));
        expectReject(m_ana.mutate(m_board, op("item.delete", { { QStringLiteral("itemId"), QStringLiteral("nope") } })), 404, QStringLiteral("not_found"));
        expectReject(m_ana.mutate(m_board, op("comment.edit", { { QStringLiteral("commentId"), QStringLiteral("nope") }, { QStringLiteral("body"), QStringLiteral("b") } })), 404, QStringLiteral("not_found"));
        expectReject(m_ana.mutate(m_board, op("member.add", { { QStringLiteral("userId"), QStringLiteral("nobody") }, { QStringLiteral("role"), QStringLiteral("viewer") } })), 404, QStringLiteral("not_found"));
        expectReject(m_ana.mutate(m_board, op("item.create", { { QStringLiteral("itemId"), QStringLiteral("i") }, { QStringLiteral("fields"), QJsonObject { { QStringLiteral("nocolumn"), 1 } } }, { QStringLiteral("rank"), QStringLiteral("U") } })), 404, QStringLiteral("not_found"));
        expectReject(m_ana.mutate(m_board, op("item.create", { { QStringLiteral("itemId"), QStringLiteral("i") }, { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("bogus") } } }, { QStringLiteral("rank"), QStringLiteral("U") } })), 422, QStringLiteral("invalid"));
        expectError(m_ana.get(QStringLiteral("/api/v1/boards/nope/snapshot")), 404, QStringLiteral("not_found"));
        expectError(m_ana.get(QStringLiteral("/api/v1/boards/nope/digest")), 404, QStringLiteral("not_found"));
        expectError(m_ana.get(QStringLiteral("/api/v1/streams/board:nope/changes?sinceSeq=0")), 404, QStringLiteral("not_found"));
    }

    void badQueryParameters()
    {
        const QString stream = QStringLiteral("/api/v1/streams/board:%1/changes").arg(m_board);
        expectError(m_ana.get(stream + QStringLiteral("?sinceSeq=abc")), 400, QStringLiteral("request.invalid_field"), QStringLiteral("sinceSeq"));
        expectError(m_ana.get(stream + QStringLiteral("?sinceSeq=-1")), 400, QStringLiteral("request.invalid_field"), QStringLiteral("sinceSeq"));
        expectError(m_ana.get(stream + QStringLiteral("?sinceSeq=0&limit=0")), 400, QStringLiteral("request.invalid_field"), QStringLiteral("limit"));
        expectError(m_ana.get(QStringLiteral("/api/v1/streams/weird/changes?sinceSeq=0")), 400, QStringLiteral("request.invalid_field"), QStringLiteral("stream"));
        expectError(m_ana.get(QStringLiteral("/api/v1/sync/heads?streams=board:%1,bogus").arg(m_board)), 400, QStringLiteral("request.invalid_field"), QStringLiteral("streams"));
        expectError(m_ana.get(QStringLiteral("/api/v1/inbox?limit=x")), 400, QStringLiteral("request.invalid_field"), QStringLiteral("limit"));
        expectError(m_ana.post(QStringLiteral("/api/v1/inbox/read"), {}), 400, QStringLiteral("request.invalid_field"), QStringLiteral("ids"));
        expectError(m_ana.post(QStringLiteral("/api/v1/inbox/read"), { { QStringLiteral("ids"), QStringLiteral("x") } }), 400, QStringLiteral("request.invalid_field"), QStringLiteral("ids"));
        // A huge limit is capped, not refused.
        QCOMPARE(m_ana.get(stream + QStringLiteral("?sinceSeq=0&limit=999999")).status, 200);
    }

    void badToken()
    {
        const BoardClient stranger(&m_server, QByteArrayLiteral("not-a-token"));
        expectError(stranger.mutate(m_board, op("board.update", { { QStringLiteral("name"), QStringLiteral("x") } })), 401, QStringLiteral("auth.invalid_token"));
    }
};

QTEST_GUILESS_MAIN(TestBadRequests)
#include "tst_badrequests.moc"
