// Items and views, as journeys through the real app against the real server, two people
// in two main windows (issue 12): bulk edit in the table and the kanban as one command
// (and one undo), table groups that collapse, filter conditions, saved views that are live
// and come back after a restart, descriptions, comment edits and deletes, reordering rows
// by dragging, searching all boards and the shortcut overlay. Everything the people do
// goes through real input only: mouse presses, moves, releases and clicks routed through
// the window system, and key presses to whatever has the keyboard.
#define QTEST_QPA_MOUSE_HANDLING
#include "support/appjourney.h"

#include "app/board/savedviewsbutton.h"
#include "app/item/descriptionedit.h"
#include "app/item/itempanel.h"
#include "app/kanban/kanbanlane.h"
#include "app/kanban/kanbanview.h"
#include "app/kanban/lanelistview.h"
#include "app/shell/boardactions.h"
#include "app/shell/searchdialog.h"
#include "app/shell/shortcutsdialog.h"
#include "app/table/celldelegate.h"
#include "core/models/groupingproxy.h"

#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QToolButton>

using namespace Tessera;
using namespace Tessera::Test;

class TstItemJourneys : public JourneySuite
{
    Q_OBJECT

private:
    QString serverStatus(const QString &itemId)
    {
        return serverFields(itemId).value(QStringLiteral("status")).toString();
    }
    QJsonObject serverSnapshot()
    {
        return httpCall(m_server, "GET", QStringLiteral("/api/v1/boards/%1/snapshot").arg(m_boardId),
                        httpToken(m_server, QStringLiteral("ana")))
                .json();
    }
    // The comments the server holds on `itemId`: id -> the comment.
    QHash<QString, QJsonObject> serverComments(const QString &itemId)
    {
        QHash<QString, QJsonObject> out;
        for (const QJsonValue &v : serverSnapshot().value(QStringLiteral("comments")).toArray())
            if (v[QStringLiteral("itemId")].toString() == itemId)
                out.insert(v[QStringLiteral("id")].toString(), v.toObject());
        return out;
    }

    // Clicks the title cell of each item, the first plainly and the rest with `modifier`.
    static void selectRows(Person &p, const QStringList &itemIds, Qt::KeyboardModifier modifier = Qt::ControlModifier)
    {
        for (int i = 0; i < itemIds.size(); ++i) {
            const QPoint at = cellPoint(p.table(), itemIds.at(i), QStringLiteral("title"));
            QVERIFY2(!at.isNull(), qPrintable(itemIds.at(i)));
            QTest::mouseClick(p.table()->viewport(), Qt::LeftButton, i == 0 ? Qt::NoModifier : Qt::KeyboardModifiers(modifier), at);
        }
    }

    // Where card `itemId` is shown in the kanban.
    static std::pair<App::LaneListView *, QPoint> cardAt(Person &p, const QString &itemId)
    {
        for (App::KanbanLane *lane : p.board()->kanbanView()->lanes()) {
            const int row = int(lane->laneModel()->itemIds().indexOf(itemId));
            if (row < 0)
                continue;
            p.board()->kanbanView()->revealLane(lane->optionId());
            App::LaneListView *list = lane->listView();
            list->scrollTo(list->model()->index(row, 0));
            return { list, list->visualRect(list->model()->index(row, 0)).center() };
        }
        return { nullptr, {} };
    }

    // The view row of group `key`'s header in the table ("" when not shown).
    static int headerRow(Person &p, const QString &key)
    {
        Core::GroupingProxy *groups = p.table()->groupingProxy();
        for (int row : groups->headerRows())
            if (groups->index(row, 0).data(Core::GroupingProxy::GroupKeyRole).toString() == key)
                return row;
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
    }

    void cleanup()
    {
        QSettings().clear(); // the last view used, per board
    }

