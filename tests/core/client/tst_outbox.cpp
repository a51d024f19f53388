#include "core/client/localcache.h"
#include "core/client/outbox.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Tessera::Core;

namespace {

Command update(const QString &id, const QString &item, const QString &title, qint64 base)
{
    Op op;
    op.kind = OpKind::ItemUpdate;
    op.args = { { QStringLiteral("itemId"), item },
                { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } },
                { QStringLiteral("base"), QJsonObject { { QStringLiteral("title"), double(base) } } } };
    return { id, QStringLiteral("b1"), op, {} };
}

QStringList ids(const QList<OutboxEntry> &entries)
{
    QStringList out;
    for (const OutboxEntry &e : entries)
        out.append(e.mutationId());
    return out;
}

} // namespace

class TestOutbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void persistsAcrossRestartInOrder()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        {
            LocalCache cache(path);
            QVERIFY(cache.open());
            Outbox outbox(&cache);
            for (int i = 0; i < 20; ++i)
                QVERIFY(outbox.add(update(QStringLiteral("m%1").arg(i), QStringLiteral("i%1").arg(i % 3), QStringLiteral("t"), 1)));
            QVERIFY(!outbox.add(update(QStringLiteral("m3"), QStringLiteral("x"), QStringLiteral("t"), 1))); // duplicate id
            outbox.acked(QStringLiteral("m0"), 5);
            outbox.rejected(QStringLiteral("m1"), Tessera::Core::RejectCode::Forbidden, QStringLiteral("no"));
        } // "crash": nothing else written
        LocalCache cache(path);
        QVERIFY(cache.open());
        Outbox outbox(&cache);
        outbox.load();
        QCOMPARE(outbox.size(), 19);
        QCOMPARE(outbox.entries().first().mutationId(), QStringLiteral("m1"));
        QCOMPARE(outbox.entries().first().state, OutboxEntry::State::Failed);
        QCOMPARE(outbox.entries().first().code, Tessera::Core::RejectCode::Forbidden);
        QStringList expected;
        for (int i = 2; i < 20; ++i)
            expected.append(QStringLiteral("m%1").arg(i));
        QCOMPARE(ids(outbox.queued()), expected);
        QCOMPARE(outbox.entry(QStringLiteral("m5"))->command, update(QStringLiteral("m5"), QStringLiteral("i2"), QStringLiteral("t"), 1));
    }

    void sameItemWaitsForTheEarlierAckAndRebases()
    {
        Outbox outbox; // memory only
        outbox.add(update(QStringLiteral("a"), QStringLiteral("i1"), QStringLiteral("one"), 3));
        outbox.add(update(QStringLiteral("b"), QStringLiteral("i2"), QStringLiteral("x"), 1));
        outbox.add(update(QStringLiteral("c"), QStringLiteral("i1"), QStringLiteral("two"), 3));
        QVERIFY(outbox.isSendable(QStringLiteral("a")));
        QVERIFY(outbox.isSendable(QStringLiteral("b")));
        QVERIFY(!outbox.isSendable(QStringLiteral("c")));
        outbox.acked(QStringLiteral("a"), 9);
        QVERIFY(outbox.isSendable(QStringLiteral("c")));
        // My own earlier edit moved the field to 9: c's base follows, so it is no conflict.
        QCOMPARE(outbox.entry(QStringLiteral("c"))->command.op.base().value(QStringLiteral("title")), 9);
        QCOMPARE(outbox.entry(QStringLiteral("b"))->command.op.base().value(QStringLiteral("title")), 1);
    }

    void retryDiscardKeepMineTakeTheirs()
    {
        QTemporaryDir dir;
        LocalCache cache(dir.filePath(QStringLiteral("c.sqlite")));
        QVERIFY(cache.open());
        Outbox outbox(&cache);
        outbox.add(update(QStringLiteral("a"), QStringLiteral("i1"), QStringLiteral("mine"), 3));
        outbox.add(update(QStringLiteral("b"), QStringLiteral("i2"), QStringLiteral("mine"), 3));
        outbox.add(update(QStringLiteral("c"), QStringLiteral("i3"), QStringLiteral("mine"), 3));
        outbox.rejected(QStringLiteral("a"), Tessera::Core::RejectCode::Invalid, QStringLiteral("bad"));
        Item theirs;
        theirs.id = QStringLiteral("i2");
        theirs.fields.insert(QStringLiteral("title"), QStringLiteral("theirs"));
        theirs.versions.insert(QStringLiteral("title"), 8);
        outbox.conflicted(QStringLiteral("b"), theirs);
        outbox.conflicted(QStringLiteral("c"), theirs);

        QVERIFY(!outbox.retry(QStringLiteral("b"), QStringLiteral("x"))); // not failed
        const auto retried = outbox.retry(QStringLiteral("a"), QStringLiteral("a2"));
        QVERIFY(retried);
        QCOMPARE(retried->mutationId, QStringLiteral("a2"));
        QVERIFY(!outbox.contains(QStringLiteral("a")));
        QCOMPARE(outbox.entries().last().mutationId(), QStringLiteral("a2")); // to the end of the queue

        const auto mine = outbox.keepMine(QStringLiteral("b"), QStringLiteral("b2"));
        QVERIFY(mine);
        QCOMPARE(mine->op.base().value(QStringLiteral("title")), 8); // on their version
        QCOMPARE(mine->op.fields().value(QStringLiteral("title")).toString(), QStringLiteral("mine"));
        QCOMPARE(outbox.entry(QStringLiteral("b2"))->state, OutboxEntry::State::Queued);

        QVERIFY(outbox.remove(QStringLiteral("c"))); // takeTheirs
        Outbox reloaded(&cache);
        reloaded.load();
        QCOMPARE(ids(reloaded.entries()), (QStringList { QStringLiteral("a2"), QStringLiteral("b2") }));
        QCOMPARE(reloaded.entry(QStringLiteral("b2"))->command.op.base().value(QStringLiteral("title")), 8);
    }

    void conflictKeepsTheirItemAcrossRestart()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        Item theirs;
        theirs.id = QStringLiteral("i1");
        theirs.fields.insert(QStringLiteral("title"), QStringLiteral("theirs"));
        theirs.versions.insert(QStringLiteral("title"), 8);
        {
            LocalCache cache(path);
            QVERIFY(cache.open());
            Outbox outbox(&cache);
            outbox.add(update(QStringLiteral("a"), QStringLiteral("i1"), QStringLiteral("mine"), 3));
            outbox.conflicted(QStringLiteral("a"), theirs, QStringLiteral("changed"));
        }
        LocalCache cache(path);
        QVERIFY(cache.open());
        Outbox outbox(&cache);
        outbox.load();
        QCOMPARE(outbox.entry(QStringLiteral("a"))->state, OutboxEntry::State::Conflict);
        QCOMPARE(outbox.entry(QStringLiteral("a"))->theirs, theirs);
        QVERIFY(outbox.queued().isEmpty());
    }

    // A bulk command's conflict keeps every conflicting item across a restart; keeping
    // mine rebases exactly the ops on those items onto the server's versions.
    void bulkConflictRebasesEveryConflictingOp()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        Command bulk { QStringLiteral("bulk"), QStringLiteral("b1"), {}, {} };
        for (const char *item : { "i1", "i2", "i3" })
            bulk.ops.append(update(QString(), QLatin1String(item), QStringLiteral("mine"), 3).op);
        QList<Item> theirs;
        for (const char *item : { "i1", "i3" }) {
            Item t;
            t.id = QLatin1String(item);
            t.versions.insert(QStringLiteral("title"), item[1] == '1' ? 7 : 9);
            theirs.append(t);
        }
        {
            LocalCache cache(path);
            QVERIFY(cache.open());
            Outbox outbox(&cache);
            QVERIFY(outbox.add(bulk));
            outbox.conflictedBulk(QStringLiteral("bulk"), theirs, QStringLiteral("2 items changed"));
        }
        LocalCache cache(path);
        QVERIFY(cache.open());
        Outbox outbox(&cache);
        outbox.load();
        const auto entry = outbox.entry(QStringLiteral("bulk"));
        QCOMPARE(entry->state, OutboxEntry::State::Conflict);
        QCOMPARE(entry->conflicts, theirs);
        QCOMPARE(entry->message, QStringLiteral("2 items changed"));
        const auto mine = outbox.keepMine(QStringLiteral("bulk"), QStringLiteral("bulk2"));
        QVERIFY(mine && mine->isBulk());
        QCOMPARE(mine->ops.at(0).base().value(QStringLiteral("title")), 7);
        QCOMPARE(mine->ops.at(1).base().value(QStringLiteral("title")), 3); // not in conflict: unchanged
        QCOMPARE(mine->ops.at(2).base().value(QStringLiteral("title")), 9);
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
