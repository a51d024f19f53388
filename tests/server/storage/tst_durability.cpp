// Durability and consistency against the real server process: idempotent retries across
// restarts, a burst of commands cut short by SIGKILL, snapshot + changes = later
// snapshot, the digest, and field-level conflicts and merges.
#include "support/boardclient.h"

#include "core/rules/boardstate.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

using namespace Tessera::Test;
using Tessera::Core::BoardState;

class TestDurability : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    BoardClient m_ana, m_ben;
    QString m_board;

    void relogin()
    {
        m_ana = BoardClient(&m_server, BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        m_ben = BoardClient(&m_server, BoardClient::login(m_server, QStringLiteral("ben"), QStringLiteral("tessera-test-pass")));
        QVERIFY(!m_ana.token().isEmpty() && !m_ben.token().isEmpty());
    }
    static QJsonObject createItem(const QString &id, const QString &title)
    {
        return op("item.create", { { QStringLiteral("itemId"), id },
                                   { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } },
                                   { QStringLiteral("rank"), QStringLiteral("U") } });
    }
    QJsonArray allEvents()
    {
        const HttpResult r = m_ana.changes(QStringLiteral("board:") + m_board, 0, 5000);
        return r.json().value(QStringLiteral("events")).toArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.addUser(QStringLiteral("ben"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.start());
        relogin();
        m_board = m_ana.createBoard(QStringLiteral("Durable"));
        QVERIFY(!m_board.isEmpty());
        const QString benId = userIdOf(m_server, m_ben.token());
        QCOMPARE(m_ana.mutate(m_board, op("member.add", { { QStringLiteral("userId"), benId }, { QStringLiteral("role"), QStringLiteral("editor") } })).status, 200);
    }

    // Found following docs/admin.md literally: a second server on the same folder started
    // and then failed writes with duplicate seqs. Now it refuses to start and says why.
    void secondServerOnOneFolderRefusesToStart()
    {
        const ServerProcess::Result second = m_server.run({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") });
        QVERIFY2(second.exitCode > 0, qPrintable(second.out + second.err));
        QVERIFY2(second.err.contains(QStringLiteral("another tessera-server")), qPrintable(second.err));
        QCOMPARE(m_ana.mutate(m_board, createItem(QStringLiteral("after-second"), QStringLiteral("still fine"))).status, 200);
    }

    void idempotentRetryAcrossRestart()
    {
        const QString mutationId = newId();
        const QJsonObject create = createItem(QStringLiteral("idem"), QStringLiteral("once"));
        const HttpResult first = m_ana.mutate(m_board, create, mutationId);
        QCOMPARE(first.status, 200);
        const qint64 seq = first.json().value(QStringLiteral("seq")).toInteger();
        const QString rejectedId = newId();
        const HttpResult rejected = m_ana.mutate(m_board, op("item.delete", { { QStringLiteral("itemId"), QStringLiteral("nope") } }), rejectedId);
        QCOMPARE(rejected.status, 404);

        m_server.stop();
        QVERIFY(m_server.start());
        relogin();
        const HttpResult retry = m_ana.mutate(m_board, create, mutationId);
        QCOMPARE(retry.status, 200);
        QCOMPARE(retry.json().value(QStringLiteral("seq")).toInteger(), seq);
        QCOMPARE(retry.json().value(QStringLiteral("duplicate")).toBool(), true);
        QCOMPARE(m_ana.snapshot(m_board).value(QStringLiteral("seq")).toInteger(), seq); // nothing applied twice
        // A retried rejection is answered the same way.
        const HttpResult again = m_ana.mutate(m_board, op("item.delete", { { QStringLiteral("itemId"), QStringLiteral("nope") } }), rejectedId);
        QCOMPARE(again.status, 404);
        QCOMPARE(again.json().value(QStringLiteral("code")).toString(), rejected.json().value(QStringLiteral("code")).toString());
        // The same mutationId from another user is a different mutation.
        const HttpResult otherUser = m_ben.mutate(m_board, createItem(QStringLiteral("idem2"), QStringLiteral("b")), mutationId);
        QCOMPARE(otherUser.json().value(QStringLiteral("duplicate")).toBool(), false);
    }

    void burstThenSigkill()
    {
        constexpr int Burst = 200;
        QNetworkAccessManager nam;
        QHash<QString, qint64> acked;
        int finished = 0;
        for (int i = 0; i < Burst; ++i) {
            const QString mutationId = newId();
            QNetworkRequest request(m_ana.api(QStringLiteral("/api/v1/mutations")));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + m_ana.token());
            QNetworkReply *reply = nam.post(request, jsonBytes(BoardClient::command(m_board, createItem(QStringLiteral("burst-%1").arg(i), QStringLiteral("b")), mutationId)));
            connect(reply, &QNetworkReply::finished, this, [this, reply, mutationId, &acked, &finished] {
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status != 200 && m_server.process().state() == QProcess::Running)
                    qWarning("unexpected reply %d: %s", status, qPrintable(reply->errorString()));
                if (status == 200)
                    acked.insert(mutationId, QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("seq")).toInteger());
                if (acked.size() == Burst / 4 && m_server.process().state() == QProcess::Running)
                    m_server.process().kill(); // SIGKILL mid-burst: requests are still in flight
                ++finished;
                reply->deleteLater();
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished, Burst, 30000);
        m_server.kill(); // reap it
        QVERIFY2(acked.size() >= Burst / 4, m_server.process().readAllStandardError().constData());
        qInfo("%d of %d commands acked before SIGKILL", int(acked.size()), Burst);

        QVERIFY(m_server.start());
        relogin();
        const QJsonArray events = allEvents();
        QHash<QString, int> seen;
        for (qsizetype i = 0; i < events.size(); ++i) {
            const QJsonObject e = events.at(i).toObject();
            QCOMPARE(e.value(QStringLiteral("seq")).toInteger(), i + 1); // gap-free
            seen[e.value(QStringLiteral("mutationId")).toString()]++;
        }
        for (auto it = acked.constBegin(); it != acked.constEnd(); ++it) {
            QCOMPARE(seen.value(it.key()), 1);
            QCOMPARE(events.at(it.value() - 1).toObject().value(QStringLiteral("mutationId")).toString(), it.key());
        }
        const QJsonObject snap = m_ana.snapshot(m_board);
        QCOMPARE(snap.value(QStringLiteral("seq")).toInteger(), events.size());
    }

    void snapshotPlusChangesIsLaterSnapshot()
    {
        const QJsonObject before = m_ana.snapshot(m_board);
        const qint64 seq = before.value(QStringLiteral("seq")).toInteger();
        QCOMPARE(m_ana.mutate(m_board, createItem(QStringLiteral("later"), QStringLiteral("l"))).status, 200);
        QCOMPARE(m_ben.mutate(m_board, op("item.update", { { QStringLiteral("itemId"), QStringLiteral("later") }, { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("done") } } } })).status, 200);
        QCOMPARE(m_ben.mutate(m_board, op("comment.create", { { QStringLiteral("itemId"), QStringLiteral("later") }, { QStringLiteral("commentId"), newId() }, { QStringLiteral("body"), QStringLiteral("@ana hi") } })).status, 200);
        QCOMPARE(m_ana.mutate(m_board, op("item.delete", { { QStringLiteral("itemId"), QStringLiteral("idem") } })).status, 200);
        QCOMPARE(m_ana.mutate(m_board, op("board.update", { { QStringLiteral("description"), QStringLiteral("d") } })).status, 200);

        auto state = BoardState::fromSnapshotJson(before);
        QVERIFY(state.ok());
        const QJsonObject changes = m_ana.changes(QStringLiteral("board:") + m_board, seq).json();
        for (const QJsonValue &v : changes.value(QStringLiteral("events")).toArray()) {
            const auto event = Tessera::Core::Event::fromJson(v.toObject());
            QVERIFY2(event.ok(), qPrintable(event.error().message));
            QVERIFY(Tessera::Core::apply(event.value(), state.value()).ok);
        }
        const QJsonObject after = m_ana.snapshot(m_board);
        QCOMPARE(state->seq, after.value(QStringLiteral("seq")).toInteger());
        QCOMPARE(state->toSnapshotJson(), after);
    }

    void digestMatchesIndependentRecomputation()
    {
        const QJsonObject snap = m_ana.snapshot(m_board);
        QList<std::pair<QString, qint64>> items;
        for (const QJsonValue &v : snap.value(QStringLiteral("items")).toArray()) {
            qint64 version = 0;
            const QJsonObject versions = v.toObject().value(QStringLiteral("versions")).toObject();
            for (const QJsonValue &n : versions)
                version = std::max(version, n.toInteger());
            items.append({ v.toObject().value(QStringLiteral("id")).toString(), version });
        }
        QVERIFY(items.size() > 10);
        const QJsonObject digest = m_ana.get(QStringLiteral("/api/v1/boards/%1/digest").arg(m_board)).json();
        QCOMPARE(digest.value(QStringLiteral("seq")).toInteger(), snap.value(QStringLiteral("seq")).toInteger());
        QCOMPARE(digest.value(QStringLiteral("digest")).toString(), BoardState::digestOf(items));
        QCOMPARE(digest.value(QStringLiteral("digest")).toString(), BoardState::fromSnapshotJson(snap)->digest());
    }

    void conflictAndMerge()
    {
        const HttpResult created = m_ana.mutate(m_board, op("item.create", { { QStringLiteral("itemId"), QStringLiteral("cm") },
                                                                             { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("t0") }, { QStringLiteral("status"), QStringLiteral("todo") } } },
                                                                             { QStringLiteral("rank"), QStringLiteral("U") } }));
        const qint64 v = created.json().value(QStringLiteral("seq")).toInteger();
        const auto update = [&](const BoardClient &c, const char *column, const QString &value) {
            return c.mutate(m_board, op("item.update", { { QStringLiteral("itemId"), QStringLiteral("cm") },
                                                          { QStringLiteral("fields"), QJsonObject { { QLatin1String(column), value } } },
                                                          { QStringLiteral("base"), QJsonObject { { QLatin1String(column), v } } } }));
        };
        const HttpResult title = update(m_ana, "title", QStringLiteral("ana's title"));
        QCOMPARE(title.status, 200);
        const HttpResult status = update(m_ben, "status", QStringLiteral("doing")); // another field: merges
        QCOMPARE(status.status, 200);
        const HttpResult stale = update(m_ben, "title", QStringLiteral("ben's title")); // same field, stale base
        QCOMPARE(stale.status, 409);
        QCOMPARE(stale.json().value(QStringLiteral("code")).toString(), QStringLiteral("conflict"));
        const QJsonObject current = stale.json().value(QStringLiteral("current")).toObject();
        QCOMPARE(current.value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(), QStringLiteral("ana's title"));
        QCOMPARE(current.value(QStringLiteral("fields")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("doing"));
        QCOMPARE(current.value(QStringLiteral("versions")).toObject().value(QStringLiteral("title")).toInteger(),
                 title.json().value(QStringLiteral("seq")).toInteger());
        // A rejected command changes nothing.
        QCOMPARE(m_ana.snapshot(m_board).value(QStringLiteral("seq")).toInteger(), status.json().value(QStringLiteral("seq")).toInteger());
    }
};

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
