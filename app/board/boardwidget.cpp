#include "boardwidget.h"

#include "app/calendar/calendarview.h"
#include "app/dashboard/dashboardview.h"
#include "connectionindicator.h"
#include "app/item/itempanel.h"
#include "app/kanban/kanbanlane.h"
#include "app/kanban/kanbanview.h"
#include "app/kanban/lanelistview.h"
#include "opbuilder.h"
#include "opundocommand.h"
#include "presenceavatars.h"
#include "savedviewsbutton.h"
#include "selectionbar.h"
#include "toolbaricons.h"
#include "app/table/tableview.h"

#include "core/models/boardstore.h"
#include "core/models/calendarmodel.h"
#include "core/models/itemfilter.h"
#include "core/models/itemtablemodel.h"
#include "core/rules/itemfacts.h"

#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QDate>
#include <QHeaderView>
#include <QJsonArray>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace Tessera::App {

using namespace Tessera::Core;

BoardWidget::BoardWidget(BoardStore *store, QWidget *parent)
    : QWidget(parent), m_store(store), m_model(new ItemTableModel(store, this)), m_proxy(new ItemFilterProxy(m_model, this)),
      m_calendarModel(new CalendarModel(m_model, this)), m_undo(new QUndoStack(this)), m_views(new QButtonGroup(this)),
      m_filter(new QLineEdit(this)), m_groupBy(new QComboBox(this)), m_filterMenuButton(new QToolButton(this)),
      m_savedViews(new SavedViewsButton(store, [this] { return viewConfig(); }, this)), m_selectionBar(new SelectionBar(store, this)),
      m_stack(new QStackedWidget(this)), m_splitter(new QSplitter(this)),
      m_table(new TableView(m_model, m_proxy, this)), m_kanban(new KanbanView(m_model, this)),
      m_calendar(new CalendarView(m_calendarModel, this)), m_panel(new ItemPanel(store, this)),
      m_avatars(new PresenceAvatars(this)), m_connection(new ConnectionIndicator(this))
{
    // Toolbar.
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(10, 6, 10, 6);
    bar->setSpacing(6);
    const QList<std::pair<QString, QString>> views { { tr("Table"), tr("Table (Ctrl+1)") },
                                                     { tr("Kanban"), tr("Kanban (Ctrl+2)") },
                                                     { tr("Calendar"), tr("Calendar (Ctrl+3)") },
                                                     { tr("Dashboard"), tr("Dashboard (Ctrl+4)") } };
    const QStringList viewNames { QStringLiteral("viewTable"), QStringLiteral("viewKanban"), QStringLiteral("viewCalendar"),
                                  QStringLiteral("viewDashboard") };
    for (int i = 0; i < views.size(); ++i) {
        auto *button = new QToolButton(this);
        button->setObjectName(viewNames.at(i));
        button->setText(views.at(i).first);
        button->setToolTip(views.at(i).second);
        button->setCheckable(true);
        button->setAutoRaise(true);
        if (viewNames.at(i) == QLatin1String("viewDashboard")) { // an icon: the toolbar must fit 1024 px
            button->setIcon(ToolbarIcons::barChart());
            button->setToolButtonStyle(Qt::ToolButtonIconOnly);
            button->setAccessibleName(views.at(i).first);
        }
        m_views->addButton(button, i);
        bar->addWidget(button);
    }
    m_views->button(0)->setChecked(true);
    connect(m_views, &QButtonGroup::idClicked, this, [this](int id) { setView(View(id)); });
    bar->addSpacing(6);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setAccessibleName(tr("Filter items"));
    m_filter->setPlaceholderText(tr("Filter items (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(84); // grows with the window; small enough for 1024 px with the panel open (four views)
    m_filter->setToolTip(tr("Words, or conditions like status:done, owner:me, @me, is:overdue, no:date, -word"));
    connect(m_filter, &QLineEdit::textChanged, this, &BoardWidget::applyFilter);
    bar->addWidget(m_filter);
    // The common conditions one click away; they go into the filter text, so what is typed
    // and what is clicked are the same thing (and a saved view stores just the text).
    m_filterMenuButton->setObjectName(QStringLiteral("filterMenu"));
    m_filterMenuButton->setText(tr("Filter"));
    m_filterMenuButton->setIcon(ToolbarIcons::funnel());
    m_filterMenuButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_filterMenuButton->setStyleSheet(QStringLiteral("QToolButton::menu-indicator { image: none; width: 0px; }"));
    m_filterMenuButton->setAccessibleName(tr("Filter conditions"));
    m_filterMenuButton->setToolTip(tr("Add or remove a filter condition"));
    m_filterMenuButton->setPopupMode(QToolButton::InstantPopup);
    m_filterMenuButton->setAutoRaise(true);
    auto *filterMenu = new QMenu(m_filterMenuButton);
    filterMenu->setObjectName(QStringLiteral("filterConditions"));
    m_filterMenuButton->setMenu(filterMenu);
    connect(filterMenu, &QMenu::aboutToShow, this, [this, filterMenu] { fillFilterMenu(filterMenu); });
    bar->addWidget(m_filterMenuButton);
    // Group by: the table's groups and the kanban's lanes (a status or person column).
    m_groupBy->setObjectName(QStringLiteral("groupBy"));
    m_groupBy->setToolTip(tr("Group the table's rows, or pick the kanban's lanes"));
    m_groupBy->setAccessibleName(tr("Group by"));
    m_groupBy->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_groupBy, &QComboBox::activated, this, [this](int index) {
        const QString column = m_groupBy->itemData(index).toString();
        if (view() == View::Kanban) {
            m_kanban->setStatusColumn(column);
        } else {
            m_tableGroup = column;
            m_table->setGroupColumn(column);
        }
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &BoardWidget::refreshGroupBy);
    refreshGroupBy();
    bar->addWidget(m_groupBy);
    m_savedViews->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(m_savedViews, &SavedViewsButton::opRequested, this, &BoardWidget::opRequested);
    connect(m_savedViews, &SavedViewsButton::viewChosen, this, [this](const QString &viewId, const QJsonObject &config) {
        applyViewConfig(config);
        if (!m_lastViewKey.isEmpty())
            QSettings().setValue(m_lastViewKey, viewId);
    });
    bar->addWidget(m_savedViews);
    auto *add = new QToolButton(this);
    add->setObjectName(QStringLiteral("newItem"));
    add->setText(tr("New item"));
    add->setToolTip(tr("New item (Ctrl+N)"));
    add->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(add, &QToolButton::clicked, this, &BoardWidget::newItem);
    bar->addWidget(add);
    // Undo/Redo keep their short labels (the toolbar's width must not grow with "Undo Move
    // card"); what they would undo is in the tooltip.
    auto *undoAction = new QAction(ToolbarIcons::undo(), tr("Undo"), this);
    auto *redoAction = new QAction(ToolbarIcons::redo(), tr("Redo"), this);
    undoAction->setEnabled(false);
    redoAction->setEnabled(false);
    connect(undoAction, &QAction::triggered, m_undo, &QUndoStack::undo);
    connect(redoAction, &QAction::triggered, m_undo, &QUndoStack::redo);
    connect(m_undo, &QUndoStack::canUndoChanged, undoAction, &QAction::setEnabled);
    connect(m_undo, &QUndoStack::canRedoChanged, redoAction, &QAction::setEnabled);
    connect(m_undo, &QUndoStack::undoTextChanged, undoAction,
            [undoAction](const QString &text) { undoAction->setToolTip(tr("Undo %1 (Ctrl+Z)").arg(text.toLower())); });
    connect(m_undo, &QUndoStack::redoTextChanged, redoAction,
            [redoAction](const QString &text) { redoAction->setToolTip(tr("Redo %1 (Ctrl+Shift+Z)").arg(text.toLower())); });
    auto *undo = new QToolButton(this);
    undo->setObjectName(QStringLiteral("undo"));
    undo->setDefaultAction(undoAction);
    undo->setToolButtonStyle(Qt::ToolButtonIconOnly); // the tooltip says what it undoes
    undo->setAutoRaise(true);
    auto *redo = new QToolButton(this);
    redo->setObjectName(QStringLiteral("redo"));
    redo->setDefaultAction(redoAction);
    redo->setToolButtonStyle(Qt::ToolButtonIconOnly);
    redo->setAutoRaise(true);
    bar->addWidget(undo);
    bar->addWidget(redo);
    bar->addStretch();
    bar->addWidget(m_avatars);
    bar->addWidget(m_connection);

    m_stack->addWidget(m_table);
    m_stack->addWidget(m_kanban);
    m_stack->addWidget(m_calendar);
    m_dashboard = new DashboardView(store, this);
    m_stack->addWidget(m_dashboard);
    connect(m_dashboard, &DashboardView::filterRequested, this, [this](const QString &condition) {
        m_filter->setText(condition); // what the Filter menu would put there
        setView(View::Table);
    });
    connect(m_dashboard, &DashboardView::openItemRequested, this, &BoardWidget::openItem);
    m_splitter->addWidget(m_stack);
    m_splitter->addWidget(m_panel);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_panel->hide();

    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(line);
    layout->addWidget(m_selectionBar);
    layout->addWidget(m_splitter, 1);

    // Relay intent.
    connect(m_table, &TableView::opRequested, this, &BoardWidget::submit);
    connect(m_kanban, &KanbanView::opRequested, this, &BoardWidget::submit);
    connect(m_calendar, &CalendarView::opRequested, this, &BoardWidget::submit);
    connect(m_panel, &ItemPanel::opRequested, this, &BoardWidget::submit);
    connect(m_table, &TableView::retryRequested, this, &BoardWidget::retryRequested);
    connect(m_table, &TableView::discardRequested, this, &BoardWidget::discardRequested);
    connect(m_table, &TableView::keepMineRequested, this, &BoardWidget::keepMineRequested);
    connect(m_table, &TableView::takeTheirsRequested, this, &BoardWidget::takeTheirsRequested);
    connect(m_table, &TableView::deleteRequested, this, &BoardWidget::deleteItems);
    connect(m_kanban, &KanbanView::bulkRequested, this, &BoardWidget::submitAll);
    connect(m_table, &TableView::bulkRequested, this, &BoardWidget::submitAll);
    connect(m_table, &TableView::messageShown, this, &BoardWidget::messageShown);
    connect(m_kanban, &KanbanView::selectionChanged, this, &BoardWidget::refreshSelectionBar);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BoardWidget::refreshSelectionBar);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &BoardWidget::refreshSelectionBar);
    connect(m_kanban, &KanbanView::deleteRequested, this, &BoardWidget::deleteItems);
    connect(m_table, &TableView::editingFieldChanged, this, [this](const QString &itemId, const QString &columnId) {
        // Editing a cell is presence on that item; when it ends, presence goes back to the
        // open item (or the board).
        if (!columnId.isEmpty())
            Q_EMIT editingFieldChanged(itemId, columnId);
        else if (m_panel->isVisible())
            Q_EMIT editingFieldChanged(m_panel->itemId(), QString());
        else
            Q_EMIT itemClosed();
    });
    connect(m_panel, &ItemPanel::keepMineRequested, this, &BoardWidget::keepMineRequested);
    connect(m_panel, &ItemPanel::takeTheirsRequested, this, &BoardWidget::takeTheirsRequested);
    connect(m_panel, &ItemPanel::closeRequested, this, &BoardWidget::closeItem);
    connect(m_panel, &ItemPanel::editingFieldChanged, this,
            [this](const QString &columnId) { Q_EMIT editingFieldChanged(m_panel->itemId(), columnId); });
    connect(m_table, &TableView::openItemRequested, this, &BoardWidget::openItem);
    connect(m_table, &TableView::currentItemChanged, this, [this](const QString &itemId) {
        if (m_panel->isVisible() && !itemId.isEmpty())
            openItem(itemId);
    });
    connect(m_kanban, &KanbanView::openItemRequested, this, &BoardWidget::openItem);
    connect(m_calendar, &CalendarView::openItemRequested, this, &BoardWidget::openItem);
    connect(m_store, &BoardStore::presenceChanged, this, &BoardWidget::refreshPresence);
    // Several items selected: what can be done to all of them at once.
    connect(m_selectionBar, &SelectionBar::setFieldRequested, this, &BoardWidget::setFieldOnSelection);
    connect(m_selectionBar, &SelectionBar::deleteRequested, this, [this] { deleteItems(selectedItemIds()); });
    connect(m_selectionBar, &SelectionBar::clearRequested, this, [this] {
        m_table->clearSelection();
        m_kanban->clearSelection();
    });
    connect(m_selectionBar, &SelectionBar::messageShown, this, &BoardWidget::messageShown);
    addShortcuts();
    refreshPresence();
}

