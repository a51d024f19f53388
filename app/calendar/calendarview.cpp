#include "calendarview.h"

#include "calendargrid.h"
#include "chipdrag.h"
#include "undatedlist.h"
#include "app/board/opbuilder.h"

#include "core/models/boardstore.h"
#include "core/models/calendarmodel.h"
#include "core/models/itemtablemodel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {
constexpr int UndatedWidth = 190;
}

CalendarView::CalendarView(CalendarModel *model, QWidget *parent)
    : QWidget(parent), m_model(model),
      m_undatedModel(new CalendarModel(qobject_cast<ItemTableModel *>(model->sourceModel()), this)),
      m_store(qobject_cast<ItemTableModel *>(model->sourceModel())->store()), m_grid(new CalendarGrid(model)),
      m_scroll(new QScrollArea(this)), m_undated(new UndatedList(m_undatedModel, m_grid, this)),
      m_undatedPanel(new QWidget(this)), m_undatedTitle(new QLabel(m_undatedPanel)), m_title(new QLabel(this)),
      m_month(new QToolButton(this)), m_week(new QToolButton(this)), m_showUndated(new QToolButton(this)),
      m_columns(new QComboBox(this)), m_newTitle(new QLineEdit(m_grid))
{
    m_undatedModel->setUndatedOnly(true);
    m_undatedModel->setItemFilter(model->itemFilter());
    connect(m_model, &CalendarModel::itemFilterChanged, m_undatedModel,
            [this] { m_undatedModel->setItemFilter(m_model->itemFilter()); });

    auto *previous = new QToolButton(this);
    previous->setArrowType(Qt::LeftArrow);
    previous->setAutoRaise(true);
    previous->setAccessibleName(tr("Previous"));
    auto *next = new QToolButton(this);
    next->setArrowType(Qt::RightArrow);
    next->setAutoRaise(true);
    next->setAccessibleName(tr("Next"));
    auto *today = new QToolButton(this);
    today->setObjectName(QStringLiteral("calendarToday"));
    today->setText(tr("&Today"));
    today->setToolTip(tr("Show today (Home in the calendar)"));
    previous->setObjectName(QStringLiteral("calendarPrevious"));
    next->setObjectName(QStringLiteral("calendarNext"));
    connect(previous, &QToolButton::clicked, this, &CalendarView::showPrevious);
    connect(next, &QToolButton::clicked, this, &CalendarView::showNext);
    connect(today, &QToolButton::clicked, this, &CalendarView::showToday);

    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setMinimumWidth(40); // elided rather than pushing the bar wider than the window
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_month->setText(tr("&Month"));
    m_month->setObjectName(QStringLiteral("calendarMonth"));
    m_month->setToolTip(tr("Month view (Alt+M)"));
    m_week->setText(tr("&Week"));
    m_week->setObjectName(QStringLiteral("calendarWeek"));
    m_week->setToolTip(tr("Week view (Alt+W)"));
    auto *modes = new QButtonGroup(this);
    for (QToolButton *button : { m_month, m_week }) {
        button->setCheckable(true);
        modes->addButton(button);
    }
    for (QToolButton *button : { today, previous, next, m_month, m_week, m_showUndated })
        button->setFocusPolicy(Qt::StrongFocus); // reachable with Tab, not only by mouse
    m_month->setChecked(true);
    connect(m_month, &QToolButton::clicked, this, [this] { setMode(CalendarLayout::Mode::Month); });
    connect(m_week, &QToolButton::clicked, this, [this] { setMode(CalendarLayout::Mode::Week); });
    m_columns->setToolTip(tr("Date column shown"));
    m_columns->setAccessibleName(tr("Date column shown"));
    m_columns->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_columns, &QComboBox::activated, this, [this] { setDateColumn(m_columns->currentData().toString()); });
    m_showUndated->setObjectName(QStringLiteral("calendarShowUndated"));
    m_showUndated->setCheckable(true);
    m_showUndated->setChecked(true);
    m_showUndated->setToolTip(tr("Show or hide the items without a date"));
    connect(m_showUndated, &QToolButton::toggled, m_undatedPanel, &QWidget::setVisible);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(10, 6, 10, 6);
    bar->addWidget(today);
    bar->addWidget(previous);
    bar->addWidget(next);
    bar->addSpacing(8);
    bar->addWidget(m_title, 1);
    bar->addWidget(m_columns);
    bar->addSpacing(8);
    bar->addWidget(m_month);
    bar->addWidget(m_week);
    bar->addSpacing(8);
    bar->addWidget(m_showUndated);

    // The grid scrolls when a week's days hold more than fits; the month fits the view.
    m_scroll->setObjectName(QStringLiteral("calendarScroll"));
    m_scroll->setWidget(m_grid);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFocusPolicy(Qt::NoFocus); // the grid takes the keyboard
    m_scroll->setBackgroundRole(QPalette::Base);
    connect(m_scroll->verticalScrollBar(), &QScrollBar::valueChanged, m_grid, qOverload<>(&QWidget::update));

    // "No date": the items to drag onto a day.
    QFont bold = m_undatedTitle->font();
    bold.setBold(true);
    m_undatedTitle->setFont(bold);
    m_undatedTitle->setBuddy(m_undated);
    auto *side = new QVBoxLayout(m_undatedPanel);
    side->setContentsMargins(8, 6, 0, 0);
    side->setSpacing(4);
    side->addWidget(m_undatedTitle);
    side->addWidget(m_undated, 1);
    m_undatedPanel->setFixedWidth(UndatedWidth);
    m_undatedPanel->setAutoFillBackground(true);
    m_undatedPanel->setBackgroundRole(QPalette::Base);
    auto *divider = new QFrame(this);
    divider->setFrameShape(QFrame::VLine);
    divider->setFrameShadow(QFrame::Sunken);
    connect(m_showUndated, &QToolButton::toggled, divider, &QWidget::setVisible);

    auto *body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(0);
    body->addWidget(m_scroll, 1);
    body->addWidget(divider);
    body->addWidget(m_undatedPanel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addLayout(body, 1);

    // A new item's title, typed in place on its day.
    m_newTitle->setObjectName(QStringLiteral("calendarNewItem"));
    m_newTitle->setAccessibleName(tr("New item title"));
    m_newTitle->hide();
    m_newTitle->installEventFilter(this);

    m_drag = new ChipDrag(this, m_grid, m_undated, this);
    connect(m_drag, &ChipDrag::droppedOnDay, this, &CalendarView::reschedule);
    connect(m_drag, &ChipDrag::droppedOnNoDate, this, &CalendarView::unschedule);
    connect(m_grid, &CalendarGrid::rescheduleRequested, this, &CalendarView::reschedule);
    connect(m_grid, &CalendarGrid::openItemRequested, this, &CalendarView::openItemRequested);
    connect(m_grid, &CalendarGrid::newItemRequested, this, &CalendarView::startNewItem);
    connect(m_grid, &CalendarGrid::dayRequested, this, &CalendarView::setDate);
    connect(m_grid, &CalendarGrid::weekRequested, this, [this](const QDate &day) {
        setDate(day);
        setMode(CalendarLayout::Mode::Week);
    });
    connect(m_undated, &UndatedList::openItemRequested, this, &CalendarView::openItemRequested);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_undatedModel, signal, this, &CalendarView::refreshUndatedCount);
    connect(m_undatedModel, &QAbstractItemModel::modelReset, this, &CalendarView::refreshUndatedCount);
    connect(qobject_cast<ItemTableModel *>(model->sourceModel()), &QAbstractItemModel::modelReset, this,
            &CalendarView::refillColumns);
    setTabOrder(m_grid, m_undated);
    refillColumns();
    apply();
    refreshUndatedCount();
}

