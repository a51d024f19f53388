#include "lanelistview.h"

#include "core/itemtablemodel.h"

#include <QDrag>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QPainter>

namespace Tessera::App {

LaneListView::LaneListView(QWidget *parent)
    : QListView(parent)
{
    setDragEnabled(true);
    setAcceptDrops(true);
    setDropIndicatorShown(false);
    setDragDropMode(DragDrop);
    setDefaultDropAction(Qt::MoveAction);
    setSelectionMode(SingleSelection);
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
    const QModelIndex index = indexAt(viewportPos);
    if (!index.isValid())
        return model() ? model()->rowCount() : 0;
    const QRect rect = visualRect(index);
    return viewportPos.y() < rect.center().y() ? index.row() : index.row() + 1;
}

void LaneListView::startDrag(Qt::DropActions supportedActions)
{
    const QModelIndex index = currentIndex();
    if (!index.isValid())
        return;
    auto *mime = new QMimeData;
    mime->setData(mimeType(), index.data(Core::ItemTableModel::ItemIdRole).toString().toUtf8());
    auto *drag = new QDrag(this);
    drag->setMimeData(mime);
    const QRect rect = visualRect(index);
    QPixmap pixmap(rect.size() * devicePixelRatioF());
    pixmap.setDevicePixelRatio(devicePixelRatioF());
    pixmap.fill(Qt::transparent);
    {
        QPainter painter(&pixmap);
        QStyleOptionViewItem option;
        initViewItemOption(&option);
        option.rect = QRect(QPoint(0, 0), rect.size());
        itemDelegateForIndex(index)->paint(&painter, option, index);
    }
    drag->setPixmap(pixmap);
    drag->setHotSpot(viewport()->mapFromGlobal(QCursor::pos()) - rect.topLeft());
    drag->exec(supportedActions & Qt::MoveAction ? Qt::MoveAction : supportedActions, Qt::MoveAction);
}

void LaneListView::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasFormat(mimeType())) {
        event->setDropAction(Qt::MoveAction);
        event->accept();
    } else {
        event->ignore();
    }
}

void LaneListView::dragMoveEvent(QDragMoveEvent *event)
{
    if (!event->mimeData()->hasFormat(mimeType())) {
        event->ignore();
        return;
    }
    m_dropRow = dropRowAt(event->position().toPoint());
    event->setDropAction(Qt::MoveAction);
    event->accept();
    viewport()->update();
}

void LaneListView::dragLeaveEvent(QDragLeaveEvent *event)
{
    m_dropRow = -1;
    viewport()->update();
    QListView::dragLeaveEvent(event);
}

void LaneListView::dropEvent(QDropEvent *event)
{
    m_dropRow = -1;
    viewport()->update();
    if (!event->mimeData()->hasFormat(mimeType())) {
        event->ignore();
        return;
    }
    const QString itemId = QString::fromUtf8(event->mimeData()->data(mimeType()));
    const int row = dropRowAt(event->position().toPoint());
    event->setDropAction(Qt::CopyAction); // the model changes through the store, not by the drag
    event->accept();
    Q_EMIT cardDropped(itemId, row);
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
