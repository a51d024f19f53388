#include "core/models/boardstore.h"
#include "core/models/commentsmodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tessera::Core;

namespace {

Column column(const QString &id, ColumnType type)
{
    Column c;
    c.id = id;
    c.name = id;
    c.type = type;
    if (type == ColumnType::Status) {
        c.options = { { QStringLiteral("todo"), QStringLiteral("To do"), QStringLiteral("#aaaaaa") },
                      { QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("#00aa00") } };
    }
    return c;
}

Item makeItem(const QString &id, const QString &rank, const QString &title)
{
    Item item;
    item.id = id;
    item.rank = rank;
    item.fields.insert(QStringLiteral("title"), title);
    item.versions.insert(QStringLiteral("title"), 1);
    return item;
}

// Items a, b, c, d, e with ranks in that order.
BoardState makeState()
{
    BoardState s;
    s.board.id = QStringLiteral("b1");
    s.board.name = QStringLiteral("Board");
    s.columns = { column(QStringLiteral("title"), ColumnType::Text), column(QStringLiteral("status"), ColumnType::Status) };
    s.epoch = QStringLiteral("e1");
    s.seq = 10;
    const QStringList ids { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"),
                            QStringLiteral("e") };
    for (const QString &id : ids)
        s.items.insert(id, makeItem(id, QStringLiteral("m") + id, QStringLiteral("Title ") + id));
    return s;
}

Event created(qint64 seq, const Item &item, const QString &mutationId = QString())
{
    return { seq, EventKind::ItemCreated, QStringLiteral("u1"), mutationId, nowIso(),
             { { QStringLiteral("item"), item.toJson() } } };
}

Event updated(qint64 seq, const QString &id, const QJsonObject &fields, const QString &mutationId = QString())
{
    QJsonObject versions;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
        versions.insert(it.key(), double(seq));
    return { seq, EventKind::ItemUpdated, QStringLiteral("u1"), mutationId, nowIso(),
             { { QStringLiteral("itemId"), id }, { QStringLiteral("fields"), fields },
               { QStringLiteral("versions"), versions } } };
}

Event moved(qint64 seq, const QString &id, const QString &rank)
{
    return { seq, EventKind::ItemMoved, QStringLiteral("u1"), QString(), nowIso(),
             { { QStringLiteral("itemId"), id }, { QStringLiteral("rank"), rank } } };
}

Event deleted(qint64 seq, const QString &id, const QString &mutationId = QString())
{
    return { seq, EventKind::ItemDeleted, QStringLiteral("u1"), mutationId, nowIso(),
             { { QStringLiteral("itemId"), id } } };
}

QString titleOf(const BoardStore &store, const QString &id)
{
    const auto item = store.item(id);
    return item ? item->fields.value(QStringLiteral("title")).toString() : QString();
}

} // namespace

class tst_BoardStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resetOrdersRowsByRank();
    void batchReportsOneChangeSet();
    void aboutToApplyComesBeforeMutation();
    void failingBatchChangesNothing();
    void createAndDeleteInOneBatchIsNoChange();
    void pendingOverlayAndClear();
    void batchCarryingMutationIdClearsOverlay();
    void confirmedOwnCommentsKeepTheItem();
    void deletedItemAnnouncesItsComments();
    void failedAndConflictRollBack();
    void pendingCreateAndDeleteChangeRows();
    void overlaysStackInOrder();
    void presence();
    void bulkOverlayIsOneMutation();
};