BoardWidget::~BoardWidget() = default;

void BoardWidget::setCurrentUser(const QString &userId)
{
    m_me = userId;
    m_savedViews->setCurrentUser(userId);
    m_selectionBar->setCurrentUser(userId);
    applyFilter(); // "me" in the filter

    m_table->setCurrentUser(userId);
    m_kanban->setCurrentUser(userId);
    m_panel->setCurrentUser(userId);
    refreshPresence();
}

void BoardWidget::setUnreadItems(const QSet<QString> &itemIds)
{
    m_unread = itemIds;
    m_table->setUnreadItems(itemIds);
    m_kanban->setUnreadItems(itemIds);
    m_calendar->setUnreadItems(itemIds);
}

void BoardWidget::refreshGroupBy()
{
    // The table may be ungrouped; the kanban always has lanes.
    const bool kanban = view() == View::Kanban;
    m_groupBy->clear();
    if (!kanban)
        m_groupBy->addItem(tr("No grouping"), QString());
    for (const Core::Column &c : m_store->confirmed().columns) {
        if (c.type == Core::ColumnType::Status || c.type == Core::ColumnType::Person)
            m_groupBy->addItem(tr("By %1").arg(c.name), c.id);
    }
    if (!m_tableGroup.isEmpty() && !m_store->confirmed().column(m_tableGroup)) {
        m_tableGroup.clear(); // the column was deleted
        m_table->setGroupColumn(QString());
    }
    const QString current = kanban ? m_kanban->statusColumn() : m_tableGroup;
    m_groupBy->setCurrentIndex(std::max(0, m_groupBy->findData(current)));
    m_groupBy->setVisible(view() != View::Calendar && view() != View::Dashboard && m_groupBy->count() > 1);
}

