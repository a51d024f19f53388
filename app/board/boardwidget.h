#pragma once

#include "core/protocol/command.h"
#include "core/protocol/event.h"

#include <QSet>
#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QSplitter;
class QStackedWidget;
class QToolButton;
class QUndoStack;

namespace Tessera::Core {
class BoardStore;
class CalendarModel;
class ItemFilterProxy;
class ItemTableModel;
}

namespace Tessera::App {

class CalendarView;
class ConnectionIndicator;
class DashboardView;
class ItemPanel;
class KanbanView;
class PresenceAvatars;
class SavedViewsButton;
class SelectionBar;
class TableView;

// One open board: a toolbar (view switcher Table / Kanban / Calendar, filter, new item,
// undo/redo, presence avatars, connection indicator) over the three views, with the item
// panel at the side. It owns the board's models (over the store it is given) and relays
// every view's intent as signals; a thin controller connects them to the sync engine:
//   opRequested -> SyncClient::submit(boardId, op)   (the store then shows it as pending)
//   bulkRequested -> SyncClient::submitBulk(boardId, ops)   (one atomic command)
// Undo/redo send the inverse/forward ops of the person's own item edits (a bulk edit
// undoes whole). Several selected items (table rows, kanban cards) show a selection bar
// to set a field on all of them or delete them, as one command.
// The filter field takes words and conditions (ItemFilter: status:done, @me, is:overdue,
// no:date…), with the common ones one click away in its Filter menu; the Group control
// groups the table's rows and picks the kanban's lanes; saved views (the Views menu)
// store the view type, filter, sort, grouping and columns on the board for everyone.
// The Dashboard (app/dashboard) charts the board; clicking a bar shows the table filtered.
// Shortcuts: Ctrl+1/2/3/4 views, Ctrl+N new item, Ctrl+F filter, F2/Enter edit (table),
// Esc cancels (clears the filter, closes the panel), Ctrl+Z / Ctrl+Shift+Z undo/redo.
class BoardWidget final : public QWidget
{
    Q_OBJECT

public:
    enum class View { Table, Kanban, Calendar, Dashboard };

    // `store` must outlive the widget.
    explicit BoardWidget(Core::BoardStore *store, QWidget *parent = nullptr);
    ~BoardWidget() override;

    void setCurrentUser(const QString &userId);
    void setView(View view);
    View view() const;
    void openItem(const QString &itemId); // shows the item panel
    // Selects the item where the person is looking (the table's row, the kanban's card,
    // the calendar's chip or "No date" entry; a filter hiding it is cleared) and opens it.
    void showItem(const QString &itemId);
    void closeItem();
    void setItemHistory(const QString &itemId, const Core::EventList &events);
    // A new item at the end of the board, shown where the person is looking: selected in
    // the table with its title open for typing, or in its kanban lane and the item panel.
    void newItem();
    // Deletes the items as one undoable step.
    void deleteItems(const QStringList &itemIds);
    // The items selected in the current view (table rows, kanban cards), in view order.
    QStringList selectedItemIds() const;
    // Sets one field on every selected item as one undoable command.
    void setFieldOnSelection(const QString &columnId, const QJsonValue &value);
    // What a saved view stores, and applying it (type, filter, sort, grouping, columns).
    QJsonObject viewConfig() const;
    // What the view shows, for export: the items passing the filter in the table's order
    // (its sort, else board order), the table's visible columns left to right, and the
    // calendar's date column.
    QStringList shownItemIds() const;
    QStringList shownColumnIds() const;
    QString shownDateColumn() const;
    void applyViewConfig(const QJsonObject &config);
    // Where the last used saved view of this board is remembered (QSettings key).
    void setLastViewKey(const QString &key);
    // Items with unseen activity (unread notifications): an accent dot in every view.
    void setUnreadItems(const QSet<QString> &itemIds);
    QSet<QString> unreadItems() const { return m_unread; }

    Core::BoardStore *store() const { return m_store; }
    Core::ItemTableModel *tableModel() const { return m_model; }
    Core::CalendarModel *calendarModel() const { return m_calendarModel; }
    TableView *tableView() const { return m_table; }
    KanbanView *kanbanView() const { return m_kanban; }
    CalendarView *calendarView() const { return m_calendar; }
    DashboardView *dashboardView() const { return m_dashboard; }
    ItemPanel *itemPanel() const { return m_panel; }
    ConnectionIndicator *connectionIndicator() const { return m_connection; }
    PresenceAvatars *presenceAvatars() const { return m_avatars; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *groupByCombo() const { return m_groupBy; } // table groups and kanban lanes
    QToolButton *filterMenuButton() const { return m_filterMenuButton; }
    SavedViewsButton *savedViewsButton() const { return m_savedViews; }
    QWidget *selectionBar() const;
    QToolButton *selectionSetButton() const;
    QToolButton *selectionDeleteButton() const;
    QUndoStack *undoStack() const { return m_undo; }

Q_SIGNALS:
    void opRequested(const Tessera::Core::Op &op);
    void bulkRequested(const QList<Tessera::Core::Op> &ops);
    void retryRequested(const QString &mutationId);
    void discardRequested(const QString &mutationId);
    void keepMineRequested(const QString &mutationId);
    void takeTheirsRequested(const QString &mutationId);
    void itemOpened(const QString &itemId); // the controller subscribes to it and feeds its history
    void itemClosed(); // the panel closed: presence goes back to the board
    void editingFieldChanged(const QString &itemId, const QString &columnId); // presence: "" = viewing
    void viewChanged(Tessera::App::BoardWidget::View view);
    void messageShown(const QString &text); // for the status bar

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void refreshGroupBy();
    void submit(const Core::Op &op);
    void submitAll(const QList<Core::Op> &ops, const QString &text);
    void applyFilter();
    // The Kanban's lanes and the calendar take the filter when they are shown (or at once
    // while the board itself is hidden): filtering every hidden lane and the calendar at
    // each key cost seconds per key on a 100,000-item board (#14). The table's filter is
    // always current: exports and the selection read it.
    void applyFilterToShownView();
    void toggleFilterCondition(const QString &condition);
    void fillFilterMenu(QMenu *menu);
    void refreshSelectionBar();
    void addShortcuts();
    void refreshPresence();

    Core::BoardStore *m_store;
    Core::ItemTableModel *m_model;
    Core::ItemFilterProxy *m_proxy;
    Core::CalendarModel *m_calendarModel;
    QUndoStack *m_undo;
    QButtonGroup *m_views;
    QLineEdit *m_filter;
    QComboBox *m_groupBy;
    QToolButton *m_filterMenuButton;
    SavedViewsButton *m_savedViews;
    SelectionBar *m_selectionBar;
    QString m_tableGroup; // "" : the table is not grouped
    QString m_lastViewKey;
    QStackedWidget *m_stack;
    QSplitter *m_splitter;
    TableView *m_table;
    KanbanView *m_kanban;
    CalendarView *m_calendar;
    DashboardView *m_dashboard = nullptr;
    ItemPanel *m_panel;
    PresenceAvatars *m_avatars;
    ConnectionIndicator *m_connection;
    QString m_me;
    bool m_kanbanFilterStale = false;
    bool m_calendarFilterStale = false;
    QSet<QString> m_unread;
};

} // namespace Tessera::App