// A bulk command's overlays show at once, clear as their events arrive (a bulk may span
// batches), and fail or conflict together; each conflicting part holds its own item.
void tst_BoardStore::bulkOverlayIsOneMutation()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    const QJsonObject done { { QStringLiteral("status"), QStringLiteral("done") } };
    store.setPendingBulk(QStringLiteral("bulk"), { updated(0, QStringLiteral("a"), done, QStringLiteral("bulk")),
                                                   updated(0, QStringLiteral("b"), done, QStringLiteral("bulk")),
                                                   updated(0, QStringLiteral("c"), done, QStringLiteral("bulk")) });
    for (const char *id : { "a", "b", "c" }) {
        QCOMPARE(store.item(QLatin1String(id))->fields.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        QCOMPARE(store.itemState(QLatin1String(id)), ItemState::Pending);
    }
    QCOMPARE(store.mutations().size(), 3);

    // Conflict: every part; a and c hold the server's items.
    Item theirsA = *store.confirmed().items.constFind(QStringLiteral("a"));
    Item theirsC = *store.confirmed().items.constFind(QStringLiteral("c"));
    store.markConflicts(QStringLiteral("bulk"), { theirsA, theirsC }, QStringLiteral("2 changed"));
    for (const char *id : { "a", "b", "c" })
        QCOMPARE(store.itemState(QLatin1String(id)), ItemState::Conflict);
    QCOMPARE(store.mutationsOf(QStringLiteral("a")).first().theirs->id, QStringLiteral("a"));
    QVERIFY(!store.mutationsOf(QStringLiteral("b")).first().theirs);
    QCOMPARE(store.mutationsOf(QStringLiteral("c")).first().theirs->id, QStringLiteral("c"));

    // Sent again (keep mine): pending again; the first batch confirms a and b only.
    store.setPendingBulk(QStringLiteral("bulk"), { updated(0, QStringLiteral("a"), done, QStringLiteral("bulk")),
                                                   updated(0, QStringLiteral("b"), done, QStringLiteral("bulk")),
                                                   updated(0, QStringLiteral("c"), done, QStringLiteral("bulk")) });
    QCOMPARE(store.mutations().size(), 3);
    QVERIFY(store.applyBatch({ updated(11, QStringLiteral("a"), done, QStringLiteral("bulk")),
                               updated(12, QStringLiteral("b"), done, QStringLiteral("bulk")) }).ok);
    QCOMPARE(store.itemState(QStringLiteral("a")), ItemState::Synced);
    QCOMPARE(store.itemState(QStringLiteral("c")), ItemState::Pending); // still shown as mine
    QCOMPARE(store.item(QStringLiteral("c"))->fields.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
    QVERIFY(store.applyBatch({ updated(13, QStringLiteral("c"), done, QStringLiteral("bulk")) }).ok);
    QVERIFY(store.mutations().isEmpty());
}

void tst_BoardStore::resetOrdersRowsByRank()
{
    BoardStore store;
    QSignalSpy about(&store, &BoardStore::aboutToReset);
    QSignalSpy reset(&store, &BoardStore::reset);
    BoardState s = makeState();
    s.items[QStringLiteral("a")].rank = QStringLiteral("z");
    store.resetFromSnapshot(s);
    QCOMPARE(about.size(), 1);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(store.itemIds(), QStringList({ QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"),
                                             QStringLiteral("e"), QStringLiteral("a") }));
    QCOMPARE(store.rowOf(QStringLiteral("a")), 4);
    QCOMPARE(store.rowOf(QStringLiteral("nope")), -1);
    QCOMPARE(store.confirmed().seq, 10);
}

void tst_BoardStore::batchReportsOneChangeSet()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    QSignalSpy about(&store, &BoardStore::aboutToApplyBatch);
    QSignalSpy applied(&store, &BoardStore::batchApplied);

    const EventList batch { created(11, makeItem(QStringLiteral("x"), QStringLiteral("n"), QStringLiteral("X"))),
                            updated(12, QStringLiteral("c"), { { QStringLiteral("title"), QStringLiteral("C2") } }),
                            deleted(13, QStringLiteral("b")),
                            deleted(14, QStringLiteral("d")),
                            moved(15, QStringLiteral("e"), QStringLiteral("a1")),
                            updated(16, QStringLiteral("c"), { { QStringLiteral("status"), QStringLiteral("done") } }) };
    QVERIFY(store.applyBatch(batch).ok);
    QCOMPARE(about.size(), 1);
    QCOMPARE(applied.size(), 1);
    const auto changes = applied.first().first().value<BatchChanges>();
    QCOMPARE(changes.origin, BatchChanges::Origin::Server);
    QCOMPARE(changes.inserted, QStringList { QStringLiteral("x") });
    QCOMPARE(changes.removed, QStringList({ QStringLiteral("b"), QStringLiteral("d") }));
    QCOMPARE(changes.removedRows, QList<int>({ 1, 3 }));
    QCOMPARE(changes.updated.size(), 1);
    QCOMPARE(changes.updated.value(QStringLiteral("c")),
             QSet<QString>({ QStringLiteral("title"), QStringLiteral("status") }));
    QCOMPARE(changes.moved, QSet<QString> { QStringLiteral("e") });
    QVERIFY(!changes.columnsChanged);

    // Stable removal, insertions appended: a c e x.
    QCOMPARE(store.itemIds(), QStringList({ QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("e"),
                                             QStringLiteral("x") }));
    QCOMPARE(store.rowOf(QStringLiteral("e")), 2);
    QCOMPARE(store.rowOf(QStringLiteral("x")), 3);
    QCOMPARE(store.rowOf(QStringLiteral("b")), -1);
    QCOMPARE(titleOf(store, QStringLiteral("c")), QStringLiteral("C2"));
    QCOMPARE(store.confirmed().seq, 16);
}

