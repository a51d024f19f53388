// A person's first hour, as journeys through the real app against the real server, two
// people in two main windows. Everything the people do goes through real input only:
// QTest mouse presses, moves, releases and clicks (routed through the window system, so
// grabs, double clicks and right-click menus behave as on a desktop) and key presses to
// whatever has the keyboard focus. No slots are called and no events are made up; what
// the test reads back is what the people see, the server's state, and the other window.
#define QTEST_QPA_MOUSE_HANDLING
#include "support/appjourney.h"

#include "app/shell/appcontroller.h"
#include "app/board/boardwidget.h"
#include "app/table/celldelegate.h"
#include "app/shell/connectdialog.h"
#include "app/board/connectionindicator.h"
#include "app/board/datefield.h"
#include "app/inbox/inboxview.h"
#include "app/item/itempanel.h"
#include "app/shell/localserver.h"
#include "app/shell/mainwindow.h"
#include "app/item/mentionedit.h"
#include "app/inbox/notificationbell.h"
#include "app/board/presenceavatars.h"
#include "app/settings/settingscontroller.h"
#include "app/settings/settingsdialog.h"
#include "core/models/inboxmodel.h"

#include <QCalendarWidget>
#include <QCheckBox>
#include <QCompleter>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolButton>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

template<typename T>
T *named(QWidget *root, const QString &name)
{
    return root->findChild<T *>(name);
}

} // namespace

