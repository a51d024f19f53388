#include "dashboardview.h"

#include "core/models/boardstore.h"
#include "core/models/itemfilter.h"
#include "core/rules/itemfacts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QStackedBarSeries>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QValueAxis>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {

constexpr int ItemIdRole = Qt::UserRole + 1;

// A count axis: whole numbers from 0, at least up to 1, every tick on a whole number.
QValueAxis *countAxis(int max)
{
    auto *axis = new QValueAxis;
    const int top = max <= 4 ? std::max(1, max) : (max + 3) / 4 * 4;
    axis->setRange(0, top);
    axis->setTickCount(std::min(top, 4) + 1);
    axis->setLabelFormat(QStringLiteral("%d"));
    return axis;
}

// The categories under the bars, a little smaller than the text around them, so "In
// progress" or a person's full name fits under its bar at 1024x768.
QBarCategoryAxis *categoryAxis(const QStringList &labels)
{
    auto *axis = new QBarCategoryAxis;
    axis->append(labels);
    QFont small = axis->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    axis->setLabelsFont(small);
    // Qt Charts cuts labels short well before they reach the next category; whole words
    // read better, and the tests check that each label fits its category's width.
    axis->setTruncateLabels(false);
    return axis;
}

// `series` on `chart`, over the categories `labels` and a count axis up to `max`.
void addWithAxes(QChart *chart, QAbstractBarSeries *series, const QStringList &labels, int max)
{
    chart->addSeries(series);
    QBarCategoryAxis *x = categoryAxis(labels);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    QValueAxis *y = countAxis(max);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
}

void clearChart(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

} // namespace

DashboardView::DashboardView(BoardStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_stats(new BoardStats(store, this))
    , m_pages(new QStackedWidget(this))
    , m_statusView(makeChartView(QStringLiteral("statusChart"), tr("Items per status"), tr("Items per status chart")))
    , m_personView(makeChartView(QStringLiteral("personChart"), tr("Items per person"), tr("Items per person chart")))
    , m_weeksView(makeChartView(QStringLiteral("weeksChart"), tr("Created and completed per week"),
                                tr("Items created and completed per week chart")))
    , m_overdueCount(new QLabel(this))
    , m_overdueList(new QListWidget(this))
    , m_weeksNote(new QLabel(this))
{
    setObjectName(QStringLiteral("dashboard"));
    auto *empty = new QLabel(tr("This board has no items yet.\nAdd one with New item (Ctrl+N): the Dashboard "
                                "counts them by status and person, shows what is overdue and what was done each week."),
                             this);
    empty->setObjectName(QStringLiteral("dashboardEmpty"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setAccessibleName(tr("The board is empty"));

    auto *overdue = new QWidget(this);
    auto *overdueLayout = new QVBoxLayout(overdue);
    overdueLayout->setContentsMargins(8, 8, 8, 8);
    m_overdueCount->setObjectName(QStringLiteral("overdueCount"));
    QFont big = m_overdueCount->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_overdueCount->setFont(big);
    m_overdueCount->setWordWrap(true);
    m_overdueList->setObjectName(QStringLiteral("overdueList"));
    m_overdueList->setAccessibleName(tr("Overdue items"));
    m_overdueList->setToolTip(tr("Double-click or press Enter to open an item"));
    m_overdueList->setUniformItemSizes(true);
    connect(m_overdueList, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { Q_EMIT openItemRequested(item->data(ItemIdRole).toString()); });
    overdueLayout->addWidget(m_overdueCount);
    overdueLayout->addWidget(m_overdueList, 1);
    overdueLayout->addStretch(); // the count stays at the top when the list is hidden

    auto *weeks = new QWidget(this);
    auto *weeksLayout = new QVBoxLayout(weeks);
    weeksLayout->setContentsMargins(0, 0, 0, 0);
    weeksLayout->setSpacing(0);
    m_weeksNote->setObjectName(QStringLiteral("weeksNote"));
    m_weeksNote->setWordWrap(true);
    m_weeksNote->setContentsMargins(8, 0, 8, 4);
    weeksLayout->addWidget(m_weeksView, 1);
    weeksLayout->addWidget(m_weeksNote);

    auto *charts = new QWidget(this);
    auto *grid = new QGridLayout(charts);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(4);
    grid->addWidget(m_statusView, 0, 0);
    grid->addWidget(m_personView, 0, 1);
    grid->addWidget(weeks, 1, 0);
    grid->addWidget(overdue, 1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);

    m_pages->addWidget(empty);
    m_pages->addWidget(charts);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    // Behind another view of a shown window the numbers and charts wait until shown:
    // recounting the board and redrawing after every batch of a stream of remote updates
    // took most of the app's CPU at 100,000 items (#14, docs/benchmarks.md).
    m_stats->setWanted([this] { return !hiddenBehindAnotherView(); });
    connect(m_stats, &BoardStats::changed, this, [this] {
        if (hiddenBehindAnotherView())
            m_stale = true;
        else
            redraw();
    });
    applyTheme();
    redraw();
}

QChartView *DashboardView::makeChartView(const QString &objectName, const QString &title, const QString &accessibleName)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->hide();
    chart->setAnimationOptions(QChart::NoAnimation); // one batch, one repaint
    auto *view = new QChartView(chart, this);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(240, 200);
    return view;
}

QWidget *DashboardView::focusTarget() const
{
    return showsEmptyState() ? m_pages->currentWidget() : static_cast<QWidget *>(m_overdueList);
}

bool DashboardView::showsEmptyState() const
{
    return m_pages->currentIndex() == 0;
}

void DashboardView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyTheme();
        redraw();
    }
}

