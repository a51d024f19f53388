#include "columnlist.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>

namespace Tessera::App {

ColumnList::ColumnList(QWidget *parent) : QListWidget(parent)
{
    setSelectionMode(QAbstractItemView::SingleSelection);
    setDragDropMode(QAbstractItemView::NoDragDrop);
}

void ColumnList::mousePressEvent(QMouseEvent *event)
{
    QListWidget::mousePressEvent(event);
    m_pressRow = event->button() == Qt::LeftButton ? indexAt(event->position().toPoint()).row() : -1;
    m_pressPos = event->position().toPoint();
    m_dragging = false;
    m_dropRow = -1;
}

void ColumnList::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_draggable || m_pressRow < 0 || !(event->buttons() & Qt::LeftButton)) {
        QListWidget::mouseMoveEvent(event);
        return;
    }
    const QPoint pos = event->position().toPoint();
    if (!m_dragging && (pos - m_pressPos).manhattanLength() < QApplication::startDragDistance())
        return;
    m_dragging = true;
    setCursor(Qt::ClosedHandCursor);
    const int row = dropRowAt(pos);
    if (row != m_dropRow) {
        m_dropRow = row;
        viewport()->update();
    }
}

void ColumnList::mouseReleaseEvent(QMouseEvent *event)
{
    const bool dropped = m_dragging && event->button() == Qt::LeftButton;
    const int from = m_pressRow;
    const int gap = m_dropRow;
    m_dragging = false;
    m_pressRow = -1;
    m_dropRow = -1;
    unsetCursor();
    viewport()->update();
    QListWidget::mouseReleaseEvent(event);
    if (!dropped || from < 0 || gap < 0)
        return;
    // Dropped into the gap before row `gap`: below itself, the rows above close up.
    const int to = gap > from ? gap - 1 : gap;
    if (to != from)
        Q_EMIT moveRequested(from, to);
}

int ColumnList::dropRowAt(const QPoint &pos) const
{
    for (int row = 0; row < count(); ++row) {
        const QRect rect = visualItemRect(item(row));
        if (pos.y() < rect.center().y())
            return row;
    }
    return count();
}

void ColumnList::paintEvent(QPaintEvent *event)
{
    QListWidget::paintEvent(event);
    if (m_dropRow < 0 || count() == 0)
        return;
    const QRect rect = m_dropRow < count() ? visualItemRect(item(m_dropRow)) : visualItemRect(item(count() - 1));
    const int y = m_dropRow < count() ? rect.top() : rect.bottom();
    QPainter painter(viewport());
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter.drawLine(rect.left() + 2, y, rect.right() - 2, y);
}

} // namespace Tessera::App
