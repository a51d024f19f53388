#include "core/models/itemfilter.h"
#include "core/models/itemtablemodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Tessera::Core;

namespace {

Column column(const QString &id, ColumnType type)
{
    Column c { id, id.toUpper(), type, {} };
    if (type == ColumnType::Status) {
        c.options = { { QStringLiteral("todo"), QStringLiteral("To do"), QStringLiteral("#aaaaaa") },
                      { QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("#00aa00") } };
    }
    return c;
}

// Columns: 0 title, 1 status, 2 points, 3 due, 4 owner, 5 check.
BoardState makeState(int count)
{
    BoardState s;
    s.board.id = QStringLiteral("b1");
    s.columns = { column(QStringLiteral("title"), ColumnType::Text), column(QStringLiteral("status"), ColumnType::Status),
                  column(QStringLiteral("points"), ColumnType::Number), column(QStringLiteral("due"), ColumnType::Date),
                  column(QStringLiteral("owner"), ColumnType::Person),
                  column(QStringLiteral("check"), ColumnType::Checkbox) };
    s.members.insert(QStringLiteral("u1"), { QStringLiteral("u1"), Role::Owner, QStringLiteral("ann"), QStringLiteral("Ann") });
    s.items.reserve(count);
    for (int i = 0; i < count; ++i) {
        Item item;
        item.id = QStringLiteral("i%1").arg(i, 6, 10, QLatin1Char('0'));
        item.rank = QStringLiteral("r%1V").arg(i, 6, 10, QLatin1Char('0'));
        item.fields = { { QStringLiteral("title"), QStringLiteral("Item %1").arg(i) },
                        { QStringLiteral("points"), double(i) } };
        s.items.insert(item.id, item);
    }
    return s;
}

QString id(int i)
{
    return QStringLiteral("i%1").arg(i, 6, 10, QLatin1Char('0'));
}

Event makeEvent(EventKind kind, const QJsonObject &payload, const QString &mutationId = QString())
{
    return { 0, kind, QStringLiteral("u1"), mutationId, nowIso(), payload };
}

Event updated(const QString &itemId, const QJsonObject &fields)
{
    return makeEvent(EventKind::ItemUpdated, { { QStringLiteral("itemId"), itemId }, { QStringLiteral("fields"), fields } });
}

Event deleted(const QString &itemId)
{
    return makeEvent(EventKind::ItemDeleted, { { QStringLiteral("itemId"), itemId } });
}

Event created(const QString &itemId, const QString &rank)
{
    const Item item { itemId, { { QStringLiteral("title"), itemId } }, {}, rank, QString(), QString() };
    return makeEvent(EventKind::ItemCreated, { { QStringLiteral("item"), item.toJson() } });
}

struct Spies
{
    explicit Spies(QAbstractItemModel *m)
        : inserted(m, &QAbstractItemModel::rowsInserted), removed(m, &QAbstractItemModel::rowsRemoved),
          changed(m, &QAbstractItemModel::dataChanged), reset(m, &QAbstractItemModel::modelReset),
          layout(m, &QAbstractItemModel::layoutChanged)
    {
    }
    QSignalSpy inserted, removed, changed, reset, layout;
};

// "row,col-row,col" for a dataChanged spy entry.
QString range(const QList<QVariant> &args)
{
    const auto tl = args.at(0).toModelIndex();
    const auto br = args.at(1).toModelIndex();
    return QStringLiteral("%1,%2-%3,%4").arg(tl.row()).arg(tl.column()).arg(br.row()).arg(br.column());
}

} // namespace

class tst_ItemTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rolesAndHeaders();
    void ordinaryBatchIsOneTransaction();
    void pendingOverlayAndStates();
    void columnChangeResets();
    void memberChangeRefreshesPeople();
    void presenceRole();
    void filterProxy();
    void largeStoreTakesBatchWithoutReset();
};

