#include "boardactions.h"

#include "appcontroller.h"
#include "boardtextdialog.h"
#include "certificatedialog.h" // mainwindow.h holds a QPointer to one
#include "mainwindow.h"
#include "newboarddialog.h"
#include "noticebar.h"

#include "app/board/boardops.h"
#include "app/board/boardwidget.h"
#include "app/board/columnsdialog.h"
#include "app/board/importdialog.h"
#include "app/board/membersdialog.h"
#include "app/board/opsender.h"
#include "app/board/viewexporter.h"
#include "core/client/apiclient.h"
#include "core/client/syncclient.h"
#include "core/models/boardstore.h"
#include "core/protocol/routes.h"

#include <QAction>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {

bool isOnline(const SyncClient *sync)
{
    const auto state = sync ? sync->state() : ConnectionState::SignedOut;
    return state == ConnectionState::Live || state == ConnectionState::CatchingUp || state == ConnectionState::Polling;
}

} // namespace

BoardActions::BoardActions(AppController *app, MainWindow *window, BoardSidebar *sidebar)
    : QObject(window)
    , m_app(app)
    , m_window(window)
    , m_sidebar(sidebar)
    , m_menu(new QMenu(tr("&Board"), window))
    , m_newBoard(new QAction(tr("&New board…"), window))
    , m_notice(new NoticeBar(window))
    , m_exporter(new ViewExporter(window))
{
    m_menu->setObjectName(QStringLiteral("boardMenu"));
    m_menu->setToolTipsVisible(true);
    m_newBoard->setObjectName(QStringLiteral("newBoardAction"));
    m_newBoard->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_newBoard->setShortcutContext(Qt::WindowShortcut);
    window->addAction(m_newBoard); // the shortcut works with the menu closed
    connect(m_newBoard, &QAction::triggered, this, &BoardActions::newBoard);
    connect(m_menu, &QMenu::aboutToShow, this, [this] {
        m_menu->clear();
        m_menu->addAction(m_newBoard);
        m_newBoard->setEnabled(signedIn());
        const QString current = m_window->currentBoardId();
        if (current.isEmpty())
            return;
        m_menu->addSection(nameOf(current));
        fillMenu(m_menu, current);
        // Export: what the open board's view shows (anyone may take out what they can read).
        const auto shown = boardOf(current);
        if (m_window->boardWidget() && shown && shown->deletedAt.isEmpty()) {
            m_menu->addSeparator();
            QAction *csv = m_menu->addAction(tr("Export view as CSV…"), this, [this] { m_exporter->exportCsv(m_window->boardWidget()); });
            csv->setObjectName(QStringLiteral("exportCsv"));
            QAction *ics = m_menu->addAction(tr("Export dates as iCalendar…"), this,
                                             [this] { m_exporter->exportCalendar(m_window->boardWidget()); });
            ics->setObjectName(QStringLiteral("exportCalendar"));
            const Role role = roleOn(current);
            if (role == Role::Owner || role == Role::Editor) { // import: who may add items
                QAction *import = m_menu->addAction(tr("Import CSV…"), this, [this] { importCsv(); });
                import->setObjectName(QStringLiteral("importCsv"));
            }
        }
    });
    connect(m_exporter, &ViewExporter::messageShown, window, &MainWindow::showStatusMessage);
    connect(sidebar, &BoardSidebar::newBoardRequested, this, &BoardActions::newBoard);
    connect(sidebar, &BoardSidebar::boardMenuRequested, this, &BoardActions::showMenu);
    connect(sidebar, &BoardSidebar::restoreRequested, this, &BoardActions::restore);
    connect(app, &AppController::syncClientAboutToChange, this, &BoardActions::detach);
    connect(app, &AppController::syncClientChanged, this, &BoardActions::attach);
    connect(app, &AppController::sessionEnded, this, [this] { m_notice->dismiss(); });
    if (app->sync())
        attach(app->sync());
}

ImportDialog *BoardActions::importDialog() const
{
    return m_import;
}

void BoardActions::importCsv()
{
    BoardWidget *board = m_window->boardWidget();
    if (!board)
        return;
    if (m_import)
        m_import->close();
    m_import = new ImportDialog(m_app->api(), board->store(), m_window->currentBoardId(), m_window);
    m_import->followJobsWith(m_app->sync()); // progress live over the socket
    m_import->setAttribute(Qt::WA_DeleteOnClose);
    m_import->open();
}

NewBoardDialog *BoardActions::newBoardDialog() const
{
    return m_newBoardDialog;
}

MembersDialog *BoardActions::membersDialog() const
{
    return m_members;
}

ColumnsDialog *BoardActions::columnsDialog() const
{
    return m_columns;
}