void tst_BoardStore::aboutToApplyComesBeforeMutation()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    bool sawOldState = false;
    connect(&store, &BoardStore::aboutToApplyBatch, this, [&](const BatchChanges &changes) {
        sawOldState = store.itemIds().size() == 5 && store.item(QStringLiteral("b")).has_value()
                && changes.removedRows == QList<int> { 1 };
    });
    QVERIFY(store.applyBatch({ deleted(11, QStringLiteral("b")) }).ok);
    QVERIFY(sawOldState);
    QCOMPARE(store.itemIds().size(), 4);
}

void tst_BoardStore::failingBatchChangesNothing()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    QSignalSpy applied(&store, &BoardStore::batchApplied);
    const EventList batch { updated(11, QStringLiteral("a"), { { QStringLiteral("title"), QStringLiteral("A2") } }),
                            updated(12, QStringLiteral("ghost"), { { QStringLiteral("title"), QStringLiteral("?") } }) };
    const ApplyResult r = store.applyBatch(batch);
    QVERIFY(!r.ok);
    QVERIFY(r.message.contains(QStringLiteral("ghost")));
    QCOMPARE(applied.size(), 0);
    QCOMPARE(titleOf(store, QStringLiteral("a")), QStringLiteral("Title a"));
    QCOMPARE(store.confirmed().seq, 10);
}

void tst_BoardStore::createAndDeleteInOneBatchIsNoChange()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    QSignalSpy applied(&store, &BoardStore::batchApplied);
    QVERIFY(store.applyBatch({ created(11, makeItem(QStringLiteral("t"), QStringLiteral("n"), QStringLiteral("T"))),
                               deleted(12, QStringLiteral("t")) })
                    .ok);
    QCOMPARE(applied.size(), 1);
    QVERIFY(applied.first().first().value<BatchChanges>().isEmpty());
    QCOMPARE(store.itemIds().size(), 5);
}

void tst_BoardStore::pendingOverlayAndClear()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    QSignalSpy applied(&store, &BoardStore::batchApplied);
    store.setPending(QStringLiteral("m1"),
                     updated(0, QStringLiteral("b"), { { QStringLiteral("title"), QStringLiteral("Mine") } }));
    QCOMPARE(titleOf(store, QStringLiteral("b")), QStringLiteral("Mine"));
    QCOMPARE(store.itemState(QStringLiteral("b")), ItemState::Pending);
    QCOMPARE(store.confirmed().items.value(QStringLiteral("b")).fields.value(QStringLiteral("title")).toString(),
             QStringLiteral("Title b"));
    QCOMPARE(applied.size(), 1);
    auto changes = applied.takeFirst().first().value<BatchChanges>();
    QCOMPARE(changes.origin, BatchChanges::Origin::Local);
    QCOMPARE(changes.updated.value(QStringLiteral("b")), QSet<QString> { QStringLiteral("title") });
    QCOMPARE(changes.stateChanged, QSet<QString> { QStringLiteral("b") });

    // Another person's change of a different field merges under the overlay.
    QVERIFY(store.applyBatch({ updated(11, QStringLiteral("b"), { { QStringLiteral("status"), QStringLiteral("done") } }) })
                    .ok);
    QCOMPARE(titleOf(store, QStringLiteral("b")), QStringLiteral("Mine"));
    QCOMPARE(store.item(QStringLiteral("b"))->fields.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
    applied.clear();

    store.clearPending(QStringLiteral("m1"));
    QCOMPARE(titleOf(store, QStringLiteral("b")), QStringLiteral("Title b"));
    QCOMPARE(store.itemState(QStringLiteral("b")), ItemState::Synced);
    QVERIFY(store.mutations().isEmpty());
    QCOMPARE(applied.size(), 1);
    changes = applied.first().first().value<BatchChanges>();
    QCOMPARE(changes.updated.value(QStringLiteral("b")), QSet<QString> { QStringLiteral("title") });
}

