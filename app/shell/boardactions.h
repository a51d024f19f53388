#pragma once

#include "boardsidebar.h"

#include "core/protocol/command.h"
#include "core/protocol/domain.h"

#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>

class QAction;
class QMenu;

namespace Tessera::Core {
class SyncClient;
}

namespace Tessera::App {

class ViewExporter;

class AppController;
class ColumnsDialog;
class ImportDialog;
class MainWindow;
class MembersDialog;
class NewBoardDialog;
class NoticeBar;
class OpSender;

// What a person does to boards as a whole, from the sidebar ("+ New board", a board's
// right-click menu, Restore under "Recently deleted") and from the window's Board menu:
// create, rename, describe, archive and restore, delete (after asking, with an Undo notice
// for a few seconds), members and columns. Owner-only actions are shown disabled with the
// reason to everyone else. Changes go through the outbox (so they wait there while
// offline) and show in the sidebar at once; a refusal is shown as a notice. It also notices
// when the open board goes away under the person — removed from it, or it was deleted —
// and closes it with a message saying which.
class BoardActions final : public QObject
{
    Q_OBJECT

public:
    BoardActions(AppController *app, MainWindow *window, BoardSidebar *sidebar);

    QMenu *menu() const { return m_menu; } // the menu bar's Board menu (acts on the open board)
    NoticeBar *notice() const { return m_notice; }
    QAction *newBoardAction() const { return m_newBoard; }
    NewBoardDialog *newBoardDialog() const; // while one is open
    MembersDialog *membersDialog() const;
    ColumnsDialog *columnsDialog() const;
    ImportDialog *importDialog() const;

    void newBoard();
    void importCsv(); // Board > Import CSV… on the open board
    void rename(const QString &boardId);
    void describe(const QString &boardId);
    void setArchived(const QString &boardId, bool archived);
    void askToDelete(const QString &boardId);
    void restore(const QString &boardId);
    void showMembers(const QString &boardId);
    void showColumns(const QString &boardId);
    void showMenu(const QString &boardId, const QPoint &globalPos);

private:
    void attach(Core::SyncClient *sync);
    void detach();
    void fillMenu(QMenu *menu, const QString &boardId);
    void remove(const QString &boardId);
    void send(const QString &boardId, const Core::Op &op, const BoardSidebar::LocalChange &change,
              std::function<void()> accepted = {});
    void checkOpenBoard();
    void closeOpenBoard(const QString &boardId, const QString &message);
    Core::Role roleOn(const QString &boardId) const;
    std::optional<Core::Board> boardOf(const QString &boardId) const; // as the person sees it
    QString nameOf(const QString &boardId) const;
    bool openForDialog(const QString &boardId);
    bool signedIn() const;

    AppController *m_app;
    MainWindow *m_window;
    BoardSidebar *m_sidebar;
    QMenu *m_menu;
    QAction *m_newBoard;
    NoticeBar *m_notice;
    ViewExporter *m_exporter;
    QPointer<Core::SyncClient> m_sync;
    OpSender *m_sender = nullptr;
    QPointer<NewBoardDialog> m_newBoardDialog;
    QPointer<MembersDialog> m_members;
    QPointer<ColumnsDialog> m_columns;
    QPointer<ImportDialog> m_import;
    QSet<QString> m_deletedHere; // closing these is what the person asked for
    QSet<QString> m_asking; // lost boards whose fate is being asked of the server
};

} // namespace Tessera::App
