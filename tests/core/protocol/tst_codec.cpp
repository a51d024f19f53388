#include "core/protocol/limits.h"
#include "core/protocol/messages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Tessera::Core;

namespace {

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

QByteArray bytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clientRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("hello") << QByteArray(R"({"type":"hello","protocol":1,"token":"abc"})");
        QTest::newRow("subscribe live") << QByteArray(R"({"type":"subscribe","rid":1,"stream":"board:b1"})");
        QTest::newRow("subscribe since") << QByteArray(R"({"type":"subscribe","rid":2,"stream":"board:b1","sinceSeq":41,"epoch":"e1"})");
        QTest::newRow("subscribe inbox") << QByteArray(R"({"type":"subscribe","rid":3,"stream":"inbox","sinceSeq":0})");
        QTest::newRow("subscribe replay batch") << QByteArray(R"({"type":"subscribe","rid":4,"stream":"board:b1","sinceSeq":41,"epoch":"e1","replayBatchMax":2000})");
        QTest::newRow("unsubscribe") << QByteArray(R"({"type":"unsubscribe","stream":"item:i1"})");
        QTest::newRow("presence") << QByteArray(R"({"type":"presence","board":"b1","itemId":"i1","state":"editing","field":"title"})");
        QTest::newRow("heads") << QByteArray(R"({"type":"heads","rid":9,"streams":["board:b1","inbox"]})");
        const char *ops[] = {
            R"({"kind":"item.create","itemId":"i1","fields":{"title":"Hi","done":false},"rank":"V"})",
            R"({"kind":"item.update","itemId":"i1","fields":{"title":"Hey"},"base":{"title":3}})",
            R"({"kind":"item.move","itemId":"i1","rank":"W","fields":{"status":"done"},"base":{"status":4}})",
            R"({"kind":"item.delete","itemId":"i1"})",
            R"({"kind":"comment.create","itemId":"i1","commentId":"c1","body":"hi @ben"})",
            R"({"kind":"comment.edit","commentId":"c1","body":"hello"})",
            R"({"kind":"comment.delete","commentId":"c1"})",
            R"({"kind":"column.create","columnId":"prio","name":"Priority","type":"status","options":[{"id":"hi","label":"High","color":"#ff0000"}]})",
            R"({"kind":"column.update","columnId":"prio","name":"Prio"})",
            R"({"kind":"column.delete","columnId":"prio"})",
            R"({"kind":"board.update","name":"Roadmap","description":"Q3"})",
            R"({"kind":"member.add","userId":"u2","role":"editor"})",
            R"({"kind":"member.remove","userId":"u2"})",
            R"({"kind":"attachment.add","attachmentId":"a1","itemId":"i1","uploadId":"up1","name":"spec v2.pdf","size":2048,"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","contentType":"application/pdf"})",
            R"({"kind":"attachment.remove","attachmentId":"a1"})",
        };
        for (const char *op : ops) {
            QJsonObject m { { QStringLiteral("type"), QStringLiteral("mutate") }, { QStringLiteral("rid"), 5 },
                            { QStringLiteral("mutationId"), QStringLiteral("m-1") }, { QStringLiteral("board"), QStringLiteral("b1") },
                            { QStringLiteral("op"), obj(op) } };
            QTest::newRow(qPrintable(QStringLiteral("mutate ") + obj(op).value(QStringLiteral("kind")).toString())) << bytes(m);
        }
    }
    void clientRoundTrip()
    {
        QFETCH(QByteArray, json);
        const auto decoded = ClientMessage::decode(json);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
        QCOMPARE(decoded->toJson(), QJsonDocument::fromJson(json).object());
        const auto again = ClientMessage::decode(decoded->encode());
        QVERIFY(again.ok());
        QCOMPARE(again.value(), decoded.value());
    }

    void serverRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("welcome") << QByteArray(R"({"type":"welcome","protocol":1,"user":{"id":"u1","login":"ana","displayName":"Ana"},"limits":{"maxMessageBytes":262144,"batchWindowMs":5}})");
        QTest::newRow("error") << QByteArray(R"({"type":"error","rid":1,"code":"stream.forbidden","message":"no"})");
        QTest::newRow("subscribed") << QByteArray(R"({"type":"subscribed","rid":1,"stream":"inbox","epoch":"e","headSeq":7,"mode":"replay","unread":2})");
        QTest::newRow("subscribed replay batch") << QByteArray(R"({"type":"subscribed","rid":2,"stream":"board:b1","epoch":"e","headSeq":7,"mode":"replay","replayBatchMax":5000})");
        QTest::newRow("ack") << QByteArray(R"({"type":"ack","rid":4,"mutationId":"m1","seq":12,"duplicate":true})");
        QTest::newRow("reject") << QByteArray(R"({"type":"reject","rid":4,"mutationId":"m1","code":"conflict","message":"x","current":{"id":"i1","fields":{"title":"a"},"versions":{"title":3},"rank":"V"}})");
        QTest::newRow("presence") << QByteArray(R"({"type":"presence","stream":"board:b1","users":[{"userId":"u1","state":"viewing","itemId":"i1"}]})");
        QTest::newRow("presence.delta") << QByteArray(R"({"type":"presence.delta","stream":"board:b1","joined":[{"userId":"u2","state":"editing","field":"title"}],"changed":[],"left":["u3"]})");
        QTest::newRow("heads") << QByteArray(R"({"type":"heads","rid":2,"heads":{"board:b1":10,"inbox":3}})");
        QTest::newRow("unsubscribed") << QByteArray(R"({"type":"unsubscribed","stream":"board:b1"})");
        QTest::newRow("job") << QByteArray(R"({"type":"job","stream":"job:j1","job":{"id":"j1","kind":"import","board":"b1","owner":"u1","state":"running","total":10,"done":5,"imported":4,"failed":1,"ratePerSecond":2.5,"etaSeconds":2,"createdAt":"t","updatedAt":"t2"}})");
        QTest::newRow("subscribed job") << QByteArray(R"({"type":"subscribed","rid":3,"stream":"job:j1","epoch":"e","headSeq":0,"mode":"live"})");
        const char *events[] = {
            R"({"seq":1,"kind":"item.created","actor":"u1","mutationId":"m1","at":"2026-01-01T00:00:00.000Z","item":{"id":"i1","fields":{"title":"a"},"versions":{"title":1},"rank":"V","createdBy":"u1","createdAt":"2026-01-01T00:00:00.000Z"}})",
            R"({"seq":2,"kind":"item.updated","actor":"u1","at":"t","itemId":"i1","fields":{"title":"b"},"versions":{"title":2}})",
            R"({"seq":3,"kind":"item.moved","actor":"u1","at":"t","itemId":"i1","rank":"W"})",
            R"({"seq":4,"kind":"item.deleted","actor":"u1","at":"t","itemId":"i1"})",
            R"({"seq":5,"kind":"column.created","actor":"u1","at":"t","column":{"id":"n","name":"N","type":"number"}})",
            R"({"seq":6,"kind":"column.updated","actor":"u1","at":"t","column":{"id":"n","name":"Num","type":"number"}})",
            R"({"seq":7,"kind":"column.deleted","actor":"u1","at":"t","columnId":"n"})",
            R"({"seq":8,"kind":"board.updated","actor":"u1","at":"t","board":{"id":"b1","name":"B","description":""}})",
            R"({"seq":9,"kind":"member.added","actor":"u1","at":"t","member":{"userId":"u2","role":"viewer","login":"ben"}})",
            R"({"seq":10,"kind":"member.removed","actor":"u1","at":"t","userId":"u2"})",
            R"({"seq":11,"kind":"comment.created","actor":"u1","at":"t","comment":{"id":"c1","itemId":"i1","author":"u1","body":"hi","mentions":["u2"],"createdAt":"t"}})",
            R"({"seq":12,"kind":"comment.edited","actor":"u1","at":"t","comment":{"id":"c1","itemId":"i1","author":"u1","body":"ho","mentions":[],"createdAt":"t","editedAt":"t2"}})",
            R"({"seq":13,"kind":"comment.deleted","actor":"u1","at":"t","comment":{"id":"c1","itemId":"i1","author":"u1","body":"ho","mentions":[],"createdAt":"t"}})",
            R"({"seq":14,"kind":"notification.created","actor":"u1","at":"t","notification":{"id":"n1","seq":14,"kind":"mention","boardId":"b1","itemId":"i1","commentId":"c1","actor":"u1","text":"Ana mentioned you","at":"t","read":false}})",
            R"({"seq":15,"kind":"notification.read","actor":"u1","at":"t","ids":["n1"]})",
            R"({"seq":16,"kind":"attachment.added","actor":"u2","at":"t","attachment":{"id":"a1","itemId":"i1","name":"spec.pdf","size":2048,"contentType":"application/pdf","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","uploadedBy":"u2","uploadedAt":"t"}})",
            R"({"seq":17,"kind":"attachment.removed","actor":"u1","at":"t","attachmentId":"a1","itemId":"i1","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"})",
        };
        for (const char *e : events) {
            const QJsonObject event = obj(e);
            const qint64 seq = qint64(event.value(QStringLiteral("seq")).toDouble());
            QJsonObject batch { { QStringLiteral("type"), QStringLiteral("batch") }, { QStringLiteral("stream"), QStringLiteral("board:b1") },
                                { QStringLiteral("fromSeq"), double(seq) }, { QStringLiteral("toSeq"), double(seq) },
                                { QStringLiteral("events"), QJsonArray { event } } };
            QTest::newRow(qPrintable(QStringLiteral("batch ") + event.value(QStringLiteral("kind")).toString())) << bytes(batch);
        }
    }
    void serverRoundTrip()
    {
        QFETCH(QByteArray, json);
        const auto decoded = ServerMessage::decode(json);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().field + QStringLiteral(": ") + decoded.error().message));
        QCOMPARE(decoded->toJson(), QJsonDocument::fromJson(json).object());
        const auto again = ServerMessage::decode(decoded->encode());
        QVERIFY(again.ok());
        QCOMPARE(again.value(), decoded.value());
    }

    // One row per class of error: the kind and the field it names.
    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("field");
        using K = CodecError::Kind;
        QTest::newRow("not json") << QByteArray("{nope") << int(K::Malformed) << QString();
        QTest::newRow("not an object") << QByteArray("[1,2]") << int(K::Malformed) << QString();
        QTest::newRow("too large") << (QByteArray(R"({"type":"hello","token":")") + QByteArray(Limits::maxMessageBytes, 'x') + QByteArray(R"("})"))
                                   << int(K::TooLarge) << QString();
        QTest::newRow("too deep") << (QByteArray(R"({"type":"mutate","x":)") + QByteArray(40, '[') + QByteArray(40, ']') + "}")
                                  << int(K::TooDeep) << QString();
        QTest::newRow("missing type") << QByteArray(R"({"rid":1})") << int(K::Missing) << QStringLiteral("type");
        QTest::newRow("unknown type") << QByteArray(R"({"type":"launch"})") << int(K::UnknownValue) << QStringLiteral("type");
        QTest::newRow("wrong type") << QByteArray(R"({"type":"hello","protocol":"1","token":"t"})") << int(K::WrongType) << QStringLiteral("protocol");
        QTest::newRow("missing token") << QByteArray(R"({"type":"hello","protocol":1})") << int(K::Missing) << QStringLiteral("token");
        QTest::newRow("negative since") << QByteArray(R"({"type":"subscribe","stream":"inbox","sinceSeq":-1})") << int(K::OutOfRange) << QStringLiteral("sinceSeq");
        QTest::newRow("replay batch text") << QByteArray(R"({"type":"subscribe","stream":"inbox","replayBatchMax":"lots"})") << int(K::WrongType) << QStringLiteral("replayBatchMax");
        QTest::newRow("replay batch zero") << QByteArray(R"({"type":"subscribe","stream":"inbox","replayBatchMax":0})") << int(K::OutOfRange) << QStringLiteral("replayBatchMax");
        QTest::newRow("fractional rid") << QByteArray(R"({"type":"heads","rid":1.5,"streams":[]})") << int(K::WrongType) << QStringLiteral("rid");
        QTest::newRow("bad stream") << QByteArray(R"({"type":"subscribe","stream":"boards"})") << int(K::Invalid) << QStringLiteral("stream");
        QTest::newRow("unknown op") << QByteArray(R"({"type":"mutate","mutationId":"m","board":"b","op":{"kind":"item.explode"}})") << int(K::UnknownValue) << QStringLiteral("op.kind");
        QTest::newRow("op missing item") << QByteArray(R"({"type":"mutate","mutationId":"m","board":"b","op":{"kind":"item.delete"}})") << int(K::Missing) << QStringLiteral("op.itemId");
        QTest::newRow("title too long") << (QByteArray(R"({"type":"mutate","mutationId":"m","board":"b","op":{"kind":"item.update","itemId":"i","fields":{"title":")") + QByteArray(600, 'a') + QByteArray(R"("}}})"))
                                        << int(K::TooLong) << QStringLiteral("op.fields.title");
        QTest::newRow("field is object") << QByteArray(R"({"type":"mutate","mutationId":"m","board":"b","op":{"kind":"item.update","itemId":"i","fields":{"title":{"a":1}}}})") << int(K::WrongType) << QStringLiteral("op.fields.title");
        QTest::newRow("bad rank") << QByteArray(R"({"type":"mutate","mutationId":"m","board":"b","op":{"kind":"item.create","itemId":"i","rank":"a b"}})") << int(K::Invalid) << QStringLiteral("op.rank");
        QTest::newRow("bad base") << QByteArray(R"({"type":"mutate","mutationId":"m","board":"b","op":{"kind":"item.update","itemId":"i","fields":{"t":"x"},"base":{"t":"3"}}})") << int(K::WrongType) << QStringLiteral("op.base.t");
        QTest::newRow("bad role") << QByteArray(R"({"type":"mutate","mutationId":"m","board":"b","op":{"kind":"member.add","userId":"u","role":"king"}})") << int(K::UnknownValue) << QStringLiteral("op.role");
        QTest::newRow("empty comment") << QByteArray(R"({"type":"mutate","mutationId":"m","board":"b","op":{"kind":"comment.create","itemId":"i","commentId":"c","body":"  "}})") << int(K::Invalid) << QStringLiteral("op.body");
        const QByteArray attach = R"({"type":"mutate","mutationId":"m","board":"b","op":{"kind":"attachment.add","attachmentId":"a","itemId":"i","uploadId":"u","name":"%1","size":%2,"sha256":"%3","contentType":"text/plain"}})";
        const QByteArray sha(64, 'a');
        QTest::newRow("attachment name with a folder") << QByteArray(attach).replace("%1", "../x").replace("%2", "1").replace("%3", sha) << int(K::Invalid) << QStringLiteral("op.name");
        QTest::newRow("attachment size negative") << QByteArray(attach).replace("%1", "x").replace("%2", "-1").replace("%3", sha) << int(K::OutOfRange) << QStringLiteral("op.size");
        QTest::newRow("attachment bad sha256") << QByteArray(attach).replace("%1", "x").replace("%2", "1").replace("%3", "ABC") << int(K::Invalid) << QStringLiteral("op.sha256");
        QTest::newRow("id with space") << QByteArray(R"({"type":"mutate","mutationId":"m 1","board":"b","op":{"kind":"item.delete","itemId":"i"}})") << int(K::Invalid) << QStringLiteral("mutationId");
    }
    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, kind);
        QFETCH(QString, field);
        const auto decoded = ClientMessage::decode(json);
        QVERIFY(!decoded.ok());
        QCOMPARE(int(decoded.error().kind), kind);
        QCOMPARE(decoded.error().field, field);
        QVERIFY(!decoded.error().message.isEmpty());
        QVERIFY(errorCodeName(decoded.error().code()).startsWith(QStringLiteral("request.")));
    }

    void batchRejectsEventOutsideRange()
    {
        const auto decoded = ServerMessage::decode(R"({"type":"batch","stream":"board:b","fromSeq":5,"toSeq":6,"events":[{"seq":9,"kind":"item.deleted","actor":"u","at":"t","itemId":"i"}]})");
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().kind, CodecError::Kind::OutOfRange);
    }

    // A newer server's event kinds are left out (and named), not a reason to drop the batch;
    // a kind that is not even a string is still an error.
    void unknownEventKindsAreSkippedAndNamed()
    {
        const auto decoded = ServerMessage::decode(
                R"({"type":"batch","stream":"board:b","fromSeq":5,"toSeq":7,"events":[)"
                R"({"seq":5,"kind":"item.archived","actor":"u","at":"t","itemId":"i"},)"
                R"({"seq":6,"kind":"item.deleted","actor":"u","at":"t","itemId":"i","colour":"teal"},)"
                R"({"seq":7,"kind":"item.archived","actor":"u","at":"t","itemId":"j"}]})");
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
        QCOMPARE(decoded->events.size(), 1);
        QCOMPARE(decoded->events.first().seq, 6);
        QCOMPARE(decoded->unknownKinds, QStringList { QStringLiteral("item.archived") });
        QCOMPARE(decoded->toSeq, 7);
        const auto wrongType = ServerMessage::decode(
                R"({"type":"batch","stream":"board:b","fromSeq":5,"toSeq":5,"events":[{"seq":5,"kind":7,"actor":"u","at":"t"}]})");
        QVERIFY(!wrongType.ok());
    }

    void eventPayloadIsChecked()
    {
        const auto decoded = Event::fromJson(obj(R"({"seq":1,"kind":"item.updated","actor":"u","at":"t","itemId":"i","fields":{}})"));
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().field, QStringLiteral("event.versions"));
    }
};

QTEST_GUILESS_MAIN(TestCodec)
#include "tst_codec.moc"