void tst_BoardStore::batchCarryingMutationIdClearsOverlay()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    QSignalSpy mutations(&store, &BoardStore::mutationsChanged);
    store.setPending(QStringLiteral("m1"),
                     updated(0, QStringLiteral("b"), { { QStringLiteral("title"), QStringLiteral("Mine") } }));
    QSignalSpy applied(&store, &BoardStore::batchApplied);
    QVERIFY(store.applyBatch({ updated(11, QStringLiteral("b"), { { QStringLiteral("title"), QStringLiteral("Mine") } },
                                       QStringLiteral("m1")) })
                    .ok);
    QVERIFY(store.mutations().isEmpty());
    QCOMPARE(store.itemState(QStringLiteral("b")), ItemState::Synced);
    QCOMPARE(titleOf(store, QStringLiteral("b")), QStringLiteral("Mine"));
    const auto changes = applied.first().first().value<BatchChanges>();
    QVERIFY(changes.updated.isEmpty()); // the value shown did not change
    QCOMPARE(changes.stateChanged, QSet<QString> { QStringLiteral("b") });
    QCOMPARE(mutations.size(), 2);
}

// Regression: confirming my own comment made its item count as removed (the dry run's
// scratch state held only items touched by item events), and the second one crashed.
void tst_BoardStore::confirmedOwnCommentsKeepTheItem()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    for (int i = 1; i <= 3; ++i) {
        const QString mutationId = QStringLiteral("c%1").arg(i);
        Comment comment;
        comment.id = mutationId;
        comment.itemId = QStringLiteral("c");
        comment.author = QStringLiteral("u1");
        comment.body = QStringLiteral("Comment %1").arg(i);
        comment.createdAt = nowIso();
        const Event event { 0, EventKind::CommentCreated, QStringLiteral("u1"), mutationId, nowIso(),
                            { { QStringLiteral("comment"), comment.toJson() } } };
        store.setPending(mutationId, event);
        QSignalSpy applied(&store, &BoardStore::batchApplied);
        Event confirmed = event;
        confirmed.seq = 10 + i;
        QVERIFY(store.applyBatch({ confirmed }).ok);
        const auto changes = applied.first().first().value<BatchChanges>();
        QVERIFY(changes.removed.isEmpty());
        QVERIFY(changes.removedRows.isEmpty());
        QCOMPARE(changes.commentsChanged, QSet<QString> { QStringLiteral("c") });
        QCOMPARE(store.itemCount(), 5);
        QCOMPARE(store.rowOf(QStringLiteral("c")), 2);
        QVERIFY(store.item(QStringLiteral("c")));
        QCOMPARE(store.confirmed().commentsOf(QStringLiteral("c")).size(), i);
    }
}