void CalendarView::refillColumns()
{
    m_columns->clear();
    for (const Column &column : m_store->columns()) {
        if (column.type == ColumnType::Date)
            m_columns->addItem(column.name, column.id);
    }
    m_columns->setVisible(m_columns->count() > 1);
    QString chosen = m_requestedColumn;
    if (m_columns->findData(chosen) < 0)
        chosen = m_columns->count() > 0 ? m_columns->itemData(0).toString() : QString();
    m_columns->setCurrentIndex(m_columns->findData(chosen));
    if (m_model->dateColumnId() != chosen)
        m_model->setDateColumn(chosen);
    m_undatedModel->setDateColumn(chosen);
    m_grid->refresh();
    refreshUndatedCount();
}

void CalendarView::refreshUndatedCount()
{
    const int count = m_undatedModel->rowCount();
    m_showUndated->setText(tr("No date (%1)").arg(count));
    m_showUndated->setAccessibleName(tr("Show items with no date (%n)", nullptr, count));
    m_undatedTitle->setText(tr("No date"));
    m_showUndated->setEnabled(!m_model->dateColumnId().isEmpty());
}

void CalendarView::setDateColumn(const QString &columnId)
{
    m_requestedColumn = columnId;
    refillColumns();
}

void CalendarView::setUnreadItems(const QSet<QString> &itemIds)
{
    m_grid->setUnreadItems(itemIds);
}