    // Ana selects three rows, sets their status at once; Ben's window gets the change as
    // one batch; one Ctrl+Z undoes all three. Then two rows deleted with Delete, and back.
    void bulkEditInTheTableIsOneCommand()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        QList<QSet<QString>> benBatches; // item ids whose status changed, per batch
        QObject::connect(ben.store(), &Core::BoardStore::batchApplied, ben.store(), [&benBatches](const Core::BatchChanges &c) {
            QSet<QString> ids;
            for (auto it = c.updated.cbegin(); it != c.updated.cend(); ++it)
                if (it.value().contains(QStringLiteral("status")))
                    ids.insert(it.key());
            if (!ids.isEmpty())
                benBatches.append(ids);
        });
        QVERIFY(bringToFront(&ana.window));
        const QStringList ids { itemTitled(ana.store(), QStringLiteral("Write release notes")),
                                itemTitled(ana.store(), QStringLiteral("Translate the UI")),
                                itemTitled(ana.store(), QStringLiteral("Inbox badges")) };
        for (const QString &id : ids)
            QCOMPARE(serverStatus(id), QStringLiteral("todo"));

        selectRows(ana, ids);
        QTRY_COMPARE(ana.board()->selectedItemIds().size(), 3);
        QVERIFY(ana.board()->selectionBar()->isVisible());
        QVERIFY(ana.board()->findChild<QLabel *>(QStringLiteral("selectionCount"))->text().contains(QLatin1Char('3')));

