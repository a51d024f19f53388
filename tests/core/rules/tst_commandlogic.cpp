#include "core/rules/commandlogic.h"
#include "core/rules/mentions.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Tessera::Core;

namespace {

BoardState makeBoard()
{
    BoardState s;
    s.board = { QStringLiteral("b1"), QStringLiteral("Board"), QString(), false, QString() };
    s.epoch = QStringLiteral("e1");
    Column title { QStringLiteral("title"), QStringLiteral("Title"), ColumnType::Text, {} };
    Column status { QStringLiteral("status"), QStringLiteral("Status"), ColumnType::Status,
                    { { QStringLiteral("todo"), QStringLiteral("To do"), QStringLiteral("#888888") },
                      { QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("#00aa00") } } };
    Column due { QStringLiteral("due"), QStringLiteral("Due"), ColumnType::Date, {} };
    Column est { QStringLiteral("est"), QStringLiteral("Estimate"), ColumnType::Number, {} };
    s.columns = { title, status, due, est };
    s.members.insert(QStringLiteral("own"), { QStringLiteral("own"), Role::Owner, QStringLiteral("olga"), QStringLiteral("Olga") });
    s.members.insert(QStringLiteral("ed"), { QStringLiteral("ed"), Role::Editor, QStringLiteral("eddie"), QStringLiteral("Eddie") });
    s.members.insert(QStringLiteral("vi"), { QStringLiteral("vi"), Role::Viewer, QStringLiteral("vic"), QStringLiteral("Vic") });
    return s;
}

Command cmd(const char *opJson, const QString &mutationId = QStringLiteral("m1"))
{
    Command c;
    c.mutationId = mutationId;
    c.boardId = QStringLiteral("b1");
    c.op = Op::fromJson(QJsonDocument::fromJson(QByteArray(opJson)).object()).value();
    return c;
}

// Validates and applies like the server does; returns the verdict.
Verdict run(BoardState &s, const Command &c, const QString &actor)
{
    const Verdict v = validate(c, s, actor);
    if (v.ok) {
        const Event e = makeEvent(c, s, actor, s.seq + 1, QStringLiteral("2026-01-01T00:00:00.000Z"));
        const ApplyResult r = apply(e, s);
        if (!r.ok)
            return Verdict::reject(RejectCode::Invalid, QStringLiteral("apply: ") + r.message);
    }
    return v;
}

} // namespace