void tst_ItemTableModel::rolesAndHeaders()
{
    BoardStore store;
    BoardState s = makeState(3);
    s.items[id(0)].fields = { { QStringLiteral("title"), QStringLiteral("Hello") },
                              { QStringLiteral("status"), QStringLiteral("done") },
                              { QStringLiteral("points"), 2.5 },
                              { QStringLiteral("due"), QStringLiteral("2024-03-05") },
                              { QStringLiteral("owner"), QStringLiteral("u1") },
                              { QStringLiteral("check"), true } };
    s.items[id(1)].fields.insert(QStringLiteral("status"), QStringLiteral("gone")); // option no longer exists
    store.resetFromSnapshot(s);
    ItemTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setLocale(QLocale::c());

    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), 6);
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("STATUS"));
    QCOMPARE(model.headerData(1, Qt::Horizontal, ItemTableModel::ColumnIdRole).toString(), QStringLiteral("status"));
    QCOMPARE(model.headerData(3, Qt::Horizontal, ItemTableModel::ColumnTypeRole).toInt(), int(ColumnType::Date));

    const auto at = [&model](int c, int role = Qt::DisplayRole) { return model.index(0, c).data(role); };
    QCOMPARE(at(0).toString(), QStringLiteral("Hello"));
    QCOMPARE(at(1).toString(), QStringLiteral("Done"));
    QCOMPARE(at(1, ItemTableModel::StatusColorRole).toString(), QStringLiteral("#00aa00"));
    QCOMPARE(at(1, ItemTableModel::StatusOptionRole).toString(), QStringLiteral("done"));
    QCOMPARE(at(1, Qt::EditRole).toString(), QStringLiteral("done"));
    QCOMPARE(at(2).toString(), QStringLiteral("2.5"));
    QCOMPARE(at(2, ItemTableModel::RawValueRole).toDouble(), 2.5);
    QCOMPARE(at(3).toString(), QLocale::c().toString(QDate(2024, 3, 5), QLocale::ShortFormat));
    QCOMPARE(at(4).toString(), QStringLiteral("Ann"));
    QCOMPARE(at(4, Qt::EditRole).toString(), QStringLiteral("u1"));
    QVERIFY(!at(5).isValid());
    QCOMPARE(at(5, Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QVERIFY(model.flags(model.index(0, 5)).testFlag(Qt::ItemIsUserCheckable));
    QCOMPARE(at(0, ItemTableModel::ItemIdRole).toString(), id(0));
    QCOMPARE(at(0, ItemTableModel::RankRole).toString(), QStringLiteral("r000000V"));
    QCOMPARE(at(0, ItemTableModel::StateRole).toInt(), int(ItemState::Synced));
    QCOMPARE(at(4, ItemTableModel::ColumnIdRole).toString(), QStringLiteral("owner"));

    // Unknown status option: no label, no colour, no option; empty cells are empty.
    QCOMPARE(model.index(1, 1).data().toString(), QString());
    QCOMPARE(model.index(1, 1).data(ItemTableModel::StatusOptionRole).toString(), QString());
    QVERIFY(!model.index(1, 3).data().isValid());
    QVERIFY(!model.index(1, 3).data(ItemTableModel::RawValueRole).isValid());
    QCOMPARE(model.index(1, 5).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(model.roleNames().contains(ItemTableModel::StatusColorRole));
    // What a screen reader reads: the value, or what an empty cell and a checkbox hold.
    QCOMPARE(at(1, Qt::AccessibleTextRole).toString(), QStringLiteral("Done"));
    QCOMPARE(at(5, Qt::AccessibleTextRole).toString(), QStringLiteral("CHECK: yes"));
    QCOMPARE(model.index(1, 3).data(Qt::AccessibleTextRole).toString(), QStringLiteral("DUE: empty"));
    QCOMPARE(model.index(1, 5).data(Qt::AccessibleTextRole).toString(), QStringLiteral("CHECK: no"));
}

void tst_ItemTableModel::ordinaryBatchIsOneTransaction()
{
    BoardStore store;
    store.resetFromSnapshot(makeState(5));
    ItemTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Spies spies(&model);

    const EventList batch { deleted(id(1)),
                            updated(id(3), { { QStringLiteral("title"), QStringLiteral("D") } }),
                            created(QStringLiteral("x"), QStringLiteral("zz")),
                            deleted(id(2)),
                            updated(id(0), { { QStringLiteral("title"), QStringLiteral("A") },
                                             { QStringLiteral("points"), 42 } }),
                            deleted(id(4)),
                            created(QStringLiteral("y"), QStringLiteral("zy")) };
    QVERIFY(store.applyBatch(batch).ok);

    QCOMPARE(spies.reset.size(), 0);
    QCOMPARE(spies.layout.size(), 0);
    // Two contiguous removal ranges, last first.
    QCOMPARE(spies.removed.size(), 2);
    QCOMPARE(spies.removed.at(0).at(1).toInt(), 4);
    QCOMPARE(spies.removed.at(0).at(2).toInt(), 4);
    QCOMPARE(spies.removed.at(1).at(1).toInt(), 1);
    QCOMPARE(spies.removed.at(1).at(2).toInt(), 2);
    // One insertion block at the end.
    QCOMPARE(spies.inserted.size(), 1);
    QCOMPARE(spies.inserted.first().at(1).toInt(), 2);
    QCOMPARE(spies.inserted.first().at(2).toInt(), 3);
    // Minimal dataChanged ranges: per row leftmost..rightmost changed column.
    QStringList ranges;
    for (const auto &args : std::as_const(spies.changed))
        ranges.append(range(args));
    QCOMPARE(ranges, QStringList({ QStringLiteral("0,0-0,2"), QStringLiteral("1,0-1,0") }));

    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("A"));
    QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("D"));
    QCOMPARE(model.index(2, 0).data().toString(), QStringLiteral("x"));
    QCOMPARE(model.index(3, 0).data().toString(), QStringLiteral("y"));
    QCOMPARE(model.index(0, 2).data().toString(), QStringLiteral("42"));
}

