// A generated allow/deny matrix: every op x every role (owner, editor, viewer, non-member,
// server admin who is not a member), each sent over real HTTP to the real server.
#include "support/boardclient.h"

#include <QTest>

using namespace Tessera::Test;

namespace {

enum Role { Owner, Editor, Viewer, Outsider, Admin, RoleCount };
const char *const roleNames[] = { "owner", "editor", "viewer", "nonmember", "admin-nonmember" };

struct OpCase
{
    const char *name;
    QList<Role> allowed;
};

const QList<OpCase> &opCases()
{
    static const QList<OpCase> cases {
        { "item.create", { Owner, Editor } },
        { "item.update", { Owner, Editor } },
        { "item.move", { Owner, Editor } },
        { "item.delete", { Owner, Editor } },
        { "comment.create", { Owner, Editor, Viewer } },
        { "comment.edit.own", { Owner, Editor, Viewer } },
        { "comment.edit.other", {} },
        { "comment.delete.own", { Owner, Editor, Viewer } },
        { "comment.delete.other", { Owner } },
        { "column.create", { Owner } },
        { "column.update", { Owner } },
        { "column.delete", { Owner } },
        { "board.update", { Owner } },
        { "member.add", { Owner } },
        { "member.remove", { Owner } },
    };
    return cases;
}

} // namespace

