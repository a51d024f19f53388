// BoardStats on a BoardStore fed real events: the bars, the overdue rule, the week
// buckets (created from createdAt, completed from the event that set the last status
// option, unknown for snapshot items) and one recomputation per burst of batches.
#include "core/models/boardstats.h"
#include "core/models/boardstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tessera::Core;

namespace {

const QDate Today(2026, 11, 25); // a Wednesday; its week starts on Monday 2026-11-23

QString iso(const QDate &day)
{
    return QDateTime(day, QTime(12, 0)).toUTC().toString(Qt::ISODateWithMs);
}

BoardState makeState()
{
    BoardState s;
    s.board.id = QStringLiteral("b1");
    s.board.name = QStringLiteral("Board");
    Column title { QStringLiteral("title"), QStringLiteral("Title"), ColumnType::Text, {} };
    Column status { QStringLiteral("st"),
                    QStringLiteral("Work state"),
                    ColumnType::Status,
                    { { QStringLiteral("todo"), QStringLiteral("To do"), QStringLiteral("#888888") },
                      { QStringLiteral("doing"), QStringLiteral("In progress"), QStringLiteral("#3366cc") },
                      { QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("#22aa44") } } };
    Column owner { QStringLiteral("owner"), QStringLiteral("Owner"), ColumnType::Person, {} };
    Column due { QStringLiteral("due"), QStringLiteral("Due"), ColumnType::Date, {} };
    s.columns = { title, status, owner, due };
    s.members.insert(QStringLiteral("u1"),
                     { QStringLiteral("u1"), Role::Owner, QStringLiteral("ana"), QStringLiteral("Ana") });
    s.members.insert(QStringLiteral("u2"),
                     { QStringLiteral("u2"), Role::Editor, QStringLiteral("ben"), QStringLiteral("Ben") });
    s.epoch = QStringLiteral("e1");
    s.seq = 10;
    // A snapshot item already done: its completion time is unknown.
    Item old;
    old.id = QStringLiteral("old");
    old.rank = QStringLiteral("a");
    old.fields
        = { { QStringLiteral("title"), QStringLiteral("Old") }, { QStringLiteral("st"), QStringLiteral("done") } };
    old.versions = { { QStringLiteral("title"), 1 }, { QStringLiteral("st"), 2 } };
    old.createdAt = iso(Today.addDays(-100));
    s.items.insert(old.id, old);
    return s;
}

Event created(qint64 seq, const QString &id, const QJsonObject &fields, const QDate &day)
{
    QJsonObject versions;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
        versions.insert(it.key(), double(seq));
    const QJsonObject item { { QStringLiteral("id"), id },
                             { QStringLiteral("fields"), fields },
                             { QStringLiteral("versions"), versions },
                             { QStringLiteral("rank"), QString(QStringLiteral("m") + id) },
                             { QStringLiteral("createdBy"), QStringLiteral("u1") },
                             { QStringLiteral("createdAt"), iso(day) } };
    return {
        seq, EventKind::ItemCreated, QStringLiteral("u1"), QString(), iso(day), { { QStringLiteral("item"), item } }
    };
}

Event updated(qint64 seq, const QString &id, const QJsonObject &fields, const QDate &day)
{
    QJsonObject versions;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
        versions.insert(it.key(), double(seq));
    return { seq,
             EventKind::ItemUpdated,
             QStringLiteral("u2"),
             QString(),
             iso(day),
             { { QStringLiteral("itemId"), id },
               { QStringLiteral("fields"), fields },
               { QStringLiteral("versions"), versions } } };
}

QJsonObject fields(const QString &title, const QString &status, const QString &owner, const QString &due = QString())
{
    QJsonObject f { { QStringLiteral("title"), title } };
    if (!status.isEmpty())
        f.insert(QStringLiteral("st"), status);
    if (!owner.isEmpty())
        f.insert(QStringLiteral("owner"), owner);
    if (!due.isEmpty())
        f.insert(QStringLiteral("due"), due);
    return f;
}

int countOf(const QList<BoardNumbers::Bar> &bars, const QString &key)
{
    for (const auto &b : bars) {
        if (b.key == key)
            return b.count;
    }
    return -1;
}

} // namespace

