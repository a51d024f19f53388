#include "calendarview.h"

#include "calendargrid.h"
#include "app/board/opbuilder.h"

#include "core/models/boardstore.h"
#include "core/models/calendarmodel.h"
#include "core/models/itemtablemodel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QVBoxLayout>

namespace Tessera::App {

using namespace Tessera::Core;

CalendarView::CalendarView(CalendarModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_store(qobject_cast<ItemTableModel *>(model->sourceModel())->store()),
      m_grid(new CalendarGrid(model, this)), m_title(new QLabel(this)), m_month(new QToolButton(this)),
      m_week(new QToolButton(this)), m_columns(new QComboBox(this))
{
    auto *previous = new QToolButton(this);
    previous->setArrowType(Qt::LeftArrow);
    previous->setAutoRaise(true);
    previous->setToolTip(tr("Previous"));
    previous->setAccessibleName(tr("Previous"));
    auto *next = new QToolButton(this);
    next->setArrowType(Qt::RightArrow);
    next->setAutoRaise(true);
    next->setToolTip(tr("Next"));
    next->setAccessibleName(tr("Next"));
    auto *today = new QToolButton(this);
    today->setText(tr("Today"));
    connect(previous, &QToolButton::clicked, this, &CalendarView::showPrevious);
    connect(next, &QToolButton::clicked, this, &CalendarView::showNext);
    connect(today, &QToolButton::clicked, this, &CalendarView::showToday);

    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_month->setText(tr("Month"));
    m_week->setText(tr("Week"));
    auto *modes = new QButtonGroup(this);
    for (QToolButton *button : { m_month, m_week }) {
        button->setCheckable(true);
        modes->addButton(button);
    }
    m_month->setChecked(true);
    connect(m_month, &QToolButton::clicked, this, [this] { setMode(CalendarLayout::Mode::Month); });
    connect(m_week, &QToolButton::clicked, this, [this] { setMode(CalendarLayout::Mode::Week); });
    m_columns->setToolTip(tr("Date column shown"));
    m_columns->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_columns, &QComboBox::activated, this, [this] { setDateColumn(m_columns->currentData().toString()); });

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(10, 6, 10, 6);
    bar->addWidget(today);
    bar->addWidget(previous);
    bar->addWidget(next);
    bar->addSpacing(8);
    bar->addWidget(m_title);
    bar->addStretch();
    bar->addWidget(m_columns);
    bar->addSpacing(8);
    bar->addWidget(m_month);
    bar->addWidget(m_week);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_grid, 1);

    connect(m_grid, &CalendarGrid::rescheduleRequested, this, &CalendarView::reschedule);
    connect(m_grid, &CalendarGrid::openItemRequested, this, &CalendarView::openItemRequested);
    connect(m_grid, &CalendarGrid::weekRequested, this, [this](const QDate &day) {
        setDate(day);
        setMode(CalendarLayout::Mode::Week);
    });
    connect(qobject_cast<ItemTableModel *>(model->sourceModel()), &QAbstractItemModel::modelReset, this,
            &CalendarView::refillColumns);
    refillColumns();
    apply();
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
    m_grid->refresh();
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
    m_grid->layoutMath().setMode(mode);
    (mode == CalendarLayout::Mode::Month ? m_month : m_week)->setChecked(true);
    apply();
}

CalendarLayout::Mode CalendarView::mode() const
{
    return m_grid->layoutMath().mode();
}

void CalendarView::setDate(const QDate &anchor)
{
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
    m_model->setRange(math.firstVisible(), math.lastVisible());
    m_grid->refresh();
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
}

QWidget *CalendarView::focusTarget() const
{
    return m_grid;
}

} // namespace Tessera::App
