#pragma once

#include "calendarlayout.h"

#include "core/protocol/command.h"

#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QScrollArea;
class QToolButton;

namespace Tessera::Core {
class BoardStore;
class CalendarModel;
}

namespace Tessera::App {

class CalendarGrid;
class ChipDrag;
class UndatedList;

// The board as a calendar over one date column: a navigation bar (today, previous, next,
// the period's title, the date column, Month/Week, the "No date" toggle) above a painted
// CalendarGrid (scrolled when a week's days hold more than fits) and, beside it, the
// "No date" list of the items without a date.
// Dragging a chip to another day, or a "No date" item onto a day, emits item.update of
// the date field with base (onto "No date": the date cleared). A double click on a day's
// free space (or Enter on a day) opens a title field there; Enter emits item.create
// dated that day, and the new item is selected and opened.
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
    UndatedList *undatedList() const { return m_undated; }
    Core::CalendarModel *undatedModel() const { return m_undatedModel; }
    QScrollArea *scrollArea() const { return m_scroll; }
    QLineEdit *newItemEditor() const { return m_newTitle; } // shown while a new item's title is typed
    QToolButton *monthButton() const { return m_month; }
    QToolButton *weekButton() const { return m_week; }
    QWidget *focusTarget() const;
    // Shows the item where the calendar shows it (its period, or the "No date" list) and
    // selects it there.
    void selectItem(const QString &itemId);
    QString selectedItem() const;
    // Items with unseen activity get an accent dot on their chip.
    void setUnreadItems(const QSet<QString> &itemIds);
    bool hasUnreadDot(const QString &itemId) const;

Q_SIGNALS:
    void opRequested(const Tessera::Core::Op &op);
    void openItemRequested(const QString &itemId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void reschedule(const QString &itemId, const QDate &day);
    void unschedule(const QString &itemId);
    void startNewItem(const QDate &day);
    void finishNewItem(bool create);
    void apply();
    void refillColumns();
    void refreshUndatedCount();

    Core::CalendarModel *m_model;
    Core::CalendarModel *m_undatedModel;
    Core::BoardStore *m_store;
    CalendarGrid *m_grid;
    QScrollArea *m_scroll;
    UndatedList *m_undated;
    QWidget *m_undatedPanel;
    QLabel *m_undatedTitle;
    ChipDrag *m_drag;
    QLabel *m_title;
    QToolButton *m_month;
    QToolButton *m_week;
    QToolButton *m_showUndated;
    QComboBox *m_columns;
    QLineEdit *m_newTitle;
    QDate m_newDay; // valid while the new item's title is typed
    QString m_requestedColumn;
    QDate m_today = QDate::currentDate();
};

} // namespace Tessera::App