class TestAuthorization : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    BoardClient m_clients[RoleCount];
    QString m_ids[RoleCount];
    QString m_extraId, m_extra2Id;
    QString m_board;

    void setup(const BoardClient &c, const QJsonObject &o)
    {
        const HttpResult r = c.mutate(m_board, o);
        QVERIFY2(r.status == 200, r.body.constData());
    }

    // Prepares what the op needs (as the owner) and returns the op the actor sends.
    QJsonObject prepare(const QString &name, Role actor)
    {
        const QString item = newId();
        const QString comment = newId();
        const QString column = newId();
        const BoardClient &owner = m_clients[Owner];
        const auto createItem = [&] {
            setup(owner, op("item.create", { { QStringLiteral("itemId"), item }, { QStringLiteral("fields"), QJsonObject {} }, { QStringLiteral("rank"), QStringLiteral("U") } }));
        };
        if (name.startsWith(QLatin1String("item.")) && name != QLatin1String("item.create"))
            createItem();
        if (name == QLatin1String("item.create"))
            return op("item.create", { { QStringLiteral("itemId"), item }, { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("x") } } }, { QStringLiteral("rank"), QStringLiteral("U") } });
        if (name == QLatin1String("item.update"))
            return op("item.update", { { QStringLiteral("itemId"), item }, { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("y") } } } });
        if (name == QLatin1String("item.move"))
            return op("item.move", { { QStringLiteral("itemId"), item }, { QStringLiteral("rank"), QStringLiteral("k") } });
        if (name == QLatin1String("item.delete"))
            return op("item.delete", { { QStringLiteral("itemId"), item } });
        if (name.startsWith(QLatin1String("comment."))) {
            createItem();
            if (name == QLatin1String("comment.create"))
                return op("comment.create", { { QStringLiteral("itemId"), item }, { QStringLiteral("commentId"), comment }, { QStringLiteral("body"), QStringLiteral("hi") } });
            const bool own = name.endsWith(QLatin1String(".own")) && actor != Outsider && actor != Admin;
            const Role author = own ? actor : (actor == Owner ? Editor : Owner);
            setup(m_clients[author], op("comment.create", { { QStringLiteral("itemId"), item }, { QStringLiteral("commentId"), comment }, { QStringLiteral("body"), QStringLiteral("hi") } }));
            if (name.startsWith(QLatin1String("comment.edit")))
                return op("comment.edit", { { QStringLiteral("commentId"), comment }, { QStringLiteral("body"), QStringLiteral("edited") } });
            return op("comment.delete", { { QStringLiteral("commentId"), comment } });
        }
        if (name == QLatin1String("column.create"))
            return op("column.create", { { QStringLiteral("columnId"), column }, { QStringLiteral("name"), QStringLiteral("C") }, { QStringLiteral("type"), QStringLiteral("text") } });
        if (name.startsWith(QLatin1String("column."))) {
            setup(owner, op("column.create", { { QStringLiteral("columnId"), column }, { QStringLiteral("name"), QStringLiteral("C") }, { QStringLiteral("type"), QStringLiteral("text") } }));
            if (name == QLatin1String("column.update"))
                return op("column.update", { { QStringLiteral("columnId"), column }, { QStringLiteral("name"), QStringLiteral("D") } });
            return op("column.delete", { { QStringLiteral("columnId"), column } });
        }
        if (name == QLatin1String("board.update"))
            return op("board.update", { { QStringLiteral("name"), QStringLiteral("Renamed") } });
        if (name == QLatin1String("member.add")) {
            owner.mutate(m_board, op("member.remove", { { QStringLiteral("userId"), m_extraId } })); // may not be a member
            return op("member.add", { { QStringLiteral("userId"), m_extraId }, { QStringLiteral("role"), QStringLiteral("viewer") } });
        }
        if (name == QLatin1String("member.remove")) {
            setup(owner, op("member.add", { { QStringLiteral("userId"), m_extra2Id }, { QStringLiteral("role"), QStringLiteral("viewer") } }));
            return op("member.remove", { { QStringLiteral("userId"), m_extra2Id } });
        }
        return {};
    }

    static QString loginOf(int role)
    {
        return QString::fromLatin1(roleNames[role]).replace(QLatin1Char('-'), QLatin1Char('_'));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString password = QStringLiteral("tessera-test-pass");
        for (int r = 0; r < RoleCount; ++r)
            QVERIFY(m_server.addUser(loginOf(r), password, r == Admin));
        QVERIFY(m_server.addUser(QStringLiteral("extra"), password));
        QVERIFY(m_server.addUser(QStringLiteral("extra2"), password));
        QVERIFY(m_server.start());
        for (int r = 0; r < RoleCount; ++r) {
            const QString login = loginOf(r);
            m_clients[r] = BoardClient(&m_server, BoardClient::login(m_server, login, password));
            QVERIFY2(!m_clients[r].token().isEmpty(), roleNames[r]);
            m_ids[r] = userIdOf(m_server, m_clients[r].token());
        }
        m_extraId = userIdOf(m_server, BoardClient::login(m_server, QStringLiteral("extra"), password));
        m_extra2Id = userIdOf(m_server, BoardClient::login(m_server, QStringLiteral("extra2"), password));
        m_board = m_clients[Owner].createBoard(QStringLiteral("Matrix"));
        QVERIFY(!m_board.isEmpty());
        setup(m_clients[Owner], op("member.add", { { QStringLiteral("userId"), m_ids[Editor] }, { QStringLiteral("role"), QStringLiteral("editor") } }));
        setup(m_clients[Owner], op("member.add", { { QStringLiteral("userId"), m_ids[Viewer] }, { QStringLiteral("role"), QStringLiteral("viewer") } }));
    }

    void matrix_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<int>("role");
        QTest::addColumn<bool>("allowed");
        for (const OpCase &c : opCases()) {
            for (int r = 0; r < RoleCount; ++r)
                QTest::addRow("%s by %s", c.name, roleNames[r]) << QString::fromLatin1(c.name) << r << c.allowed.contains(Role(r));
        }
    }

    void matrix()
    {
        QFETCH(QString, op);
        QFETCH(int, role);
        QFETCH(bool, allowed);
        const QJsonObject command = prepare(op, Role(role));
        QVERIFY(!command.isEmpty());
        const HttpResult r = m_clients[role].mutate(m_board, command);
        if (allowed) {
            QVERIFY2(r.status == 200, r.body.constData());
            QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("ack"));
        } else if (role == Outsider || role == Admin) {
            // Not a member: the board might as well not exist (no existence oracle).
            QVERIFY2(r.status == 404, r.body.constData());
            QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("reject"));
            QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("not_found"));
        } else {
            QVERIFY2(r.status == 403, r.body.constData());
            QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("reject"));
            QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("forbidden"));
        }
    }

    void readsNeedMembership_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<bool>("allowed");
        for (int r = 0; r < RoleCount; ++r)
            QTest::addRow("%s", roleNames[r]) << r << (r <= Viewer);
    }

    void readsNeedMembership()
    {
        QFETCH(int, role);
        QFETCH(bool, allowed);
        const BoardClient &c = m_clients[role];
        const QStringList paths { QStringLiteral("/api/v1/boards/%1/snapshot").arg(m_board),
                                  QStringLiteral("/api/v1/boards/%1/digest").arg(m_board),
                                  QStringLiteral("/api/v1/streams/board:%1/changes?sinceSeq=0").arg(m_board),
                                  QStringLiteral("/api/v1/sync/heads?streams=board:%1").arg(m_board) };
        // A non-member gets what an unknown board gets: the same 404, word for word.
        const QString unknown = QStringLiteral("00000000-0000-0000-0000-000000000000");
        for (const QString &path : paths) {
            const HttpResult r = c.get(path);
            QVERIFY2(r.status == (allowed ? 200 : 404), qPrintable(path + QStringLiteral(" -> ") + QString::fromUtf8(r.body)));
            if (allowed)
                continue;
            const HttpResult none = c.get(QString(path).replace(m_board, unknown));
            QCOMPARE(none.status, r.status);
            QCOMPARE(none.json(), r.json()); // the very same answer
        }
        const bool listed = c.get(QStringLiteral("/api/v1/boards")).json().value(QStringLiteral("boards")).toArray().size() == 1;
        QCOMPARE(listed, allowed);
    }

    void withoutTokenIsUnauthorized()
    {
        const BoardClient anonymous(&m_server, QByteArray());
        QCOMPARE(anonymous.get(QStringLiteral("/api/v1/boards")).status, 401);
        QCOMPARE(anonymous.mutate(m_board, op("board.update", { { QStringLiteral("name"), QStringLiteral("x") } })).status, 401);
        QCOMPARE(anonymous.get(QStringLiteral("/api/v1/boards/%1/snapshot").arg(m_board)).status, 401);
        QCOMPARE(anonymous.get(QStringLiteral("/api/v1/inbox")).status, 401);
    }

    void itemOfAnotherBoardIsNotFound()
    {
        // The board comes from the stored object: naming board A with an item of board B fails.
        const QString other = m_clients[Owner].createBoard(QStringLiteral("Other"));
        const QString item = newId();
        setup(m_clients[Owner], op("item.create", { { QStringLiteral("itemId"), item }, { QStringLiteral("fields"), QJsonObject {} }, { QStringLiteral("rank"), QStringLiteral("U") } }));
        const HttpResult r = m_clients[Owner].mutate(other, op("item.delete", { { QStringLiteral("itemId"), item } }));
        QCOMPARE(r.status, 404);
        const HttpResult again = m_clients[Owner].mutate(other, op("item.create", { { QStringLiteral("itemId"), item }, { QStringLiteral("fields"), QJsonObject {} }, { QStringLiteral("rank"), QStringLiteral("U") } }));
        QCOMPARE(again.status, 422);
        QCOMPARE(again.json().value(QStringLiteral("code")).toString(), QStringLiteral("exists"));
    }
};

QTEST_GUILESS_MAIN(TestAuthorization)
#include "tst_authorization.moc"
