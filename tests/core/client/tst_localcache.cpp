#include "core/client/localcache.h"
#include "core/protocol/messages.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera::Core;

namespace {

BoardState sampleBoard()
{
    BoardState s;
    s.board = { QStringLiteral("b1"), QStringLiteral("Roadmap"), QStringLiteral("Q3"), false, QString() };
    s.columns.append({ QStringLiteral("title"), QStringLiteral("Title"), ColumnType::Text, {} });
    s.members.insert(QStringLiteral("u1"), { QStringLiteral("u1"), Role::Owner, QStringLiteral("ana"), QStringLiteral("Ana") });
    Item item;
    item.id = QStringLiteral("i1");
    item.fields.insert(QStringLiteral("title"), QStringLiteral("First"));
    item.versions.insert(QStringLiteral("title"), 2);
    item.rank = QStringLiteral("V");
    item.createdBy = QStringLiteral("u1");
    item.createdAt = QStringLiteral("2026-11-24T10:00:00.000Z");
    s.items.insert(item.id, item);
    Comment c;
    c.id = QStringLiteral("c1");
    c.itemId = QStringLiteral("i1");
    c.author = QStringLiteral("u1");
    c.body = QStringLiteral("hi");
    c.createdAt = item.createdAt;
    s.comments.insert(c.id, c);
    s.attachments.insert(QStringLiteral("a1"), { QStringLiteral("a1"), QStringLiteral("i1"), QStringLiteral("plan.pdf"), 1234,
                                                 QStringLiteral("application/pdf"), QString(64, QLatin1Char('a')),
                                                 QStringLiteral("u1"), item.createdAt });
    s.epoch = QStringLiteral("e1");
    s.seq = 3;
    return s;
}

} // namespace

class TestLocalCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathIsPerServerAndUser()
    {
        const QString a = LocalCache::filePathFor(QStringLiteral("/x"), QUrl(QStringLiteral("http://h:1")), QStringLiteral("u1"));
        const QString b = LocalCache::filePathFor(QStringLiteral("/x"), QUrl(QStringLiteral("http://h:1")), QStringLiteral("u2"));
        const QString c = LocalCache::filePathFor(QStringLiteral("/x"), QUrl(QStringLiteral("http://h:2")), QStringLiteral("u1"));
        QVERIFY(a != b && a != c && b != c);
        QCOMPARE(a, LocalCache::filePathFor(QStringLiteral("/x"), QUrl(QStringLiteral("http://h:1/")), QStringLiteral("u1")));
    }

    void boardRoundTripAndChanges()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        BoardState s = sampleBoard();
        {
            LocalCache cache(path);
            QVERIFY(cache.open());
            cache.saveBoard(s);
            const auto loaded = cache.board(QStringLiteral("b1"));
            QVERIFY(loaded);
            QCOMPARE(loaded->toSnapshotJson(), s.toSnapshotJson());
            QCOMPARE(loaded->attachments.size(), 1); // attachments are cached with the board

            // A batch: update i1, create i2, delete nothing; only those rows are written.
            Event upd;
            upd.seq = 4;
            upd.kind = EventKind::ItemUpdated;
            upd.actor = QStringLiteral("u1");
            upd.at = QStringLiteral("2026-11-24T10:00:01.000Z");
            upd.payload = { { QStringLiteral("itemId"), QStringLiteral("i1") },
                            { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Second") } } },
                            { QStringLiteral("versions"), QJsonObject { { QStringLiteral("title"), 4 } } } };
            QVERIFY(apply(upd, s).ok);
            Event del = upd;
            del.seq = 5;
            del.kind = EventKind::ItemDeleted;
            del.payload = { { QStringLiteral("itemId"), QStringLiteral("i1") } };
            cache.saveBoardChanges(s, { upd });
            QCOMPARE(cache.board(QStringLiteral("b1"))->toSnapshotJson(), s.toSnapshotJson());
            QVERIFY(apply(del, s).ok);
            cache.saveBoardChanges(s, { del });
        }
        LocalCache reopened(path); // survives a restart
        QVERIFY(reopened.open());
        const auto loaded = reopened.board(QStringLiteral("b1"));
        QVERIFY(loaded);
        QCOMPARE(loaded->seq, 5);
        QVERIFY(loaded->items.isEmpty());
        QVERIFY(loaded->attachments.isEmpty()); // they went with their item
        QCOMPARE(reopened.position(StreamName::board(QStringLiteral("b1"))), (StreamPosition { QStringLiteral("e1"), 5 }));
        reopened.removeBoard(QStringLiteral("b1"));
        QVERIFY(!reopened.board(QStringLiteral("b1")));
    }

    void boardsNotificationsAndMeta()
    {
        QTemporaryDir dir;
        LocalCache cache(dir.filePath(QStringLiteral("c.sqlite")));
        QVERIFY(cache.open());
        cache.setBoards({ { { QStringLiteral("b2"), QStringLiteral("Two"), {}, false, {} }, Role::Editor, 7 },
                          { { QStringLiteral("b1"), QStringLiteral("One"), {}, false, {} }, Role::Owner, 3 } });
        const auto boards = cache.boards();
        QCOMPARE(boards.size(), 2);
        QCOMPARE(boards.at(0).board.id, QStringLiteral("b2"));
        QCOMPARE(boards.at(0).role, Role::Editor);
        QCOMPARE(boards.at(1).headSeq, 3);

        Notification n;
        n.id = QStringLiteral("n1");
        n.seq = 1;
        n.kind = Tessera::Core::NotificationKind::Mention;
        n.boardId = QStringLiteral("b1");
        n.actor = QStringLiteral("u1");
        n.text = QStringLiteral("Ana mentioned you");
        n.at = QStringLiteral("2026-11-24T10:00:00.000Z");
        Notification m = n;
        m.id = QStringLiteral("n2");
        m.seq = 2;
        cache.saveNotifications({ n, m }, { QStringLiteral("e"), 2 });
        QCOMPARE(cache.notifications().size(), 2);
        QCOMPARE(cache.notifications().first().id, QStringLiteral("n2"));
        QCOMPARE(cache.position(StreamName::inbox()).seq, 2);
        cache.clearNotifications();
        QVERIFY(cache.notifications().isEmpty());

        cache.setMeta(QStringLiteral("pin"), QStringLiteral("abc"));
        QCOMPARE(cache.meta(QStringLiteral("pin")), QStringLiteral("abc"));
    }

    void corruptFileIsMovedAsideAndRebuilt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        {
            LocalCache cache(path);
            QVERIFY(cache.open());
            cache.saveBoard(sampleBoard());
        }
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            // Overwrite the header and the first pages with garbage.
            f.write(QByteArray(8192, '\x5a'));
        }
        LocalCache cache(path);
        QVERIFY(cache.open());
        QVERIFY(!cache.movedAsideTo().isEmpty());
        QVERIFY(cache.movedAsideTo().contains(QStringLiteral(".corrupt-")));
        QVERIFY(QFile::exists(cache.movedAsideTo()));
        QVERIFY(!cache.board(QStringLiteral("b1"))); // rebuilt empty: refilled from snapshots
        cache.saveBoard(sampleBoard());
        QVERIFY(cache.board(QStringLiteral("b1")));
    }

    void garbageFileIsNotADatabase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not sqlite at all");
        f.close();
        LocalCache cache(path);
        QVERIFY(cache.open());
        QVERIFY(!cache.movedAsideTo().isEmpty());
        QVERIFY(cache.boards().isEmpty());
    }

    void twoCachesAtOnce()
    {
        QTemporaryDir dir;
        LocalCache a(dir.filePath(QStringLiteral("a.sqlite")));
        LocalCache b(dir.filePath(QStringLiteral("b.sqlite")));
        QVERIFY(a.open() && b.open());
        a.setMeta(QStringLiteral("k"), QStringLiteral("a"));
        b.setMeta(QStringLiteral("k"), QStringLiteral("b"));
        QCOMPARE(a.meta(QStringLiteral("k")), QStringLiteral("a"));
        QCOMPARE(b.meta(QStringLiteral("k")), QStringLiteral("b"));
    }
};

QTEST_GUILESS_MAIN(TestLocalCache)
#include "tst_localcache.moc"