void BoardActions::attach(SyncClient *sync)
{
    detach();
    m_sync = sync;
    m_sender = new OpSender(sync, this);
    // Queued: the window lists the boards first (it hears the same signal).
    connect(sync, &SyncClient::boardsChanged, this, &BoardActions::checkOpenBoard, Qt::QueuedConnection);
}

void BoardActions::detach()
{
    for (QDialog *d : std::initializer_list<QDialog *> { m_newBoardDialog, m_members, m_columns }) {
        if (d)
            d->close();
    }
    if (m_sync)
        m_sync->disconnect(this);
    delete m_sender;
    m_sender = nullptr;
    m_sync = nullptr;
    m_deletedHere.clear();
    m_asking.clear();
}

bool BoardActions::signedIn() const
{
    return m_sync && !m_sync->user().id.isEmpty();
}

std::optional<Board> BoardActions::boardOf(const QString &boardId) const
{
    if (const auto shown = m_sidebar->board(boardId))
        return shown->board;
    BoardWidget *open = m_window->currentBoardId() == boardId ? m_window->boardWidget() : nullptr;
    if (open && open->store()->confirmed().board.id == boardId) // loaded
        return BoardOps::effective(*open->store()).board;
    return std::nullopt;
}

QString BoardActions::nameOf(const QString &boardId) const
{
    const auto board = boardOf(boardId);
    return board ? board->name : QString();
}

Role BoardActions::roleOn(const QString &boardId) const
{
    // The open board knows at once (its events); the list follows a moment later.
    BoardWidget *open = m_window->currentBoardId() == boardId ? m_window->boardWidget() : nullptr;
    if (open && m_sync && open->store()->confirmed().board.id == boardId) {
        const Role role = BoardOps::effective(*open->store()).roleOf(m_sync->user().id);
        if (role != Role::None)
            return role;
    }
    const auto shown = m_sidebar->board(boardId);
    return shown ? shown->role : Role::None;
}

void BoardActions::showMenu(const QString &boardId, const QPoint &globalPos)
{
    QMenu menu(m_window);
    menu.setObjectName(QStringLiteral("boardContextMenu"));
    menu.setToolTipsVisible(true);
    const auto board = boardOf(boardId);
    if (board && board->deletedAt.isEmpty() && boardId != m_window->currentBoardId()) {
        menu.addAction(tr("Open"), this, [this, boardId] { m_window->openBoard(boardId); });
        menu.addSeparator();
    }
    fillMenu(&menu, boardId);
    menu.exec(globalPos);
}

void BoardActions::fillMenu(QMenu *menu, const QString &boardId)
{
    const auto board = boardOf(boardId);
    if (!board)
        return;
    const bool owner = roleOn(boardId) == Role::Owner;
    const auto add = [this, menu, owner](const QString &text, const QString &objectName, const QString &whyNot,
                                         std::function<void()> run, bool ownerOnly = true) {
        QAction *action = menu->addAction(text);
        action->setObjectName(objectName);
        const bool allowed = owner || !ownerOnly;
        action->setEnabled(allowed);
        if (!allowed) {
            action->setToolTip(whyNot);
            action->setStatusTip(whyNot);
        }
        connect(action, &QAction::triggered, this, std::move(run));
        return action;
    };
    if (!board->deletedAt.isEmpty()) {
        add(tr("Restore"), QStringLiteral("restoreBoard"), tr("Only the board's owners can restore it"),
            [this, boardId] { restore(boardId); });
        return;
    }
    add(tr("Rename…"), QStringLiteral("renameBoard"), tr("Only the board's owners can rename it"),
        [this, boardId] { rename(boardId); });
    add(tr("Description…"), QStringLiteral("describeBoard"), tr("Only the board's owners can change its description"),
        [this, boardId] { describe(boardId); });
    QAction *members = add(tr("Members…"), QStringLiteral("boardMembers"), QString(),
                           [this, boardId] { showMembers(boardId); }, false);
    if (!owner)
        members->setToolTip(tr("See who has access (only owners can change it)"));
    add(tr("Columns…"), QStringLiteral("boardColumns"), tr("Only the board's owners can change its columns"),
        [this, boardId] { showColumns(boardId); });
    menu->addSeparator();
    if (board->archived) {
        add(tr("Restore from archive"), QStringLiteral("unarchiveBoard"), tr("Only the board's owners can restore it from the archive"),
            [this, boardId] { setArchived(boardId, false); });
    } else {
        add(tr("Archive"), QStringLiteral("archiveBoard"), tr("Only the board's owners can archive it"),
            [this, boardId] { setArchived(boardId, true); });
    }
    add(tr("Delete…"), QStringLiteral("deleteBoard"), tr("Only the board's owners can delete it"),
        [this, boardId] { askToDelete(boardId); });
}

