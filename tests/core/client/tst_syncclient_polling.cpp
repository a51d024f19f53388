// The sync engine in polling mode (HTTP only) against the real server.
#include "support/syncharness.h"

#include "core/models/commentsmodel.h"
#include "core/models/inboxmodel.h"
#include "core/models/itemtablemodel.h"
#include "core/client/localcache.h"
#include "core/models/presencemodel.h"

#include <QAbstractItemModelTester>

using namespace Tessera::Core;
using namespace Tessera::Test;

class TestSyncClientPolling : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QString m_boardId;
    QByteArray m_anaToken;
    QByteArray m_benToken;

    SyncClient *polling(Peer &peer, const QString &login, int intervalSeconds = 1, bool manualClock = false)
    {
        SyncClient *c = peer.make(m_server.url(), manualClock);
        c->setWebSocketEnabled(false);
        c->setPollingIntervalSeconds(intervalSeconds);
        if (!login.isEmpty() && !signIn(c, login))
            return nullptr;
        return c;
    }
    BoardStore *openLoaded(SyncClient *c)
    {
        BoardStore *store = c->openBoard(m_boardId);
        [[maybe_unused]] const bool ready = QTest::qWaitFor([&] { return store->itemCount() >= 10; }, 5000);
        return store->itemCount() >= 10 ? store : nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
        m_anaToken = httpToken(m_server, QStringLiteral("ana"));
        m_benToken = httpToken(m_server, QStringLiteral("ben"));
        const QJsonArray boards = httpCall(m_server, "GET", QStringLiteral("/api/v1/boards"), m_anaToken)
                                          .json()
                                          .value(QStringLiteral("boards"))
                                          .toArray();
        QCOMPARE(boards.size(), 1);
        m_boardId = boards.first().toObject().value(QStringLiteral("id")).toString();
    }

    void noTokenMeansSignedOut()
    {
        Peer peer;
        SyncClient *c = polling(peer, QString());
        c->start();
        QTRY_COMPARE(c->state(), SyncClient::State::SignedOut);
        QSignalSpy failed(c, &SyncClient::signInFailed);
        c->signIn(QStringLiteral("ana"), QStringLiteral("wrong"));
        QVERIFY(failed.wait(15000));
        QCOMPARE(c->state(), SyncClient::State::SignedOut);
    }

    void twoClientsConvergeAfterInterleavedEdits()
    {
        Peer ana, ben;
        SyncClient *a = polling(ana, QStringLiteral("ana"));
        SyncClient *b = polling(ben, QStringLiteral("ben"));
        QVERIFY(a && b);
        QTRY_COMPARE(a->state(), SyncClient::State::Polling);
        QTRY_COMPARE(a->boards().size(), 1);
        BoardStore *sa = openLoaded(a);
        BoardStore *sb = openLoaded(b);
        QVERIFY(sa && sb);
        ItemTableModel table(sa);
        QAbstractItemModelTester tableTester(&table);
        InboxModel *inbox = b->inbox();
        QAbstractItemModelTester inboxTester(inbox);
        QTRY_VERIFY(inbox->rowCount() >= 1); // the demo notifies ben (assignments, ana's @ben comment)
        QCOMPARE(inbox->unreadCount(), inbox->rowCount());
        QString firstItem;
        for (const Notification &n : inbox->notifications()) {
            if (n.kind == Tessera::Core::NotificationKind::Mention)
                firstItem = n.itemId;
        }
        QVERIFY(!firstItem.isEmpty());
        CommentsModel comments(sb, firstItem);
        QAbstractItemModelTester commentsTester(&comments);
        QCOMPARE(comments.rowCount(), 1);
        PresenceModel presence(sb);
        QAbstractItemModelTester presenceTester(&presence);

        const QStringList items = sa->itemIds();
        for (int i = 0; i < 5; ++i) {
            a->submit(m_boardId, itemUpdate(items.at(i), { { QStringLiteral("title"), QStringLiteral("ana-%1").arg(i) } }));
            b->submit(m_boardId, itemUpdate(items.at(i), { { QStringLiteral("status"), QStringLiteral("done") } }));
            b->submit(m_boardId, itemUpdate(items.at(i + 5), { { QStringLiteral("title"), QStringLiteral("ben-%1").arg(i) } }));
            a->submit(m_boardId, itemUpdate(items.at(i + 5), { { QStringLiteral("status"), QStringLiteral("doing") } }));
        }
        // Optimistic at once:
        QCOMPARE(titleOf(sa, items.at(0)), QStringLiteral("ana-0"));
        QCOMPARE(sa->itemState(items.at(0)), ItemState::Pending);
        // A comment from ben shows at once as pending, then confirmed.
        const Op comment { OpKind::CommentCreate,
                           { { QStringLiteral("itemId"), firstItem },
                             { QStringLiteral("commentId"), QStringLiteral("c-ben-1") },
                             { QStringLiteral("body"), QStringLiteral("on it") } } };
        b->submit(m_boardId, comment);
        QCOMPARE(comments.rowCount(), 2);
        QVERIFY(comments.data(comments.index(1), CommentsModel::PendingRole).toBool());

        QTRY_VERIFY_WITH_TIMEOUT(a->outboxSize() == 0 && b->outboxSize() == 0, 20000);
        const QString digest = serverDigest(m_server, m_anaToken, m_boardId);
        QTRY_COMPARE_WITH_TIMEOUT(sa->confirmed().digest(), digest, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(sb->confirmed().digest(), digest, 20000);
        QTRY_COMPARE(sa->mutations().size(), 0);
        for (int i = 0; i < 5; ++i) {
            for (BoardStore *s : { sa, sb }) {
                QCOMPARE(titleOf(s, items.at(i)), QStringLiteral("ana-%1").arg(i));
                QCOMPARE(s->item(items.at(i))->fields.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
                QCOMPARE(titleOf(s, items.at(i + 5)), QStringLiteral("ben-%1").arg(i));
                QCOMPARE(s->itemState(items.at(i)), ItemState::Synced);
            }
        }
        QTRY_VERIFY(!comments.data(comments.index(1), CommentsModel::PendingRole).toBool());
        QCOMPARE(comments.rowCount(), 2);

        b->markAllRead();
        QCOMPARE(inbox->unreadCount(), 0);
        QTRY_COMPARE(httpCall(m_server, "GET", QStringLiteral("/api/v1/inbox"), m_benToken).json().value(QStringLiteral("unread")).toInt(), 0);
    }

    void conflictFlowBothWays()
    {
        Peer ana, ben;
        SyncClient *a = polling(ana, QStringLiteral("ana"), 3600); // sees ben's edits only when it asks
        SyncClient *b = polling(ben, QStringLiteral("ben"));
        QVERIFY(a && b);
        BoardStore *sa = openLoaded(a);
        BoardStore *sb = openLoaded(b);
        QVERIFY(sa && sb);
        const QString item = sa->itemIds().at(2);

        // Ben changes the title; Ana, not knowing, changes it too: a conflict, kept as such.
        QSignalSpy benAcked(b, &SyncClient::commandAcked);
        b->submit(m_boardId, itemUpdate(item, { { QStringLiteral("title"), QStringLiteral("ben's") } }));
        QVERIFY(benAcked.wait(10000));
        QSignalSpy conflict(a, &SyncClient::conflictDetected);
        const QString mine = a->submit(m_boardId, itemUpdate(item, { { QStringLiteral("title"), QStringLiteral("ana's") } }));
        QVERIFY(conflict.wait(10000));
        QCOMPARE(conflict.first().first().toString(), mine);
        QCOMPARE(sa->itemState(item), ItemState::Conflict);
        QCOMPARE(sa->mutation(mine)->theirs->fields.value(QStringLiteral("title")).toString(), QStringLiteral("ben's"));
        QCOMPARE(a->outboxSize(), 1);

        // keepMine: resubmitted on their version, lands, both see it.
        QSignalSpy anaAcked(a, &SyncClient::commandAcked);
        const QString resubmitted = a->keepMine(mine);
        QVERIFY(!resubmitted.isEmpty() && resubmitted != mine);
        QVERIFY(anaAcked.wait(10000));
        QCOMPARE(serverItem(m_server, m_anaToken, m_boardId, item).value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(),
                 QStringLiteral("ana's"));
        QTRY_COMPARE(titleOf(sa, item), QStringLiteral("ana's"));
        QTRY_COMPARE(sa->itemState(item), ItemState::Synced);
        QTRY_COMPARE_WITH_TIMEOUT(titleOf(sb, item), QStringLiteral("ana's"), 10000);

        // The other way: Ben wins, Ana takes theirs.
        benAcked.clear();
        b->submit(m_boardId, itemUpdate(item, { { QStringLiteral("title"), QStringLiteral("ben again") } }));
        QVERIFY(benAcked.wait(10000));
        conflict.clear();
        const QString second = a->submit(m_boardId, itemUpdate(item, { { QStringLiteral("title"), QStringLiteral("ana again") } }));
        QVERIFY(conflict.wait(10000));
        QVERIFY(a->takeTheirs(second));
        QCOMPARE(a->outboxSize(), 0);
        QTRY_COMPARE(titleOf(sa, item), QStringLiteral("ben again"));
        QCOMPARE(sa->itemState(item), ItemState::Synced);
        QCOMPARE(serverItem(m_server, m_anaToken, m_boardId, item).value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(),
                 QStringLiteral("ben again"));
    }

    // Found by the crash-loop chaos test: my second edit of a field, made after the first
    // was acked but before its event arrived, was based on the stale confirmed version
    // and rejected as a conflict with my own edit.
    void secondEditBeforeFirstEventIsNotAConflict()
    {
        Peer ana;
        SyncClient *a = polling(ana, QStringLiteral("ana"), 3600); // no poll brings the event in
        QVERIFY(a);
        QTRY_COMPARE(a->state(), SyncClient::State::Polling);
        BoardStore *store = openLoaded(a);
        QVERIFY(store);
        const QString item = store->itemIds().at(3);
        QSignalSpy acked(a, &SyncClient::commandAcked);
        QSignalSpy conflicts(a, &SyncClient::conflictDetected);
        QSignalSpy failed(a, &SyncClient::commandFailed);
        // The second edit is made the moment the first is acked: its event cannot have
        // arrived yet (the engine fetches it over HTTP only after this signal).
        bool secondSent = false;
        connect(a, &SyncClient::commandAcked, this, [&](const QString &) {
            if (secondSent)
                return;
            secondSent = true;
            QVERIFY(titleOf(store, item) == QStringLiteral("first")); // shown optimistically
            a->submit(m_boardId, itemUpdate(item, { { QStringLiteral("title"), QStringLiteral("second") } }));
        });
        a->submit(m_boardId, itemUpdate(item, { { QStringLiteral("title"), QStringLiteral("first") } }));
        QTRY_COMPARE_WITH_TIMEOUT(acked.size() + conflicts.size() + failed.size(), 2, 15000);
        QCOMPARE(conflicts.size(), 0);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(serverItem(m_server, m_anaToken, m_boardId, item).value(QStringLiteral("fields")).toObject()
                         .value(QStringLiteral("title")).toString(),
                 QStringLiteral("second"));
    }

    // "poll at the server's polling interval": the admin's setting reaches clients
    // through /api/v1/health unless the interval was fixed locally.
    void pollsAtTheServersInterval()
    {
        const auto setInterval = [this](int seconds) {
            return httpCall(m_server, "PATCH", QStringLiteral("/api/v1/admin/settings"), m_anaToken,
                            QJsonObject { { QStringLiteral("polling_interval_s"), seconds } })
                    .status;
        };
        QCOMPARE(setInterval(7), 200);
        Peer ana;
        SyncClient *a = ana.make(m_server.url());
        a->setWebSocketEnabled(false);
        QVERIFY(signIn(a, QStringLiteral("ana")));
        QTRY_COMPARE(a->state(), SyncClient::State::Polling);
        QTRY_COMPARE(a->pollingIntervalSeconds(), 7);
        QTRY_VERIFY(a->stateReason().contains(QStringLiteral("every 7 s")));
        QCOMPARE(setInterval(10), 200);
    }

    void rejectKeepsInputForRetryAndDiscard()
    {
        Peer cy;
        SyncClient *c = polling(cy, QStringLiteral("cy")); // a viewer: may not edit items
        QVERIFY(c);
        BoardStore *s = openLoaded(c);
        QVERIFY(s);
        const QString item = s->itemIds().at(0);
        const QString before = titleOf(s, item);
        QSignalSpy failed(c, &SyncClient::commandFailed);
        const QString id = c->submit(m_boardId, itemUpdate(item, { { QStringLiteral("title"), QStringLiteral("cy was here") } }));
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().at(1).value<Tessera::Core::RejectCode>(), Tessera::Core::RejectCode::Forbidden);
        QCOMPARE(s->itemState(item), ItemState::Failed);
        QCOMPARE(titleOf(s, item), before); // rolled back
        QCOMPARE(s->mutation(id)->event.payload.value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(),
                 QStringLiteral("cy was here")); // the input is kept
        failed.clear();
        const QString again = c->retry(id);
        QVERIFY(!again.isEmpty());
        QVERIFY(failed.wait(10000));
        QVERIFY(c->discard(again));
        QCOMPARE(s->itemState(item), ItemState::Synced);
        QCOMPARE(c->outboxSize(), 0);
    }

    void digestAuditDetectsAndRepairsAStaleView()
    {
        Peer ana;
        SyncClient *a = polling(ana, QStringLiteral("ana"), 3600);
        QVERIFY(a);
        BoardStore *s = openLoaded(a);
        QVERIFY(s);
        QSignalSpy audited(a, &SyncClient::auditCompleted);
        a->auditNow(m_boardId);
        QVERIFY(audited.wait(10000));
        QCOMPARE(audited.first().at(1).toBool(), true);
        const QString cachePath = a->cacheFilePath();
        const QString item = s->itemIds().at(3);
        const QString title = titleOf(s, item);
        ana.client.reset();

        { // Corrupt the view behind the engine's back: a wrong value and version.
            LocalCache cache(cachePath);
            QVERIFY(cache.open());
            auto state = cache.board(m_boardId);
            QVERIFY(state);
            state->items[item].fields.insert(QStringLiteral("title"), QStringLiteral("stale"));
            for (auto it = state->items[item].versions.begin(); it != state->items[item].versions.end(); ++it)
                it.value() = 1; // as if it had missed its later updates
            cache.saveBoard(*state);
        }
        a = ana.make(m_server.url());
        a->setWebSocketEnabled(false);
        a->setPollingIntervalSeconds(3600);
        a->start();
        QTRY_COMPARE(a->state(), SyncClient::State::Polling);
        s = a->openBoard(m_boardId);
        QCOMPARE(titleOf(s, item), QStringLiteral("stale"));
        QSignalSpy audited2(a, &SyncClient::auditCompleted);
        a->auditNow(m_boardId);
        QVERIFY(audited2.wait(10000));
        QCOMPARE(audited2.first().at(1).toBool(), false);
        QCOMPARE(a->digestMismatches(), 1);
        QTRY_COMPARE(titleOf(s, item), title); // repaired from the snapshot
        audited2.clear();
        a->auditNow(m_boardId);
        QVERIFY(audited2.wait(10000));
        QCOMPARE(audited2.first().at(1).toBool(), true);
        QCOMPARE(a->digestMismatches(), 1);
    }

    void wakeTriggersHeadsCheckAndCatchUp()
    {
        Peer ana;
        SyncClient *a = polling(ana, QStringLiteral("ana"), 3600, /*manualClock*/ true);
        QVERIFY(a);
        a->setWakeCheckIntervalMs(50);
        BoardStore *s = openLoaded(a);
        QVERIFY(s);
        const QString item = s->itemIds().at(4);
        const int checks = a->headsChecks();
        QCOMPARE(httpCall(m_server, "POST", QStringLiteral("/api/v1/mutations"), m_benToken,
                          { { QStringLiteral("mutationId"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                            { QStringLiteral("board"), m_boardId },
                            { QStringLiteral("op"), itemUpdate(item, { { QStringLiteral("title"), QStringLiteral("while asleep") } }).toJson() } })
                         .status,
                 200);
        ana.clock->advance(100); // awake time passes: no wake
        QTest::qWait(150);
        QCOMPARE(a->headsChecks(), checks);
        ana.clock->sleep(10 * 60 * 1000); // ten minutes suspended
        QTRY_VERIFY(a->headsChecks() > checks);
        QTRY_COMPARE(titleOf(s, item), QStringLiteral("while asleep"));
    }

    void hiddenWindowDefersCatchUp()
    {
        Peer ana;
        SyncClient *a = polling(ana, QStringLiteral("ana"), 1);
        QVERIFY(a);
        BoardStore *s = openLoaded(a);
        QVERIFY(s);
        const QString item = s->itemIds().at(5);
        a->setVisible(false);
        QSignalSpy applied(s, &BoardStore::batchApplied);
        QCOMPARE(httpCall(m_server, "POST", QStringLiteral("/api/v1/mutations"), m_benToken,
                          { { QStringLiteral("mutationId"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                            { QStringLiteral("board"), m_boardId },
                            { QStringLiteral("op"), itemUpdate(item, { { QStringLiteral("title"), QStringLiteral("while hidden") } }).toJson() } })
                         .status,
                 200);
        QVERIFY(!applied.wait(2500)); // two polling intervals pass: nothing is fetched while hidden
        QVERIFY(titleOf(s, item) != QStringLiteral("while hidden"));
        const int checks = a->headsChecks();
        a->setVisible(true);
        QTRY_COMPARE(titleOf(s, item), QStringLiteral("while hidden"));
        QVERIFY(a->headsChecks() > checks);
    }

    void offlineEditsSurviveARestartAndLandAfterReconnect()
    {
        Peer ana;
        SyncClient *a = polling(ana, QStringLiteral("ana"), 1);
        QVERIFY(a);
        BoardStore *s = openLoaded(a);
        QVERIFY(s);
        const QStringList items = s->itemIds();
        const quint16 port = m_server.port();
        m_server.stop();
        QTRY_COMPARE_WITH_TIMEOUT(a->state(), SyncClient::State::Offline, 10000);
        QVERIFY(a->offlineSince().isValid());
        for (int i = 0; i < 3; ++i)
            a->submit(m_boardId, itemUpdate(items.at(i), { { QStringLiteral("title"), QStringLiteral("offline-%1").arg(i) } }));
        QCOMPARE(titleOf(s, items.at(0)), QStringLiteral("offline-0"));
        QCOMPARE(a->outboxSize(), 3);

        // The app quits and starts again, still without a server: the edits are still there.
        a = ana.make(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        a->setWebSocketEnabled(false);
        a->setPollingIntervalSeconds(1);
        a->start();
        QCOMPARE(a->outboxSize(), 3);
        s = a->openBoard(m_boardId);
        QCOMPARE(titleOf(s, items.at(1)), QStringLiteral("offline-1"));
        QCOMPARE(s->itemState(items.at(1)), ItemState::Pending);
        QTRY_COMPARE_WITH_TIMEOUT(a->state(), SyncClient::State::Offline, 10000);

        QVERIFY(m_server.start({ QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) }));
        QTRY_COMPARE_WITH_TIMEOUT(a->outboxSize(), 0, 15000);
        QTRY_COMPARE(a->state(), SyncClient::State::Polling);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(serverItem(m_server, m_anaToken, m_boardId, items.at(i)).value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(),
                     QStringLiteral("offline-%1").arg(i));
            QTRY_COMPARE(s->itemState(items.at(i)), ItemState::Synced);
        }
        QTRY_COMPARE(s->confirmed().digest(), serverDigest(m_server, m_anaToken, m_boardId));
    }

    void revokedSessionSignsOut()
    {
        Peer ben;
        SyncClient *b = polling(ben, QStringLiteral("ben"), 1);
        QVERIFY(b);
        QTRY_COMPARE(b->state(), SyncClient::State::Polling);
        const QString benId = b->user().id;
        QSignalSpy out(b, &SyncClient::signedOut);
        QCOMPARE(httpCall(m_server, "PATCH", QStringLiteral("/api/v1/admin/users/%1").arg(benId), m_anaToken,
                          { { QStringLiteral("disabled"), true } })
                         .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(out.size(), 1, 10000); // may already have happened while the request ran
        QCOMPARE(b->state(), SyncClient::State::SignedOut);
        QTest::qWait(300);
        QCOMPARE(b->state(), SyncClient::State::SignedOut); // no reconnect loop
        QCOMPARE(out.size(), 1);
        b->start(); // the stored token is gone: still signed out
        QTRY_COMPARE(b->state(), SyncClient::State::SignedOut);
        httpCall(m_server, "PATCH", QStringLiteral("/api/v1/admin/users/%1").arg(benId), m_anaToken,
                 { { QStringLiteral("disabled"), false } });
    }
};

QTEST_GUILESS_MAIN(TestSyncClientPolling)
#include "tst_syncclient_polling.moc"
