// Upgrades: today's server opens a database written by every released schema version.
// Each fixture in fixtures/ is a data folder's tessera.db written by the real server of that
// version (fixtures/make-fixture.sh, run with that release's binary): accounts, a demo
// board, a board with members, items (one renamed by another user, one deleted), a comment
// with an @mention, a signed-out session. The current binary must migrate it and serve the
// same content, with passwords, sign-outs, history and the epoch intact.
#include "server/storage/database.h"
#include "support/serverprocess.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace Tessera::Server;
using namespace Tessera::Test;

namespace {

const QString Password = QStringLiteral("tessera-demo");

QString fixtureDir()
{
    return QStringLiteral(QT_TESTCASE_SOURCEDIR "/fixtures");
}

QByteArray tokenOf(const ServerProcess &server, const QString &login)
{
    QUrl url = server.url();
    url.setPath(QStringLiteral("/api/v1/login"));
    const HttpResult r = httpRequest("POST", url,
                                     QJsonDocument(QJsonObject { { QStringLiteral("login"), login },
                                                                 { QStringLiteral("password"), Password } })
                                             .toJson());
    return r.status == 200 ? r.json().value(QStringLiteral("token")).toString().toUtf8() : QByteArray();
}

HttpResult get(const ServerProcess &server, const QString &path, const QByteArray &token)
{
    QUrl url = server.url();
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    url.setPath(q < 0 ? path : path.left(q));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    return httpRequest("GET", url, {}, token);
}

// What the fixture says before the upgrade, read with plain SQL.
struct Before
{
    QString epoch;
    int events = 0;
};

Before readFixture(const QString &path)
{
    Before b;
    const QString name = QStringLiteral("fixture-%1").arg(quintptr(&b));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'epoch'")) && q.next())
                b.epoch = q.value(0).toString();
            if (q.exec(QStringLiteral("SELECT count(*) FROM events")) && q.next())
                b.events = q.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return b;
}

} // namespace

