// Boards and people, as journeys through the real app against the real server: creating a
// board from the sidebar, renaming, describing, archiving, deleting and undoing it, members
// (invite by name, change a role, remove: the removed person's open board closes) and the
// Columns dialog — each seen live in a second person's window. Everything the people do
// goes through real input only (mouse presses and clicks routed through the window system,
// key presses to whatever has the keyboard); the test reads back what people see and what
// the server has.
#define QTEST_QPA_MOUSE_HANDLING
#include "support/appjourney.h"

#include "app/board/boardwidget.h"
#include "app/board/columnlist.h"
#include "app/board/columnsdialog.h"
#include "app/board/membersdialog.h"
#include "app/board/palette.h"
#include "app/board/statusoptionseditor.h"
#include "app/shell/appcontroller.h"
#include "app/shell/boardactions.h"
#include "app/shell/boardsidebar.h"
#include "app/shell/boardtextdialog.h"
#include "app/shell/certificatedialog.h" // mainwindow.h holds a QPointer to one
#include "app/shell/mainwindow.h"
#include "app/shell/newboarddialog.h"
#include "app/shell/noticebar.h"

#include <QAccessible>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMetaEnum>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QToolButton>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

QStringList columnNames(const Person &p)
{
    QStringList names;
    if (p.store())
        for (const Core::Column &c : p.store()->columns())
            names << c.name;
    return names;
}

// What a menu offered: each entry's text, whether it could be chosen, and why not.
struct MenuEntry
{
    QString text;
    bool enabled = false;
    QString toolTip;
};
struct MenuSeen
{
    QList<MenuEntry> entries;
    bool done = false;
    const MenuEntry *entry(const QString &text) const
    {
        for (const MenuEntry &e : entries)
            if (e.text == text)
                return &e;
        return nullptr;
    }
};

// Looks at the next menu that opens and closes it with Escape, as a person who only looks.
std::shared_ptr<MenuSeen> lookAtNextMenu()
{
    auto seen = std::make_shared<MenuSeen>();
    auto *timer = new QTimer;
    timer->setInterval(20);
    auto triesLeft = std::make_shared<int>(150);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, seen, triesLeft] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu) {
            if (--*triesLeft <= 0) {
                timer->stop();
                timer->deleteLater();
            }
            return;
        }
        timer->stop();
        timer->deleteLater();
        for (QAction *action : menu->actions()) {
            if (!action->isSeparator() && !action->text().isEmpty())
                seen->entries.append({ action->text(), action->isEnabled(), action->toolTip() });
        }
        seen->done = true;
        QTest::keyClick(menu, Qt::Key_Escape);
    });
    timer->start();
    return seen;
}

// Clicks the entry of an open combo list that reads `text` (a colour's name, a type).
bool clickEntryNamed(QComboBox *combo, const QString &text)
{
    const int row = combo->findText(text);
    return row >= 0 && clickListEntry(combo, combo->itemData(row).toString());
}

// The accessibility walk of tst_accessibility: every interactive control needs a name.
} // namespace