void tst_ItemTableModel::pendingOverlayAndStates()
{
    BoardStore store;
    store.resetFromSnapshot(makeState(3));
    ItemTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Spies spies(&model);
    const QModelIndex cell = model.index(1, 0);

    store.setPending(QStringLiteral("m1"), updated(id(1), { { QStringLiteral("title"), QStringLiteral("Mine") } }));
    QCOMPARE(cell.data().toString(), QStringLiteral("Mine"));
    QCOMPARE(cell.data(ItemTableModel::StateRole).toInt(), int(ItemState::Pending));
    QCOMPARE(spies.changed.size(), 1); // one signal per row: the value and the row-wide state
    QCOMPARE(range(spies.changed.first()), QStringLiteral("1,0-1,5"));
    spies.changed.clear();
    store.setPending(QStringLiteral("m0"), updated(id(1), { { QStringLiteral("points"), 7 } }));
    QCOMPARE(spies.changed.size(), 1); // value only: just that cell
    QCOMPARE(range(spies.changed.first()), QStringLiteral("1,2-1,2"));
    store.clearPending(QStringLiteral("m0"));

    store.markFailed(QStringLiteral("m1"), Tessera::Core::RejectCode::Forbidden, QStringLiteral("no"));
    QCOMPARE(cell.data().toString(), QStringLiteral("Item 1"));
    QCOMPARE(cell.data(ItemTableModel::StateRole).toInt(), int(ItemState::Failed));

    store.setPending(QStringLiteral("m1"), updated(id(1), { { QStringLiteral("title"), QStringLiteral("Mine") } }));
    QCOMPARE(cell.data().toString(), QStringLiteral("Mine"));
    store.markConflict(QStringLiteral("m1"), *store.confirmed().items.constFind(id(1)));
    QCOMPARE(cell.data(ItemTableModel::StateRole).toInt(), int(ItemState::Conflict));
    QCOMPARE(cell.data().toString(), QStringLiteral("Item 1"));

    store.setPending(QStringLiteral("m1"), updated(id(1), { { QStringLiteral("title"), QStringLiteral("Mine") } }));
    store.clearPending(QStringLiteral("m1"));
    QCOMPARE(cell.data().toString(), QStringLiteral("Item 1"));
    QCOMPARE(cell.data(ItemTableModel::StateRole).toInt(), int(ItemState::Synced));

    // Optimistic create and delete move rows, never reset.
    store.setPending(QStringLiteral("m2"), created(QStringLiteral("new"), QStringLiteral("zz")));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(3, 0).data(ItemTableModel::StateRole).toInt(), int(ItemState::Pending));
    store.setPending(QStringLiteral("m3"), deleted(id(0)));
    QCOMPARE(model.rowCount(), 3);
    store.clearPending(QStringLiteral("m2"));
    store.clearPending(QStringLiteral("m3"));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(spies.reset.size(), 0);
}

void tst_ItemTableModel::columnChangeResets()
{
    BoardStore store;
    store.resetFromSnapshot(makeState(3));
    ItemTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Spies spies(&model);
    const Column extra = column(QStringLiteral("notes"), ColumnType::Text);
    QVERIFY(store.applyBatch({ makeEvent(EventKind::ColumnCreated, { { QStringLiteral("column"), extra.toJson() } }),
                               deleted(id(0)) })
                    .ok);
    QCOMPARE(spies.reset.size(), 1);
    QCOMPARE(model.columnCount(), 7);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.headerData(6, Qt::Horizontal).toString(), QStringLiteral("NOTES"));
}

void tst_ItemTableModel::memberChangeRefreshesPeople()
{
    BoardStore store;
    BoardState s = makeState(3);
    s.items[id(2)].fields.insert(QStringLiteral("owner"), QStringLiteral("u2"));
    store.resetFromSnapshot(s);
    ItemTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Spies spies(&model);
    QCOMPARE(model.index(2, 4).data().toString(), QStringLiteral("u2"));
    const Member bob { QStringLiteral("u2"), Role::Editor, QStringLiteral("bob"), QStringLiteral("Bob") };
    QVERIFY(store.applyBatch({ makeEvent(EventKind::MemberAdded, { { QStringLiteral("member"), bob.toJson() } }) }).ok);
    QCOMPARE(model.index(2, 4).data().toString(), QStringLiteral("Bob"));
    QCOMPARE(spies.changed.size(), 1);
    QCOMPARE(range(spies.changed.first()), QStringLiteral("0,4-2,4"));
    QCOMPARE(spies.reset.size(), 0);
}