void BoardWidget::setView(View view)
{
    m_stack->setCurrentIndex(int(view));
    applyFilterToShownView();
    // The keyboard goes with the eyes: the shown view takes the focus (so its keys and the
    // board's shortcuts work right after switching).
    QWidget *focus = QApplication::focusWidget();
    if (!focus || !m_stack->currentWidget()->isAncestorOf(focus)) {
        QWidget *target = m_table;
        if (view == View::Kanban)
            target = m_kanban->focusTarget();
        else if (view == View::Calendar)
            target = m_calendar->focusTarget();
        else if (view == View::Dashboard)
            target = m_dashboard->focusTarget();
        if (target)
            target->setFocus(Qt::OtherFocusReason);
    }
    refreshGroupBy();
    refreshSelectionBar();
    m_views->button(int(view))->setChecked(true);
    Q_EMIT viewChanged(view);
}

BoardWidget::View BoardWidget::view() const
{
    return View(m_stack->currentIndex());
}

void BoardWidget::openItem(const QString &itemId)
{
    if (itemId.isEmpty())
        return;
    const bool changed = m_panel->itemId() != itemId || !m_panel->isVisible();
    m_panel->setItem(itemId);
    m_panel->show();
    if (changed)
        Q_EMIT itemOpened(itemId);
}

