#include "lanelistview.h"

#include "core/models/itemtablemodel.h"

#include <QPainter>

namespace Tessera::App {

LaneListView::LaneListView(QWidget *parent)
    : QListView(parent)
{
    // Cards select like files: Ctrl adds one, Shift a range, a drag on the lane's empty
    // space draws a rubber band.
    setSelectionMode(ExtendedSelection);
    setSelectionRectVisible(true);
    setEditTriggers(NoEditTriggers);
    setVerticalScrollMode(ScrollPerPixel);
    setUniformItemSizes(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setAutoFillBackground(false);
    setAttribute(Qt::WA_MacShowFocusRect, false);
}

int LaneListView::dropRowAt(const QPoint &viewportPos) const
{
    // The first card whose middle is below the point (cards are stacked top to bottom).
    int low = 0;
    int high = model() ? model()->rowCount() : 0;
    while (low < high) {
        const int mid = (low + high) / 2;
        if (visualRect(model()->index(mid, 0)).center().y() <= viewportPos.y())
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

void LaneListView::setDropRow(int row)
{
    if (row == m_dropRow)
        return;
    m_dropRow = row;
    viewport()->update();
}

void LaneListView::paintEvent(QPaintEvent *event)
{
    QListView::paintEvent(event);
    if (m_dropRow < 0 || !model())
        return;
    int y = 2;
    if (m_dropRow < model()->rowCount())
        y = visualRect(model()->index(m_dropRow, 0)).top();
    else if (model()->rowCount() > 0)
        y = visualRect(model()->index(model()->rowCount() - 1, 0)).bottom();
    QPainter painter(viewport());
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(palette().highlight().color(), 3, Qt::SolidLine, Qt::RoundCap));
    painter.drawLine(QPointF(8, y), QPointF(viewport()->width() - 8, y));
}

} // namespace Tessera::App
