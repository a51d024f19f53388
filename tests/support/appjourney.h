#pragma once
// What every journey test through the real app needs: a person running the app (their own
// settings, cache and session tokens), signing in through the Connect dialog by typing,
// and looking things up the way the people see them. Everything a person does in these
// helpers goes through real input (mouse clicks and key presses to the widgets).
#include "support/syncharness.h"
#include "support/uidriver.h"

#include "app/board/boardwidget.h"
#include "app/calendar/calendargrid.h"
#include "app/calendar/calendarview.h"
#include "app/item/itempanel.h"
#include "app/table/celldelegate.h"
#include "app/shell/appcontroller.h"
#include "app/shell/boardactions.h"
#include "app/shell/boardsidebar.h"
#include "app/shell/certificatedialog.h" // mainwindow.h holds a QPointer to one
#include "app/shell/connectdialog.h"
#include "app/shell/mainwindow.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QMetaEnum>
#include <QPushButton>
#include <QSettings>

namespace Tessera::Test {

// One person running the app: their settings, cache and session tokens in a folder that
// outlives the window when `sharedDir` is given (a restart).
struct Person
{
    explicit Person(QTemporaryDir *sharedDir = nullptr, Core::MemoryTokenStore *sharedTokens = nullptr)
        : dirPath(sharedDir ? sharedDir->path() : ownDir.path()), tokens(sharedTokens ? sharedTokens : &ownTokens),
          settings(QDir(dirPath).filePath(QStringLiteral("settings.ini")), QSettings::IniFormat),
          app({ dirPath, tokens, &settings }), window(&app)
    {
        QObject::connect(&app, &App::AppController::syncClientChanged, &app,
                         [](Core::SyncClient *sync) { sync->setBackoffLimits(50, 200, 400); });
        window.resize(1200, 760);
    }

    QTemporaryDir ownDir;
    QString dirPath;
    Core::MemoryTokenStore ownTokens;
    Core::MemoryTokenStore *tokens;
    QSettings settings;
    App::AppController app;
    App::MainWindow window;