void BoardWidget::showItem(const QString &itemId)
{
    const Item *item = m_store->itemPtr(itemId);
    if (!item)
        return;
    if (!m_proxy->filter().isEmpty() && !m_proxy->filter().matches(*item, *m_store))
        m_filter->clear();
    QWidget *keyboard = nullptr; // the selection takes the keyboard: arrows and Enter go on from it
    switch (view()) {
    case View::Table:
        m_table->selectItem(itemId);
        keyboard = m_table;
        break;
    case View::Kanban:
        m_kanban->revealLane(m_kanban->laneOf(itemId), itemId);
        if (KanbanLane *lane = m_kanban->lane(m_kanban->laneOf(itemId)))
            keyboard = lane->listView();
        break;
    case View::Calendar:
        m_calendar->selectItem(itemId);
        keyboard = m_calendar->focusTarget();
        break;
    case View::Dashboard:
        break;
    }
    if (keyboard)
        keyboard->setFocus(Qt::OtherFocusReason);
    openItem(itemId);
}

void BoardWidget::closeItem()
{
    const bool wasOpen = m_panel->isVisible() || !m_panel->itemId().isEmpty();
    m_panel->hide();
    m_panel->setItem(QString());
    if (wasOpen)
        Q_EMIT itemClosed();
}

