#include "core/models/itemtablemodel.h"
#include "core/models/kanbanlanemodel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace Tessera::Core;

namespace {

constexpr auto Fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

Item card(const QString &id, const QString &rank, const QString &status)
{
    Item item;
    item.id = id;
    item.rank = rank;
    item.fields.insert(QStringLiteral("title"), id);
    if (!status.isNull())
        item.fields.insert(QStringLiteral("status"), status);
    return item;
}

// todo: a(r5) c(r2) e(r9); done: b(r3); no status: d; unknown option: f.
BoardState makeState()
{
    BoardState s;
    s.board.id = QStringLiteral("b1");
    Column title { QStringLiteral("title"), QStringLiteral("Title"), ColumnType::Text, {} };
    Column status { QStringLiteral("status"), QStringLiteral("Status"), ColumnType::Status,
                    { { QStringLiteral("todo"), QStringLiteral("To do"), QStringLiteral("#aaaaaa") },
                      { QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("#00aa00") } } };
    s.columns = { title, status };
    for (const Item &item : { card(QStringLiteral("a"), QStringLiteral("r5"), QStringLiteral("todo")),
                              card(QStringLiteral("b"), QStringLiteral("r3"), QStringLiteral("done")),
                              card(QStringLiteral("c"), QStringLiteral("r2"), QStringLiteral("todo")),
                              card(QStringLiteral("d"), QStringLiteral("r1"), QString()),
                              card(QStringLiteral("e"), QStringLiteral("r9"), QStringLiteral("todo")),
                              card(QStringLiteral("f"), QStringLiteral("r4"), QStringLiteral("gone")) })
        s.items.insert(item.id, item);
    return s;
}

Event makeEvent(EventKind kind, const QJsonObject &payload, const QString &mutationId = QString())
{
    return { 0, kind, QStringLiteral("u1"), mutationId, nowIso(), payload };
}

Event setStatus(const QString &itemId, const QJsonValue &status)
{
    return makeEvent(EventKind::ItemUpdated, { { QStringLiteral("itemId"), itemId },
                                           { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), status } } } });
}

Event move(const QString &itemId, const QString &rank)
{
    return makeEvent(EventKind::ItemMoved, { { QStringLiteral("itemId"), itemId }, { QStringLiteral("rank"), rank } });
}

QStringList ids(const QStringList &list)
{
    return list;
}

} // namespace

class tst_KanbanLaneProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lanesHoldTheirCardsByRank();
    void statusChangeMovesCardBetweenLanes();
    void moveReordersLane();
    void insertAndDeleteCards();
    void optimisticStatusChange();
    void columnOptionsChange();
    void randomBatchesMatchTheStore();
    void itemFilterHidesCards();
};

void tst_KanbanLaneProxy::itemFilterHidesCards()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    KanbanLaneModel todo(&model);
    QAbstractItemModelTester tester(&todo, Fatal);
    todo.setLane(QStringLiteral("status"), QStringLiteral("todo"));
    ItemFilter filter;
    filter.text = QStringLiteral("E");
    todo.setItemFilter(filter);
    QCOMPARE(todo.itemIds(), ids({ QStringLiteral("e") }));
    // A card that starts to match appears, in rank order.
    QVERIFY(store.applyBatch({ makeEvent(EventKind::ItemUpdated,
                                         { { QStringLiteral("itemId"), QStringLiteral("c") },
                                           { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("see") } } } }) })
                    .ok);
    QCOMPARE(todo.itemIds(), ids({ QStringLiteral("c"), QStringLiteral("e") }));
    todo.setItemFilter({});
    QCOMPARE(todo.itemIds(), ids({ QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("e") }));
}

void tst_KanbanLaneProxy::lanesHoldTheirCardsByRank()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    KanbanLaneModel todo(&model), done(&model), none(&model);
    QAbstractItemModelTester t1(&todo, Fatal), t2(&done, Fatal), t3(&none, Fatal);
    QCOMPARE(todo.rowCount(), 0); // no lane chosen yet
    todo.setLane(QStringLiteral("status"), QStringLiteral("todo"));
    done.setLane(QStringLiteral("status"), QStringLiteral("done"));
    none.setLane(QStringLiteral("status"), QString());
    QCOMPARE(todo.itemIds(), ids({ QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("e") }));
    QCOMPARE(done.itemIds(), ids({ QStringLiteral("b") }));
    QCOMPARE(none.itemIds(), ids({ QStringLiteral("d"), QStringLiteral("f") })); // unknown option counts as none
    QCOMPARE(todo.index(0, 0).data().toString(), QStringLiteral("c"));
}