void BoardActions::send(const QString &boardId, const Op &op, const BoardSidebar::LocalChange &change,
                        std::function<void()> accepted)
{
    if (!m_sender)
        return;
    const QString name = nameOf(boardId);
    QPointer<BoardSidebar> sidebar(m_sidebar);
    const QString id = m_sender->send(boardId, op, [this, sidebar, boardId, name, accepted](bool ok, const QString &message) {
        if (!sidebar)
            return;
        if (ok) {
            sidebar->markSettled(boardId);
            if (accepted)
                accepted();
            return;
        }
        sidebar->dropLocalChange(boardId);
        m_notice->showNotice(tr("“%1” was not changed: %2").arg(name, message), QString(), {}, 15000);
    });
    if (id.isEmpty()) {
        m_window->showStatusMessage(tr("Not signed in: nothing was changed."));
        return;
    }
    m_sidebar->setLocalChange(boardId, change);
}

// ---- the actions

void BoardActions::newBoard()
{
    if (!signedIn())
        return;
    if (m_newBoardDialog) {
        m_newBoardDialog->raise();
        m_newBoardDialog->activateWindow();
        return;
    }
    QList<BoardSummary> copyable;
    for (const BoardSummary &b : m_sidebar->shownBoards()) {
        if (b.board.deletedAt.isEmpty())
            copyable.append(b);
    }
    std::sort(copyable.begin(), copyable.end(), [](const BoardSummary &a, const BoardSummary &b) {
        return QString::localeAwareCompare(a.board.name, b.board.name) < 0;
    });
    m_newBoardDialog = new NewBoardDialog(m_app->api(), m_sync, copyable, m_window);
    m_newBoardDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_newBoardDialog, &NewBoardDialog::created, this, [this](const BoardSummary &board) {
        m_sidebar->addCreatedBoard(board);
        m_window->openBoard(board.board.id);
        m_window->showStatusMessage(tr("Board “%1” created").arg(board.board.name));
    });
    m_newBoardDialog->open();
}

