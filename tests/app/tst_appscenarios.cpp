// End-to-end scenarios of the desktop app against the real server (--demo: ana is a server
// admin and the board's owner, ben an editor, cy a viewer): each person has a MainWindow
// over the real SyncClient (temp cache, in-memory tokens); a bare SyncClient or the
// server's snapshot checks what arrived.
#include "support/syncharness.h"
#include "support/uidriver.h"

#include "app/settings/adminpage.h"
#include "app/shell/appcontroller.h"
#include "app/settings/appearance.h"
#include "app/shell/connectdialog.h"
#include "app/shell/traynotifier.h"
#include "app/board/boardwidget.h"
#include "app/calendar/calendargrid.h"
#include "app/calendar/calendarview.h"
#include "app/board/connectionindicator.h"
#include "app/inbox/inboxview.h"
#include "app/item/itempanel.h"
#include "app/kanban/kanbanlane.h"
#include "app/kanban/kanbanview.h"
#include "app/kanban/lanelistview.h"
#include "app/shell/mainwindow.h"
#include "app/item/mentionedit.h"
#include "app/inbox/notificationbell.h"
#include "app/board/presenceavatars.h"
#include "app/settings/settingscontroller.h"
#include "app/settings/settingsdialog.h"
#include "app/table/tableview.h"
#include "core/models/inboxmodel.h"
#include "core/models/itemtablemodel.h"
#include "core/models/kanbanlanemodel.h"

#include <QAbstractProxyModel>
#include <QApplication>
#include <QCompleter>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

using AdminPageSettings = App::AdminPage::RealtimeSettings;

// One person running the app.
struct AppSession
{
    QTemporaryDir dir;
    Core::MemoryTokenStore tokens;
    QSettings settings { dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat };
    App::AppController app { { dir.path(), &tokens, &settings } };
    App::MainWindow window { &app };

    AppSession()
    {
        QObject::connect(&app, &App::AppController::syncClientChanged, &app,
                         [](Core::SyncClient *sync) { sync->setBackoffLimits(50, 200, 400); });
    }
    Core::SyncClient *sync() const { return app.sync(); }
    App::BoardWidget *board() const { return window.boardWidget(); }
    Core::BoardStore *store() const { return board() ? board()->store() : nullptr; }
    bool loaded() const { return store() && store()->confirmed().seq > 0 && sync()->state() == Core::SyncClient::State::Live; }
};

QString itemTitled(Core::BoardStore *store, const QString &title)
{
    for (const Core::Item &item : store->confirmed().items)
        if (item.fields.value(QStringLiteral("title")).toString() == title)
            return item.id;
    return QString();
}

} // namespace