class TstBoardJourneys : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QHash<QString, QByteArray> m_tokens;
    QHash<QString, QString> m_userIds; // login -> id

    QByteArray token(const QString &login)
    {
        if (!m_tokens.contains(login))
            m_tokens.insert(login, httpToken(m_server, login));
        return m_tokens.value(login);
    }

    QString userId(const QString &login)
    {
        if (m_userIds.isEmpty()) {
            const QJsonObject users = httpCall(m_server, "GET", QStringLiteral("/api/v1/users"), token(QStringLiteral("ana"))).json();
            for (const QJsonValue &v : users.value(QStringLiteral("users")).toArray())
                m_userIds.insert(v[QStringLiteral("login")].toString(), v[QStringLiteral("id")].toString());
        }
        return m_userIds.value(login);
    }

    // Test set-up, not the feature: a board of Ana's made over HTTP, with members.
    QString boardByHttp(const QString &name, const QList<std::pair<QString, QString>> &members = {})
    {
        const HttpResult made = httpCall(m_server, "POST", QStringLiteral("/api/v1/boards"), token(QStringLiteral("ana")),
                                         { { QStringLiteral("name"), name } });
        const QString id = made.json().value(QStringLiteral("board")).toObject().value(QStringLiteral("id")).toString();
        for (const auto &[login, role] : members) {
            const QJsonObject command { { QStringLiteral("mutationId"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                                        { QStringLiteral("board"), id },
                                        { QStringLiteral("op"), QJsonObject { { QStringLiteral("kind"), QStringLiteral("member.add") },
                                                                              { QStringLiteral("userId"), userId(login) },
                                                                              { QStringLiteral("role"), role } } } };
            httpCall(m_server, "POST", QStringLiteral("/api/v1/mutations"), token(QStringLiteral("ana")), command);
        }
        return id;
    }

    // The board as the server lists it to `login` (empty: not listed).
    QJsonObject listed(const QString &login, const QString &boardId)
    {
        const QJsonObject list = httpCall(m_server, "GET", QStringLiteral("/api/v1/boards"), token(login)).json();
        for (const QJsonValue &v : list.value(QStringLiteral("boards")).toArray())
            if (v[QStringLiteral("id")].toString() == boardId)
                return v.toObject();
        return {};
    }

    QJsonObject snapshot(const QString &boardId)
    {
        return httpCall(m_server, "GET", QStringLiteral("/api/v1/boards/%1/snapshot").arg(boardId), token(QStringLiteral("ana"))).json();
    }

    QStringList serverColumnNames(const QString &boardId)
    {
        QStringList names;
        for (const QJsonValue &v : snapshot(boardId).value(QStringLiteral("columns")).toArray())
            names << v[QStringLiteral("name")].toString();
        return names;
    }

    bool signIn(Person &p, const QString &login, QUrl server = QUrl())
    {
        p.window.show();
        if (!QTest::qWaitForWindowExposed(&p.window))
            return false;
        p.app.connectTo(server.isEmpty() ? m_server.url() : server, login, DemoPassword);
        return QTest::qWaitFor([&p] { return p.sync() && p.sync()->state() == Core::SyncClient::State::Live && p.sidebar()->count() > 0; },
                               20000)
                && bringToFront(&p.window);
    }

    // Where a person sees a board in the sidebar (my boards, or the Archived list).
    static std::pair<QListWidget *, QPoint> boardRow(Person &p, const QString &boardId)
    {
        for (QListWidget *list : { p.sidebar()->list(), p.sidebar()->archivedList() }) {
            for (int i = 0; i < list->count(); ++i) {
                if (list->item(i)->data(Qt::UserRole).toString() == boardId && list->isVisible()) {
                    list->scrollToItem(list->item(i));
                    return { list, list->visualItemRect(list->item(i)).center() };
                }
            }
        }
        return { nullptr, {} };
    }

    static bool clickBoard(Person &p, const QString &boardId, Qt::MouseButton button = Qt::LeftButton)
    {
        const auto [list, at] = boardRow(p, boardId);
        if (!list)
            return false;
        QTest::mouseClick(list->viewport(), button, {}, at);
        return true;
    }

    // Right-click the board in the sidebar and pick `entry` from its menu.
    static bool chooseOnBoard(Person &p, const QString &boardId, const QString &entry)
    {
        const auto choice = chooseFromNextMenu(entry);
        if (!clickBoard(p, boardId, Qt::RightButton))
            return false;
        return QTest::qWaitFor([&choice] { return choice->clicked; }, 3000);
    }

    // The window's menu bar: Board, then `entry`.
    static bool chooseFromBoardMenu(Person &p, const QString &entry)
    {
        const auto choice = chooseFromNextMenu(entry);
        QMenuBar *bar = p.window.menuBar();
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(p.actions()->menu()->menuAction()).center());
        return QTest::qWaitFor([&choice] { return choice->clicked; }, 3000);
    }

    template<typename T>
    static T *waitForDialog(QWidget *window, const QString &objectName)
    {
        T *found = nullptr;
        (void)QTest::qWaitFor([&] {
            for (T *d : window->findChildren<T *>(objectName))
                if (d->isVisible())
                    found = d;
            return found != nullptr;
        }, 5000);
        return found;
    }

    static void typeInto(QWidget *field, const QString &text, bool replace = true)
    {
        QTest::mouseClick(field, Qt::LeftButton, {}, QPoint(8, field->height() / 2));
        if (replace)
            pressKey(Qt::Key_A, Qt::ControlModifier);
        typeText(text);
    }

    // Creates a board through the sidebar's New board dialog; returns its id.
    QString createFromSidebar(Person &p, const QString &name, const QString &starter, const QString &copyFrom = QString())
    {
        QTest::mouseClick(p.sidebar()->newBoardButton(), Qt::LeftButton);
        auto *dialog = waitForDialog<App::NewBoardDialog>(&p.window, QStringLiteral("newBoardDialog"));
        if (!dialog)
            return QString();
        typeInto(dialog->nameEdit(), name);
        typeInto(dialog->descriptionEdit(), QStringLiteral("Made for %1").arg(starter), false);
        if (starter == QLatin1String("blank"))
            QTest::mouseClick(dialog->blankButton(), Qt::LeftButton, {}, QPoint(6, dialog->blankButton()->height() / 2));
        if (starter == QLatin1String("copy")) {
            QTest::mouseClick(dialog->copyButton(), Qt::LeftButton, {}, QPoint(6, dialog->copyButton()->height() / 2));
            QTest::mouseClick(dialog->copyFromBox(), Qt::LeftButton);
            if (!clickListEntry(dialog->copyFromBox(), copyFrom))
                return QString();
        }
        QSignalSpy opened(&p.window, &App::MainWindow::boardOpened);
        QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
        if (!opened.wait(10000))
            return QString();
        return opened.first().first().toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
    }

    // Ana creates a board from the sidebar with each starter column set; it opens, selected.
    void createBoardWithEachStarter()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));

        const QString tasks = createFromSidebar(ana, QStringLiteral("Garden party"), QStringLiteral("tasks"));
        QVERIFY(!tasks.isEmpty());
        QTRY_VERIFY(ana.hasOpen(tasks));
        QCOMPARE(columnNames(ana), (QStringList { QStringLiteral("Title"), QStringLiteral("Status"), QStringLiteral("Assignee"), QStringLiteral("Due") }));
        QVERIFY(ana.sidebar()->boardNames().contains(QStringLiteral("Garden party")));
        QCOMPARE(ana.sidebar()->list()->currentItem()->text(), QStringLiteral("Garden party"));
        QCOMPARE(listed(QStringLiteral("ana"), tasks).value(QStringLiteral("description")).toString(), QStringLiteral("Made for tasks"));

        const QString blank = createFromSidebar(ana, QStringLiteral("Reading list"), QStringLiteral("blank"));
        QVERIFY(!blank.isEmpty());
        QTRY_VERIFY(ana.hasOpen(blank));
        QCOMPARE(columnNames(ana), QStringList { QStringLiteral("Title") });
        QCOMPARE(ana.sidebar()->list()->currentItem()->text(), QStringLiteral("Reading list"));

        // Cancel creates nothing.
        const int boards = ana.sidebar()->count();
        QTest::mouseClick(ana.sidebar()->newBoardButton(), Qt::LeftButton);
        auto *cancelled = waitForDialog<App::NewBoardDialog>(&ana.window, QStringLiteral("newBoardDialog"));
        QVERIFY(cancelled);
        typeInto(cancelled->nameEdit(), QStringLiteral("Never mind"));
        QTest::mouseClick(cancelled->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!ana.actions()->newBoardDialog());
        QCOMPARE(ana.sidebar()->count(), boards);

        // A copy of the demo board's columns, from the menu bar's Board menu this time.
        QString product;
        for (const Core::BoardSummary &b : ana.sync()->boards())
            if (b.board.name == QLatin1String("Product launch"))
                product = b.board.id;
        QVERIFY(!product.isEmpty());
        QVERIFY(chooseFromBoardMenu(ana, QStringLiteral("&New board…")));
        auto *dialog = waitForDialog<App::NewBoardDialog>(&ana.window, QStringLiteral("newBoardDialog"));
        QVERIFY(dialog);
        typeInto(dialog->nameEdit(), QStringLiteral("Launch copy"));
        QTest::mouseClick(dialog->copyButton(), Qt::LeftButton, {}, QPoint(6, dialog->copyButton()->height() / 2));
        QTest::mouseClick(dialog->copyFromBox(), Qt::LeftButton);
        QVERIFY(clickListEntry(dialog->copyFromBox(), product));
        QSignalSpy opened(&ana.window, &App::MainWindow::boardOpened);
        QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
        QVERIFY(opened.wait(10000));
        const QString copy = opened.first().first().toString();
        QTRY_VERIFY(ana.hasOpen(copy));
        QCOMPARE(serverColumnNames(copy), serverColumnNames(product));
        QCOMPARE(ana.store()->itemCount(), 0); // the columns, not the items
        QCOMPARE(ana.sidebar()->list()->currentItem()->text(), QStringLiteral("Launch copy"));
        QVERIFY(!listed(QStringLiteral("ana"), copy).isEmpty());
    }

    // Renaming and describing from the sidebar's menu: Ben, a member, sees it live.
    void renameAndDescribeAreLive()
    {
        const QString id = boardByHttp(QStringLiteral("Quarterly review"), { { QStringLiteral("ben"), QStringLiteral("editor") } });
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        QTRY_VERIFY(ben.sidebar()->boardNames().contains(QStringLiteral("Quarterly review")));

        QVERIFY(bringToFront(&ana.window));
        QTRY_VERIFY(boardRow(ana, id).first);
        QVERIFY(chooseOnBoard(ana, id, QStringLiteral("Rename…")));
        auto *rename = waitForDialog<App::BoardTextDialog>(&ana.window, QStringLiteral("renameBoardDialog"));
        QVERIFY(rename);
        QCOMPARE(rename->nameEdit()->text(), QStringLiteral("Quarterly review"));
        typeInto(rename->nameEdit(), QStringLiteral("Q3 review"));
        QTest::mouseClick(rename->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(ana.sidebar()->boardNames().contains(QStringLiteral("Q3 review"))); // at once
        QTRY_COMPARE_WITH_TIMEOUT(listed(QStringLiteral("ana"), id).value(QStringLiteral("name")).toString(), QStringLiteral("Q3 review"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(ben.sidebar()->boardNames().contains(QStringLiteral("Q3 review")), 10000);
        QVERIFY(!ben.sidebar()->boardNames().contains(QStringLiteral("Quarterly review")));

        QVERIFY(chooseOnBoard(ana, id, QStringLiteral("Description…")));
        auto *describe = waitForDialog<App::BoardTextDialog>(&ana.window, QStringLiteral("describeBoardDialog"));
        QVERIFY(describe);
        typeInto(describe->descriptionEdit(), QStringLiteral("Numbers for the board meeting"));
        QTest::mouseClick(describe->saveButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(listed(QStringLiteral("ben"), id).value(QStringLiteral("description")).toString(),
                                  QStringLiteral("Numbers for the board meeting"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(ben.sidebar()->board(id)->board.description == QLatin1String("Numbers for the board meeting"), 10000);
        const auto [benList, benAt] = boardRow(ben, id);
        QVERIFY(benList);
        QVERIFY(benList->itemAt(benAt)->toolTip().contains(QStringLiteral("Numbers for the board meeting")));
    }

    // Archive and restore: the board moves to the collapsible Archived section and back, for Ben too.
    void archiveAndRestore()
    {
        const QString id = boardByHttp(QStringLiteral("Old campaign"), { { QStringLiteral("ben"), QStringLiteral("viewer") } });
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        QTRY_VERIFY(ben.sidebar()->boardNames().contains(QStringLiteral("Old campaign")));
        QString product;
        for (const Core::BoardSummary &b : ben.sync()->boards())
            if (b.board.name == QLatin1String("Product launch"))
                product = b.board.id;
        QVERIFY(clickBoard(ben, product)); // Ben looks at another board meanwhile
        QTRY_VERIFY(ben.hasOpen(product));

        QVERIFY(bringToFront(&ana.window));
        QVERIFY(clickBoard(ana, id));
        QTRY_VERIFY(ana.hasOpen(id));
        QVERIFY(chooseFromBoardMenu(ana, QStringLiteral("Archive")));
        QTRY_VERIFY(!ana.sidebar()->boardNames().contains(QStringLiteral("Old campaign")));
        QCOMPARE(ana.sidebar()->archivedNames(), QStringList { QStringLiteral("Old campaign") });
        QVERIFY(ana.sidebar()->archivedToggle()->isVisible());
        QVERIFY(ana.sidebar()->archivedList()->isVisible()); // opened: the open board is there
        QCOMPARE(ana.window.currentBoardId(), id); // still open: archived boards stay usable
        QTRY_VERIFY_WITH_TIMEOUT(listed(QStringLiteral("ana"), id).value(QStringLiteral("archived")).toBool(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ben.sidebar()->archivedNames(), QStringList { QStringLiteral("Old campaign") }, 10000);
        QVERIFY(!ben.sidebar()->boardNames().contains(QStringLiteral("Old campaign")));
        QVERIFY(!ben.sidebar()->archivedList()->isVisible()); // collapsed for Ben
        QVERIFY(ben.sidebar()->archivedToggle()->text().contains(QStringLiteral("Archived (1)")));

        // Ben opens the section with a click and the board from it.
        QVERIFY(bringToFront(&ben.window));
        QTest::mouseClick(ben.sidebar()->archivedToggle(), Qt::LeftButton);
        QTRY_VERIFY(ben.sidebar()->archivedList()->isVisible());
        QVERIFY(clickBoard(ben, id));
        QTRY_VERIFY(ben.hasOpen(id));

        QVERIFY(bringToFront(&ana.window));
        QVERIFY(chooseOnBoard(ana, id, QStringLiteral("Restore from archive")));
        QTRY_VERIFY(ana.sidebar()->boardNames().contains(QStringLiteral("Old campaign")));
        QTRY_VERIFY_WITH_TIMEOUT(!listed(QStringLiteral("ana"), id).value(QStringLiteral("archived")).toBool(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(ben.sidebar()->boardNames().contains(QStringLiteral("Old campaign")), 10000);
        QVERIFY(ben.sidebar()->archivedNames().isEmpty());
        QVERIFY(!ben.sidebar()->archivedToggle()->isVisible());
    }

    // Delete asks first (naming the board), closes it, offers Undo for a while; the board
    // waits under Recently deleted for its owners. Ben's open board closes with a message.
    void deleteWithConfirmationAndUndo()
    {
        const QString id = boardByHttp(QStringLiteral("Scratch pad"), { { QStringLiteral("ben"), QStringLiteral("editor") } });
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        QTRY_VERIFY(boardRow(ben, id).first);
        QVERIFY(clickBoard(ben, id));
        QTRY_VERIFY(ben.hasOpen(id));

        QVERIFY(bringToFront(&ana.window));
        QVERIFY(clickBoard(ana, id));
        QTRY_VERIFY(ana.hasOpen(id));
        // Cancelling changes nothing.
        QVERIFY(chooseFromBoardMenu(ana, QStringLiteral("Delete…")));
        auto *ask = waitForDialog<QMessageBox>(&ana.window, QStringLiteral("confirmDeleteBoard"));
        QVERIFY(ask);
        QVERIFY(ask->text().contains(QStringLiteral("Scratch pad")));
        const QPointer<QMessageBox> asked(ask); // it deletes itself once closed
        QTest::mouseClick(ask->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!asked || !asked->isVisible());
        QCOMPARE(ana.window.currentBoardId(), id);

        QVERIFY(chooseOnBoard(ana, id, QStringLiteral("Delete…")));
        ask = waitForDialog<QMessageBox>(&ana.window, QStringLiteral("confirmDeleteBoard"));
        QVERIFY(ask);
        auto *yes = ask->findChild<QPushButton *>(QStringLiteral("confirmDelete"));
        QVERIFY(yes);
        QCOMPARE(yes->text(), QStringLiteral("Delete “Scratch pad”"));
        QTest::mouseClick(yes, Qt::LeftButton);
        QTRY_COMPARE(ana.window.currentBoardId(), QString()); // closed at once
        QVERIFY(!ana.sidebar()->boardNames().contains(QStringLiteral("Scratch pad")));
        App::NoticeBar *notice = ana.actions()->notice();
        QTRY_COMPARE(notice->text(), QStringLiteral("Board “Scratch pad” deleted"));
        QVERIFY(notice->actionButton()->isVisible());
        QCOMPARE(notice->actionButton()->text(), QStringLiteral("Undo"));
        QTRY_VERIFY_WITH_TIMEOUT(!listed(QStringLiteral("ana"), id).value(QStringLiteral("deletedAt")).toString().isEmpty(), 10000);
        QVERIFY(listed(QStringLiteral("ben"), id).isEmpty());
        // Ben: the board goes from his list, and his open board closes, saying why.
        QTRY_VERIFY_WITH_TIMEOUT(!ben.sidebar()->boardNames().contains(QStringLiteral("Scratch pad")), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ben.window.currentBoardId(), QString(), 10000);
        QTRY_COMPARE(ben.actions()->notice()->text(), QStringLiteral("“Scratch pad” was deleted by its owner."));
        // Ana: under Recently deleted.
        QTRY_COMPARE(ana.sidebar()->deletedNames(), QStringList { QStringLiteral("Scratch pad") });

        // Undo: back for everyone.
        QTest::mouseClick(notice->actionButton(), Qt::LeftButton);
        QTRY_VERIFY(!notice->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(listed(QStringLiteral("ana"), id).value(QStringLiteral("deletedAt")).toString().isEmpty(), 10000);
        QTRY_VERIFY(ana.sidebar()->boardNames().contains(QStringLiteral("Scratch pad")));
        QTRY_VERIFY_WITH_TIMEOUT(ben.sidebar()->boardNames().contains(QStringLiteral("Scratch pad")), 10000);
        QTRY_VERIFY(ana.sidebar()->deletedNames().isEmpty());

        // Deleted again, and restored from Recently deleted this time.
        QVERIFY(bringToFront(&ana.window));
        QVERIFY(chooseOnBoard(ana, id, QStringLiteral("Delete…")));
        ask = waitForDialog<QMessageBox>(&ana.window, QStringLiteral("confirmDeleteBoard"));
        QVERIFY(ask);
        QTest::mouseClick(ask->findChild<QPushButton *>(QStringLiteral("confirmDelete")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!listed(QStringLiteral("ana"), id).value(QStringLiteral("deletedAt")).toString().isEmpty(), 10000);
        QTRY_VERIFY(ana.sidebar()->deletedToggle()->isVisible());
        QTest::mouseClick(ana.sidebar()->deletedToggle(), Qt::LeftButton);
        QTRY_VERIFY(ana.sidebar()->restoreButton(id) && ana.sidebar()->restoreButton(id)->isVisible());
        QTest::mouseClick(ana.sidebar()->restoreButton(id), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(listed(QStringLiteral("ana"), id).value(QStringLiteral("deletedAt")).toString().isEmpty(), 10000);
        QTRY_VERIFY(ana.sidebar()->boardNames().contains(QStringLiteral("Scratch pad")));
        QTRY_VERIFY_WITH_TIMEOUT(ben.sidebar()->boardNames().contains(QStringLiteral("Scratch pad")), 10000);
    }

    // Members: invite Ben by typing his name, change his role, remove him: his open board closes.
    void inviteChangeRoleAndRemove()
    {
        const QString id = boardByHttp(QStringLiteral("Hiring"));
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        QVERIFY(!ben.sidebar()->boardNames().contains(QStringLiteral("Hiring")));

        QVERIFY(bringToFront(&ana.window));
        QTRY_VERIFY(boardRow(ana, id).first);
        QVERIFY(chooseOnBoard(ana, id, QStringLiteral("Members…")));
        QTRY_VERIFY(ana.actions()->membersDialog() && ana.actions()->membersDialog()->isVisible());
        App::MembersDialog *members = ana.actions()->membersDialog();
        QTRY_VERIFY(ana.hasOpen(id)); // the board opened for it
        QTRY_VERIFY(members->directoryLoaded());
        QTRY_COMPARE(members->memberIds(), QStringList { userId(QStringLiteral("ana")) });
        QVERIFY(bringToFront(members));
        QTRY_VERIFY(members->inviteEdit()->isEnabled());
        QTest::mouseClick(members->inviteEdit(), Qt::LeftButton);
        // "Be", Enter (the list's only entry is not highlighted, so Enter just closes it), then
        // Invite: the one person the list showed is the one invited (found trying it under X).
        typeText(QStringLiteral("Be"));
        QTRY_VERIFY(members->inviteEdit()->completer()->popup()->isVisible());
        pressKey(Qt::Key_Return);
        QTRY_VERIFY(!members->inviteEdit()->completer()->popup()->isVisible());
        if (members->inviteEdit()->text() == QLatin1String("Be")) // Enter did not invite by itself
            QTest::mouseClick(members->inviteButton(), Qt::LeftButton);
        const QString benId = userId(QStringLiteral("ben"));
        QTRY_VERIFY_WITH_TIMEOUT(members->memberIds().contains(benId), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(listed(QStringLiteral("ben"), id).value(QStringLiteral("role")).toString(), QStringLiteral("editor"), 10000);
        // Ben's sidebar shows it, live.
        QTRY_VERIFY_WITH_TIMEOUT(ben.sidebar()->boardNames().contains(QStringLiteral("Hiring")), 10000);
        QVERIFY(bringToFront(&ben.window));
        QVERIFY(clickBoard(ben, id));
        QTRY_VERIFY(ben.hasOpen(id));

        // Ana makes him a viewer.
        QVERIFY(bringToFront(members));
        QComboBox *role = members->roleBox(benId);
        QVERIFY(role && role->isEnabled());
        QTest::mouseClick(role, Qt::LeftButton);
        QVERIFY(clickListEntry(role, QStringLiteral("viewer")));
        QTRY_COMPARE_WITH_TIMEOUT(listed(QStringLiteral("ben"), id).value(QStringLiteral("role")).toString(), QStringLiteral("viewer"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ben.store()->confirmed().roleOf(benId), Core::Role::Viewer, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ben.sidebar()->board(id)->role, Core::Role::Viewer, 10000);

        // The last owner stays one, and is told why.
        QComboBox *mine = members->roleBox(userId(QStringLiteral("ana")));
        QVERIFY(!mine->isEnabled());
        QVERIFY(mine->toolTip().contains(QStringLiteral("make someone else an owner first")));
        QVERIFY(!members->removeButton(userId(QStringLiteral("ana")))->isEnabled());
        // Members are not offered for inviting again.
        QTest::mouseClick(members->inviteEdit(), Qt::LeftButton);
        typeText(QStringLiteral("Brook"));
        QCOMPARE(members->inviteEdit()->completer()->completionCount(), 0);
        pressKey(Qt::Key_A, Qt::ControlModifier);
        pressKey(Qt::Key_Delete);

        // Removed: Ben's open board closes, and he is told.
        QTest::mouseClick(members->removeButton(benId), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(listed(QStringLiteral("ben"), id).isEmpty(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ben.window.currentBoardId(), QString(), 10000);
        QTRY_COMPARE(ben.actions()->notice()->text(), QStringLiteral("You were removed from “Hiring”."));
        QVERIFY(ben.window.connectionText().contains(QStringLiteral("You were removed from “Hiring”.")));
        QVERIFY(!ben.sidebar()->boardNames().contains(QStringLiteral("Hiring")));
        QTRY_VERIFY(!members->memberIds().contains(benId));
    }

    // The Columns dialog: add, rename, retype (and a refused retype), reorder by button and by
    // drag, status option colours by name, delete — Ben sees each change.
    void columnsDialogIsLive()
    {
        const QString id = boardByHttp(QStringLiteral("Sprint 12"), { { QStringLiteral("ben"), QStringLiteral("editor") } });
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        QTRY_VERIFY(boardRow(ben, id).first);
        QVERIFY(clickBoard(ben, id));
        QTRY_VERIFY(ben.hasOpen(id));
        const auto benColumns = [&ben] { return columnNames(ben); };
        const auto benColumn = [&ben](const QString &name) -> std::optional<Core::Column> {
            for (const Core::Column &c : ben.store()->columns())
                if (c.name == name)
                    return c;
            return std::nullopt;
        };

        QVERIFY(bringToFront(&ana.window));
        QVERIFY(clickBoard(ana, id));
        QTRY_VERIFY(ana.hasOpen(id));
        QVERIFY(chooseFromBoardMenu(ana, QStringLiteral("Columns…")));
        QTRY_VERIFY(ana.actions()->columnsDialog() && ana.actions()->columnsDialog()->isVisible());
        App::ColumnsDialog *dialog = ana.actions()->columnsDialog();
        QVERIFY(bringToFront(dialog));
        QCOMPARE(dialog->columnList()->count(), 4);

        // Add: a number column.
        typeInto(dialog->newNameEdit(), QStringLiteral("Estimate"));
        QTest::mouseClick(dialog->newTypeBox(), Qt::LeftButton);
        QVERIFY(clickListEntry(dialog->newTypeBox(), QStringLiteral("number")));
        QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(benColumn(QStringLiteral("Estimate")).has_value(), 10000);
        QCOMPARE(benColumn(QStringLiteral("Estimate"))->type, Core::ColumnType::Number);
        QTRY_COMPARE(dialog->columnList()->count(), 5);

        // Rename it (it is selected after adding).
        QTRY_COMPARE(dialog->nameEdit()->text(), QStringLiteral("Estimate"));
        QTRY_VERIFY(!dialog->nameEdit()->isReadOnly());
        typeInto(dialog->nameEdit(), QStringLiteral("Points"));
        pressKey(Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(benColumn(QStringLiteral("Points")).has_value(), 10000);
        QVERIFY(!benColumn(QStringLiteral("Estimate")));

        // Retype: number to text (safe).
        QTest::mouseClick(dialog->typeBox(), Qt::LeftButton);
        QVERIFY(clickListEntry(dialog->typeBox(), QStringLiteral("text")));
        QTRY_COMPARE_WITH_TIMEOUT(benColumn(QStringLiteral("Points"))->type, Core::ColumnType::Text, 10000);

        // Back to a number, with a value that is no number: refused, with the reason, rolled back.
        const QString points = benColumn(QStringLiteral("Points"))->id;
        const QJsonObject command { { QStringLiteral("mutationId"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                                    { QStringLiteral("board"), id },
                                    { QStringLiteral("op"), QJsonObject { { QStringLiteral("kind"), QStringLiteral("item.create") },
                                                                          { QStringLiteral("itemId"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                                                                          { QStringLiteral("rank"), QStringLiteral("n") },
                                                                          { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Spec") }, { points, QStringLiteral("a lot") } } } } } };
        QCOMPARE(httpCall(m_server, "POST", QStringLiteral("/api/v1/mutations"), token(QStringLiteral("ben")), command).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(ana.store()->itemCount(), 1, 10000);
        QTest::mouseClick(dialog->typeBox(), Qt::LeftButton);
        QVERIFY(clickListEntry(dialog->typeBox(), QStringLiteral("number")));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->message().contains(QStringLiteral("can't become a number column")), 10000);
        QTRY_COMPARE(dialog->typeBox()->currentData().toString(), QStringLiteral("text"));
        QCOMPARE(benColumn(QStringLiteral("Points"))->type, Core::ColumnType::Text);

        // Reorder: Move up (Points goes before Due).
        QCOMPARE(benColumns().last(), QStringLiteral("Points"));
        QTest::mouseClick(dialog->upButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(benColumns(), (QStringList { QStringLiteral("Title"), QStringLiteral("Status"), QStringLiteral("Assignee"), QStringLiteral("Points"), QStringLiteral("Due") }), 10000);
        // ...and by dragging: Due onto the top.
        App::ColumnList *list = dialog->columnList();
        QTRY_COMPARE(list->item(4)->data(Qt::UserRole).toString(), QStringLiteral("due"));
        const QPoint from = list->visualItemRect(list->item(4)).center();
        const QPoint to = list->visualItemRect(list->item(0)).topLeft() + QPoint(20, 2);
        QTest::mousePress(list->viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(list->viewport(), from - QPoint(0, 12));
        QTest::mouseMove(list->viewport(), (from + to) / 2);
        QTest::mouseMove(list->viewport(), to);
        QCOMPARE(list->dropRow(), 0);
        QTest::mouseRelease(list->viewport(), Qt::LeftButton, {}, to);
        QTRY_COMPARE_WITH_TIMEOUT(benColumns().first(), QStringLiteral("Due"), 10000);
        QCOMPARE(serverColumnNames(id).first(), QStringLiteral("Due"));

        // Status options: colours by name, never a hex code; rename, add, remove.
        QTRY_VERIFY(list->count() == 5);
        int statusRow = -1;
        for (int i = 0; i < list->count(); ++i)
            if (list->item(i)->data(Qt::UserRole).toString() == QLatin1String("status"))
                statusRow = i;
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(statusRow)).center());
        App::StatusOptionsEditor *options = dialog->optionsEditor();
        QTRY_VERIFY(options->isVisible());
        QCOMPARE(options->rowCount(), 3);
        QStringList shownColours;
        for (int i = 0; i < options->rowCount(); ++i)
            shownColours << options->colourBox(i)->currentText();
        QCOMPARE(shownColours, (QStringList { QStringLiteral("Grey"), QStringLiteral("Blue"), QStringLiteral("Green") }));
        for (int i = 0; i < options->colourBox(0)->count(); ++i)
            QVERIFY2(!options->colourBox(0)->itemText(i).contains(QLatin1Char('#')), qPrintable(options->colourBox(0)->itemText(i)));
        QTest::mouseClick(options->colourBox(0), Qt::LeftButton);
        QVERIFY(clickEntryNamed(options->colourBox(0), QStringLiteral("Purple")));
        QTRY_COMPARE_WITH_TIMEOUT(benColumn(QStringLiteral("Status"))->options.first().color, QStringLiteral("#8e24aa"), 10000);
        QCOMPARE(App::Palette::nameOf(benColumn(QStringLiteral("Status"))->options.first().color), QStringLiteral("Purple"));

        typeInto(options->labelEdit(0), QStringLiteral("Backlog"));
        pressKey(Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(benColumn(QStringLiteral("Status"))->options.first().label, QStringLiteral("Backlog"), 10000);

        QTest::mouseClick(options->addButton(), Qt::LeftButton);
        QTRY_COMPARE(options->rowCount(), 4);
        QTRY_VERIFY(options->labelEdit(3)->hasFocus());
        typeText(QStringLiteral("Blocked"));
        pressKey(Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(benColumn(QStringLiteral("Status"))->options.size(), 4, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(benColumn(QStringLiteral("Status"))->options.last().label, QStringLiteral("Blocked"), 10000);
        QTest::mouseClick(options->upButton(3), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(benColumn(QStringLiteral("Status"))->options.at(2).label, QStringLiteral("Blocked"), 10000);
        QTest::mouseClick(options->removeButton(2), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(benColumn(QStringLiteral("Status"))->options.size(), 3, 10000);

        // Delete a column, after saying yes.
        int pointsRow = -1;
        for (int i = 0; i < list->count(); ++i)
            if (list->item(i)->data(Qt::UserRole).toString() == points)
                pointsRow = i;
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(pointsRow)).center());
        QTRY_COMPARE(dialog->currentColumnId(), points);
        QTest::mouseClick(dialog->deleteButton(), Qt::LeftButton);
        auto *ask = waitForDialog<QMessageBox>(dialog, QStringLiteral("confirmDeleteColumn"));
        QVERIFY(ask);
        QVERIFY(ask->text().contains(QStringLiteral("Points")));
        QTest::mouseClick(ask->findChild<QPushButton *>(QStringLiteral("confirmDelete")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!benColumn(QStringLiteral("Points")), 10000);
        QTRY_COMPARE(dialog->columnList()->count(), 4);
        QVERIFY(!serverColumnNames(id).contains(QStringLiteral("Points")));
    }

    // Editors and viewers see the owner-only actions disabled, with the reason; members read-only.
    void othersSeeOwnerActionsDisabled()
    {
        const QString id = boardByHttp(QStringLiteral("Roles board"), { { QStringLiteral("ben"), QStringLiteral("editor") },
                                                                        { QStringLiteral("cy"), QStringLiteral("viewer") } });
        for (const QString &login : { QStringLiteral("ben"), QStringLiteral("cy") }) {
            Person p;
            QVERIFY(signIn(p, login));
            QTRY_VERIFY(boardRow(p, id).first);
            const auto seen = lookAtNextMenu();
            QVERIFY(clickBoard(p, id, Qt::RightButton));
            QTRY_VERIFY(seen->done);
            for (const QString &ownerOnly : { QStringLiteral("Rename…"), QStringLiteral("Description…"), QStringLiteral("Columns…"),
                                              QStringLiteral("Archive"), QStringLiteral("Delete…") }) {
                const MenuEntry *e = seen->entry(ownerOnly);
                QVERIFY2(e, qPrintable(ownerOnly));
                QVERIFY2(!e->enabled, qPrintable(ownerOnly));
                QVERIFY2(e->toolTip.startsWith(QStringLiteral("Only the board's owners")), qPrintable(e->toolTip));
            }
            QVERIFY(seen->entry(QStringLiteral("Members…"))->enabled);

            // The Board menu says the same about the open board.
            QVERIFY(clickBoard(p, id));
            QTRY_VERIFY(p.hasOpen(id));
            const auto fromBar = lookAtNextMenu();
            QMenuBar *bar = p.window.menuBar();
            QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(p.actions()->menu()->menuAction()).center());
            QTRY_VERIFY(fromBar->done);
            QVERIFY(!fromBar->entry(QStringLiteral("Delete…"))->enabled);
            QVERIFY(fromBar->entry(QStringLiteral("&New board…"))->enabled); // anyone may create boards
            QTRY_VERIFY(!QApplication::activePopupWidget());

            // Members: read-only.
            QVERIFY(chooseOnBoard(p, id, QStringLiteral("Members…")));
            QTRY_VERIFY(p.actions()->membersDialog() && p.actions()->membersDialog()->isVisible());
            App::MembersDialog *members = p.actions()->membersDialog();
            QTRY_COMPARE(members->memberIds().size(), 3);
            QVERIFY(!members->roleBox(userId(login))->isEnabled());
            QVERIFY(!members->removeButton(userId(QStringLiteral("ana")))->isVisible());
            QVERIFY(!members->inviteEdit()->isEnabled());
            QVERIFY(!members->inviteButton()->isEnabled());
            members->close();
        }
    }

    // Offline: creating says it needs the server; a rename waits in the outbox, shows at once,
    // and reaches the server when it is back. The Columns dialog shows a pending column.
    void offlineChangesWaitInTheOutbox()
    {
        ServerProcess server;
        QVERIFY(server.start({ QStringLiteral("--demo") }));
        const quint16 port = server.port();
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana"), server.url()));
        QTRY_VERIFY(ana.store() && ana.store()->confirmed().seq > 0);
        const QString id = ana.window.currentBoardId();
        server.stop();
        QTRY_VERIFY_WITH_TIMEOUT(ana.sync()->state() == Core::SyncClient::State::Offline, 10000);

        QTest::mouseClick(ana.sidebar()->newBoardButton(), Qt::LeftButton);
        auto *dialog = waitForDialog<App::NewBoardDialog>(&ana.window, QStringLiteral("newBoardDialog"));
        QVERIFY(dialog);
        typeInto(dialog->nameEdit(), QStringLiteral("Offline idea"));
        QVERIFY(!dialog->createButton()->isEnabled());
        QVERIFY(dialog->message().contains(QStringLiteral("offline")));
        QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel), Qt::LeftButton);

        QVERIFY(chooseOnBoard(ana, id, QStringLiteral("Rename…")));
        auto *rename = waitForDialog<App::BoardTextDialog>(&ana.window, QStringLiteral("renameBoardDialog"));
        QVERIFY(rename);
        typeInto(rename->nameEdit(), QStringLiteral("Launch (offline rename)"));
        QTest::mouseClick(rename->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(ana.sidebar()->boardNames().contains(QStringLiteral("Launch (offline rename)"))); // at once

        QVERIFY(chooseFromBoardMenu(ana, QStringLiteral("Columns…")));
        QTRY_VERIFY(ana.actions()->columnsDialog() && ana.actions()->columnsDialog()->isVisible());
        App::ColumnsDialog *columns = ana.actions()->columnsDialog();
        QVERIFY(bringToFront(columns));
        const int before = columns->columnList()->count();
        typeInto(columns->newNameEdit(), QStringLiteral("Budget"));
        pressKey(Qt::Key_Return);
        QTRY_COMPARE(columns->columnList()->count(), before + 1); // shown while it waits
        QVERIFY(columns->nameEdit()->isReadOnly()); // changed once the server has it

        QVERIFY(server.start({ QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) }));
        QTRY_VERIFY_WITH_TIMEOUT(ana.sync()->state() == Core::SyncClient::State::Live, 20000);
        const QByteArray t = httpToken(server, QStringLiteral("ana"));
        const auto serverName = [&] {
            for (const QJsonValue &v : httpCall(server, "GET", QStringLiteral("/api/v1/boards"), t).json().value(QStringLiteral("boards")).toArray())
                if (v[QStringLiteral("id")].toString() == id)
                    return v[QStringLiteral("name")].toString();
            return QString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(serverName(), QStringLiteral("Launch (offline rename)"), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(columnNames(ana).contains(QStringLiteral("Budget")), 15000);
        QTRY_VERIFY(!columns->nameEdit()->isReadOnly() || columns->currentColumnId().isEmpty());
        QVERIFY(ana.sidebar()->boardNames().contains(QStringLiteral("Launch (offline rename)")));
        columns->close();
    }

    // The new controls and dialogs have accessible names.
    void everyNewControlHasAName()
    {
        const QString id = boardByHttp(QStringLiteral("Named things"), { { QStringLiteral("ben"), QStringLiteral("editor") } });
        const QString archived = boardByHttp(QStringLiteral("Named archive"));
        const QString deleted = boardByHttp(QStringLiteral("Named bin"));
        const auto op = [this](const QString &board, const QString &kind, const QJsonObject &args = {}) {
            QJsonObject o = args;
            o.insert(QStringLiteral("kind"), kind);
            httpCall(m_server, "POST", QStringLiteral("/api/v1/mutations"), token(QStringLiteral("ana")),
                     { { QStringLiteral("mutationId"), QUuid::createUuid().toString(QUuid::WithoutBraces) }, { QStringLiteral("board"), board }, { QStringLiteral("op"), o } });
        };
        op(archived, QStringLiteral("board.update"), { { QStringLiteral("archived"), true } });
        op(deleted, QStringLiteral("board.delete"));
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        QTRY_VERIFY(ana.sidebar()->archivedToggle()->isVisible() && ana.sidebar()->deletedToggle()->isVisible());
        QTest::mouseClick(ana.sidebar()->archivedToggle(), Qt::LeftButton);
        QTest::mouseClick(ana.sidebar()->deletedToggle(), Qt::LeftButton);
        QTRY_VERIFY(ana.sidebar()->restoreButton(deleted) && ana.sidebar()->restoreButton(deleted)->isVisible());
        QStringList problems;
        const auto check = [&problems](const QString &where, QWidget *w) {
            for (const QString &u : walkWindow(w).unnamed)
                problems << where + QStringLiteral(": ") + u;
        };
        check(QStringLiteral("main window"), &ana.window);

        QTest::mouseClick(ana.sidebar()->newBoardButton(), Qt::LeftButton);
        auto *create = waitForDialog<App::NewBoardDialog>(&ana.window, QStringLiteral("newBoardDialog"));
        QVERIFY(create);
        check(QStringLiteral("new board"), create);
        create->close();

        QVERIFY(chooseOnBoard(ana, id, QStringLiteral("Members…")));
        QTRY_VERIFY(ana.actions()->membersDialog() && ana.actions()->membersDialog()->isVisible());
        QTRY_COMPARE(ana.actions()->membersDialog()->memberIds().size(), 2);
        check(QStringLiteral("members"), ana.actions()->membersDialog());
        ana.actions()->membersDialog()->close();

        QVERIFY(chooseOnBoard(ana, id, QStringLiteral("Columns…")));
        QTRY_VERIFY(ana.actions()->columnsDialog() && ana.actions()->columnsDialog()->isVisible());
        App::ColumnsDialog *columns = ana.actions()->columnsDialog();
        columns->selectColumn(QStringLiteral("status"));
        QTRY_VERIFY(columns->optionsEditor()->isVisible());
        check(QStringLiteral("columns"), columns);
        columns->close();

        QVERIFY(chooseOnBoard(ana, id, QStringLiteral("Rename…")));
        auto *rename = waitForDialog<App::BoardTextDialog>(&ana.window, QStringLiteral("renameBoardDialog"));
        QVERIFY(rename);
        check(QStringLiteral("rename"), rename);
        rename->close();

        QVERIFY(chooseOnBoard(ana, archived, QStringLiteral("Delete…")));
        auto *ask = waitForDialog<QMessageBox>(&ana.window, QStringLiteral("confirmDeleteBoard"));
        QVERIFY(ask);
        QTest::mouseClick(ask->findChild<QPushButton *>(QStringLiteral("confirmDelete")), Qt::LeftButton);
        QTRY_VERIFY(ana.actions()->notice()->isVisible());
        check(QStringLiteral("notice"), &ana.window);

        problems.removeDuplicates();
        for (const QString &p : std::as_const(problems))
            qWarning("unnamed: %s", qPrintable(p));
        QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 unnamed controls, listed above").arg(problems.size())));
    }
};

QTEST_MAIN(TstBoardJourneys)
#include "tst_boardjourneys.moc"