bool CalendarView::hasUnreadDot(const QString &itemId) const
{
    return m_grid->hasUnreadDot(itemId);
}

QString CalendarView::dateColumn() const
{
    return m_model->dateColumnId();
}

void CalendarView::setMode(CalendarLayout::Mode mode)
{
    finishNewItem(false);
    m_grid->layoutMath().setMode(mode);
    (mode == CalendarLayout::Mode::Month ? m_month : m_week)->setChecked(true);
    apply();
    m_scroll->verticalScrollBar()->setValue(0);
}

CalendarLayout::Mode CalendarView::mode() const
{
    return m_grid->layoutMath().mode();
}

void CalendarView::setDate(const QDate &anchor)
{
    if (!anchor.isValid())
        return;
    finishNewItem(false);
    m_grid->layoutMath().setAnchor(anchor);
    apply();
}

QDate CalendarView::date() const
{
    return m_grid->layoutMath().anchor();
}

void CalendarView::setToday(const QDate &today)
{
    m_today = today;
    m_grid->setToday(today);
}

void CalendarView::showNext()
{
    setDate(m_grid->layoutMath().next());
}

void CalendarView::showPrevious()
{
    setDate(m_grid->layoutMath().previous());
}

void CalendarView::showToday()
{
    setDate(m_today);
    m_grid->setCurrentDay(m_today);
}

QString CalendarView::title() const
{
    return m_title->text();
}

void CalendarView::apply()
{
    const CalendarLayout &math = m_grid->layoutMath();
    const QLocale locale;
    if (math.mode() == CalendarLayout::Mode::Month) {
        m_title->setText(locale.toString(math.anchor(), QStringLiteral("MMMM yyyy")));
    } else {
        m_title->setText(tr("%1 – %2").arg(locale.toString(math.firstVisible(), QStringLiteral("d MMM")),
                                          locale.toString(math.lastVisible(), QStringLiteral("d MMM yyyy"))));
    }
    m_title->setAccessibleName(m_title->text());
    m_model->setRange(math.firstVisible(), math.lastVisible());
    m_grid->refresh();
    m_grid->updateGeometry();
}

void CalendarView::selectItem(const QString &itemId)
{
    const QDate day = m_model->dateOf(itemId);
    if (day.isValid()) {
        if (!m_grid->layoutMath().isVisible(day))
            setDate(day);
        m_grid->selectItem(itemId);
        m_undated->clearSelection();
        return;
    }
    if (m_undatedModel->dateColumnId().isEmpty())
        return;
    m_showUndated->setChecked(true);
    m_grid->selectItem(QString());
    m_undated->selectItem(itemId);
}

QString CalendarView::selectedItem() const
{
    if (!m_grid->selectedItem().isEmpty())
        return m_grid->selectedItem();
    const QModelIndex current = m_undated->currentIndex();
    return current.isValid() && m_undated->selectionModel()->isSelected(current)
            ? current.data(ItemTableModel::ItemIdRole).toString()
            : QString();
}

