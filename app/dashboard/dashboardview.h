#pragma once

#include "core/models/boardstats.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QStackedWidget;

QT_BEGIN_NAMESPACE
class QChart;
class QAbstractBarSeries;
class QChartView;
QT_END_NAMESPACE

namespace Tessera::Core {
class BoardStore;
}

namespace Tessera::App {

// The board's Dashboard view: items per status (bars in the options' colours) and per
// person, overdue items (a number and a list), items created and completed per week. It
// only draws: the numbers are Core::BoardStats over the store, recomputed once per batch
// (however many changes arrived together), and each recomputation redraws once.
// Clicking a status or person bar asks for the table filtered to it (filterRequested with
// an ItemFilter condition such as status:done); activating an overdue item opens it.
// An empty board shows a short explanation instead of empty charts.
class DashboardView final : public QWidget
{
    Q_OBJECT

public:
    // `store` must outlive the view.
    explicit DashboardView(Core::BoardStore *store, QWidget *parent = nullptr);

    Core::BoardStats *stats() const { return m_stats; }
    int redraws() const { return m_redraws; }
    QChartView *statusChart() const { return m_statusView; }
    QChartView *personChart() const { return m_personView; }
    QChartView *weeksChart() const { return m_weeksView; }
    QLabel *overdueCount() const { return m_overdueCount; }
    QListWidget *overdueList() const { return m_overdueList; }
    QWidget *focusTarget() const;
    bool showsEmptyState() const;

Q_SIGNALS:
    void filterRequested(const QString &condition);
    void openItemRequested(const QString &itemId);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void redraw(); // also when shown, if the numbers changed while hidden
    void drawStatus(const Core::BoardNumbers &n);
    void drawPeople(const Core::BoardNumbers &n);
    void finishBars(QChartView *view, QAbstractBarSeries *series, const QList<Core::BoardNumbers::Bar> &bars,
                    const QString &missing, const QString &toolTip);
    void drawWeeks(const Core::BoardNumbers &n);
    void drawOverdue(const Core::BoardNumbers &n);
    QChartView *makeChartView(const QString &objectName, const QString &title, const QString &accessibleName);
    void applyTheme();

    Core::BoardStore *m_store;
    Core::BoardStats *m_stats;
    QStackedWidget *m_pages;
    QChartView *m_statusView;
    QChartView *m_personView;
    QChartView *m_weeksView;
    QLabel *m_overdueCount;
    QListWidget *m_overdueList;
    QLabel *m_weeksNote;
    int m_redraws = 0;
    bool m_stale = false; // the numbers changed while hidden
    bool hiddenBehindAnotherView() const;
    bool m_dark = false;
};

} // namespace Tessera::App
