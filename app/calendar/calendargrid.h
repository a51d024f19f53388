#pragma once

#include "calendarlayout.h"

#include <QMultiMap>
#include <QSet>
#include <QWidget>

namespace Tessera::Core {
class BoardStore;
class CalendarModel;
}

namespace Tessera::App {

// The painted month/week grid of the calendar view (layout in CalendarLayout): day
// numbers, today highlighted, one chip per item in the status colour (overdue ones
// outlined in red, done ones struck through), "+N more" when a month day overflows; in
// the week the chips are two lines (title; status and person) and the grid grows as tall
// as its fullest day (the view scrolls it, the weekday header stays on top).
//
// Mouse: a click selects a chip (or a day), a double-click opens the chip or, on a day's
// free space, asks for a new item on that day; clicking "+N more" asks for that day's
// week. Dragging chips is ChipDrag's (the grid shows where they would land).
// Keyboard: arrows move the current day (Up/Down step through the day's chips first),
// Enter opens the selected chip or asks for a new item on the day, Ctrl+arrows move the
// selected item a day/week, PageUp/PageDown the period, Home today.
class CalendarGrid final : public QWidget
{
    Q_OBJECT

public:
    explicit CalendarGrid(Core::CalendarModel *model, QWidget *parent = nullptr);

    CalendarLayout &layoutMath() { return m_layout; }
    const CalendarLayout &layoutMath() const { return m_layout; }
    void setToday(const QDate &today);
    QDate today() const { return m_today; }
    // Items with unseen activity get an accent dot on their chip.
    void setUnreadItems(const QSet<QString> &itemIds);
    bool hasUnreadDot(const QString &itemId) const { return m_unread.contains(itemId); }
    void refresh(); // re-reads the model's items by day (after navigation or changes)
    int refreshes() const { return m_refreshes; } // how often it re-read them
    // Where an item's chip is painted now (null when hidden in "+N more").
    QRect chipRectOf(const QString &itemId) const;
    QString chipAt(const QPoint &point) const; // "" when no chip is there
    QDate dayAt(const QPoint &point) const; // invalid on the header and outside the days
    // Where a new item of `day` is typed: the chip slot below its chips.
    QRect newItemRect(const QDate &day) const;
    // The chips painted now, day by day (for assistive technology).
    struct Chip
    {
        QString itemId;
        QString title;
        QDate day;
        QRect rect;
        bool overdue = false;
        bool done = false;
    };
    QList<Chip> visibleChips() const;
    QString titleOf(const QString &itemId) const;
    bool isOverdue(const QString &itemId) const;
    bool isDone(const QString &itemId) const;

    // Selection: one chip (or none) and the day the keyboard is on.
    void selectItem(const QString &itemId);
    QString selectedItem() const { return m_selected; }
    void setCurrentDay(const QDate &day);
    QDate currentDay() const { return m_current; }
    // A chip being dragged over the grid: the day it would land on is tinted.
    void setDropDay(const QDate &day);
    QDate dropDay() const { return m_dropDay; }

    // Paints an item's chip into `rect`: the look of the grid's chips, also used by the
    // "No date" list and the dragged picture. `twoLines`: title, then status and person.
    void paintChip(QPainter &painter, const QRect &rect, const QString &itemId, bool twoLines, bool selected) const;

    QSize sizeHint() const override { return { 840, 560 }; }
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void rescheduleRequested(const QString &itemId, const QDate &day);
    void openItemRequested(const QString &itemId);
    void newItemRequested(const QDate &day);
    void weekRequested(const QDate &day);
    // The keyboard went to a day outside the period shown: show the period of `day`.
    void dayRequested(const QDate &day);
    void selectionChanged(const QString &itemId);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void modelChanged(); // refresh(), or later (showEvent) while another view is shown
    void updateMetrics();
    QColor chipColor(const QString &itemId) const;
    QString secondLineOf(const QString &itemId) const;
    int headerOffset() const; // how far the grid is scrolled: the header is painted there
    void moveCurrentDay(int days);
    void stepChip(int step);
    void ensureVisible(const QRect &rect);

    Core::CalendarModel *m_model;
    Core::BoardStore *m_store;
    CalendarLayout m_layout;
    QMultiMap<QDate, QString> m_items;
    bool m_stale = false; // the model changed while the grid was hidden
    int m_refreshes = 0;
    QSet<QString> m_unread;
    QDate m_today = QDate::currentDate();
    QString m_selected;
    QDate m_current = QDate::currentDate();
    QDate m_dropDay;
};

} // namespace Tessera::App