class TestBoardStats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void barsOverdueAndWeeks();
    void completionTimeFollowsTheLatestVersion();
    void burstRecomputesOnce();
    void emptyBoard();
};

void TestBoardStats::barsOverdueAndWeeks()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    const QString yesterday = Today.addDays(-1).toString(Qt::ISODate);
    const QString lastWeek = Today.addDays(-9).toString(Qt::ISODate);
    const QString tomorrow = Today.addDays(1).toString(Qt::ISODate);
    const ApplyResult r = store.applyBatch({
        created(11, QStringLiteral("a"),
                fields(QStringLiteral("A"), QStringLiteral("todo"), QStringLiteral("u1"), yesterday), Today),
        created(12, QStringLiteral("b"),
                fields(QStringLiteral("B"), QStringLiteral("doing"), QStringLiteral("u1"), lastWeek),
                Today.addDays(-14)),
        created(13, QStringLiteral("c"),
                fields(QStringLiteral("C"), QStringLiteral("todo"), QStringLiteral("u2"), tomorrow),
                Today.addDays(-2)), // Monday of this week
        created(14, QStringLiteral("d"), fields(QStringLiteral("D"), QString(), QString(), yesterday),
                Today.addDays(-3)),
        created(15, QStringLiteral("e"),
                fields(QStringLiteral("E"), QStringLiteral("todo"), QStringLiteral("u2"), yesterday),
                Today.addDays(-70)), // before the 8 weeks
        // e is done last week (so not overdue though its date passed)
        updated(16, QStringLiteral("e"), { { QStringLiteral("st"), QStringLiteral("done") } }, Today.addDays(-7)),
    });
    QVERIFY2(r.ok, qPrintable(r.message));

    const BoardNumbers n = BoardStats::compute(store, Today);
    QCOMPARE(n.items, 6);
    QCOMPARE(n.statusColumnId, QStringLiteral("st"));
    QCOMPARE(n.perStatus.size(), 4); // three options and "No status"
    QCOMPARE(countOf(n.perStatus, QStringLiteral("todo")), 2);
    QCOMPARE(countOf(n.perStatus, QStringLiteral("doing")), 1);
    QCOMPARE(countOf(n.perStatus, QStringLiteral("done")), 2);
    QCOMPARE(countOf(n.perStatus, QString()), 1);
    QCOMPARE(n.perStatus.at(1).color, QStringLiteral("#3366cc"));
    QCOMPARE(n.perStatus.at(1).filter, QStringLiteral("workstate:\"In progress\""));
    QCOMPARE(n.perStatus.at(3).filter, QStringLiteral("workstate:none"));
    QCOMPARE(countOf(n.perPerson, QStringLiteral("u1")), 2);
    QCOMPARE(countOf(n.perPerson, QStringLiteral("u2")), 2);
    QCOMPARE(countOf(n.perPerson, QString()), 2);
    QCOMPARE(n.perPerson.first().filter, QStringLiteral("owner:ana"));
    // Overdue: a date before today and not done; b's date is the earliest.
    QCOMPARE(n.overdue, (QStringList { QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("d") }));
    QCOMPARE(BoardStats::compute(store, Today.addDays(-5)).overdue, QStringList { QStringLiteral("b") });

    QCOMPARE(n.weeks.size(), BoardStats::DefaultWeeks);
    QCOMPARE(n.weeks.last().start, QDate(2026, 11, 23));
    QCOMPARE(n.weeks.first().start, QDate(2026, 11, 23).addDays(-7 * 7));
    QCOMPARE(n.weeks.last().created, 2); // a (Wednesday) and c (Monday)
    QCOMPARE(n.weeks.at(6).created, 1); // d, on Sunday: the week before
    QCOMPARE(n.weeks.at(5).created, 1); // b, 14 days ago
    int created = 0;
    for (const auto &w : n.weeks)
        created += w.created;
    QCOMPARE(created, 4); // e (70 days ago) and the snapshot item are before the window
    QCOMPARE(n.weeks.at(6).completed, 1); // e, a week ago
    QCOMPARE(n.weeks.last().completed, 0);
    QCOMPARE(n.doneWithoutTime, 1); // the snapshot item: never guessed
}