class TestUpgrades : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A schema change without a fixture of the version before it would go untested.
    void everyReleasedSchemaHasAFixture()
    {
        for (int version = 1; version <= Database::latestSchemaVersion(); ++version) {
            const QString path = QDir(fixtureDir()).filePath(QStringLiteral("schema-v%1.db").arg(version));
            QVERIFY2(QFile::exists(path), qPrintable(QStringLiteral("no fixture for schema %1: run fixtures/make-fixture.sh "
                                                                    "with that release's server (see the header of this test)")
                                                             .arg(version)));
        }
    }

    void opensEveryReleasedSchema_data()
    {
        QTest::addColumn<QString>("fixture");
        const QStringList files = QDir(fixtureDir()).entryList({ QStringLiteral("schema-v*.db") }, QDir::Files, QDir::Name);
        QVERIFY(!files.isEmpty());
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << QDir(fixtureDir()).filePath(f);
    }

    void opensEveryReleasedSchema()
    {
        QFETCH(QString, fixture);
        const Before before = readFixture(fixture);
        QVERIFY(!before.epoch.isEmpty());
        QVERIFY(before.events > 0);

        ServerProcess server;
        QVERIFY(QFile::copy(fixture, QDir(server.dataDir()).filePath(QStringLiteral("tessera.db"))));
        QFile::setPermissions(QDir(server.dataDir()).filePath(QStringLiteral("tessera.db")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY2(server.start(), qPrintable(server.output()));

        const QJsonObject health = get(server, QStringLiteral("/api/v1/health"), {}).json();
        QCOMPARE(health.value(QStringLiteral("schema")).toInt(), Database::latestSchemaVersion());
        QCOMPARE(health.value(QStringLiteral("epoch")).toString(), before.epoch); // caches stay valid

        // Passwords survive the upgrade.
        const QByteArray ana = tokenOf(server, QStringLiteral("ana"));
        const QByteArray ben = tokenOf(server, QStringLiteral("ben"));
        QVERIFY(!ana.isEmpty() && !ben.isEmpty());

        const QJsonArray boards = get(server, QStringLiteral("/api/v1/boards"), ben).json().value(QStringLiteral("boards")).toArray();
        QString fixtureBoard;
        for (const QJsonValue &b : boards) {
            if (b.toObject().value(QStringLiteral("name")).toString() == QLatin1String("Upgrade fixture"))
                fixtureBoard = b.toObject().value(QStringLiteral("id")).toString();
        }
        QVERIFY2(!fixtureBoard.isEmpty(), "ben is still a member of the fixture board");

        const QJsonObject snapshot = get(server, QStringLiteral("/api/v1/boards/%1/snapshot").arg(fixtureBoard), ben).json();
        QMap<QString, QString> titles;
        for (const QJsonValue &v : snapshot.value(QStringLiteral("items")).toArray()) {
            const QJsonObject item = v.toObject();
            titles.insert(item.value(QStringLiteral("id")).toString(),
                          item.value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString());
        }
        QCOMPARE(titles.value(QStringLiteral("fx-i1")), QStringLiteral("Fixture item 1"));
        QCOMPARE(titles.value(QStringLiteral("fx-i2")), QStringLiteral("Renamed by ben"));
        QVERIFY(!titles.contains(QStringLiteral("fx-i5"))); // deleted before the upgrade
        QCOMPARE(titles.size(), 4);

        // The whole history is still readable, from seq 1.
        const QJsonObject changes
                = get(server, QStringLiteral("/api/v1/streams/board:%1/changes?sinceSeq=0&limit=500").arg(fixtureBoard), ben).json();
        const qint64 head = changes.value(QStringLiteral("headSeq")).toInteger();
        QVERIFY(head > 0);
        QCOMPARE(changes.value(QStringLiteral("events")).toArray().size(), qsizetype(head));

        // The @mention notification made before the upgrade is in ben's inbox.
        const QJsonArray inbox = get(server, QStringLiteral("/api/v1/inbox?limit=100"), ben).json().value(QStringLiteral("notifications")).toArray();
        bool mentioned = false;
        for (const QJsonValue &n : inbox)
            mentioned = mentioned || n.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("mention");
        QVERIFY2(mentioned, "the mention notification survived the upgrade");

        // Items written before the search index existed are found.
        const QJsonArray hits = get(server, QStringLiteral("/api/v1/search?q=Renamed"), ben).json().value(QStringLiteral("hits")).toArray();
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.first().toObject().value(QStringLiteral("itemId")).toString(), QStringLiteral("fx-i2"));

        // And the log goes on from where it was.
        QUrl mutate = server.url();
        mutate.setPath(QStringLiteral("/api/v1/mutations"));
        const QJsonObject op { { QStringLiteral("kind"), QStringLiteral("item.update") },
                               { QStringLiteral("itemId"), QStringLiteral("fx-i1") },
                               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("After the upgrade") } } } };
        const HttpResult ack = httpRequest("POST", mutate,
                                           QJsonDocument(QJsonObject { { QStringLiteral("mutationId"), QStringLiteral("after-upgrade") },
                                                                       { QStringLiteral("board"), fixtureBoard },
                                                                       { QStringLiteral("op"), op } })
                                                   .toJson(),
                                           ana);
        QCOMPARE(ack.status, 200);
        QCOMPARE(ack.json().value(QStringLiteral("seq")).toInteger(), head + 1);
        // A retry of a mutation acknowledged by the old server is still recognised.
        const HttpResult retry = httpRequest("POST", mutate,
                                             QJsonDocument(QJsonObject { { QStringLiteral("mutationId"), QStringLiteral("fx-c1") },
                                                                         { QStringLiteral("board"), fixtureBoard },
                                                                         { QStringLiteral("op"), QJsonObject { { QStringLiteral("kind"), QStringLiteral("item.create") },
                                                                                                              { QStringLiteral("itemId"), QStringLiteral("fx-i1") },
                                                                                                              { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Fixture item 1") } } },
                                                                                                              { QStringLiteral("rank"), QStringLiteral("V1") } } } })
                                                     .toJson(),
                                             ana);
        QCOMPARE(retry.status, 200);
        QCOMPARE(retry.json().value(QStringLiteral("duplicate")).toBool(), true);
        server.stop();
    }
};

QTEST_GUILESS_MAIN(TestUpgrades)
#include "tst_upgrades.moc"