// Regression (found by tst_boardstore_model): apply() drops a deleted item's comments, but the
// batch did not name the item in commentsChanged, so CommentsModel kept showing them.
void tst_BoardStore::deletedItemAnnouncesItsComments()
{
    BoardStore store;
    BoardState s = makeState();
    const Comment comment { QStringLiteral("k1"), QStringLiteral("c"), QStringLiteral("u1"), QStringLiteral("Hi"), {},
                            nowIso(), {} };
    s.comments.insert(comment.id, comment);
    store.resetFromSnapshot(s);
    CommentsModel comments(&store, QStringLiteral("c"));
    QCOMPARE(comments.rowCount(), 1);
    QSignalSpy applied(&store, &BoardStore::batchApplied);
    QVERIFY(store.applyBatch({ deleted(11, QStringLiteral("c")), deleted(12, QStringLiteral("d")) }).ok);
    QCOMPARE(applied.first().first().value<BatchChanges>().commentsChanged,
             QSet<QString> { QStringLiteral("c") }); // d had no comments
    QVERIFY(store.confirmed().comments.isEmpty());
    QCOMPARE(comments.rowCount(), 0);
}

void tst_BoardStore::failedAndConflictRollBack()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    store.setPending(QStringLiteral("m1"),
                     updated(0, QStringLiteral("a"), { { QStringLiteral("title"), QStringLiteral("Mine A") } }));
    store.setPending(QStringLiteral("m2"),
                     updated(0, QStringLiteral("c"), { { QStringLiteral("title"), QStringLiteral("Mine C") } }));

    store.markFailed(QStringLiteral("m1"), Tessera::Core::RejectCode::Forbidden, QStringLiteral("viewers cannot edit"));
    QCOMPARE(store.itemState(QStringLiteral("a")), ItemState::Failed);
    QCOMPARE(titleOf(store, QStringLiteral("a")), QStringLiteral("Title a")); // rolled back
    const auto failed = store.mutation(QStringLiteral("m1"));
    QVERIFY(failed);
    QCOMPARE(failed->code, RejectCode::Forbidden);
    QCOMPARE(failed->event.payload.value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(),
             QStringLiteral("Mine A")); // the person's input is kept for a retry

    Item theirs = makeItem(QStringLiteral("c"), QStringLiteral("mc"), QStringLiteral("Theirs C"));
    store.markConflict(QStringLiteral("m2"), theirs);
    QCOMPARE(store.itemState(QStringLiteral("c")), ItemState::Conflict);
    QCOMPARE(store.mutation(QStringLiteral("m2"))->theirs, std::optional<Item>(theirs));
    QCOMPARE(titleOf(store, QStringLiteral("c")), QStringLiteral("Title c"));

    // Retry with the same mutation id makes it pending again.
    store.setPending(QStringLiteral("m1"),
                     updated(0, QStringLiteral("a"), { { QStringLiteral("title"), QStringLiteral("Mine A") } }));
    QCOMPARE(store.itemState(QStringLiteral("a")), ItemState::Pending);
    QCOMPARE(titleOf(store, QStringLiteral("a")), QStringLiteral("Mine A"));
    QCOMPARE(store.mutations().size(), 2);
}

void tst_BoardStore::pendingCreateAndDeleteChangeRows()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    QSignalSpy applied(&store, &BoardStore::batchApplied);
    store.setPending(QStringLiteral("m1"),
                     created(0, makeItem(QStringLiteral("new"), QStringLiteral("z"), QStringLiteral("New"))));
    QCOMPARE(store.itemIds().last(), QStringLiteral("new"));
    QCOMPARE(store.itemState(QStringLiteral("new")), ItemState::Pending);
    QCOMPARE(applied.takeFirst().first().value<BatchChanges>().inserted, QStringList { QStringLiteral("new") });

    store.setPending(QStringLiteral("m2"), deleted(0, QStringLiteral("b")));
    QCOMPARE(store.rowOf(QStringLiteral("b")), -1);
    QVERIFY(!store.item(QStringLiteral("b")));
    QCOMPARE(applied.takeFirst().first().value<BatchChanges>().removedRows, QList<int> { 1 });

    // The server confirms the create: the row stays where it is.
    QVERIFY(store.applyBatch({ created(11, makeItem(QStringLiteral("new"), QStringLiteral("z"), QStringLiteral("New")),
                                       QStringLiteral("m1")) })
                    .ok);
    QCOMPARE(store.itemIds().last(), QStringLiteral("new"));
    const auto confirmedCreate = applied.takeFirst().first().value<BatchChanges>();
    QVERIFY(confirmedCreate.inserted.isEmpty());
    QCOMPARE(store.itemState(QStringLiteral("new")), ItemState::Synced);

    // The delete is rejected: the item comes back (at the end of the rows).
    store.markFailed(QStringLiteral("m2"), Tessera::Core::RejectCode::Forbidden, QStringLiteral("no"));
    QCOMPARE(store.itemIds().last(), QStringLiteral("b"));
    QCOMPARE(store.itemState(QStringLiteral("b")), ItemState::Failed);
    QCOMPARE(store.itemIds().size(), 6);

    // A snapshot keeps local mutations on top.
    store.resetFromSnapshot(makeState());
    QCOMPARE(store.itemState(QStringLiteral("b")), ItemState::Failed);
    QCOMPARE(store.itemIds().size(), 5);
}