void tst_KanbanLaneProxy::statusChangeMovesCardBetweenLanes()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    KanbanLaneModel todo(&model), done(&model);
    QAbstractItemModelTester t1(&todo, Fatal), t2(&done, Fatal);
    todo.setLane(QStringLiteral("status"), QStringLiteral("todo"));
    done.setLane(QStringLiteral("status"), QStringLiteral("done"));
    QSignalSpy todoRemoved(&todo, &QAbstractItemModel::rowsRemoved);
    QSignalSpy doneInserted(&done, &QAbstractItemModel::rowsInserted);
    QSignalSpy todoReset(&todo, &QAbstractItemModel::modelReset);

    QVERIFY(store.applyBatch({ setStatus(QStringLiteral("a"), QStringLiteral("done")),
                               setStatus(QStringLiteral("d"), QStringLiteral("todo")) })
                    .ok);
    QCOMPARE(todo.itemIds(), ids({ QStringLiteral("d"), QStringLiteral("c"), QStringLiteral("e") }));
    QCOMPARE(done.itemIds(), ids({ QStringLiteral("b"), QStringLiteral("a") }));
    QCOMPARE(todoRemoved.size(), 1);
    QCOMPARE(doneInserted.size(), 1);
    QCOMPARE(doneInserted.first().at(1).toInt(), 1); // after b (r3 < r5)
    QCOMPARE(todoReset.size(), 0);
}

void tst_KanbanLaneProxy::moveReordersLane()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    KanbanLaneModel todo(&model);
    QAbstractItemModelTester tester(&todo, Fatal);
    todo.setLane(QStringLiteral("status"), QStringLiteral("todo"));
    QVERIFY(store.applyBatch({ move(QStringLiteral("e"), QStringLiteral("r1")) }).ok);
    QCOMPARE(todo.itemIds(), ids({ QStringLiteral("e"), QStringLiteral("c"), QStringLiteral("a") }));
    // A move that also changes status (drag to another lane).
    QJsonObject payload { { QStringLiteral("itemId"), QStringLiteral("b") },
                          { QStringLiteral("rank"), QStringLiteral("r3V") },
                          { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("todo") } } } };
    QVERIFY(store.applyBatch({ makeEvent(EventKind::ItemMoved, payload) }).ok);
    QCOMPARE(todo.itemIds(), ids({ QStringLiteral("e"), QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("a") }));
}

void tst_KanbanLaneProxy::insertAndDeleteCards()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    KanbanLaneModel todo(&model);
    QAbstractItemModelTester tester(&todo, Fatal);
    todo.setLane(QStringLiteral("status"), QStringLiteral("todo"));
    const Item fresh = card(QStringLiteral("n"), QStringLiteral("r3"), QStringLiteral("todo"));
    QVERIFY(store.applyBatch({ makeEvent(EventKind::ItemCreated, { { QStringLiteral("item"), fresh.toJson() } }),
                               makeEvent(EventKind::ItemDeleted, { { QStringLiteral("itemId"), QStringLiteral("a") } }),
                               move(QStringLiteral("c"), QStringLiteral("r8")) })
                    .ok);
    QCOMPARE(todo.itemIds(), ids({ QStringLiteral("n"), QStringLiteral("c"), QStringLiteral("e") }));
}

void tst_KanbanLaneProxy::optimisticStatusChange()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    KanbanLaneModel todo(&model), done(&model);
    QAbstractItemModelTester t1(&todo, Fatal), t2(&done, Fatal);
    todo.setLane(QStringLiteral("status"), QStringLiteral("todo"));
    done.setLane(QStringLiteral("status"), QStringLiteral("done"));
    store.setPending(QStringLiteral("m1"), setStatus(QStringLiteral("c"), QStringLiteral("done")));
    QCOMPARE(done.itemIds(), ids({ QStringLiteral("c"), QStringLiteral("b") }));
    QCOMPARE(done.index(0, 0).data(ItemTableModel::StateRole).toInt(), int(ItemState::Pending));
    store.markFailed(QStringLiteral("m1"), Tessera::Core::RejectCode::Forbidden, QStringLiteral("no"));
    QCOMPARE(done.itemIds(), ids({ QStringLiteral("b") }));
    QCOMPARE(todo.itemIds(), ids({ QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("e") }));
    QCOMPARE(todo.index(0, 0).data(ItemTableModel::StateRole).toInt(), int(ItemState::Failed));
}

