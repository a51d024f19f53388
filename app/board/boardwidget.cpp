#include "boardwidget.h"

#include "app/calendar/calendarview.h"
#include "connectionindicator.h"
#include "app/item/itempanel.h"
#include "app/kanban/kanbanview.h"
#include "opbuilder.h"
#include "opundocommand.h"
#include "presenceavatars.h"
#include "app/table/tableview.h"

#include "core/models/boardstore.h"
#include "core/models/calendarmodel.h"
#include "core/models/itemfilter.h"
#include "core/models/itemtablemodel.h"

#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
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
      m_filter(new QLineEdit(this)), m_groupBy(new QComboBox(this)), m_stack(new QStackedWidget(this)), m_splitter(new QSplitter(this)),
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
                                                     { tr("Calendar"), tr("Calendar (Ctrl+3)") } };
    const QStringList viewNames { QStringLiteral("viewTable"), QStringLiteral("viewKanban"), QStringLiteral("viewCalendar") };
    for (int i = 0; i < views.size(); ++i) {
        auto *button = new QToolButton(this);
        button->setObjectName(viewNames.at(i));
        button->setText(views.at(i).first);
        button->setToolTip(views.at(i).second);
        button->setCheckable(true);
        button->setAutoRaise(true);
        m_views->addButton(button, i);
        bar->addWidget(button);
    }
    m_views->button(0)->setChecked(true);
    connect(m_views, &QButtonGroup::idClicked, this, [this](int id) { setView(View(id)); });
    bar->addSpacing(12);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setAccessibleName(tr("Filter items"));
    m_filter->setPlaceholderText(tr("Filter items (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(140); // grows with the window; small enough for 1024 px with the panel open
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        ItemFilter filter = m_proxy->filter();
        filter.text = text;
        m_proxy->setFilter(filter);
        // The same search hides cards and chips (the table's status chips stay its own).
        ItemFilter search;
        search.text = text;
        m_kanban->setItemFilter(search);
        m_calendarModel->setItemFilter(search);
    });
    bar->addWidget(m_filter);
    // Group by: which column's values make the kanban lanes (status options or people).
    m_groupBy->setToolTip(tr("Group the kanban's lanes by"));
    m_groupBy->setAccessibleName(tr("Group by"));
    m_groupBy->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_groupBy, &QComboBox::activated, this,
            [this](int index) { m_kanban->setStatusColumn(m_groupBy->itemData(index).toString()); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &BoardWidget::refreshGroupBy);
    refreshGroupBy();
    bar->addWidget(m_groupBy);
    auto *add = new QToolButton(this);
    add->setObjectName(QStringLiteral("newItem"));
    add->setText(tr("New item"));
    add->setToolTip(tr("New item (Ctrl+N)"));
    add->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(add, &QToolButton::clicked, this, &BoardWidget::newItem);
    bar->addWidget(add);
    // Undo/Redo keep their short labels (the toolbar's width must not grow with "Undo Move
    // card"); what they would undo is in the tooltip.
    auto *undoAction = new QAction(tr("Undo"), this);
    auto *redoAction = new QAction(tr("Redo"), this);
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
    undo->setAutoRaise(true);
    auto *redo = new QToolButton(this);
    redo->setObjectName(QStringLiteral("redo"));
    redo->setDefaultAction(redoAction);
    redo->setAutoRaise(true);
    bar->addWidget(undo);
    bar->addWidget(redo);
    bar->addStretch();
    bar->addWidget(m_avatars);
    bar->addWidget(m_connection);

    m_stack->addWidget(m_table);
    m_stack->addWidget(m_kanban);
    m_stack->addWidget(m_calendar);
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
    addShortcuts();
    refreshPresence();
}

BoardWidget::~BoardWidget() = default;

void BoardWidget::setCurrentUser(const QString &userId)
{
    m_me = userId;
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
    m_groupBy->clear();
    for (const Core::Column &c : m_store->confirmed().columns) {
        if (c.type == Core::ColumnType::Status || c.type == Core::ColumnType::Person)
            m_groupBy->addItem(tr("By %1").arg(c.name), c.id);
    }
    m_groupBy->setCurrentIndex(std::max(0, m_groupBy->findData(m_kanban->statusColumn())));
    m_groupBy->setVisible(view() == View::Kanban && m_groupBy->count() > 1);
}

void BoardWidget::setView(View view)
{
    m_stack->setCurrentIndex(int(view));
    // The keyboard goes with the eyes: the shown view takes the focus (so its keys and the
    // board's shortcuts work right after switching).
    QWidget *focus = QApplication::focusWidget();
    if (!focus || !m_stack->currentWidget()->isAncestorOf(focus)) {
        QWidget *target = m_table;
        if (view == View::Kanban)
            target = m_kanban->focusTarget();
        else if (view == View::Calendar)
            target = m_calendar->focusTarget();
        if (target)
            target->setFocus(Qt::OtherFocusReason);
    }
    m_groupBy->setVisible(view == View::Kanban && m_groupBy->count() > 1);
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
    if (existing.contains(m_panel->itemId()))
        closeItem();
    if (existing.size() > 1)
        m_undo->beginMacro(tr("Delete %n items", nullptr, int(existing.size())));
    for (const QString &id : std::as_const(existing))
        submit(OpBuilder::deleteItem(id));
    if (existing.size() > 1)
        m_undo->endMacro();
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
    m_undo->push(new OpUndoCommand(m_store, op, *backward, [this](const Op &o) { Q_EMIT opRequested(o); }, text));
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