class TstAppScenarios : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QString m_boardId;

    bool signIn(AppSession &s, const QString &login)
    {
        s.window.resize(1280, 800);
        s.window.show();
        if (!QTest::qWaitForWindowExposed(&s.window))
            return false;
        s.app.connectTo(m_server.url(), login, DemoPassword);
        if (!QTest::qWaitFor([&s] { return s.loaded(); }, 15000))
            return false;
        m_boardId = s.window.currentBoardId();
        return true;
    }

    // A second client (ben's engine only) with the board open.
    Core::BoardStore *observe(Peer &peer, const QString &login = QStringLiteral("ben"))
    {
        Core::SyncClient *c = peer.make(m_server.url());
        if (!Test::signIn(c, login))
            return nullptr;
        Core::BoardStore *store = c->openBoard(m_boardId);
        return QTest::qWaitFor([store] { return store->confirmed().seq > 0; }, 15000) ? store : nullptr;
    }

    QJsonObject fieldsOnServer(const QString &itemId)
    {
        return serverItem(m_server, httpToken(m_server, QStringLiteral("ana")), m_boardId, itemId).value(QStringLiteral("fields")).toObject();
    }

    static void editCell(App::BoardWidget *board, const QString &itemId, const QString &columnId, const QString &text)
    {
        board->setView(App::BoardWidget::View::Table);
        App::TableView *table = board->tableView();
        const QModelIndex cell = table->indexOf(itemId, columnId);
        QVERIFY(cell.isValid());
        table->setCurrentIndex(cell);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_F2);
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Return);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
    }

    void editCellReachesServerAndSecondClient()
    {
        AppSession ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        Peer ben;
        Core::BoardStore *benStore = observe(ben);
        QVERIFY(benStore);
        const QString id = itemTitled(ana.store(), QStringLiteral("Write release notes"));
        QVERIFY(!id.isEmpty());
        QVERIFY(QTest::qWaitForWindowActive(&ana.window));
        editCell(ana.board(), id, QStringLiteral("title"), QStringLiteral("Release notes, edited in the table"));
        QTRY_COMPARE_WITH_TIMEOUT(fieldsOnServer(id).value(QStringLiteral("title")).toString(),
                                  QStringLiteral("Release notes, edited in the table"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(titleOf(benStore, id), QStringLiteral("Release notes, edited in the table"), 10000);
        QTRY_COMPARE(ana.sync()->outboxSize(), 0);

        // The item panel's history comes from the board's log.
        ana.board()->openItem(id);
        auto *history = ana.board()->itemPanel()->findChild<QListWidget *>(QStringLiteral("itemHistory"));
        QVERIFY(history);
        QTRY_VERIFY_WITH_TIMEOUT(history->count() >= 2, 10000); // created, then edited
        QVERIFY(history->item(history->count() - 1)->text().contains(QStringLiteral("Release notes, edited in the table")));
    }

    void dragCardMovesOnServerAndSecondClient()
    {
        AppSession ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        Peer ben;
        Core::BoardStore *benStore = observe(ben);
        QVERIFY(benStore);
        ana.board()->setView(App::BoardWidget::View::Kanban);
        App::KanbanView *kanban = ana.board()->kanbanView();
        App::KanbanLane *todo = kanban->lane(QStringLiteral("todo"));
        App::KanbanLane *done = kanban->lane(QStringLiteral("done"));
        QVERIFY(todo && done);
        QTRY_VERIFY(todo->laneModel()->rowCount() > 0 && done->laneModel()->rowCount() >= 2);
        const QString card = todo->laneModel()->itemIdAt(0);

        // Dragged with the mouse between the first and second card of Done.
        QVERIFY(dragCardOnto(*kanban, card, done, 1));

        QTRY_COMPARE_WITH_TIMEOUT(fieldsOnServer(card).value(QStringLiteral("status")).toString(), QStringLiteral("done"), 10000);
        QTRY_COMPARE(ana.sync()->outboxSize(), 0);
        const QString rank = serverItem(m_server, httpToken(m_server, QStringLiteral("ana")), m_boardId, card).value(QStringLiteral("rank")).toString();
        QCOMPARE(ana.store()->item(card)->rank, rank);
        QTRY_COMPARE_WITH_TIMEOUT(benStore->item(card)->fields.value(QStringLiteral("status")).toString(), QStringLiteral("done"), 10000);
        QTRY_COMPARE(benStore->item(card)->rank, rank);
        QCOMPARE(done->laneModel()->itemIds().indexOf(card), 1);
    }

    void rescheduleInCalendar()
    {
        AppSession ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        Peer ben;
        Core::BoardStore *benStore = observe(ben);
        QVERIFY(benStore);
        const QString id = itemTitled(ana.store(), QStringLiteral("Fix crash on wake"));
        QVERIFY(!id.isEmpty());
        const QDate due = QDate::fromString(ana.store()->item(id)->fields.value(QStringLiteral("due")).toString(), Qt::ISODate);
        QVERIFY(due.isValid());
        ana.board()->setView(App::BoardWidget::View::Calendar);
        App::CalendarView *calendar = ana.board()->calendarView();
        calendar->setDate(due);
        App::CalendarGrid *grid = calendar->grid();
        QTRY_VERIFY(!grid->chipRectOf(id).isNull());
        QDate day = due.addDays(1);
        if (grid->layoutMath().cellRect(day).isNull())
            day = due.addDays(-1);
        const QRect chip = grid->chipRectOf(id);
        const QPoint target = grid->layoutMath().cellRect(day).center();
        QTest::mousePress(grid, Qt::LeftButton, {}, chip.center());
        QTest::mouseMove(grid, chip.center() + QPoint(10, 10));
        QTest::mouseMove(grid, target);
        QTest::mouseRelease(grid, Qt::LeftButton, {}, target);
        const QString expected = day.toString(Qt::ISODate);
        QTRY_COMPARE_WITH_TIMEOUT(fieldsOnServer(id).value(QStringLiteral("due")).toString(), expected, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(benStore->item(id)->fields.value(QStringLiteral("due")).toString(), expected, 10000);
    }

    void mentionWithCompletionReachesTheMentionedInbox()
    {
        AppSession ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        AppSession ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        Core::InboxModel *benInbox = ben.sync()->inbox();
        const int before = benInbox->unreadCount();
        QTRY_COMPARE(ben.window.bell()->unreadCount(), before);

        const QString id = itemTitled(ana.store(), QStringLiteral("Server backup docs"));
        ana.window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&ana.window));
        QVERIFY(!ben.window.isActiveWindow());
        QSignalSpy alerted(&ben.window, &App::MainWindow::alerted); // desktop notification: ben's window is inactive
        ana.board()->openItem(id);
        App::MentionEdit *edit = ana.board()->itemPanel()->commentEdit();
        edit->setFocus();
        QTest::keyClicks(edit, QStringLiteral("Hi @be"));
        QTRY_VERIFY(edit->completer()->popup()->isVisible());
        QCOMPARE(edit->completer()->currentCompletion(), QStringLiteral("ben"));
        QTest::keyClick(edit, Qt::Key_Return);
        QTest::keyClicks(edit, QStringLiteral("the backup page needs your numbers"));
        QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);

        QTRY_COMPARE_WITH_TIMEOUT(benInbox->unreadCount(), before + 1, 10000);
        QTRY_COMPARE(ben.window.bell()->unreadCount(), before + 1);
        QVERIFY(ben.window.hasUnreadDot(m_boardId));
        // The item itself carries the dot in every view of the open board.
        QTRY_VERIFY(ben.board()->tableView()->hasUnreadDot(id));
        QVERIFY(ben.board()->kanbanView()->hasUnreadDot(id));
        QVERIFY(ben.board()->calendarView()->hasUnreadDot(id));
        const QModelIndex newest = benInbox->index(0, 0);
        QCOMPARE(newest.data(Core::InboxModel::KindRole).toString(), QStringLiteral("mention"));
        QCOMPARE(newest.data(Core::InboxModel::ItemIdRole).toString(), id);
        QVERIFY(newest.data(Core::InboxModel::UnreadRole).toBool());
        QTRY_COMPARE(alerted.count(), 1);
        QCOMPARE(alerted.first().at(0).toString(), newest.data(Core::InboxModel::IdRole).toString());

        // The bell opens the inbox; clicking the entry opens the item and marks it read.
        QTest::mouseClick(ben.window.bell(), Qt::LeftButton);
        QTRY_VERIFY(ben.window.inboxPopup()->isVisible());
        QListView *list = ben.window.inboxView()->listView();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(list->model()->index(0, 0)).center());
        QTRY_COMPARE(ben.board()->itemPanel()->itemId(), id);
        QTRY_COMPARE(ben.window.bell()->unreadCount(), before);
        ben.sync()->markAllRead();
        QTRY_COMPARE(ben.window.bell()->unreadCount(), 0);
        QTRY_VERIFY(!ben.window.hasUnreadDot(m_boardId));
        QTRY_VERIFY(!ben.board()->tableView()->hasUnreadDot(id));
        QVERIFY(!ben.board()->kanbanView()->hasUnreadDot(id));
        QVERIFY(ben.board()->unreadItems().isEmpty());
    }

    void presenceShowsAsAvatars()
    {
        AppSession ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        AppSession ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        const QString benId = ben.sync()->user().id;
        QTRY_VERIFY_WITH_TIMEOUT(ana.board()->presenceAvatars()->userIds().contains(benId), 10000);
        const QString id = itemTitled(ben.store(), QStringLiteral("Translate the UI"));
        ben.board()->openItem(id); // viewing that item
        QTRY_VERIFY_WITH_TIMEOUT(!ana.store()->presenceOn(id).isEmpty() && ana.store()->presenceOn(id).first().userId == benId, 10000);
    }

    void conflictBannerKeepMineAndTakeTheirs()
    {
        AppSession ana;
        // Ana polls rarely, so her edits are based on versions she has not refreshed.
        QObject::connect(&ana.app, &App::AppController::syncClientChanged, &ana.app, [](Core::SyncClient *sync) {
            sync->setWebSocketEnabled(false);
            sync->setPollingIntervalSeconds(3600);
        });
        ana.window.resize(1280, 800);
        ana.window.show();
        QVERIFY(QTest::qWaitForWindowActive(&ana.window));
        ana.app.connectTo(m_server.url(), QStringLiteral("ana"), DemoPassword);
        QTRY_VERIFY_WITH_TIMEOUT(ana.store() && ana.store()->confirmed().seq > 0, 15000);
        Peer ben;
        Core::BoardStore *benStore = observe(ben);
        QVERIFY(benStore);

        for (const bool keepMine : { true, false }) {
            const QString id = itemTitled(ana.store(), keepMine ? QStringLiteral("Translate the UI") : QStringLiteral("Inbox badges"));
            QVERIFY(!id.isEmpty());
            const QString theirs = keepMine ? QStringLiteral("Theirs A") : QStringLiteral("Theirs B");
            const QString mine = keepMine ? QStringLiteral("Mine A") : QStringLiteral("Mine B");
            QSignalSpy acked(ben.client.get(), &Core::SyncClient::commandAcked);
            ben.client->submit(m_boardId, itemUpdate(id, { { QStringLiteral("title"), theirs } }));
            QVERIFY(acked.wait(10000));

            ana.board()->openItem(id);
            QSignalSpy conflict(ana.sync(), &Core::SyncClient::conflictDetected);
            editCell(ana.board(), id, QStringLiteral("title"), mine);
            QVERIFY(conflict.wait(10000));
            QFrame *banner = ana.board()->itemPanel()->conflictBanner();
            QTRY_VERIFY(banner->isVisible());
            auto *button = banner->findChild<QPushButton *>(keepMine ? QStringLiteral("keepMine") : QStringLiteral("takeTheirs"));
            QVERIFY(button);
            QTest::mouseClick(button, Qt::LeftButton);
            const QString winner = keepMine ? mine : theirs;
            QTRY_COMPARE_WITH_TIMEOUT(fieldsOnServer(id).value(QStringLiteral("title")).toString(), winner, 10000);
            QTRY_COMPARE_WITH_TIMEOUT(titleOf(ana.store(), id), winner, 10000);
            QTRY_VERIFY(!banner->isVisible());
            QTRY_COMPARE_WITH_TIMEOUT(titleOf(benStore, id), winner, 10000);
            QTRY_COMPARE(ana.sync()->outboxSize(), 0);
        }
    }

    void indicatorGoesOfflineAndBackToLive()
    {
        AppSession ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        App::ConnectionIndicator *onBoard = ana.board()->connectionIndicator();
        QTRY_COMPARE(onBoard->stateName(), QStringLiteral("live"));
        QCOMPARE(ana.window.connectionIndicator()->stateName(), QStringLiteral("live"));
        QCOMPARE(onBoard->text(), QStringLiteral("Live"));

        const quint16 port = m_server.port();
        m_server.stop();
        QTRY_COMPARE_WITH_TIMEOUT(onBoard->stateName(), QStringLiteral("offline"), 10000);
        QVERIFY2(onBoard->text().startsWith(QStringLiteral("Offline since")), qPrintable(onBoard->text()));
        QCOMPARE(ana.window.connectionIndicator()->stateName(), QStringLiteral("offline"));

        QVERIFY(m_server.start({ QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) }));
        QTRY_COMPARE_WITH_TIMEOUT(onBoard->stateName(), QStringLiteral("live"), 15000);
        QCOMPARE(ana.window.connectionIndicator()->stateName(), QStringLiteral("live"));
    }

    void adminPageOnlyForAdmins()
    {
        for (const QString &login : { QStringLiteral("ben"), QStringLiteral("ana") }) {
            AppSession s;
            QVERIFY(signIn(s, login));
            App::SettingsDialog *dialog = s.window.settingsController()->open();
            QVERIFY(dialog);
            const bool admin = login == QLatin1String("ana");
            QCOMPARE(dialog->isAdminPageAvailable(), admin);
            if (admin) // filled from the admin API
                QTRY_VERIFY_WITH_TIMEOUT(dialog->adminPage()->usersTable()->rowCount() >= 3, 10000);
            dialog->close();
        }
    }

    void settingsActionsReachTheServer()
    {
        AppSession ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        const QByteArray token = httpToken(m_server, QStringLiteral("ana"));
        App::SettingsDialog *dialog = ana.window.settingsController()->open();
        App::AdminPage *page = dialog->adminPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->usersTable()->rowCount() >= 3, 10000);
        const int users = page->usersTable()->rowCount();

        // Admin: create a user, open registration, change a realtime setting.
        Q_EMIT page->createUserRequested(QStringLiteral("dana"), QStringLiteral("Dana Diaz"), QStringLiteral("a long password 1"), false);
        QTRY_COMPARE_WITH_TIMEOUT(page->usersTable()->rowCount(), users + 1, 10000);
        Q_EMIT page->registrationChangeRequested(true);
        AdminPageSettings wanted = page->realtimeSettings();
        wanted.pollingIntervalSeconds = 25;
        Q_EMIT page->realtimeSettingsChangeRequested(wanted);
        QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    const QJsonObject settings = httpCall(m_server, "GET", QStringLiteral("/api/v1/admin/settings"), token)
                                                         .json().value(QStringLiteral("settings")).toObject();
                    return settings.value(QStringLiteral("registration_open")).toBool()
                            && settings.value(QStringLiteral("polling_interval_s")).toInt() == 25;
                }(),
                10000);
        // Connected clients and board activity.
        QTRY_VERIFY_WITH_TIMEOUT(page->clientsTable()->rowCount() >= 1 && page->boardsTable()->rowCount() == 1, 10000);
        // Background jobs: an import ana ran is listed, with who ran it, once Refresh is clicked.
        const QString imported = httpCall(m_server, "POST", QStringLiteral("/api/v1/boards"), token, { { QStringLiteral("name"), QStringLiteral("Imported") } })
                                         .json().value(QStringLiteral("board")).toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(httpRequest("POST", m_server.url().resolved(QUrl(QStringLiteral("/api/v1/boards/%1/imports").arg(imported))),
                             "Title\nFrom a file\n", token).status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(httpCall(m_server, "GET", QStringLiteral("/api/v1/admin/jobs"), token).json().value(QStringLiteral("jobs"))
                                          .toArray().first().toObject().value(QStringLiteral("state")).toString(),
                                  QStringLiteral("done"), 10000);
        auto *pages = dialog->findChild<QListWidget *>();
        QVERIFY(pages);
        const QList<QListWidgetItem *> adminItems = pages->findItems(QStringLiteral("Admin"), Qt::MatchExactly);
        QCOMPARE(adminItems.size(), 1);
        QTest::mouseClick(pages->viewport(), Qt::LeftButton, {}, pages->visualItemRect(adminItems.first()).center());
        auto *refresh = page->findChild<QPushButton *>(QStringLiteral("refreshActivity"));
        QVERIFY(refresh);
        QTRY_VERIFY(refresh->isVisible());
        QTest::mouseClick(refresh, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page->jobsTable()->rowCount() >= 1 && page->jobsTable()->item(0, 2)->text() == QLatin1String("done"), 10000);
        QCOMPARE(page->jobsTable()->item(0, 1)->text(), QStringLiteral("ana"));
        QCOMPARE(page->jobsTable()->item(0, 3)->text(), QStringLiteral("1 of 1"));

        // Account: display name through the ApiClient; appearance remembered.
        Q_EMIT dialog->displayNameChangeRequested(QStringLiteral("Ana A."));
        QTRY_COMPARE_WITH_TIMEOUT(httpCall(m_server, "GET", QStringLiteral("/api/v1/me"), token)
                                          .json().value(QStringLiteral("user")).toObject().value(QStringLiteral("displayName")).toString(),
                                  QStringLiteral("Ana A."), 10000);
        QTRY_VERIFY(ana.window.connectionText().contains(QStringLiteral("Ana A.")));
        Q_EMIT dialog->appearanceChanged(App::Appearance::Mode::Dark);
        QCOMPARE(App::SettingsController::savedAppearance(&ana.settings), App::Appearance::Mode::Dark);
        Q_EMIT dialog->appearanceChanged(App::Appearance::Mode::System);
        Q_EMIT dialog->alertKindsChanged({ QStringLiteral("mention") });
        QCOMPARE(ana.window.tray()->alertKinds(), QStringList { QStringLiteral("mention") });

        // Hidden window: the engine defers catch-up; shown again: visible.
        ana.window.hide();
        QVERIFY(!ana.sync()->isVisible());
        ana.window.show();
        QVERIFY(ana.sync()->isVisible());

        // Sign out from the settings: back to the Connect dialog.
        Q_EMIT dialog->signOutRequested();
        QTRY_VERIFY_WITH_TIMEOUT(ana.window.connectDialog() && ana.window.connectDialog()->isVisible(), 10000);
        QVERIFY(!ana.window.boardWidget());
    }
};

QTEST_MAIN(TstAppScenarios)
#include "tst_appscenarios.moc"