        auto choice = chooseFromNextMenu(QStringList { QStringLiteral("Status"), QStringLiteral("Done") });
        QTest::mouseClick(ana.board()->selectionSetButton(), Qt::LeftButton);
        QTRY_VERIFY(choice->clicked);
        for (const QString &id : ids)
            QTRY_COMPARE_WITH_TIMEOUT(serverStatus(id), QStringLiteral("done"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(benBatches.cbegin(), benBatches.cend(),
                                             [&ids](const QSet<QString> &b) { return b == QSet<QString>(ids.cbegin(), ids.cend()); }),
                                 10000); // all three in one batch

        pressKey(Qt::Key_Z, Qt::ControlModifier); // one undo for the whole change
        for (const QString &id : ids)
            QTRY_COMPARE_WITH_TIMEOUT(serverStatus(id), QStringLiteral("todo"), 10000);

        // Shift+click selects a range; Delete deletes it as one command, Ctrl+Z brings it back.
        const QStringList two { itemTitled(ana.store(), QStringLiteral("Write release notes")),
                                itemTitled(ana.store(), QStringLiteral("Record the demo video")) };
        selectRows(ana, two, Qt::ShiftModifier);
        QTRY_COMPARE(ana.board()->selectedItemIds().size(), 2);
        pressKey(Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(serverItemOf(two.at(0)).isEmpty() && serverItemOf(two.at(1)).isEmpty(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!ben.store()->item(two.at(0)) && !ben.store()->item(two.at(1)), 10000);
        pressKey(Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!serverItemOf(two.at(0)).isEmpty() && !serverItemOf(two.at(1)).isEmpty(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(ben.store()->item(two.at(0)) && ben.store()->item(two.at(1)), 10000);

        // A viewer may look but not change: the Set button says why.
        Person cy;
        QVERIFY(signIn(cy, QStringLiteral("cy")));
        selectRows(cy, ids);
        QTRY_COMPARE(cy.board()->selectedItemIds().size(), 3);
        QVERIFY(!cy.board()->selectionSetButton()->isEnabled());
        QVERIFY(!cy.board()->selectionSetButton()->toolTip().isEmpty());
    }

    // Two cards selected with Ctrl+click and dragged together to another lane: one command.
    void kanbanMultiCardDrag()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        clickButton(ana.board(), QStringLiteral("viewKanban"));
        const QString a = itemTitled(ana.store(), QStringLiteral("Fix crash on wake"));
        const QString b = itemTitled(ana.store(), QStringLiteral("Server backup docs"));
        QCOMPARE(serverStatus(a), QStringLiteral("doing"));
        QCOMPARE(serverStatus(b), QStringLiteral("doing"));
        auto [listA, atA] = cardAt(ana, a);
        QVERIFY(listA);
        QTest::mouseClick(listA->viewport(), Qt::LeftButton, {}, atA);
        auto [listB, atB] = cardAt(ana, b);
        QTest::mouseClick(listB->viewport(), Qt::LeftButton, Qt::ControlModifier, atB);
        QTRY_COMPARE(ana.board()->kanbanView()->selectedItemIds().size(), 2);

        App::KanbanLane *done = ana.board()->kanbanView()->lane(QStringLiteral("done"));
        QVERIFY(dragCardOnto(*ana.board()->kanbanView(), a, done, 0));
        QTRY_COMPARE_WITH_TIMEOUT(serverStatus(a), QStringLiteral("done"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(serverStatus(b), QStringLiteral("done"), 10000);
        pressKey(Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(serverStatus(a), QStringLiteral("doing"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(serverStatus(b), QStringLiteral("doing"), 10000);
    }

    // Grouping the table by Status: a header per status with its count; a click folds it.
    void tableGroupsCollapse()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        clickButton(ana.board(), QStringLiteral("viewTable"));
        QComboBox *group = ana.board()->groupByCombo();
        QTest::mouseClick(group, Qt::LeftButton);
        QVERIFY(clickListEntry(group, QStringLiteral("status")));
        QTRY_VERIFY(headerRow(ana, QStringLiteral("done")) >= 0);
        const int row = headerRow(ana, QStringLiteral("done"));
        const QModelIndex header = ana.table()->model()->index(row, 0);
        const int count = header.data(Core::GroupingProxy::GroupCountRole).toInt();
        QVERIFY(count > 0);
        QVERIFY(header.data().toString().contains(QString::number(count)) || ana.table()->model()->index(row, 0).data(Qt::AccessibleTextRole).toString().contains(QString::number(count)));
        const QString doneItem = itemTitled(ana.store(), QStringLiteral("Calendar week view"));
        QVERIFY(ana.table()->viewIndex(doneItem, 0).isValid());

        QTest::mouseClick(ana.table()->viewport(), Qt::LeftButton, {}, ana.table()->visualRect(header).center());
        QTRY_VERIFY(!ana.table()->viewIndex(doneItem, 0).isValid()); // folded away
        QTest::mouseClick(ana.table()->viewport(), Qt::LeftButton, {},
                          ana.table()->visualRect(ana.table()->model()->index(headerRow(ana, QStringLiteral("done")), 0)).center());
        QTRY_VERIFY(ana.table()->viewIndex(doneItem, 0).isValid());
    }

    // Conditions from the funnel menu and typed ones are the same filter.
    void filterConditions()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        clickButton(ana.board(), QStringLiteral("viewTable"));
        auto choice = chooseFromNextMenu(QStringList { QStringLiteral("Status is"), QStringLiteral("Done") });
        QTest::mouseClick(ana.board()->filterMenuButton(), Qt::LeftButton);
        QTRY_VERIFY(choice->clicked);
        QTRY_COMPARE(ana.board()->filterEdit()->text(), QStringLiteral("status:done"));
        const QString done = itemTitled(ana.store(), QStringLiteral("Login throttling"));
        const QString todo = itemTitled(ana.store(), QStringLiteral("Translate the UI"));
        QTRY_VERIFY(ana.table()->viewIndex(done, 0).isValid());
        QVERIFY(!ana.table()->viewIndex(todo, 0).isValid());

        // Typed: add "-login" (not containing the word) to the conditions.
        QTest::mouseClick(ana.board()->filterEdit(), Qt::LeftButton);
        QTest::keyClick(ana.board()->filterEdit(), Qt::Key_End);
        typeText(QStringLiteral(" -login"));
        QTRY_VERIFY(!ana.table()->viewIndex(done, 0).isValid());
        QVERIFY(ana.table()->viewIndex(itemTitled(ana.store(), QStringLiteral("Presence avatars")), 0).isValid());
    }

    // A saved view made by Ana appears in Ben's menu at once and shows him the same
    // filter; Ana's last view comes back when she starts the app again.
    void savedViewsAreLiveAndRestored()
    {
        QTemporaryDir anaDir;
        Core::MemoryTokenStore anaTokens;
        auto ana = std::make_unique<Person>(&anaDir, &anaTokens);
        QVERIFY(signIn(*ana, QStringLiteral("ana")));
        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        QVERIFY(bringToFront(&ana->window));
        QTest::mouseClick(ana->board()->filterEdit(), Qt::LeftButton);
        typeText(QStringLiteral("status:doing"));
        QTRY_COMPARE(ana->board()->filterEdit()->text(), QStringLiteral("status:doing"));

        const auto named = answerNextInput(QStringLiteral("In progress"));
        auto choice = chooseFromNextMenu(QStringLiteral("Save current view as…"));
        QTest::mouseClick(ana->board()->savedViewsButton(), Qt::LeftButton);
        QTRY_VERIFY(choice->clicked);
        QTRY_VERIFY(*named);
        QTRY_COMPARE(ana->board()->savedViewsButton()->text(), QStringLiteral("In progress"));
        const auto viewNamed = [](Core::BoardStore *store, const QString &name) {
            for (const Core::SavedView &v : store->confirmed().views)
                if (v.name == name)
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(viewNamed(ben.store(), QStringLiteral("In progress")), 10000);

        QVERIFY(bringToFront(&ben.window));
        QCOMPARE(ben.board()->filterEdit()->text(), QString());
        choice = chooseFromNextMenu(QStringLiteral("In progress"));
        QTest::mouseClick(ben.board()->savedViewsButton(), Qt::LeftButton);
        QTRY_VERIFY(choice->clicked);
        QTRY_COMPARE(ben.board()->filterEdit()->text(), QStringLiteral("status:doing"));

        // Ana quits and starts again: her last view is shown.
        ana.reset();
        ana = std::make_unique<Person>(&anaDir, &anaTokens);
        ana->window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&ana->window));
        ana->app.resume(ana->app.lastServer());
        QTRY_VERIFY_WITH_TIMEOUT(ana->board() && ana->store()->confirmed().seq > 0, 10000);
        QTRY_COMPARE(ana->board()->filterEdit()->text(), QStringLiteral("status:doing"));
        QCOMPARE(ana->board()->savedViewsButton()->text(), QStringLiteral("In progress"));
    }

    // A description typed in the panel, and a comment written, edited and deleted; Ben
    // sees each change.
    void descriptionAndCommentEdits()
    {
        Person ana, ben;
        QVERIFY(signInAnaAndBen(ana, ben));
        const QString id = itemTitled(ana.store(), QStringLiteral("Translate the UI"));
        openFromTable(ana, id);
        auto *view = ana.board()->itemPanel()->findChild<QLabel *>(QStringLiteral("descriptionView"));
        QVERIFY(view && view->isVisible());
        QTest::mouseClick(view, Qt::LeftButton);
        auto *edit = ana.board()->itemPanel()->findChild<QPlainTextEdit *>(QStringLiteral("descriptionEdit"));
        QTRY_VERIFY(edit->isVisible() && edit->hasFocus());
        typeText(QStringLiteral("German and French first."));
        pressKey(Qt::Key_Return);
        typeText(QStringLiteral("Glossary: https://example.com/terms"));
        pressKey(Qt::Key_Return, Qt::ControlModifier);
        const QString expected = QStringLiteral("German and French first.\nGlossary: https://example.com/terms");
        QTRY_COMPARE_WITH_TIMEOUT(serverItemOf(id).value(QStringLiteral("fields")).toObject().value(QStringLiteral("description")).toString(),
                                  expected, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ben.store()->item(id)->fields.value(QStringLiteral("description")).toString(), expected, 10000);
        QTRY_VERIFY(view->isVisible());
        QVERIFY(view->text().contains(QStringLiteral("href=\"https://example.com/terms\""))); // the link is a link

        // A comment, then edited, then deleted.
        auto *comment = ana.board()->itemPanel()->findChild<QWidget *>(QStringLiteral("commentEdit"));
        QTest::mouseClick(comment, Qt::LeftButton);
        typeText(QStringLiteral("Start with the menus"));
        pressKey(Qt::Key_Return, Qt::ControlModifier);
        QString commentId;
        QTRY_VERIFY_WITH_TIMEOUT(!(commentId = serverComments(id).keys().value(0)).isEmpty(), 10000);
        QToolButton *editButton = nullptr;
        QTRY_VERIFY((editButton = ana.board()->itemPanel()->findChild<QToolButton *>(QStringLiteral("editComment")))
                    && editButton->isVisible());
        QTest::mouseClick(editButton, Qt::LeftButton);
        QWidget *draft = nullptr;
        QTRY_VERIFY((draft = ana.board()->itemPanel()->findChild<QWidget *>(QStringLiteral("commentEditDraft"))) && draft->hasFocus());
        pressKey(Qt::Key_A, Qt::ControlModifier);
        typeText(QStringLiteral("Start with the settings dialog"));
        clickButton(ana.board()->itemPanel(), QStringLiteral("saveCommentEdit"));
        QTRY_COMPARE_WITH_TIMEOUT(serverComments(id).value(commentId).value(QStringLiteral("body")).toString(),
                                  QStringLiteral("Start with the settings dialog"), 10000);
        QVERIFY(!serverComments(id).value(commentId).value(QStringLiteral("editedAt")).toString().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(ana.board()->itemPanel()->commentHtml().join(QString()).contains(QStringLiteral("edited")), 10000);

        QToolButton *deleteButton = nullptr;
        QTRY_VERIFY((deleteButton = ana.board()->itemPanel()->findChild<QToolButton *>(QStringLiteral("deleteComment")))
                    && deleteButton->isVisible());
        const auto confirmed = answerNextQuestion(QMessageBox::Yes);
        QTest::mouseClick(deleteButton, Qt::LeftButton);
        QTRY_VERIFY(*confirmed);
        QTRY_VERIFY_WITH_TIMEOUT(!serverComments(id).contains(commentId), 10000);
    }

    // A row dragged by its grip to the top of the table moves there for everyone.
    void rowDragReorders()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        clickButton(ana.board(), QStringLiteral("viewTable"));
        App::TableView *table = ana.table();
        const QString first = table->model()->index(0, 0).data(Core::ItemTableModel::ItemIdRole).toString();
        const QString moving = itemTitled(ana.store(), QStringLiteral("Server backup docs"));
        QVERIFY(!first.isEmpty() && first != moving);
        const QModelIndex from = table->viewIndex(moving, 0);
        QVERIFY(from.isValid());
        table->scrollTo(from);
        const QPoint grip = App::CellDelegate::gripRect(table->visualRect(from)).center();
        const QPoint top = table->visualRect(table->model()->index(0, 0)).topLeft() + QPoint(40, 3);
        QTest::mousePress(table->viewport(), Qt::LeftButton, {}, grip);
        QTest::mouseMove(table->viewport(), grip + QPoint(0, -10));
        QTest::mouseMove(table->viewport(), (grip + top) / 2);
        QTest::mouseMove(table->viewport(), top);
        QTest::mouseRelease(table->viewport(), Qt::LeftButton, {}, top);
        const auto rankOf = [this](const QString &itemId) { return serverItemOf(itemId).value(QStringLiteral("rank")).toString(); };
        QTRY_VERIFY_WITH_TIMEOUT(rankOf(moving) < rankOf(first), 10000);
        const auto firstRows = [table] {
            QStringList ids;
            for (int row = 0; row < std::min(3, table->model()->rowCount()); ++row)
                ids << table->model()->index(row, 0).data(Core::ItemTableModel::ItemIdRole).toString();
            return ids;
        };
        QTRY_COMPARE(firstRows().value(0), moving);
    }

    // Ctrl+K, a word, Enter: the item opens in its board.
    void searchOpensTheItem()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        pressKey(Qt::Key_K, Qt::ControlModifier);
        App::SearchDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = ana.window.findChild<App::SearchDialog *>(QStringLiteral("searchDialog"))) && dialog->isVisible());
        QSignalSpy shown(dialog, &App::SearchDialog::resultsShown);
        QTRY_VERIFY(dialog->isActiveWindow() && dialog->queryEdit()->hasFocus()); // what the window manager does
        typeText(QStringLiteral("backup"));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && shown.last().first().toInt() > 0, 10000);
        pressKey(Qt::Key_Return);
        const QString id = itemTitled(ana.store(), QStringLiteral("Server backup docs"));
        const QPointer<App::SearchDialog> search(dialog); // it deletes itself once closed
        QTRY_COMPARE(ana.board()->itemPanel()->itemId(), id);
        QVERIFY(!search || !search->isVisible());
    }

    // Board > Export: the filtered view as CSV (with a BOM by default, for spreadsheets) and
    // its dates as iCalendar, each saved where the person types in the file dialog.
    void exportViewAsCsvAndCalendar()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        clickButton(ana.board(), QStringLiteral("viewTable"));
        QTest::mouseClick(ana.board()->filterEdit(), Qt::LeftButton);
        typeText(QStringLiteral("status:done"));
        QTRY_VERIFY(ana.table()->model()->rowCount() > 0);
        const QStringList shown = ana.board()->shownItemIds();
        QVERIFY(!shown.isEmpty() && shown.size() < ana.store()->itemCount());

        QTemporaryDir out;
        const auto exportTo = [&ana](const QString &entry, const QString &path) {
            const auto typed = whenModalOpens([path](QWidget *dialog) {
                auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
                if (!name)
                    return;
                QTest::mouseClick(name, Qt::LeftButton);
                QTest::keyClick(name, Qt::Key_A, Qt::ControlModifier);
                QTest::keyClicks(name, path);
                QTest::keyClick(name, Qt::Key_Return);
            });
            const auto choice = chooseFromNextMenu(entry);
            QMenuBar *bar = ana.window.menuBar();
            QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(ana.window.boardActions()->menu()->menuAction()).center());
            return QTest::qWaitFor([&] { return choice->clicked && *typed && QFileInfo::exists(path); }, 10000);
        };
        const QString csvPath = QDir(out.path()).filePath(QStringLiteral("done.csv"));
        QVERIFY(exportTo(QStringLiteral("Export view as CSV…"), csvPath));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray bytes = csv.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBFTitle,Status,"));
        QCOMPARE(bytes.count("\r\n"), shown.size() + 1); // the header and one line per item shown
        QVERIFY(bytes.contains(",Done,"));
        QVERIFY(!bytes.contains(",To do,"));

