#pragma once

#include <QDate>
#include <QObject>
#include <QPoint>
#include <QRect>
#include <QPointer>

class QLabel;
class QWidget;

namespace Tessera::App {

class CalendarGrid;
class UndatedList;

// Drags calendar items with the mouse: press on a grid chip or a "No date" row and move
// past the start distance, and the chip follows the pointer as a picture while the day
// under it is tinted (or the "No date" list, for a dated chip); releasing drops it there,
// Esc cancels. A drop on a day asks for that date, a drop on "No date" for none.
//
// Plain mouse events instead of QDrag, like the kanban's CardDrag: a real desktop and the
// offscreen platform the tests run on (whose QDrag ends at once) go through the same
// code. Events go to the widget the press was on (implicit grab), so every decision uses
// global positions.
class ChipDrag final : public QObject
{
    Q_OBJECT

public:
    // `surface` shows the floating chip; grid and list must outlive the drag.
    ChipDrag(QWidget *surface, CalendarGrid *grid, UndatedList *list, QObject *parent = nullptr);

    bool isDragging() const { return m_dragging; }
    QString draggedItem() const { return m_dragging ? m_itemId : QString(); }

Q_SIGNALS:
    void droppedOnDay(const QString &itemId, const QDate &day);
    void droppedOnNoDate(const QString &itemId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void press(QWidget *source, const QString &itemId, const QRect &chip, const QPoint &localPos, const QPoint &global);
    void begin();
    void track(const QPoint &global);
    void finish(const QPoint &global, bool drop);
    QDate dayAt(const QPoint &global) const;
    bool overList(const QPoint &global) const;

    QWidget *m_surface;
    CalendarGrid *m_grid;
    UndatedList *m_list;
    QPointer<QWidget> m_source; // the grid or the list's viewport
    QString m_itemId;
    QDate m_fromDay; // invalid from "No date"
    QRect m_chip; // in the source's coordinates
    QPoint m_pressGlobal;
    QPoint m_hotSpot;
    QPoint m_lastGlobal;
    bool m_dragging = false;
    QLabel *m_picture;
};

} // namespace Tessera::App