void BoardWidget::setItemHistory(const QString &itemId, const EventList &events)
{
    if (m_panel->itemId() == itemId)
        m_panel->setHistory(events);
}

void BoardWidget::newItem()
{
    QJsonObject fields;
    for (const Column &column : m_store->columns()) {
        if (column.type == ColumnType::Text) {
            fields.insert(column.id, tr("New item"));
            break;
        }
    }
    const QString itemId = OpBuilder::newId();
    submit(OpBuilder::createItem(itemId, fields, OpBuilder::rankAtEnd(*m_store)));
    if (m_store->rowOf(itemId) < 0)
        return; // refused at once (a viewer): the status bar says why
    // A filter that hides the new item would make it look lost.
    if (!m_proxy->filter().isEmpty() && !m_proxy->filter().matches(*m_store->itemPtr(itemId), *m_store))
        m_filter->clear();
    switch (view()) {
    case View::Table:
        m_table->editItem(itemId);
        break;
    case View::Kanban:
        m_kanban->revealLane(m_kanban->laneOf(itemId), itemId);
        openItem(itemId);
        m_panel->focusTitle();
        break;
    case View::Calendar:
    case View::Dashboard:
        openItem(itemId);
        m_panel->focusTitle();
        break;
    }
}

void BoardWidget::deleteItems(const QStringList &itemIds)
{
    QStringList existing;
    for (const QString &id : itemIds) {
        if (m_store->itemPtr(id))
            existing.append(id);
    }
    if (existing.isEmpty())
        return;
    if (!m_selectionBar->mayEdit()) {
        Q_EMIT messageShown(tr("Viewers cannot delete items on this board."));
        return;
    }
    if (existing.contains(m_panel->itemId()))
        closeItem();
    if (existing.size() == 1) {
        submit(OpBuilder::deleteItem(existing.first()));
    } else {
        QList<Op> ops;
        for (const QString &id : std::as_const(existing))
            ops.append(OpBuilder::deleteItem(id));
        submitAll(ops, tr("Delete %n items", nullptr, int(existing.size())));
    }
    Q_EMIT messageShown(existing.size() > 1 ? tr("Deleted %n items. Undo with Ctrl+Z.", nullptr, int(existing.size()))
                                            : tr("Item deleted. Undo with Ctrl+Z."));
}

void BoardWidget::submit(const Op &op)
{
    const auto backward = OpBuilder::inverse(*m_store, op);
    if (!backward) {
        Q_EMIT opRequested(op);
        return;
    }
    QString text;
    switch (op.kind) {
    case OpKind::ItemCreate: text = tr("Create item"); break;
    case OpKind::ItemDelete: text = tr("Delete item"); break;
    case OpKind::ItemMove: text = tr("Move card"); break;
    default: text = tr("Edit item"); break;
    }
    m_undo->push(new OpUndoCommand(m_store, { op }, { *backward }, [this](const QList<Op> &ops) {
        if (ops.size() == 1)
            Q_EMIT opRequested(ops.first());
        else
            Q_EMIT bulkRequested(ops);
    }, text));
}