    Core::SyncClient *sync() const { return app.sync(); }
    App::BoardWidget *board() const { return window.boardWidget(); }
    Core::BoardStore *store() const { return board() ? board()->store() : nullptr; }
    App::TableView *table() const { return board()->tableView(); }
    App::CalendarView *calendar() const { return board()->calendarView(); }
    App::CalendarGrid *grid() const { return calendar()->grid(); }
    App::BoardSidebar *sidebar() const { return window.boardSidebar(); }
    App::BoardActions *actions() const { return window.boardActions(); }
    bool hasOpen(const QString &boardId) const
    {
        return window.currentBoardId() == boardId && store() && store()->confirmed().board.id == boardId; // loaded
    }
    bool live() const
    {
        return store() && store()->confirmed().seq > 0 && sync()->state() == Core::SyncClient::State::Live;
    }
};

// What a window manager does when the person clicks a window: it becomes active.
inline bool bringToFront(QWidget *window)
{
    window->activateWindow();
    return QTest::qWaitForWindowActive(window);
}

// First start: the Connect dialog, filled in by typing, Sign in clicked; true once the
// first board is loaded and the engine is in state `until`.
inline bool signInByDialog(Person &p, const QString &server, const QString &login,
                           Core::SyncClient::State until = Core::SyncClient::State::Live)
{
    p.window.show();
    if (!QTest::qWaitForWindowExposed(&p.window) || !bringToFront(&p.window))
        return false;
    p.window.showConnectDialog(); // what main() does on a first start
    if (!QTest::qWaitFor([&p] { return p.window.connectDialog() && p.window.connectDialog()->isVisible(); }, 5000))
        return false;
    App::ConnectDialog *dialog = p.window.connectDialog();
    QLineEdit *serverEdit = dialog->serverBox()->lineEdit();
    QTest::mouseClick(serverEdit, Qt::LeftButton);
    serverEdit->selectAll();
    QTest::keyClicks(serverEdit, server);
    QTest::mouseClick(dialog->loginEdit(), Qt::LeftButton);
    dialog->loginEdit()->selectAll();
    QTest::keyClicks(dialog->loginEdit(), login);
    QTest::mouseClick(dialog->passwordEdit(), Qt::LeftButton);
    QTest::keyClicks(dialog->passwordEdit(), DemoPassword);
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    if (!QTest::qWaitFor([&p, until] { return p.store() && p.store()->confirmed().seq > 0 && p.sync()->state() == until; }, 20000))
        return false;
    return bringToFront(&p.window);
}

// Clicks the visible, enabled button `objectName` under `root`.
inline void clickButton(QWidget *root, const QString &objectName)
{
    auto *button = root->findChild<QAbstractButton *>(objectName);
    QVERIFY2(button, qPrintable(objectName));
    QVERIFY2(button->isVisible() && button->isEnabled(), qPrintable(objectName));
    QTest::mouseClick(button, Qt::LeftButton);
}

// The confirmed item whose title is `title` ("" when none).
inline QString itemTitled(Core::BoardStore *store, const QString &title)
{
    for (const Core::Item &item : store->confirmed().items) {
        if (item.fields.value(QStringLiteral("title")).toString() == title)
            return item.id;
    }
    return QString();
}

// The accessibility tree as screen readers and GUI automation see it.
inline bool isInteractiveRole(QAccessible::Role role)
{
    switch (role) {
    case QAccessible::PushButton:
    case QAccessible::CheckBox:
    case QAccessible::RadioButton:
    case QAccessible::ComboBox:
    case QAccessible::EditableText:
    case QAccessible::SpinBox:
    case QAccessible::Slider:
    case QAccessible::ButtonDropDown:
    case QAccessible::ButtonMenu:
    case QAccessible::PageTab:
    case QAccessible::Link:
    case QAccessible::List:
    case QAccessible::Table:
    case QAccessible::Tree:
    case QAccessible::ListItem:
    case QAccessible::Cell:
        return true;
    default:
        return false;
    }
}

struct AccessibleWalk
{
    QStringList unnamed; // "Role at path (class "objectName")": interactive and nameless
    QStringList names; // every name seen, to look for texts
    int visited = 0;
};

inline void walkAccessible(QAccessibleInterface *iface, const QString &path, AccessibleWalk &w, int depth = 0)
{
    if (!iface || !iface->isValid() || depth > 40 || w.visited > 20000)
        return;
    ++w.visited;
    if (iface->state().invisible || iface->state().offscreen)
        return;
    const QString name = iface->text(QAccessible::Name).trimmed();
    if (!name.isEmpty())
        w.names.append(name);
    if (isInteractiveRole(iface->role()) && name.isEmpty()) {
        QObject *object = iface->object();
        w.unnamed.append(QStringLiteral("%1 at %2 (%3 \"%4\")")
                                 .arg(QString::fromLatin1(QMetaEnum::fromType<QAccessible::Role>().valueToKey(iface->role())), path,
                                      object ? QString::fromLatin1(object->metaObject()->className()) : QStringLiteral("-"),
                                      object ? object->objectName() : QString()));
    }
    const int count = std::min(iface->childCount(), 400); // long lists: the first rows tell
    for (int i = 0; i < count; ++i)
        walkAccessible(iface->child(i), path + QLatin1Char('/') + QString::number(i), w, depth + 1);
}

inline AccessibleWalk walkWindow(QWidget *window)
{
    AccessibleWalk w;
    walkAccessible(QAccessible::queryAccessibleInterface(window), QStringLiteral("window"), w);
    return w;
}

// What every journey suite keeps: the real server, the board the first sign-in opened, and
// how to read an item back from the server (as Ana, who owns the demo board).
class JourneySuite : public QObject
{
protected:
    ServerProcess m_server;
    QString m_boardId;

    QJsonObject serverItemOf(const QString &itemId)
    {
        return serverItem(m_server, httpToken(m_server, QStringLiteral("ana")), m_boardId, itemId);
    }
    QJsonObject serverFields(const QString &itemId)
    {
        return serverItemOf(itemId).value(QStringLiteral("fields")).toObject();
    }

    // Opens an item the way a person does in the table: its row's open button.
    static void openFromTable(Person &p, const QString &itemId)
    {
        clickButton(p.board(), QStringLiteral("viewTable"));
        const QPoint title = cellPoint(p.table(), itemId, QStringLiteral("title"));
        QVERIFY(!title.isNull());
        QTest::mouseClick(p.table()->viewport(), Qt::LeftButton, {}, title); // select the row
        const QRect rect = p.table()->visualRect(p.table()->indexAt(title));
        QTest::mouseClick(p.table()->viewport(), Qt::LeftButton, {}, App::CellDelegate::openButtonRect(rect).center());
        QTRY_COMPARE(p.board()->itemPanel()->itemId(), itemId);
        QVERIFY(p.board()->itemPanel()->isVisible());
    }

    // Signs in through the Connect dialog (to this suite's server unless `server` is given).
    bool signIn(Person &p, const QString &login, const QString &server = QString(),
                Core::SyncClient::State until = Core::SyncClient::State::Live)
    {
        if (!signInByDialog(p, server.isEmpty() ? m_server.url().toString() : server, login, until))
            return false;
        m_boardId = p.window.currentBoardId();
        return true;
    }
    // The usual pair of a journey: Ana and Ben signed in, Ana's window in front.
    bool signInAnaAndBen(Person &ana, Person &ben)
    {
        return signIn(ana, QStringLiteral("ana")) && signIn(ben, QStringLiteral("ben")) && bringToFront(&ana.window);
    }
};

} // namespace Tessera::Test