void CalendarView::reschedule(const QString &itemId, const QDate &day)
{
    const QString columnId = m_model->dateColumnId();
    const Item *item = m_store->itemPtr(itemId);
    if (columnId.isEmpty() || !item)
        return;
    QString value = day.toString(Qt::ISODate);
    const QString old = item->fields.value(columnId).toString();
    if (old.size() > 10) // a date-time keeps its time of day
        value += old.mid(10);
    Q_EMIT opRequested(OpBuilder::updateItem(*m_store, itemId, { { columnId, value } }));
    if (m_store->itemPtr(itemId) && m_model->dateOf(itemId) == day)
        m_grid->selectItem(itemId); // it went where it was dropped: keep it in hand
}

void CalendarView::unschedule(const QString &itemId)
{
    const QString columnId = m_model->dateColumnId();
    if (columnId.isEmpty() || !m_store->itemPtr(itemId))
        return;
    Q_EMIT opRequested(OpBuilder::updateItem(*m_store, itemId, { { columnId, QJsonValue::Null } }));
    m_grid->selectItem(QString());
    m_undated->selectItem(itemId);
}

void CalendarView::startNewItem(const QDate &day)
{
    if (!day.isValid() || m_model->dateColumnId().isEmpty())
        return;
    finishNewItem(false);
    m_newDay = day;
    m_grid->setCurrentDay(day);
    m_grid->selectItem(QString());
    const QRect slot = m_grid->newItemRect(day);
    m_newTitle->setGeometry(slot.isNull() ? QRect(m_grid->layoutMath().cellRect(day).topLeft(), QSize(120, 24)) : slot);
    m_newTitle->setPlaceholderText(tr("New item on %1").arg(QLocale().toString(day, QStringLiteral("d MMM"))));
    m_newTitle->clear();
    m_newTitle->show();
    m_newTitle->raise();
    m_newTitle->setFocus(Qt::OtherFocusReason);
}

void CalendarView::finishNewItem(bool create)
{
    if (!m_newDay.isValid())
        return;
    const QDate day = std::exchange(m_newDay, QDate());
    const QString title = m_newTitle->text().trimmed();
    const bool hadFocus = m_newTitle->hasFocus();
    m_newTitle->hide();
    if (hadFocus)
        m_grid->setFocus(Qt::OtherFocusReason);
    if (!create || title.isEmpty())
        return;
    QJsonObject fields { { m_model->dateColumnId(), day.toString(Qt::ISODate) } };
    for (const Column &column : m_store->columns()) {
        if (column.type == ColumnType::Text) {
            fields.insert(column.id, title);
            break;
        }
    }
    const QString itemId = OpBuilder::newId();
    Q_EMIT opRequested(OpBuilder::createItem(itemId, fields, OpBuilder::rankAtEnd(*m_store)));
    if (m_store->rowOf(itemId) < 0)
        return; // refused at once (a viewer): the status bar says why
    m_grid->selectItem(itemId);
    Q_EMIT openItemRequested(itemId);
}

bool CalendarView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_newTitle) {
        if (event->type() == QEvent::KeyPress) {
            // Handled here: a line edit passes Enter on to its parent, the grid, which would
            // take it as "open" or "new item" again.
            const int key = static_cast<QKeyEvent *>(event)->key();
            if (key == Qt::Key_Escape || key == Qt::Key_Return || key == Qt::Key_Enter) {
                finishNewItem(key != Qt::Key_Escape);
                return true;
            }
        }
        if (event->type() == QEvent::FocusOut && m_newDay.isValid()) {
            // Clicking elsewhere keeps what was typed; another window or a popup only pauses it.
            const Qt::FocusReason reason = static_cast<QFocusEvent *>(event)->reason();
            if (reason != Qt::ActiveWindowFocusReason && reason != Qt::PopupFocusReason)
                finishNewItem(true);
        }
    }
    return QWidget::eventFilter(watched, event);
}

QWidget *CalendarView::focusTarget() const
{
    // The grid, unless what is selected is in the "No date" list.
    const bool undatedSelected = m_grid->selectedItem().isEmpty() && m_undated->isVisible()
            && m_undated->selectionModel()->hasSelection();
    return undatedSelected ? static_cast<QWidget *>(m_undated) : m_grid;
}

} // namespace Tessera::App