void BoardWidget::submitAll(const QList<Op> &ops, const QString &text)
{
    if (ops.isEmpty())
        return;
    if (ops.size() == 1) {
        submit(ops.first());
        return;
    }
    // One command for all (all apply or none), one undo step that takes it all back.
    QList<Op> backward;
    for (const Op &op : ops) {
        const auto inverse = OpBuilder::inverse(*m_store, op);
        if (!inverse) {
            Q_EMIT bulkRequested(ops);
            return;
        }
        backward.append(*inverse);
    }
    m_undo->push(new OpUndoCommand(m_store, ops, backward, [this](const QList<Op> &all) {
        if (all.size() == 1)
            Q_EMIT opRequested(all.first());
        else
            Q_EMIT bulkRequested(all);
    }, text));
}

QStringList BoardWidget::selectedItemIds() const
{
    switch (view()) {
    case View::Table: {
        if (m_table->selectionModel()->selectedRows().isEmpty())
            return {};
        return m_table->selectedItemIds();
    }
    case View::Kanban:
        return m_kanban->selectedItemIds();
    case View::Calendar:
    case View::Dashboard:
        break;
    }
    return {};
}

QWidget *BoardWidget::selectionBar() const
{
    return m_selectionBar;
}

QToolButton *BoardWidget::selectionSetButton() const
{
    return m_selectionBar->setButton();
}

QToolButton *BoardWidget::selectionDeleteButton() const
{
    return m_selectionBar->deleteButton();
}

void BoardWidget::refreshSelectionBar()
{
    m_selectionBar->setCount(int(selectedItemIds().size()));
}

void BoardWidget::setFieldOnSelection(const QString &columnId, const QJsonValue &value)
{
    const QStringList ids = selectedItemIds();
    const Column *column = m_store->confirmed().column(columnId);
    if (ids.isEmpty() || !column)
        return;
    QList<Op> ops;
    for (const QString &id : ids) {
        const Item *item = m_store->itemPtr(id);
        if (!item || item->fields.value(columnId) == value)
            continue;
        ops.append(OpBuilder::updateItem(*m_store, id, { { columnId, value } }));
    }
    if (ops.isEmpty())
        return;
    submitAll(ops, tr("Set %1 on %n items", nullptr, int(ops.size())).arg(column->name));
    Q_EMIT messageShown(tr("%1 set on %n items. Undo with Ctrl+Z.", nullptr, int(ops.size())).arg(column->name));
}

void BoardWidget::applyFilter()
{
    ItemFilter filter = m_proxy->filter();
    filter.text = m_filter->text();
    filter.me = m_me;
    m_proxy->setFilter(filter);
    m_kanbanFilterStale = m_calendarFilterStale = true;
    applyFilterToShownView();
}

void BoardWidget::applyFilterToShownView()
{
    // The same conditions hide cards and chips (the table's status chips stay its own).
    ItemFilter search;
    search.text = m_filter->text();
    search.me = m_me;
    const bool all = !isVisible();
    if (m_kanbanFilterStale && (all || view() == View::Kanban)) {
        m_kanbanFilterStale = false;
        m_kanban->setItemFilter(search);
    }
    if (m_calendarFilterStale && (all || view() == View::Calendar)) {
        m_calendarFilterStale = false;
        m_calendarModel->setItemFilter(search);
    }
}

void BoardWidget::toggleFilterCondition(const QString &condition)
{
    QStringList tokens = ItemFilter::tokens(m_filter->text());
    const auto quoted = [](const QString &t) {
        const qsizetype colon = t.indexOf(QLatin1Char(':'));
        return t.contains(QLatin1Char(' ')) && colon > 0 ? t.left(colon + 1) + QLatin1Char('"') + t.mid(colon + 1) + QLatin1Char('"') : t;
    };
    if (tokens.contains(condition, Qt::CaseInsensitive))
        tokens.removeAll(condition);
    else
        tokens.append(condition);
    QStringList parts;
    for (const QString &t : std::as_const(tokens))
        parts.append(quoted(t));
    m_filter->setText(parts.join(QLatin1Char(' ')));
}

