#pragma once

#include "calendarlayout.h"

#include "core/protocol/command.h"

#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;

namespace Tessera::Core {
class BoardStore;
class CalendarModel;
}

namespace Tessera::App {

class CalendarGrid;

// The board as a calendar over one date column: a navigation bar (previous, today, next,
// the period's title, Month/Week, the date column) above a painted CalendarGrid.
// Dragging a chip to another day emits item.update of the date field with base.
class CalendarView final : public QWidget
{
    Q_OBJECT

public:
    // `model`'s source must be the board's ItemTableModel; both must outlive the view.
    explicit CalendarView(Core::CalendarModel *model, QWidget *parent = nullptr);

    void setDateColumn(const QString &columnId); // empty: the board's first date column
    QString dateColumn() const;
    void setMode(CalendarLayout::Mode mode);
    CalendarLayout::Mode mode() const;
    void setDate(const QDate &anchor);
    QDate date() const;
    void setToday(const QDate &today); // tests pin "today"
    void showNext();
    void showPrevious();
    void showToday();
    QString title() const;
    CalendarGrid *grid() const { return m_grid; }
    QWidget *focusTarget() const;
    // Items with unseen activity get an accent dot on their chip.
    void setUnreadItems(const QSet<QString> &itemIds);
    bool hasUnreadDot(const QString &itemId) const;

Q_SIGNALS:
    void opRequested(const Tessera::Core::Op &op);
    void openItemRequested(const QString &itemId);

private:
    void reschedule(const QString &itemId, const QDate &day);
    void apply();
    void refillColumns();

    Core::CalendarModel *m_model;
    Core::BoardStore *m_store;
    CalendarGrid *m_grid;
    QLabel *m_title;
    QToolButton *m_month;
    QToolButton *m_week;
    QComboBox *m_columns;
    QString m_requestedColumn;
    QDate m_today = QDate::currentDate();
};

} // namespace Tessera::App