class TstJourneys : public JourneySuite
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
    }

    // J1: first run with "Run a server on this computer"; a colleague then connects to it.
    void j1FirstRunWithTheLocalServer()
    {
        QDir(App::LocalServer::defaultDataDir()).removeRecursively();
        Person ana;
        ana.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&ana.window));
        QVERIFY(!named<QWidget>(&ana.window, QStringLiteral("connectionIndicator"))->isVisible());
        ana.window.showConnectDialog(); // first start
        QTRY_VERIFY(ana.window.connectDialog() && ana.window.connectDialog()->isVisible());
        QTest::mouseClick(ana.window.connectDialog()->localButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(ana.live(), 30000);
        QCOMPARE(ana.window.boardNames(), QStringList { QStringLiteral("Product launch") });
        QVERIFY(ana.store()->itemCount() >= 5);
        const QUrl local = ana.app.server();

        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben"), QStringLiteral("127.0.0.1:%1").arg(local.port())));
        QCOMPARE(ben.app.server(), local); // host:port without a scheme found the plain-http server
        QTRY_COMPARE(ben.store()->confirmed().digest(), ana.store()->confirmed().digest());
        ana.window.localServer()->stop(); // what quitting ana's app does
        QDir(App::LocalServer::defaultDataDir()).removeRecursively();
    }

    // J2: a new item by keyboard, then every field type edited by mouse; the colleague sees it all.
    void j2CreateByKeyboardAndEditEveryFieldByMouse()
    {
        Person ana, ben;
        QVERIFY(signInAnaAndBen(ana, ben));
        QTest::mouseClick(ana.table()->viewport(), Qt::LeftButton, {}, QPoint(40, 10)); // into the table
        pressKey(Qt::Key_N, Qt::ControlModifier);
        QTRY_VERIFY(!ana.table()->editingItemId().isEmpty());
        const QString id = ana.table()->editingItemId();
        typeText(QStringLiteral("Order the banners"));
        pressKey(Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(serverFields(id).value(QStringLiteral("title")).toString(), QStringLiteral("Order the banners"), 10000);

        // Status: one click opens the list, a click on an option saves.
        QTest::mouseClick(ana.table()->viewport(), Qt::LeftButton, {}, cellPoint(ana.table(), id, QStringLiteral("status")));
        auto *status = ana.table()->findChild<QComboBox *>();
        QVERIFY(status);
        QVERIFY(clickListEntry(status, QStringLiteral("doing")));
        QTRY_COMPARE_WITH_TIMEOUT(serverFields(id).value(QStringLiteral("status")).toString(), QStringLiteral("doing"), 10000);
        QTRY_COMPARE(ana.table()->editingItemId(), QString()); // the list and the cell closed

        // Person: the same, picking ben.
        QVERIFY(bringToFront(&ana.window));
        const QString benId = ben.sync()->user().id;
        QString assignee;
        for (const Core::Column &c : ana.store()->columns())
            if (c.type == Core::ColumnType::Person)
                assignee = c.id;
        QTest::mouseClick(ana.table()->viewport(), Qt::LeftButton, {}, cellPoint(ana.table(), id, assignee));
        QTRY_VERIFY(ana.table()->findChild<QComboBox *>());
        auto *person = ana.table()->findChild<QComboBox *>();
        QVERIFY(clickListEntry(person, benId));
        QTRY_COMPARE_WITH_TIMEOUT(serverFields(id).value(assignee).toString(), benId, 10000);

        // Date: double-click the empty cell, open the calendar, "Today".
        QVERIFY(bringToFront(&ana.window));
        doubleClick(ana.table()->viewport(), cellPoint(ana.table(), id, QStringLiteral("due")));
        auto *date = qobject_cast<App::DateField *>(QApplication::focusWidget());
        QVERIFY(date);
        QVERIFY(date->isEmpty());
        QToolButton *calendarButton = nullptr;
        for (QToolButton *b : date->findChildren<QToolButton *>())
            if (b->defaultAction() && b->defaultAction()->objectName() == QLatin1String("chooseDate"))
                calendarButton = b;
        QVERIFY(calendarButton);
        QTest::mouseClick(calendarButton, Qt::LeftButton);
        QTRY_VERIFY(date->picker()->isVisible());
        QCOMPARE(date->calendar()->selectedDate(), QDate::currentDate());
        QTest::mouseClick(named<QPushButton>(date->picker(), QStringLiteral("pickToday")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(serverFields(id).value(QStringLiteral("due")).toString(),
                                  QDate::currentDate().toString(Qt::ISODate), 10000);

        // Title again: double-click, type over it (a second edit of one field: no conflict with myself).
        QVERIFY(bringToFront(&ana.window));
        doubleClick(ana.table()->viewport(), cellPoint(ana.table(), id, QStringLiteral("title")));
        QTRY_VERIFY(qobject_cast<QLineEdit *>(QApplication::focusWidget()));
        qobject_cast<QLineEdit *>(QApplication::focusWidget())->selectAll();
        typeText(QStringLiteral("Order the banners and flags"));
        pressKey(Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(serverFields(id).value(QStringLiteral("title")).toString(),
                                  QStringLiteral("Order the banners and flags"), 10000);
        QTRY_COMPARE(ana.sync()->outboxSize(), 0);
        QVERIFY(ana.store()->mutations().isEmpty()); // nothing failed or conflicted

        // The colleague's window shows the same item with every field.
        QTRY_COMPARE_WITH_TIMEOUT(titleOf(ben.store(), id), QStringLiteral("Order the banners and flags"), 10000);
        QTRY_COMPARE(ben.store()->item(id)->fields.value(QStringLiteral("status")).toString(), QStringLiteral("doing"));
        QCOMPARE(ben.store()->item(id)->fields.value(assignee).toString(), benId);
        QCOMPARE(ben.store()->item(id)->fields.value(QStringLiteral("due")).toString(), QDate::currentDate().toString(Qt::ISODate));
        QVERIFY(ben.store()->rowOf(id) >= 0);
    }

    // J3: drag a card to another lane and back, with the mouse.
    void j3DragACardToAnotherLaneAndBack()
    {
        Person ana, ben;
        QVERIFY(signInAnaAndBen(ana, ben));
        clickButton(ana.board(), QStringLiteral("viewKanban"));
        App::KanbanView *kanban = ana.board()->kanbanView();
        App::KanbanLane *todo = kanban->lane(QStringLiteral("todo"));
        App::KanbanLane *done = kanban->lane(QStringLiteral("done"));
        QVERIFY(todo && done);
        QTRY_VERIFY(todo->laneModel()->rowCount() > 0);
        const QString card = todo->laneModel()->itemIdAt(0);
        QVERIFY(dragCardOnto(*kanban, card, done, 0));
        QTRY_COMPARE_WITH_TIMEOUT(serverFields(card).value(QStringLiteral("status")).toString(), QStringLiteral("done"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ben.store()->item(card)->fields.value(QStringLiteral("status")).toString(), QStringLiteral("done"), 10000);
        QTRY_COMPARE(done->laneModel()->itemIdAt(0), card);

        QVERIFY(dragCardOnto(*kanban, card, todo, 0)); // and back, to the top
        QTRY_COMPARE_WITH_TIMEOUT(serverFields(card).value(QStringLiteral("status")).toString(), QStringLiteral("todo"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ben.store()->item(card)->fields.value(QStringLiteral("status")).toString(), QStringLiteral("todo"), 10000);
        QTRY_COMPARE(todo->laneModel()->itemIdAt(0), card);
        QTRY_COMPARE(ben.store()->item(card)->rank, ana.store()->item(card)->rank);
    }

    // J4: three comments in a row, one @mention accepted by Tab and one by Enter.
    void j4ThreeCommentsAndMentions()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        const int benUnread = ben.sync()->inbox()->unreadCount();
        QVERIFY(bringToFront(&ana.window));
        const QString id = itemTitled(ana.store(), QStringLiteral("Inbox badges"));
        QVERIFY(!id.isEmpty());
        const int rows = ana.store()->itemCount();
        openFromTable(ana, id);
        App::MentionEdit *edit = ana.board()->itemPanel()->commentEdit();
        const int before = int(ana.store()->confirmed().commentsOf(id).size());

        QTest::mouseClick(edit->viewport(), Qt::LeftButton);
        typeText(QStringLiteral("First thoughts"));
        pressKey(Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(int(ana.store()->confirmed().commentsOf(id).size()), before + 1, 10000);

        typeText(QStringLiteral("Over to @be"));
        QTRY_VERIFY(edit->completer()->popup()->isVisible());
        pressKey(Qt::Key_Tab); // accepts "ben", focus stays in the box
        QCOMPARE(QApplication::focusWidget(), edit);
        QCOMPARE(edit->toPlainText(), QStringLiteral("Over to @ben "));
        typeText(QStringLiteral("please"));
        pressKey(Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(int(ana.store()->confirmed().commentsOf(id).size()), before + 2, 10000);

        typeText(QStringLiteral("And @c"));
        QTRY_VERIFY(edit->completer()->popup()->isVisible());
        pressKey(Qt::Key_Return); // Enter accepts too
        QCOMPARE(edit->toPlainText(), QStringLiteral("And @cy "));
        typeText(QStringLiteral("too @be")); // a space closes the list and never posts
        QTRY_VERIFY(edit->completer()->popup()->isVisible());
        typeText(QStringLiteral(" "));
        QTRY_VERIFY(!edit->completer()->popup()->isVisible());
        QCOMPARE(int(ana.store()->confirmed().commentsOf(id).size()), before + 2);
        QCOMPARE(edit->toPlainText(), QStringLiteral("And @cy too @be "));
        pressKey(Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(int(ana.store()->confirmed().commentsOf(id).size()), before + 3, 10000);

        // Nobody lost the item: it is still in every view, and the panel still shows it.
        QCOMPARE(ana.store()->itemCount(), rows);
        QVERIFY(ana.store()->rowOf(id) >= 0);
        QCOMPARE(ana.board()->itemPanel()->itemId(), id);
        QVERIFY(!ana.board()->kanbanView()->laneOf(id).isNull());
        QCOMPARE(ana.board()->itemPanel()->commentHtml().size(), before + 3);
        QTRY_COMPARE(ana.sync()->outboxSize(), 0);

        // The mentioned colleague's bell and inbox.
        QTRY_COMPARE_WITH_TIMEOUT(ben.sync()->inbox()->unreadCount(), benUnread + 1, 10000);
        QTRY_COMPARE(ben.window.bell()->unreadCount(), benUnread + 1);
        QVERIFY(bringToFront(&ben.window));
        QTest::mouseClick(ben.window.bell(), Qt::LeftButton);
        QTRY_VERIFY(ben.window.inboxPopup()->isVisible());
        QListView *list = ben.window.inboxView()->listView();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(list->model()->index(0, 0)).center());
        QTRY_COMPARE(ben.board()->itemPanel()->itemId(), id);
        QTRY_COMPARE(ben.window.bell()->unreadCount(), benUnread);
    }

    // J5: a conflicting edit is shown and resolved from the row's menu. Ana's laptop is on
    // a poor link (HTTP polling, rarely), so Ben's change has not reached her when she edits.
    void j5ConflictResolvedFromTheRowMenu()
    {
        Person ana;
        QObject::connect(&ana.app, &App::AppController::syncClientChanged, &ana.app, [](Core::SyncClient *sync) {
            sync->setWebSocketEnabled(false);
            sync->setPollingIntervalSeconds(3600);
        });
        QVERIFY(signIn(ana, QStringLiteral("ana"), QString(), Core::SyncClient::State::Polling));
        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        const QString id = itemTitled(ana.store(), QStringLiteral("Translate the UI"));
        QVERIFY(!id.isEmpty());

        // Ben changes the title.
        QVERIFY(bringToFront(&ben.window));
        doubleClick(ben.table()->viewport(), cellPoint(ben.table(), id, QStringLiteral("title")));
        QTRY_VERIFY(qobject_cast<QLineEdit *>(QApplication::focusWidget()));
        qobject_cast<QLineEdit *>(QApplication::focusWidget())->selectAll();
        typeText(QStringLiteral("Translate the UI (Ben)"));
        pressKey(Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(serverFields(id).value(QStringLiteral("title")).toString(), QStringLiteral("Translate the UI (Ben)"), 10000);

        // Ana, who has not seen it yet, changes it too: a conflict, not an overwrite.
        QVERIFY(bringToFront(&ana.window));
        QCOMPARE(titleOf(ana.store(), id), QStringLiteral("Translate the UI"));
        doubleClick(ana.table()->viewport(), cellPoint(ana.table(), id, QStringLiteral("title")));
        QTRY_VERIFY(qobject_cast<QLineEdit *>(QApplication::focusWidget()));
        qobject_cast<QLineEdit *>(QApplication::focusWidget())->selectAll();
        typeText(QStringLiteral("Translate the UI (Ana)"));
        QSignalSpy conflicted(ana.sync(), &Core::SyncClient::conflictDetected);
        pressKey(Qt::Key_Return);
        QVERIFY(conflicted.wait(10000));
        QCOMPARE(serverFields(id).value(QStringLiteral("title")).toString(), QStringLiteral("Translate the UI (Ben)"));
        QTRY_COMPARE(ana.store()->itemState(id), Core::ItemState::Conflict);
        QVERIFY(ana.window.connectionText().contains(QStringLiteral("Keep mine")));

        const auto choice = chooseFromNextMenu(QStringLiteral("Keep mine"));
        QTest::mouseClick(ana.table()->viewport(), Qt::RightButton, {}, cellPoint(ana.table(), id, QStringLiteral("title")));
        QTRY_VERIFY(choice->clicked);
        QVERIFY2(!choice->seen.join(QLatin1Char('|')).contains(QStringLiteral("Conflict: conflict")), qPrintable(choice->seen.join(QLatin1Char('|'))));
        QVERIFY(choice->seen.contains(QStringLiteral("Take theirs")));
        QTRY_COMPARE_WITH_TIMEOUT(serverFields(id).value(QStringLiteral("title")).toString(), QStringLiteral("Translate the UI (Ana)"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(titleOf(ben.store(), id), QStringLiteral("Translate the UI (Ana)"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ana.store()->itemState(id), Core::ItemState::Synced, 10000);
        QTRY_VERIFY(!ana.window.connectionText().contains(QStringLiteral("Keep mine"))); // the message went
    }

    // J6: edits while offline survive a restart of the app and are sent when the server is back.
    void j6OfflineEditsThenReconnect()
    {
        QTemporaryDir anaDir;
        Core::MemoryTokenStore anaTokens;
        auto ana = std::make_unique<Person>(&anaDir, &anaTokens);
        QVERIFY(signIn(*ana, QStringLiteral("ana")));
        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        const QString benId = ben.sync()->user().id;
        QTRY_VERIFY_WITH_TIMEOUT(ana->board()->presenceAvatars()->userIds().contains(benId), 10000);
        const QString id = itemTitled(ana->store(), QStringLiteral("Record the demo video"));
        QVERIFY(!id.isEmpty());

        const quint16 port = m_server.port();
        m_server.stop();
        QTRY_COMPARE_WITH_TIMEOUT(ana->board()->connectionIndicator()->stateName(), QStringLiteral("offline"), 10000);
        QVERIFY(ana->board()->presenceAvatars()->userIds().isEmpty()); // nobody is known to be here offline

        QVERIFY(bringToFront(&ana->window));
        doubleClick(ana->table()->viewport(), cellPoint(ana->table(), id, QStringLiteral("title")));
        QTRY_VERIFY(qobject_cast<QLineEdit *>(QApplication::focusWidget()));
        qobject_cast<QLineEdit *>(QApplication::focusWidget())->selectAll();
        typeText(QStringLiteral("Record the demo video (offline)"));
        pressKey(Qt::Key_Return);
        QTRY_COMPARE(ana->store()->itemState(id), Core::ItemState::Pending);
        QTest::mouseClick(ana->table()->viewport(), Qt::LeftButton, {}, cellPoint(ana->table(), id, QStringLiteral("status")));
        auto *status = ana->table()->findChild<QComboBox *>();
        QVERIFY(status);
        QVERIFY(clickListEntry(status, QStringLiteral("done")));
        QTRY_COMPARE(ana->sync()->outboxSize(), 2);

        // Quit and start again while still offline: the edits are still there, pending.
        ana.reset();
        ana = std::make_unique<Person>(&anaDir, &anaTokens);
        ana->window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&ana->window));
        ana->app.resume(ana->app.lastServer()); // what main() does on a later start
        QTRY_VERIFY_WITH_TIMEOUT(ana->board() && ana->store()->item(id), 10000);
        QCOMPARE(titleOf(ana->store(), id), QStringLiteral("Record the demo video (offline)"));
        QCOMPARE(ana->store()->itemState(id), Core::ItemState::Pending);
        QCOMPARE(ana->sync()->outboxSize(), 2);

        QVERIFY(m_server.start({ QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) }));
        QTRY_COMPARE_WITH_TIMEOUT(ana->sync()->outboxSize(), 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(serverFields(id).value(QStringLiteral("title")).toString(), QStringLiteral("Record the demo video (offline)"), 10000);
        QCOMPARE(serverFields(id).value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        QTRY_COMPARE_WITH_TIMEOUT(titleOf(ben.store(), id), QStringLiteral("Record the demo video (offline)"), 20000);
        QTRY_COMPARE(ana->store()->itemState(id), Core::ItemState::Synced);
        QTRY_VERIFY_WITH_TIMEOUT(ana->board()->presenceAvatars()->userIds().contains(benId), 20000);
    }

    // J7: switching between light and dark with every view open repaints every view.
    void j7ThemeSwitchWithEveryViewOpen()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        const QString id = ana.store()->itemIds().first();
        openFromTable(ana, id);
        clickButton(ana.board(), QStringLiteral("viewKanban"));
        App::KanbanLane *lane = ana.board()->kanbanView()->lane(QStringLiteral("todo"));
        QVERIFY(lane);
        const auto laneTint = [lane] { return lane->grab().toImage().pixelColor(lane->width() - 6, lane->height() - 6); };
        const QColor lightTint = laneTint();
        QVERIFY(lightTint.lightnessF() > 0.5);

        for (const QString &mode : { QStringLiteral("Dark"), QStringLiteral("Light") }) {
            clickButton(&ana.window, QStringLiteral("settingsButton"));
            const auto openDialog = [&ana]() -> App::SettingsDialog * {
                for (App::SettingsDialog *d : ana.window.findChildren<App::SettingsDialog *>())
                    if (d->isVisible())
                        return d;
                return nullptr;
            };
            QTRY_VERIFY(openDialog());
            QPointer<App::SettingsDialog> dialog = openDialog();
            QRadioButton *radio = nullptr;
            for (QRadioButton *r : dialog->findChildren<QRadioButton *>())
                if (r->text() == mode)
                    radio = r;
            QVERIFY(radio);
            QListWidget *pages = dialog->findChild<QListWidget *>();
            QVERIFY(pages);
            const QList<QListWidgetItem *> appearance = pages->findItems(QStringLiteral("Appearance"), Qt::MatchExactly);
            QCOMPARE(appearance.size(), 1);
            QTest::mouseClick(pages->viewport(), Qt::LeftButton, {}, pages->visualItemRect(appearance.first()).center());
            QTRY_VERIFY(radio->isVisible());
            QTest::mouseClick(radio, Qt::LeftButton, {}, QPoint(8, radio->height() / 2));
            QPushButton *close = nullptr;
            for (QPushButton *b : dialog->findChildren<QPushButton *>())
                if (b->text().remove(QLatin1Char('&')) == QLatin1String("Close"))
                    close = b;
            QVERIFY(close);
            QTest::mouseClick(close, Qt::LeftButton);
            QTRY_VERIFY(!dialog || !dialog->isVisible());
            const bool dark = mode == QLatin1String("Dark");
            // Every view follows at once: lanes, their titles, the table and the panel.
            QTRY_COMPARE(laneTint().lightnessF() < 0.5, dark);
            for (QLabel *label : lane->findChildren<QLabel *>()) {
                if (label->text().isEmpty())
                    continue;
                // Titles stand out; the card count is quieter but still readable.
                const QColor text = label->palette().color(label->foregroundRole());
                const qreal needed = label->font().bold() ? 0.4 : 0.2;
                QVERIFY2(qAbs(text.lightnessF() - laneTint().lightnessF()) > needed, qPrintable(label->text()));
            }
            QCOMPARE(ana.table()->palette().base().color().lightnessF() < 0.5, dark);
            QCOMPARE(ana.board()->itemPanel()->palette().window().color().lightnessF() < 0.5, dark);
            clickButton(ana.board(), QStringLiteral("viewCalendar"));
            clickButton(ana.board(), QStringLiteral("viewKanban"));
        }
    }

    // Presence follows what I do: editing a cell says so, leaving the editor and closing
    // the item panel say so too (others never see a stale "viewing").
    void presenceFollowsEditingAndClosing()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        const QString anaId = ana.sync()->user().id;
        const QString id = itemTitled(ana.store(), QStringLiteral("Server backup docs"));
        const auto anaOn = [&ben, &anaId]() -> Core::Presence {
            for (const Core::Presence &p : ben.store()->presence())
                if (p.userId == anaId)
                    return p;
            return {};
        };
        QVERIFY(bringToFront(&ana.window));
        doubleClick(ana.table()->viewport(), cellPoint(ana.table(), id, QStringLiteral("title")));
        QTRY_COMPARE_WITH_TIMEOUT(anaOn().itemId, id, 10000);
        QTRY_COMPARE(anaOn().state, Core::PresenceState::Editing);
        QCOMPARE(anaOn().field, QStringLiteral("title"));
        pressKey(Qt::Key_Escape); // leaves the cell without saving
        QTRY_COMPARE_WITH_TIMEOUT(anaOn().state, Core::PresenceState::Viewing, 10000);
        QTRY_VERIFY(anaOn().itemId.isEmpty());

        openFromTable(ana, id);
        QTRY_COMPARE_WITH_TIMEOUT(anaOn().itemId, id, 10000);
        QCOMPARE(anaOn().state, Core::PresenceState::Viewing);
        auto *close = named<QToolButton>(ana.board()->itemPanel(), QStringLiteral("closeItem"));
        QVERIFY(close);
        QTest::mouseClick(close, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(anaOn().itemId.isEmpty(), 10000); // back on the board, not on the item
        QCOMPARE(anaOn().state, Core::PresenceState::Viewing);
    }

    // J8: a new item lands selected, focused and visible, also in a collapsed lane.
    void j8NewItemLandsSelectedFocusedAndVisible()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        clickButton(ana.board(), QStringLiteral("viewKanban"));
        App::KanbanView *kanban = ana.board()->kanbanView();
        App::KanbanLane *noStatus = kanban->lane(QString());
        QVERIFY(noStatus && noStatus->isCollapsed());
        clickButton(ana.board(), QStringLiteral("newItem"));
        QTRY_VERIFY(!noStatus->isCollapsed());
        const QString id = ana.board()->itemPanel()->itemId();
        QVERIFY(!id.isEmpty());
        QCOMPARE(noStatus->listView()->currentIndex().data(Core::ItemTableModel::ItemIdRole).toString(), id);
        const QRect card = noStatus->listView()->visualRect(noStatus->listView()->currentIndex());
        QVERIFY(noStatus->listView()->viewport()->visibleRegion().contains(card.center()));
        auto *title = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(title);
        QCOMPARE(title->selectedText(), QStringLiteral("New item"));
        typeText(QStringLiteral("Book the venue"));
        pressKey(Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(serverFields(id).value(QStringLiteral("title")).toString(), QStringLiteral("Book the venue"), 10000);

        // In the table: the new row is selected and its title takes the typing.
        clickButton(ana.board(), QStringLiteral("viewTable"));
        clickButton(ana.board(), QStringLiteral("newItem"));
        QTRY_VERIFY(!ana.table()->editingItemId().isEmpty());
        const QString row = ana.table()->editingItemId();
        QCOMPARE(ana.table()->currentItemId(), row);
        typeText(QStringLiteral("Print the flyers"));
        pressKey(Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(serverFields(row).value(QStringLiteral("title")).toString(), QStringLiteral("Print the flyers"), 10000);
        QVERIFY(ana.table()->viewport()->rect().contains(cellPoint(ana.table(), row, QStringLiteral("title"))));
    }
};

QTEST_MAIN(TstJourneys)
#include "tst_journeys.moc"