void TestBoardStats::completionTimeFollowsTheLatestVersion()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    QVERIFY(store
                .applyBatch(
                    { created(11, QStringLiteral("a"), fields(QStringLiteral("A"), QStringLiteral("todo"), QString()),
                              Today.addDays(-20)),
                      updated(12, QStringLiteral("a"), { { QStringLiteral("st"), QStringLiteral("done") } }, Today) })
                .ok);
    QCOMPARE(store.fieldSetAt(QStringLiteral("a"), QStringLiteral("st")).toLocalTime().date(), Today);
    QCOMPARE(BoardStats::compute(store, Today).weeks.last().completed, 1);
    // A snapshot that moved the status on (a later version) leaves the time unknown.
    BoardState later = store.confirmed();
    later.items[QStringLiteral("a")].versions[QStringLiteral("st")] = 30;
    later.seq = 30;
    store.resetFromSnapshot(later);
    QVERIFY(!store.fieldSetAt(QStringLiteral("a"), QStringLiteral("st")).isValid());
    const BoardNumbers n = BoardStats::compute(store, Today);
    QCOMPARE(n.weeks.last().completed, 0);
    QCOMPARE(n.doneWithoutTime, 2);
}

void TestBoardStats::burstRecomputesOnce()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    BoardStats stats(&store);
    stats.setToday(Today);
    QSignalSpy changed(&stats, &BoardStats::changed);
    QVERIFY(changed.wait(2000));
    const int before = stats.recomputations();
    changed.clear();
    // 1,000 batches arrive in one turn of the event loop: one recomputation.
    for (int i = 0; i < 1000; ++i) {
        const QString id = QStringLiteral("i%1").arg(i);
        QVERIFY(
            store.applyBatch({ created(11 + i, id, fields(id, QStringLiteral("doing"), QStringLiteral("u2")), Today) })
                .ok);
    }
    QCOMPARE(stats.recomputations(), before); // nothing yet: coalesced
    QVERIFY(changed.wait(2000));
    QCOMPARE(stats.recomputations(), before + 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(countOf(stats.numbers().perStatus, QStringLiteral("doing")), 1000);
    QCOMPARE(stats.numbers().weeks.last().created, 1000);
    // One more batch: one more recomputation.
    QVERIFY(store
                .applyBatch({ updated(1011, QStringLiteral("i0"), { { QStringLiteral("st"), QStringLiteral("done") } },
                                      Today) })
                .ok);
    QVERIFY(changed.wait(2000));
    QCOMPARE(stats.recomputations(), before + 2);
    QCOMPARE(stats.numbers().weeks.last().completed, 1);
    QTest::qWait(50);
    QCOMPARE(stats.recomputations(), before + 2); // and nothing after it
}

void TestBoardStats::emptyBoard()
{
    BoardStore store;
    const BoardNumbers n = BoardStats::compute(store, Today);
    QCOMPARE(n.items, 0);
    QVERIFY(n.perStatus.isEmpty());
    QVERIFY(n.perPerson.isEmpty());
    QVERIFY(n.overdue.isEmpty());
    QCOMPARE(n.weeks.size(), BoardStats::DefaultWeeks);
}

QTEST_GUILESS_MAIN(TestBoardStats)
#include "tst_boardstats.moc"