class TestCommandLogic : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createUpdateMoveDelete()
    {
        BoardState s = makeBoard();
        QVERIFY(run(s, cmd(R"({"kind":"item.create","itemId":"i1","fields":{"title":"One","status":"todo"},"rank":"V"})"), QStringLiteral("ed")).ok);
        QCOMPARE(s.seq, 1);
        QCOMPARE(s.items.value(QStringLiteral("i1")).fields.value(QStringLiteral("title")).toString(), QStringLiteral("One"));
        QCOMPARE(s.items.value(QStringLiteral("i1")).versions.value(QStringLiteral("title")), 1);
        QVERIFY(run(s, cmd(R"({"kind":"item.update","itemId":"i1","fields":{"title":"Uno"},"base":{"title":1}})"), QStringLiteral("ed")).ok);
        QCOMPARE(s.items.value(QStringLiteral("i1")).versions.value(QStringLiteral("title")), 2);
        QCOMPARE(s.items.value(QStringLiteral("i1")).version(), 2);
        QVERIFY(run(s, cmd(R"({"kind":"item.move","itemId":"i1","rank":"W","fields":{"status":"done"},"base":{"status":1}})"), QStringLiteral("own")).ok);
        QCOMPARE(s.items.value(QStringLiteral("i1")).rank, QStringLiteral("W"));
        QCOMPARE(s.items.value(QStringLiteral("i1")).fields.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        QVERIFY(run(s, cmd(R"({"kind":"comment.create","itemId":"i1","commentId":"c1","body":"x"})"), QStringLiteral("vi")).ok);
        QVERIFY(run(s, cmd(R"({"kind":"item.delete","itemId":"i1"})"), QStringLiteral("ed")).ok);
        QVERIFY(s.items.isEmpty());
        QVERIFY(s.comments.isEmpty());
        QCOMPARE(s.seq, 5);
    }

    void differentFieldsMergeSameFieldConflicts()
    {
        BoardState s = makeBoard();
        run(s, cmd(R"({"kind":"item.create","itemId":"i1","fields":{"title":"One","est":1},"rank":"V"})"), QStringLiteral("ed"));
        // Two people edit from version 1: one the title, one the estimate: both land.
        QVERIFY(run(s, cmd(R"({"kind":"item.update","itemId":"i1","fields":{"title":"A"},"base":{"title":1}})"), QStringLiteral("ed")).ok);
        QVERIFY(run(s, cmd(R"({"kind":"item.update","itemId":"i1","fields":{"est":5},"base":{"est":1}})"), QStringLiteral("own")).ok);
        // A third edit of the title from the stale base is a conflict carrying the current item.
        const Verdict v = run(s, cmd(R"({"kind":"item.update","itemId":"i1","fields":{"title":"B"},"base":{"title":1}})"), QStringLiteral("own"));
        QVERIFY(!v.ok);
        QCOMPARE(v.code, Tessera::Core::RejectCode::Conflict);
        QVERIFY(v.current.has_value());
        QCOMPARE(v.current->fields.value(QStringLiteral("title")).toString(), QStringLiteral("A"));
        QCOMPARE(v.current->versions.value(QStringLiteral("title")), 2);
        QCOMPARE(s.seq, 3); // nothing applied
        // Without a base the write is unconditional.
        QVERIFY(run(s, cmd(R"({"kind":"item.update","itemId":"i1","fields":{"title":"C"}})"), QStringLiteral("own")).ok);
    }

    void authorization_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<QString>("actor");
        QTest::addColumn<bool>("allowed");
        const QString create = QStringLiteral(R"({"kind":"item.create","itemId":"n","rank":"X"})");
        const QString column = QStringLiteral(R"({"kind":"column.create","columnId":"c","name":"C","type":"text"})");
        const QString member = QStringLiteral(R"({"kind":"member.add","userId":"zed","role":"viewer"})");
        const QString comment = QStringLiteral(R"({"kind":"comment.create","itemId":"i1","commentId":"c9","body":"hi"})");
        QTest::newRow("owner creates") << create << QStringLiteral("own") << true;
        QTest::newRow("editor creates") << create << QStringLiteral("ed") << true;
        QTest::newRow("viewer creates") << create << QStringLiteral("vi") << false;
        QTest::newRow("stranger creates") << create << QStringLiteral("zed") << false;
        QTest::newRow("owner column") << column << QStringLiteral("own") << true;
        QTest::newRow("editor column") << column << QStringLiteral("ed") << false;
        QTest::newRow("owner member") << member << QStringLiteral("own") << true;
        QTest::newRow("editor member") << member << QStringLiteral("ed") << false;
        QTest::newRow("viewer comments") << comment << QStringLiteral("vi") << true;
        QTest::newRow("stranger comments") << comment << QStringLiteral("zed") << false;
    }
    void authorization()
    {
        QFETCH(QString, op);
        QFETCH(QString, actor);
        QFETCH(bool, allowed);
        BoardState s = makeBoard();
        run(s, cmd(R"({"kind":"item.create","itemId":"i1","rank":"V"})"), QStringLiteral("own"));
        const Verdict v = run(s, cmd(op.toUtf8().constData()), actor);
        QCOMPARE(v.ok, allowed);
        if (!allowed)
            QCOMPARE(v.code, Tessera::Core::RejectCode::Forbidden);
    }

    void commentEditOnlyByAuthorDeleteByOwner()
    {
        BoardState s = makeBoard();
        run(s, cmd(R"({"kind":"item.create","itemId":"i1","rank":"V"})"), QStringLiteral("own"));
        QVERIFY(run(s, cmd(R"({"kind":"comment.create","itemId":"i1","commentId":"c1","body":"mine"})"), QStringLiteral("ed")).ok);
        QVERIFY(!run(s, cmd(R"({"kind":"comment.edit","commentId":"c1","body":"hack"})"), QStringLiteral("own")).ok);
        QVERIFY(run(s, cmd(R"({"kind":"comment.edit","commentId":"c1","body":"edited"})"), QStringLiteral("ed")).ok);
        QCOMPARE(s.comments.value(QStringLiteral("c1")).body, QStringLiteral("edited"));
        QVERIFY(!run(s, cmd(R"({"kind":"comment.delete","commentId":"c1"})"), QStringLiteral("vi")).ok);
        QVERIFY(run(s, cmd(R"({"kind":"comment.delete","commentId":"c1"})"), QStringLiteral("own")).ok);
        QVERIFY(s.comments.isEmpty());
    }

    void valuesAreTypeChecked_data()
    {
        QTest::addColumn<QString>("fields");
        QTest::addColumn<QString>("code");
        QTest::newRow("unknown column") << QStringLiteral(R"({"nope":"x"})") << QStringLiteral("not_found");
        QTest::newRow("unknown status") << QStringLiteral(R"({"status":"maybe"})") << QStringLiteral("invalid");
        QTest::newRow("bad date") << QStringLiteral(R"({"due":"tomorrow"})") << QStringLiteral("invalid");
        QTest::newRow("number as text") << QStringLiteral(R"({"est":"five"})") << QStringLiteral("invalid");
        QTest::newRow("title as number") << QStringLiteral(R"({"title":5})") << QStringLiteral("invalid");
        QTest::newRow("null clears") << QStringLiteral(R"({"due":null})") << QString();
        QTest::newRow("good date") << QStringLiteral(R"({"due":"2026-12-01"})") << QString();
    }
    void valuesAreTypeChecked()
    {
        QFETCH(QString, fields);
        QFETCH(QString, code);
        BoardState s = makeBoard();
        run(s, cmd(R"({"kind":"item.create","itemId":"i1","rank":"V"})"), QStringLiteral("own"));
        const QByteArray op = QByteArrayLiteral(R"({"kind":"item.update","itemId":"i1","fields":)") + fields.toUtf8() + "}";
        const Verdict v = run(s, cmd(op.constData()), QStringLiteral("own"));
        QCOMPARE(v.ok, code.isEmpty());
        if (!v.ok)
            QCOMPARE(rejectCodeName(v.code), code);
    }

    void otherBoardsItemIsNotFound()
    {
        BoardState s = makeBoard();
        Command c = cmd(R"({"kind":"item.delete","itemId":"elsewhere"})");
        QCOMPARE(validate(c, s, QStringLiteral("own")).code, Tessera::Core::RejectCode::NotFound);
        c.boardId = QStringLiteral("b2");
        QCOMPARE(validate(c, s, QStringLiteral("own")).code, Tessera::Core::RejectCode::NotFound);
    }

    void lastOwnerStays()
    {
        BoardState s = makeBoard();
        QCOMPARE(run(s, cmd(R"({"kind":"member.remove","userId":"own"})"), QStringLiteral("own")).code, Tessera::Core::RejectCode::Invalid);
        QCOMPARE(run(s, cmd(R"({"kind":"member.add","userId":"own","role":"editor"})"), QStringLiteral("own")).code, Tessera::Core::RejectCode::Invalid);
        QVERIFY(run(s, cmd(R"({"kind":"member.add","userId":"ed","role":"owner"})"), QStringLiteral("own")).ok);
        QVERIFY(run(s, cmd(R"({"kind":"member.remove","userId":"own"})"), QStringLiteral("ed")).ok);
        QCOMPARE(s.roleOf(QStringLiteral("own")), Role::None);
    }

    void mentionsOnlyMembers()
    {
        const BoardState s = makeBoard();
        QCOMPARE(Mentions::logins(QStringLiteral("hi @Eddie and @zed, mail me at a@vic.com @vic.")),
                 QStringList({ QStringLiteral("eddie"), QStringLiteral("zed"), QStringLiteral("vic") }));
        QCOMPARE(Mentions::resolve(QStringLiteral("hi @eddie and @zed @vic"), s), QStringList({ QStringLiteral("ed"), QStringLiteral("vi") }));
        BoardState t = s;
        run(t, cmd(R"({"kind":"item.create","itemId":"i1","rank":"V"})"), QStringLiteral("own"));
        run(t, cmd(R"({"kind":"comment.create","itemId":"i1","commentId":"c1","body":"@olga look, @stranger too"})"), QStringLiteral("ed"));
        QCOMPARE(t.comments.value(QStringLiteral("c1")).mentions, QStringList { QStringLiteral("own") });
    }

    void columnsAndStatusOptions()
    {
        BoardState s = makeBoard();
        run(s, cmd(R"({"kind":"item.create","itemId":"i1","fields":{"status":"done","est":3},"rank":"V"})"), QStringLiteral("own"));
        // Removing an option still in use is refused; renaming and adding are fine.
        QCOMPARE(run(s, cmd(R"({"kind":"column.update","columnId":"status","options":[{"id":"todo","label":"To do"}]})"), QStringLiteral("own")).code, Tessera::Core::RejectCode::Invalid);
        QVERIFY(run(s, cmd(R"({"kind":"column.update","columnId":"status","name":"State","options":[{"id":"todo","label":"Open"},{"id":"done","label":"Closed"},{"id":"wip","label":"Doing"}]})"), QStringLiteral("own")).ok);
        QCOMPARE(s.column(QStringLiteral("status"))->name, QStringLiteral("State"));
        QCOMPARE(s.column(QStringLiteral("status"))->options.size(), 3);
        QVERIFY(run(s, cmd(R"({"kind":"column.delete","columnId":"est"})"), QStringLiteral("own")).ok);
        QVERIFY(!s.items.value(QStringLiteral("i1")).fields.contains(QStringLiteral("est")));
        QVERIFY(run(s, cmd(R"({"kind":"column.create","columnId":"flag","name":"Flag","type":"checkbox"})"), QStringLiteral("own")).ok);
        QVERIFY(run(s, cmd(R"({"kind":"item.update","itemId":"i1","fields":{"flag":true}})"), QStringLiteral("own")).ok);
        QCOMPARE(run(s, cmd(R"({"kind":"column.create","columnId":"x","name":"X","type":"text","options":[]})"), QStringLiteral("own")).code, Tessera::Core::RejectCode::Invalid);
    }

    void snapshotRoundTripAndDigest()
    {
        BoardState s = makeBoard();
        run(s, cmd(R"({"kind":"item.create","itemId":"b","fields":{"title":"B"},"rank":"V"})"), QStringLiteral("own"));
        run(s, cmd(R"({"kind":"item.create","itemId":"a","fields":{"title":"A"},"rank":"W"})"), QStringLiteral("own"));
        run(s, cmd(R"({"kind":"item.update","itemId":"b","fields":{"title":"BB"}})"), QStringLiteral("own"));
        const auto back = BoardState::fromSnapshotJson(s.toSnapshotJson());
        QVERIFY(back.ok());
        QCOMPARE(back->items, s.items);
        QCOMPARE(back->columns, s.columns);
        QCOMPARE(back->members, s.members);
        QCOMPARE(back->seq, s.seq);
        // The digest is SHA-256 of "a:2\nb:3", exactly as PROTOCOL.md defines it.
        QCOMPARE(s.digest(), QString::fromLatin1(QCryptographicHash::hash("a:2\nb:3", QCryptographicHash::Sha256).toHex()));
        QCOMPARE(back->digest(), s.digest());
    }

    // Attachments: editors add and remove, viewers neither; the item must exist, ids are
    // unique, an item holds at most 100; deleting the item takes its attachments; snapshots
    // carry them.
    void attachmentsFollowTheirItem()
    {
        BoardState s = makeBoard();
        QVERIFY(run(s, cmd(R"({"kind":"item.create","itemId":"i1","rank":"V"})"), QStringLiteral("ed")).ok);
        const auto add = [](const QString &attachmentId, const QString &itemId) {
            return cmd(QStringLiteral(R"({"kind":"attachment.add","attachmentId":"%1","itemId":"%2","uploadId":"u","name":"a.txt","size":3,"sha256":"%3","contentType":"text/plain"})")
                               .arg(attachmentId, itemId, QString(64, QLatin1Char('b')))
                               .toUtf8()
                               .constData());
        };
        QCOMPARE(run(s, add(QStringLiteral("a0"), QStringLiteral("i1")), QStringLiteral("vi")).code, RejectCode::Forbidden);
        QCOMPARE(run(s, add(QStringLiteral("a0"), QStringLiteral("ghost")), QStringLiteral("ed")).code, RejectCode::NotFound);
        QVERIFY(run(s, add(QStringLiteral("a1"), QStringLiteral("i1")), QStringLiteral("ed")).ok);
        QCOMPARE(s.attachmentsOf(QStringLiteral("i1")).size(), 1);
        QCOMPARE(s.attachments.value(QStringLiteral("a1")).uploadedBy, QStringLiteral("ed"));
        QCOMPARE(run(s, add(QStringLiteral("a1"), QStringLiteral("i1")), QStringLiteral("ed")).code, RejectCode::Exists);
        for (int i = 2; i <= 100; ++i)
            QVERIFY(run(s, add(QStringLiteral("a%1").arg(i), QStringLiteral("i1")), QStringLiteral("own")).ok);
        QCOMPARE(run(s, add(QStringLiteral("a101"), QStringLiteral("i1")), QStringLiteral("own")).code, RejectCode::QuotaExceeded);

        const auto back = BoardState::fromSnapshotJson(s.toSnapshotJson());
        QVERIFY(back.ok());
        QCOMPARE(back->attachments, s.attachments);

        QCOMPARE(run(s, cmd(R"({"kind":"attachment.remove","attachmentId":"a1"})"), QStringLiteral("vi")).code, RejectCode::Forbidden);
        QVERIFY(run(s, cmd(R"({"kind":"attachment.remove","attachmentId":"a1"})"), QStringLiteral("ed")).ok);
        QCOMPARE(run(s, cmd(R"({"kind":"attachment.remove","attachmentId":"a1"})"), QStringLiteral("ed")).code, RejectCode::NotFound);
        QVERIFY(run(s, cmd(R"({"kind":"item.delete","itemId":"i1"})"), QStringLiteral("ed")).ok);
        QVERIFY(s.attachments.isEmpty());
    }

    void applyRejectsUnknownItem()
    {
        BoardState s = makeBoard();
        Event e;
        e.seq = 1;
        e.kind = EventKind::ItemUpdated;
        e.payload = { { QStringLiteral("itemId"), QStringLiteral("ghost") }, { QStringLiteral("fields"), QJsonObject() },
                      { QStringLiteral("versions"), QJsonObject() } };
        QVERIFY(!apply(e, s).ok);
    }
};

QTEST_GUILESS_MAIN(TestCommandLogic)
#include "tst_commandlogic.moc"