void tst_ItemTableModel::presenceRole()
{
    BoardStore store;
    store.resetFromSnapshot(makeState(3));
    ItemTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Spies spies(&model);
    store.setPresence({ { QStringLiteral("u1"), QStringLiteral("Ann"), QStringLiteral("b1"), id(2),
                          Tessera::Core::PresenceState::Editing, QStringLiteral("title") } });
    QCOMPARE(model.index(2, 0).data(ItemTableModel::PresenceRole).toStringList(), QStringList { QStringLiteral("u1") });
    QCOMPARE(spies.changed.size(), 1);
    QCOMPARE(range(spies.changed.first()), QStringLiteral("2,0-2,5"));
    QCOMPARE(spies.changed.first().at(2).value<QList<int>>(), QList<int> { ItemTableModel::PresenceRole });
}

void tst_ItemTableModel::filterProxy()
{
    BoardStore store;
    BoardState s = makeState(6);
    s.items[id(1)].fields.insert(QStringLiteral("status"), QStringLiteral("done"));
    s.items[id(4)].fields.insert(QStringLiteral("status"), QStringLiteral("done"));
    s.items[id(5)].fields.insert(QStringLiteral("title"), QStringLiteral("Quarterly report"));
    store.resetFromSnapshot(s);
    ItemTableModel model(&store);
    ItemFilterProxy proxy(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const auto ids = [&proxy] {
        QStringList out;
        for (int r = 0; r < proxy.rowCount(); ++r)
            out.append(proxy.index(r, 0).data(ItemTableModel::ItemIdRole).toString());
        return out;
    };

    ItemFilter f;
    f.text = QStringLiteral("REPORT quarter");
    proxy.setFilter(f);
    QCOMPARE(ids(), QStringList { id(5) });
    f.text = QStringLiteral("done"); // status labels are searchable
    proxy.setFilter(f);
    QCOMPARE(ids(), QStringList({ id(1), id(4) }));
    f.text.clear();
    f.statusColumnId = QStringLiteral("status");
    f.statusOptionIds = { QString() };
    proxy.setFilter(f);
    QCOMPARE(ids().size(), 4);

    // A status change moves the item in or out of the filter, live.
    QVERIFY(store.applyBatch({ updated(id(1), { { QStringLiteral("status"), QJsonValue::Null } }) }).ok);
    QCOMPARE(ids().size(), 5);

    proxy.setFilter({});
    proxy.sort(2, Qt::DescendingOrder); // by points, numerically
    QCOMPARE(ids().first(), id(5));
    QVERIFY(store.applyBatch({ updated(id(0), { { QStringLiteral("points"), 100 } }) }).ok);
    QCOMPARE(ids().first(), id(0));
    // Several sort keys change in one batch: the order must still be exact.
    QVERIFY(store.applyBatch({ updated(id(3), { { QStringLiteral("points"), 200 } }),
                               updated(id(0), { { QStringLiteral("points"), -1 } }),
                               updated(id(5), { { QStringLiteral("points"), 150 } }),
                               updated(id(1), { { QStringLiteral("points"), 175 } }) })
                    .ok);
    QCOMPARE(ids(), QStringList({ id(3), id(1), id(5), id(4), id(2), id(0) }));
}

void tst_ItemTableModel::largeStoreTakesBatchWithoutReset()
{
    constexpr int count = 100000;
    BoardStore store;
    store.resetFromSnapshot(makeState(count));
    ItemTableModel model(&store);
    Spies spies(&model);
    QCOMPARE(model.rowCount(), count);

    EventList batch;
    batch.reserve(1000);
    for (int i = 0; i < 1000; ++i) {
        const int row = (i * 97) % count;
        batch.append(updated(id(row), { { QStringLiteral("points"), -i } }));
    }
    QElapsedTimer timer;
    timer.start();
    QVERIFY(store.applyBatch(batch).ok);
    qInfo("1,000 updates on %d items: %lld ms", count, timer.elapsed());
    QCOMPARE(spies.reset.size(), 0);
    QCOMPARE(spies.inserted.size(), 0);
    QCOMPARE(spies.removed.size(), 0);
    QVERIFY(spies.changed.size() >= 1 && spies.changed.size() <= 1000);
    for (const auto &args : std::as_const(spies.changed)) {
        QCOMPARE(args.at(0).toModelIndex().column(), 2);
        QCOMPARE(args.at(1).toModelIndex().column(), 2);
    }
    QCOMPARE(model.index(97, 2).data(ItemTableModel::RawValueRole).toInt(), -1);
    QCOMPARE(model.rowCount(), count);
    // The tester walks the whole model after every dataChanged (~0.1 s here), so it checks
    // the end state once instead of riding along through 1,000 signals.
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
}

QTEST_GUILESS_MAIN(tst_ItemTableModel)
#include "tst_itemtablemodel.moc"
