#pragma once

#include "core/client/apiclient.h"

#include <QHash>
#include <QSet>
#include <QWidget>

#include <optional>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace Tessera::App {

// The boards at the side of the main window: "+ New board", my boards (tooltip:
// description and role; a red dot and bold name on boards with unread notifications), a
// collapsible "Archived" section, and for owners a collapsible "Recently deleted" section
// with Restore on each board. Choosing a board emits boardChosen; setCurrentBoard() only
// marks it. A right-click (or the Menu key) on a board asks for its menu.
//
// It shows the server's list (setBoards) with my own changes that the server has not
// listed yet on top: a board I just created, or renamed, archived or deleted while the
// change waits in the outbox (setLocalChange). A local change goes once the server's list
// shows it, or when the engine settled it (markSettled) and the list was fetched again.
class BoardSidebar final : public QWidget
{
    Q_OBJECT

public:
    struct LocalChange
    {
        std::optional<QString> name;
        std::optional<QString> description;
        std::optional<bool> archived;
        std::optional<bool> deleted;
    };

    explicit BoardSidebar(QWidget *parent = nullptr);

    void setBoards(const QList<Core::BoardSummary> &boards, const QString &currentId);
    void setCurrentBoard(const QString &boardId);
    void setUnreadBoards(const QSet<QString> &boardIds);
    bool hasUnreadDot(const QString &boardId) const;
    void clear(); // signed out: nothing to show, nothing pending

    // My boards (not archived, not deleted), in the order shown.
    int count() const;
    QString boardIdAt(int row) const;
    QStringList boardNames() const;
    QStringList archivedNames() const;
    QStringList deletedNames() const;

    void addCreatedBoard(const Core::BoardSummary &board);
    void setLocalChange(const QString &boardId, const LocalChange &change); // merged into what is there
    // One of my ops on it was acked: once none waits, the next list from the server is the truth.
    void markSettled(const QString &boardId);
    void dropLocalChange(const QString &boardId); // refused: the server's list is the truth
    std::optional<Core::BoardSummary> board(const QString &boardId) const; // as shown
    QList<Core::BoardSummary> shownBoards() const;

    QListWidget *list() const { return m_list; }
    QListWidget *archivedList() const { return m_archived; }
    QPushButton *newBoardButton() const { return m_newBoard; }
    QToolButton *archivedToggle() const { return m_archivedToggle; }
    QToolButton *deletedToggle() const { return m_deletedToggle; }
    QToolButton *restoreButton(const QString &boardId) const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void boardChosen(const QString &boardId);
    void newBoardRequested();
    void boardMenuRequested(const QString &boardId, const QPoint &globalPos);
    void restoreRequested(const QString &boardId);

private:
    struct Pending
    {
        LocalChange change;
        int waiting = 0; // my ops on it the server has not answered yet
    };

    void rebuild();
    void fill(QListWidget *list, const QList<Core::BoardSummary> &boards);
    void fillDeleted(const QList<Core::BoardSummary> &boards);
    void refreshSections();
    void applyUnread(QListWidget *list);
    QListWidget *makeList(const QString &objectName, const QString &accessibleName);
    static bool matches(const Core::BoardSummary &board, const LocalChange &change);

    QPushButton *m_newBoard;
    QListWidget *m_list;
    QToolButton *m_archivedToggle;
    QListWidget *m_archived;
    QToolButton *m_deletedToggle;
    QWidget *m_deleted;
    QVBoxLayout *m_deletedLayout;
    QHash<QString, QToolButton *> m_restoreButtons;
    QList<Core::BoardSummary> m_server; // as the server listed them
    QList<Core::BoardSummary> m_created; // created here, not listed by the server yet
    QHash<QString, Pending> m_pending;
    QSet<QString> m_unread;
    QString m_current;
};

} // namespace Tessera::App