void tst_KanbanLaneProxy::columnOptionsChange()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    KanbanLaneModel none(&model);
    QAbstractItemModelTester tester(&none, Fatal);
    none.setLane(QStringLiteral("status"), QString());
    Column status = *store.confirmed().column(QStringLiteral("status"));
    status.options.append({ QStringLiteral("gone"), QStringLiteral("Back"), QStringLiteral("#123456") });
    QVERIFY(store.applyBatch({ makeEvent(EventKind::ColumnUpdated, { { QStringLiteral("column"), status.toJson() } }) }).ok);
    QCOMPARE(none.itemIds(), ids({ QStringLiteral("d") }));
}

// Random server batches and local edits; every lane must always equal a brute-force
// selection from the store, with the table and the lanes under the model tester.
void tst_KanbanLaneProxy::randomBatchesMatchTheStore()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    ItemTableModel model(&store);
    KanbanLaneModel todo(&model), done(&model);
    QAbstractItemModelTester t0(&model, Fatal), t1(&todo, Fatal), t2(&done, Fatal);
    todo.setLane(QStringLiteral("status"), QStringLiteral("todo"));
    done.setLane(QStringLiteral("status"), QStringLiteral("done"));
    QRandomGenerator rng(42);
    const QStringList statuses { QStringLiteral("todo"), QStringLiteral("done"), QString() };
    const auto expected = [&store](const QString &option) {
        QList<const Item *> items;
        for (const QString &id : store.itemIds()) {
            const Item *item = store.itemPtr(id);
            if (item->fields.value(QStringLiteral("status")).toString() == option)
                items.append(item);
        }
        std::sort(items.begin(), items.end(),
                  [](const Item *a, const Item *b) { return a->rank == b->rank ? a->id < b->id : a->rank < b->rank; });
        QStringList out;
        for (const Item *item : items)
            out.append(item->id);
        return out;
    };
    int next = 0;
    for (int round = 0; round < 200; ++round) {
        EventList batch;
        QStringList alive = store.confirmed().items.keys();
        alive.sort(); // QHash order varies per process; keep the run reproducible
        for (int n = rng.bounded(1, 6); n > 0; --n) {
            const int what = rng.bounded(4);
            const QString rank = QStringLiteral("r%1").arg(rng.bounded(1, 99));
            const QString status = statuses.at(rng.bounded(3));
            if (what == 0 || alive.size() < 3) {
                const Item item = card(QStringLiteral("n%1").arg(next++), rank, status.isEmpty() ? QString() : status);
                batch.append(makeEvent(EventKind::ItemCreated, { { QStringLiteral("item"), item.toJson() } }));
                alive.append(item.id);
            } else {
                const QString id = alive.at(rng.bounded(int(alive.size())));
                if (what == 1) {
                    batch.append(makeEvent(EventKind::ItemDeleted, { { QStringLiteral("itemId"), id } }));
                    alive.removeOne(id);
                } else if (what == 2) {
                    batch.append(move(id, rank));
                } else {
                    batch.append(setStatus(id, status.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(status)));
                }
            }
        }
        QVERIFY(store.applyBatch(batch).ok);
        if (round % 3 == 0 && !alive.isEmpty()) {
            const QString id = alive.at(rng.bounded(int(alive.size())));
            store.setPending(QStringLiteral("m%1").arg(round), setStatus(id, statuses.at(rng.bounded(2))));
        }
        if (round % 5 == 0 && !store.mutations().isEmpty())
            store.clearPending(store.mutations().first().mutationId);
        QCOMPARE(todo.itemIds(), expected(QStringLiteral("todo")));
        QCOMPARE(done.itemIds(), expected(QStringLiteral("done")));
        QCOMPARE(model.rowCount(), store.itemIds().size());
    }
}

QTEST_GUILESS_MAIN(tst_KanbanLaneProxy)
#include "tst_kanbanlanemodel.moc"