        const QString icsPath = QDir(out.path()).filePath(QStringLiteral("done.ics"));
        QVERIFY(exportTo(QStringLiteral("Export dates as iCalendar…"), icsPath));
        QFile ics(icsPath);
        QVERIFY(ics.open(QIODevice::ReadOnly));
        const QByteArray calendar = ics.readAll();
        QVERIFY(calendar.startsWith("BEGIN:VCALENDAR\r\n"));
        int dated = 0;
        for (const QString &id : shown)
            dated += ana.store()->itemPtr(id)->fields.value(QStringLiteral("due")).toString().isEmpty() ? 0 : 1;
        QCOMPARE(int(calendar.count("BEGIN:VEVENT")), dated);
        QTRY_VERIFY(ana.window.connectionText().contains(QStringLiteral("Exported"))); // the status line
    }

    // "?" shows every shortcut; Escape closes it.
    void shortcutOverlay()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        clickButton(ana.board(), QStringLiteral("viewTable"));
        QTest::mouseClick(ana.table()->viewport(), Qt::LeftButton, {},
                          cellPoint(ana.table(), itemTitled(ana.store(), QStringLiteral("Inbox badges")), QStringLiteral("title")));
        QTest::keyClick(keyboardTarget(), '?', Qt::ShiftModifier);
        App::ShortcutsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = ana.window.findChild<App::ShortcutsDialog *>(QStringLiteral("shortcutsDialog"))) && dialog->isVisible());
        auto *list = dialog->findChild<QAbstractItemView *>(QStringLiteral("shortcutList"));
        QVERIFY(list);
        QStringList texts;
        for (int row = 0; row < list->model()->rowCount(); ++row)
            for (int column = 0; column < list->model()->columnCount(); ++column)
                texts << list->model()->index(row, column).data().toString();
        QVERIFY2(texts.join(QLatin1Char('|')).contains(QStringLiteral("Search all boards")), qPrintable(texts.join(QLatin1Char('|'))));
        QTRY_VERIFY(dialog->isActiveWindow()); // what the window manager does
        const QPointer<App::ShortcutsDialog> shortcuts(dialog);
        pressKey(Qt::Key_Escape);
        QTRY_VERIFY(!shortcuts || !shortcuts->isVisible());
    }
};

QTEST_MAIN(TstItemJourneys)
#include "tst_itemjourneys.moc"