void DashboardView::applyTheme()
{
    // The charts follow the app's palette (Settings > Appearance, or the system's).
    m_dark = palette().color(QPalette::Window).lightness() < 128;
    for (QChartView *view : { m_statusView, m_personView, m_weeksView }) {
        view->chart()->setTheme(m_dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        view->chart()->setAnimationOptions(QChart::NoAnimation);
        view->setBackgroundBrush(palette().brush(QPalette::Base));
    }
}

bool DashboardView::hiddenBehindAnotherView() const
{
    return window()->isVisible() && !isVisible();
}

void DashboardView::showEvent(QShowEvent *event)
{
    m_stats->catchUp(); // redraws through changed() when the numbers were stale
    if (m_stale)
        redraw();
    QWidget::showEvent(event);
}

void DashboardView::redraw()
{
    m_stale = false;
    ++m_redraws;
    const BoardNumbers &n = m_stats->numbers();
    m_pages->setCurrentIndex(n.items == 0 ? 0 : 1);
    drawStatus(n);
    drawPeople(n);
    drawWeeks(n);
    drawOverdue(n);
}

void DashboardView::drawStatus(const BoardNumbers &n)
{
    clearChart(m_statusView->chart());
    // One set per status (each bar in its option's colour), stacked so every category
    // holds exactly one non-zero bar.
    auto *series = new QStackedBarSeries;
    for (int i = 0; i < n.perStatus.size(); ++i) {
        const BoardNumbers::Bar &bar = n.perStatus.at(i);
        auto *set = new QBarSet(bar.label);
        for (int j = 0; j < n.perStatus.size(); ++j)
            set->append(i == j ? bar.count : 0);
        set->setColor(bar.color.isEmpty() ? palette().color(QPalette::Mid) : QColor(bar.color));
        set->setBorderColor(palette().color(QPalette::Base));
        series->append(set);
    }
    finishBars(m_statusView, series, n.perStatus,
               n.statusColumnId.isEmpty() ? tr("The board has no status column") : QString(),
               tr("Click a bar to see its items in the table"));
}

void DashboardView::drawPeople(const BoardNumbers &n)
{
    clearChart(m_personView->chart());
    auto *series = new QBarSeries;
    auto *set = new QBarSet(tr("Items"));
    set->setColor(palette().color(QPalette::Highlight));
    for (const BoardNumbers::Bar &bar : n.perPerson)
        set->append(bar.count);
    series->append(set);
    finishBars(m_personView, series, n.perPerson,
               n.personColumnId.isEmpty() ? tr("The board has no person column") : QString(),
               tr("Click a bar to see that person's items in the table"));
}

// What the status and person charts share: labels on the bars, a click filters the table
// to the clicked bar's items, a category and a count axis, and the numbers in words for
// screen readers (or `missing`, when the board lacks the column).
void DashboardView::finishBars(QChartView *view, QAbstractBarSeries *series, const QList<BoardNumbers::Bar> &bars,
                               const QString &missing, const QString &toolTip)
{
    QStringList labels;
    QStringList spoken;
    int max = 0;
    for (const BoardNumbers::Bar &bar : bars) {
        labels.append(bar.label);
        spoken.append(tr("%1: %2").arg(bar.label).arg(bar.count));
        max = std::max(max, bar.count);
    }
    series->setBarWidth(0.7);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    connect(series, &QAbstractBarSeries::clicked, this, [this, bars](int index, QBarSet *) {
        if (index >= 0 && index < bars.size())
            Q_EMIT filterRequested(bars.at(index).filter);
    });
    QChart *chart = view->chart();
    addWithAxes(chart, series, labels, max);
    view->setAccessibleDescription(missing.isEmpty() ? spoken.join(QStringLiteral(", ")) : missing);
    view->setToolTip(toolTip);
}

void DashboardView::drawWeeks(const BoardNumbers &n)
{
    QChart *chart = m_weeksView->chart();
    clearChart(chart);
    auto *series = new QBarSeries;
    auto *created = new QBarSet(tr("Created"));
    auto *completed = new QBarSet(tr("Completed"));
    created->setColor(QColor(QStringLiteral("#4c8dd6")));
    completed->setColor(QColor(QStringLiteral("#3fa35b")));
    QStringList labels;
    int max = 0;
    const QLocale locale;
    for (const BoardNumbers::Week &w : n.weeks) {
        created->append(w.created);
        completed->append(w.completed);
        labels.append(locale.toString(w.start, QStringLiteral("d/M")));
        max = std::max({ max, w.created, w.completed });
    }
    series->append(created);
    series->append(completed);
    addWithAxes(chart, series, labels, max);
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignTop);
    const BoardNumbers::Week last = n.weeks.isEmpty() ? BoardNumbers::Week() : n.weeks.constLast();
    m_weeksView->setAccessibleDescription(
        tr("This week: %1 created, %2 completed").arg(last.created).arg(last.completed));
    m_weeksNote->setText(n.doneWithoutTime == 1
                             ? tr("1 done item finished before this board was loaded here: its week is unknown.")
                             : tr("%1 done items finished before this board was loaded here: their week is unknown.")
                                   .arg(n.doneWithoutTime));
    m_weeksNote->setVisible(n.doneWithoutTime > 0);
}

void DashboardView::drawOverdue(const BoardNumbers &n)
{
    m_overdueCount->setText(n.overdue.isEmpty() ? tr("Nothing is overdue")
                                                : tr("%n overdue", nullptr, int(n.overdue.size())));
    m_overdueCount->setAccessibleName(m_overdueCount->text());
    m_overdueList->clear();
    const QList<Column> &columns = m_store->columns();
    for (const QString &id : n.overdue) {
        const Item *item = m_store->itemPtr(id);
        if (!item)
            continue;
        QString when;
        for (const auto &[columnId, day] : datesOf(*item, columns)) {
            if (day < QDate::currentDate()) {
                when = QLocale().toString(day, QLocale::ShortFormat);
                break;
            }
        }
        const QString title = titleOf(*item, columns);
        auto *entry = new QListWidgetItem(tr("%1 — due %2").arg(title.isEmpty() ? tr("(untitled)") : title, when));
        entry->setData(ItemIdRole, id);
        m_overdueList->addItem(entry);
    }
    m_overdueList->setVisible(!n.overdue.isEmpty());
}

} // namespace Tessera::App