void BoardWidget::fillFilterMenu(QMenu *menu)
{
    menu->clear();
    const QStringList active = ItemFilter::tokens(m_filter->text());
    const auto add = [this, menu, &active](QMenu *into, const QString &label, const QString &condition) {
        QAction *a = into->addAction(label, this, [this, condition] { toggleFilterCondition(condition); });
        a->setCheckable(true);
        a->setChecked(active.contains(condition, Qt::CaseInsensitive));
        Q_UNUSED(menu);
    };
    add(menu, tr("Assigned to me"), QStringLiteral("@me"));
    add(menu, tr("Overdue"), QStringLiteral("is:overdue"));
    add(menu, tr("No date"), QStringLiteral("no:date"));
    add(menu, tr("Not done"), QStringLiteral("is:open"));
    add(menu, tr("Done"), QStringLiteral("is:done"));
    for (const Column &c : m_store->confirmed().columns) {
        const QString key = c.name.simplified().remove(QLatin1Char(' ')).toLower();
        if (c.type == ColumnType::Status) {
            QMenu *sub = menu->addMenu(tr("%1 is").arg(c.name));
            for (const StatusOption &o : c.options)
                add(sub, o.label, key + QLatin1Char(':') + o.label.toLower());
            add(sub, tr("No status"), key + QStringLiteral(":none"));
        } else if (c.type == ColumnType::Person) {
            QMenu *sub = menu->addMenu(tr("%1 is").arg(c.name));
            add(sub, tr("Me"), key + QStringLiteral(":me"));
            for (const Member &m : m_store->confirmed().members)
                add(sub, m_store->memberName(m.userId), key + QLatin1Char(':') + m.login);
            add(sub, tr("Nobody"), key + QStringLiteral(":none"));
        }
    }
    menu->addSeparator();
    QAction *clear = menu->addAction(tr("Clear the filter"), m_filter, &QLineEdit::clear);
    clear->setEnabled(!m_filter->text().isEmpty());
}

QStringList BoardWidget::shownItemIds() const
{
    QStringList ids;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        ids.append(m_proxy->index(row, 0).data(ItemTableModel::ItemIdRole).toString());
    return ids;
}

QStringList BoardWidget::shownColumnIds() const
{
    QStringList ids;
    const QHeaderView *header = m_table->horizontalHeader();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (m_table->isColumnHidden(logical))
            continue;
        if (const Column *c = m_model->columnAt(logical))
            ids.append(c->id);
    }
    return ids;
}

QString BoardWidget::shownDateColumn() const
{
    return m_calendar->dateColumn();
}

QJsonObject BoardWidget::viewConfig() const
{
    static const QStringList types { QStringLiteral("table"), QStringLiteral("kanban"), QStringLiteral("calendar"),
                                     QStringLiteral("dashboard") };
    QJsonObject config { { QStringLiteral("type"), types.at(int(view())) }, { QStringLiteral("filter"), m_filter->text() } };
    if (!m_tableGroup.isEmpty())
        config.insert(QStringLiteral("group"), m_tableGroup);
    if (!m_kanban->statusColumn().isEmpty())
        config.insert(QStringLiteral("lanes"), m_kanban->statusColumn());
    QHeaderView *header = m_table->horizontalHeader();
    const int sortSection = header->sortIndicatorSection();
    if (const Column *sorted = m_model->columnAt(sortSection); sorted && sortSection >= 0 && m_table->isSortingEnabled()
        && header->isSortIndicatorShown()) {
        config.insert(QStringLiteral("sort"), sorted->id);
        config.insert(QStringLiteral("order"), header->sortIndicatorOrder() == Qt::AscendingOrder ? QStringLiteral("asc")
                                                                                                 : QStringLiteral("desc"));
    }
    QJsonArray hidden;
    QJsonObject widths;
    for (int i = 0; i < m_model->columnCount(); ++i) {
        const Column *c = m_model->columnAt(i);
        if (!c)
            continue;
        if (m_table->isColumnHidden(i))
            hidden.append(c->id);
        widths.insert(c->id, m_table->columnWidth(i));
    }
    if (!hidden.isEmpty())
        config.insert(QStringLiteral("hidden"), hidden);
    config.insert(QStringLiteral("widths"), widths);
    return config;
}

