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
// numbers, today highlighted, one chip per item in the status colour, "+N more" when a
// day overflows. Dragging a chip to another day asks for a reschedule; double-clicking
// opens the item; clicking "+N more" asks to show that day's week.
class CalendarGrid final : public QWidget
{
    Q_OBJECT

public:
    explicit CalendarGrid(Core::CalendarModel *model, QWidget *parent = nullptr);

    CalendarLayout &layoutMath() { return m_layout; }
    const CalendarLayout &layoutMath() const { return m_layout; }
    void setToday(const QDate &today) { m_today = today; update(); }
    // Items with unseen activity get an accent dot on their chip.
    void setUnreadItems(const QSet<QString> &itemIds);
    bool hasUnreadDot(const QString &itemId) const { return m_unread.contains(itemId); }
    void refresh(); // re-reads the model's items by day (after navigation or changes)
    // Where an item's chip is painted now (null when hidden in "+N more").
    QRect chipRectOf(const QString &itemId) const;
    // The chips painted now, day by day (for assistive technology).
    struct Chip
    {
        QString itemId;
        QString title;
        QDate day;
        QRect rect;
    };
    QList<Chip> visibleChips() const;
    QString titleOf(const QString &itemId) const;

    QSize sizeHint() const override { return { 840, 560 }; }
    QSize minimumSizeHint() const override { return { 420, 300 }; }

Q_SIGNALS:
    void rescheduleRequested(const QString &itemId, const QDate &day);
    void openItemRequested(const QString &itemId);
    void weekRequested(const QDate &day);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateMetrics();
    QString chipAt(const QPoint &point) const;
    QColor chipColor(const QString &itemId) const;

    Core::CalendarModel *m_model;
    Core::BoardStore *m_store;
    CalendarLayout m_layout;
    QMultiMap<QDate, QString> m_items;
    QSet<QString> m_unread;
    QDate m_today = QDate::currentDate();
    QString m_pressedItem;
    QPoint m_pressPos;
    bool m_dragging = false;
    QDate m_dropDay;
};

} // namespace Tessera::App