void tst_BoardStore::overlaysStackInOrder()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    store.setPending(QStringLiteral("m1"),
                     updated(0, QStringLiteral("a"), { { QStringLiteral("title"), QStringLiteral("One") } }));
    store.setPending(QStringLiteral("m2"),
                     updated(0, QStringLiteral("a"), { { QStringLiteral("title"), QStringLiteral("Two") } }));
    QCOMPARE(titleOf(store, QStringLiteral("a")), QStringLiteral("Two"));
    store.markFailed(QStringLiteral("m1"), Tessera::Core::RejectCode::Invalid, QString());
    QCOMPARE(titleOf(store, QStringLiteral("a")), QStringLiteral("Two"));
    QCOMPARE(store.itemState(QStringLiteral("a")), ItemState::Failed); // the strongest state wins
    store.clearPending(QStringLiteral("m2"));
    QCOMPARE(titleOf(store, QStringLiteral("a")), QStringLiteral("Title a"));
    QCOMPARE(store.mutationsOf(QStringLiteral("a")).size(), 1);
}

void tst_BoardStore::presence()
{
    BoardStore store;
    store.resetFromSnapshot(makeState());
    QSignalSpy changed(&store, &BoardStore::presenceChanged);
    Presence p1 { QStringLiteral("u1"), QStringLiteral("Ann"), QStringLiteral("b1"), QStringLiteral("a"),
                  Tessera::Core::PresenceState::Viewing, QString() };
    Presence p2 { QStringLiteral("u2"), QStringLiteral("Bob"), QStringLiteral("b1"), QStringLiteral("a"),
                  Tessera::Core::PresenceState::Editing, QStringLiteral("title") };
    store.setPresence({ p2, p1 });
    QCOMPARE(store.presentUsers(QStringLiteral("a")), QStringList({ QStringLiteral("u1"), QStringLiteral("u2") }));
    QCOMPARE(changed.takeFirst().first().value<QSet<QString>>(), QSet<QString> { QStringLiteral("a") });

    Presence moved = p1;
    moved.itemId = QStringLiteral("c");
    store.applyPresenceDelta({}, { moved }, { QStringLiteral("u2") });
    QVERIFY(store.presentUsers(QStringLiteral("a")).isEmpty());
    QCOMPARE(store.presentUsers(QStringLiteral("c")), QStringList { QStringLiteral("u1") });
    QCOMPARE(changed.takeFirst().first().value<QSet<QString>>(),
             QSet<QString>({ QStringLiteral("a"), QStringLiteral("c") }));

    store.applyPresenceDelta({}, { moved }, {}); // no change, no signal
    QCOMPARE(changed.size(), 0);

    // On the board without an item: no item changes, but the board's avatars do.
    Presence onBoard { QStringLiteral("u3"), QStringLiteral("Cy"), QStringLiteral("b1"), QString(), Tessera::Core::PresenceState::Viewing, QString() };
    store.applyPresenceDelta({ onBoard }, {}, {});
    QCOMPARE(changed.size(), 1);
    QVERIFY(changed.takeFirst().first().value<QSet<QString>>().isEmpty());
    store.applyPresenceDelta({}, {}, { QStringLiteral("u3") });
    QCOMPARE(changed.size(), 1);
}

QTEST_GUILESS_MAIN(tst_BoardStore)
#include "tst_boardstore.moc"