void BoardActions::rename(const QString &boardId)
{
    const auto board = boardOf(boardId);
    if (!board || roleOn(boardId) != Role::Owner)
        return;
    auto *dialog = new BoardTextDialog(BoardTextDialog::Kind::Name, board->name, board->name, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString old = board->name;
    connect(dialog, &BoardTextDialog::textChosen, this, [this, boardId, old](const QString &name) {
        if (name.isEmpty() || name == old)
            return;
        BoardSidebar::LocalChange change;
        change.name = name;
        send(boardId, BoardOps::rename(name), change);
    });
    dialog->open();
}

void BoardActions::describe(const QString &boardId)
{
    const auto board = boardOf(boardId);
    if (!board || roleOn(boardId) != Role::Owner)
        return;
    auto *dialog = new BoardTextDialog(BoardTextDialog::Kind::Description, board->name, board->description, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString old = board->description;
    connect(dialog, &BoardTextDialog::textChosen, this, [this, boardId, old](const QString &description) {
        if (description == old)
            return;
        BoardSidebar::LocalChange change;
        change.description = description;
        send(boardId, BoardOps::describe(description), change);
    });
    dialog->open();
}

void BoardActions::setArchived(const QString &boardId, bool archived)
{
    if (roleOn(boardId) != Role::Owner)
        return;
    const QString name = nameOf(boardId);
    BoardSidebar::LocalChange change;
    change.archived = archived;
    send(boardId, BoardOps::archive(archived), change);
    if (archived) {
        m_notice->showNotice(tr("“%1” archived: it is listed under Archived.").arg(name), tr("Undo"),
                             [this, boardId] { setArchived(boardId, false); });
    } else {
        m_notice->showNotice(tr("“%1” is back among your boards.").arg(name));
    }
}

void BoardActions::askToDelete(const QString &boardId)
{
    if (roleOn(boardId) != Role::Owner)
        return;
    const QString name = nameOf(boardId);
    auto *ask = new QMessageBox(QMessageBox::Warning, tr("Delete board"), tr("Delete the board “%1”?").arg(name),
                                QMessageBox::Cancel, m_window);
    ask->setObjectName(QStringLiteral("confirmDeleteBoard"));
    ask->setInformativeText(tr("Everyone loses access to it at once. You can undo this for a few seconds, and its owners "
                               "can restore it from Recently deleted for 30 days."));
    QPushButton *yes = ask->addButton(tr("Delete “%1”").arg(name), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmDelete"));
    ask->setDefaultButton(QMessageBox::Cancel);
    ask->setAttribute(Qt::WA_DeleteOnClose);
    connect(ask, &QMessageBox::buttonClicked, this, [this, yes, boardId](QAbstractButton *clicked) {
        if (clicked == yes)
            remove(boardId);
    });
    ask->open();
}

void BoardActions::remove(const QString &boardId)
{
    const QString name = nameOf(boardId);
    BoardSidebar::LocalChange change;
    change.deleted = true;
    m_deletedHere.insert(boardId);
    send(boardId, BoardOps::remove(), change);
    if (m_window->currentBoardId() == boardId)
        m_window->closeBoard(boardId);
    m_window->showStatusMessage(tr("Board “%1” deleted").arg(name));
    m_notice->showNotice(tr("Board “%1” deleted").arg(name), tr("Undo"), [this, boardId] { restore(boardId); });
}

void BoardActions::restore(const QString &boardId)
{
    if (roleOn(boardId) != Role::Owner)
        return;
    const QString name = nameOf(boardId);
    BoardSidebar::LocalChange change;
    change.deleted = false;
    m_deletedHere.remove(boardId);
    send(boardId, BoardOps::restore(), change);
    m_window->showStatusMessage(tr("Board “%1” restored").arg(name));
    if (m_window->currentBoardId().isEmpty())
        m_window->openBoard(boardId);
}

bool BoardActions::openForDialog(const QString &boardId)
{
    if (m_window->currentBoardId() != boardId)
        m_window->openBoard(boardId);
    return m_sync && m_window->currentBoardId() == boardId && m_window->boardWidget();
}

void BoardActions::showMembers(const QString &boardId)
{
    if (m_members && m_members->boardId() == boardId) {
        m_members->raise();
        m_members->activateWindow();
        return;
    }
    if (m_members)
        m_members->close();
    if (!openForDialog(boardId))
        return;
    m_members = new MembersDialog(m_sync, m_app->api(), boardId, m_window->boardWidget()->store(), m_sync->user().id, m_window);
    m_members->setAttribute(Qt::WA_DeleteOnClose);
    m_members->show();
}

void BoardActions::showColumns(const QString &boardId)
{
    if (m_columns && m_columns->boardId() == boardId) {
        m_columns->raise();
        m_columns->activateWindow();
        return;
    }
    if (m_columns)
        m_columns->close();
    if (roleOn(boardId) != Role::Owner || !openForDialog(boardId))
        return;
    m_columns = new ColumnsDialog(m_sync, boardId, m_window->boardWidget()->store(), m_sync->user().id, m_window);
    m_columns->setAttribute(Qt::WA_DeleteOnClose);
    m_columns->show();
}

// ---- the open board going away

void BoardActions::checkOpenBoard()
{
    const QString boardId = m_window->currentBoardId();
    if (boardId.isEmpty() || !isOnline(m_sync) || m_asking.contains(boardId))
        return; // only a list from the server says a board is gone
    const auto shown = m_sidebar->board(boardId);
    if (shown && shown->board.deletedAt.isEmpty())
        return;
    BoardWidget *open = m_window->boardWidget();
    const QString name = open && !open->store()->confirmed().board.name.isEmpty() ? open->store()->confirmed().board.name
                                                                                   : nameOf(boardId);
    if (m_deletedHere.contains(boardId)) {
        m_window->closeBoard(boardId);
        return;
    }
    if (shown) { // deleted, and I am an owner: it waits under Recently deleted
        closeOpenBoard(boardId, tr("“%1” was deleted. Its owners can restore it from Recently deleted.").arg(name));
        return;
    }
    // Not listed any more: removed from it, or deleted. Asking the server confirms it is gone
    // (it answers both alike); a deletion has reached the board's own stream by then (the
    // server sends it right behind the list hint), a removal never does.
    m_asking.insert(boardId);
    m_app->api()->request(QByteArrayLiteral("GET"), Routes::digest(boardId), {}, this,
                          [this, boardId, name](const ApiReply &reply) {
                              m_asking.remove(boardId);
                              if (reply.ok() || reply.networkError() || m_window->currentBoardId() != boardId)
                                  return; // still mine after all (a list from before a change), or ask again later
                              BoardWidget *still = m_window->boardWidget();
                              const bool deleted = still && !still->store()->confirmed().board.deletedAt.isEmpty();
                              closeOpenBoard(boardId, deleted ? tr("“%1” was deleted by its owner.").arg(name)
                                                              : tr("You were removed from “%1”.").arg(name));
                          });
}

void BoardActions::closeOpenBoard(const QString &boardId, const QString &message)
{
    if (m_window->currentBoardId() != boardId)
        return;
    m_window->closeBoard(boardId);
    m_window->showStatusMessage(message);
    m_notice->showNotice(message, QString(), {}, 20000);
}

} // namespace Tessera::App