void BoardWidget::applyViewConfig(const QJsonObject &config)
{
    static const QStringList types { QStringLiteral("table"), QStringLiteral("kanban"), QStringLiteral("calendar"),
                                     QStringLiteral("dashboard") };
    m_filter->setText(config.value(QStringLiteral("filter")).toString());
    m_tableGroup = config.value(QStringLiteral("group")).toString();
    if (!m_store->confirmed().column(m_tableGroup))
        m_tableGroup.clear();
    m_table->setGroupColumn(m_tableGroup);
    const QString lanes = config.value(QStringLiteral("lanes")).toString();
    if (!lanes.isEmpty() && lanes != m_kanban->statusColumn())
        m_kanban->setStatusColumn(lanes);
    const QJsonArray hidden = config.value(QStringLiteral("hidden")).toArray();
    const QJsonObject widths = config.value(QStringLiteral("widths")).toObject();
    for (int i = 0; i < m_model->columnCount(); ++i) {
        const Column *c = m_model->columnAt(i);
        if (!c)
            continue;
        m_table->setColumnHidden(i, hidden.contains(QJsonValue(c->id)) && i != 0); // the title stays
        if (const int w = widths.value(c->id).toInt(); w >= 40 && w <= 2000)
            m_table->setColumnWidth(i, w);
    }
    const QString sort = config.value(QStringLiteral("sort")).toString();
    const int sortColumn = sort.isEmpty() ? -1 : m_model->columnOf(sort);
    m_table->sortByColumn(sortColumn, config.value(QStringLiteral("order")).toString() == QLatin1String("desc")
                                              ? Qt::DescendingOrder
                                              : Qt::AscendingOrder);
    const qsizetype type = types.indexOf(config.value(QStringLiteral("type")).toString());
    setView(View(type < 0 ? 0 : type));
}

void BoardWidget::setLastViewKey(const QString &key)
{
    m_lastViewKey = key;
    // Restore the view this person last used on this board (if it still exists); a board
    // not loaded yet restores it when its state arrives.
    const QString viewId = QSettings().value(key).toString();
    if (viewId.isEmpty())
        return;
    const auto restore = [this, viewId] {
        const auto views = m_store->confirmed().views;
        if (!views.contains(viewId))
            return false;
        m_savedViews->setCurrentView(viewId);
        applyViewConfig(views.value(viewId).config);
        return true;
    };
    if (restore())
        return;
    auto *once = new QObject(this);
    connect(m_store, &BoardStore::reset, once, [once, restore] {
        restore();
        once->deleteLater();
    });
}

void BoardWidget::addShortcuts()
{
    const auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WindowShortcut); // anywhere in the window: the sidebar or the toolbar may have the focus
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_1), [this] { setView(View::Table); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_2), [this] { setView(View::Kanban); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_3), [this] { setView(View::Calendar); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_4), [this] { setView(View::Dashboard); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_N), [this] { newItem(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_F), [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    shortcut(QKeySequence::Undo, [this] { m_undo->undo(); });
    shortcut(QKeySequence::Redo, [this] { m_undo->redo(); });
}

void BoardWidget::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        if (m_filter->hasFocus() && !m_filter->text().isEmpty()) {
            m_filter->clear();
            return;
        }
        if (m_panel->isVisible()) {
            closeItem();
            return;
        }
    }
    QWidget::keyPressEvent(event);
}

void BoardWidget::refreshPresence()
{
    QList<Presence> others;
    for (const Presence &p : m_store->presence()) {
        if (p.userId != m_me)
            others.append(p);
    }
    std::sort(others.begin(), others.end(), [](const Presence &a, const Presence &b) { return a.userId < b.userId; });
    m_avatars->setPresence(others);
}

} // namespace Tessera::App
