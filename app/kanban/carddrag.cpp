#include "carddrag.h"

#include "kanbanlane.h"
#include "lanelistview.h"

#include "core/models/itemtablemodel.h"

#include <QApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>

namespace Tessera::App {

namespace {

constexpr int EdgeZone = 36; // px from an edge where dragging scrolls
constexpr int ScrollStep = 18;

} // namespace

CardDrag::CardDrag(QWidget *surface, std::function<QList<KanbanLane *>()> lanes, QObject *parent)
    : QObject(parent), m_surface(surface), m_lanes(std::move(lanes)), m_picture(new QLabel(surface)),
      m_scrollTimer(new QTimer(this))
{
    m_picture->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_picture->setObjectName(QStringLiteral("draggedCard"));
    m_picture->hide();
    m_scrollTimer->setInterval(30);
    connect(m_scrollTimer, &QTimer::timeout, this, &CardDrag::autoScroll);
}

CardDrag::~CardDrag() = default;

void CardDrag::watch(LaneListView *list)
{
    list->viewport()->installEventFilter(this);
    list->installEventFilter(this); // Esc while dragging
}

bool CardDrag::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        auto *list = qobject_cast<LaneListView *>(watched->parent());
        if (mouse->button() != Qt::LeftButton || !list)
            break;
        const QModelIndex index = list->indexAt(mouse->position().toPoint());
        if (!index.isValid())
            break;
        m_source = list;
        m_itemId = index.data(Core::ItemTableModel::ItemIdRole).toString();
        m_pressGlobal = mouse->globalPosition().toPoint();
        m_hotSpot = mouse->position().toPoint() - list->visualRect(index).topLeft();
        m_dragging = false;
        // A press on a card of a multi-selection may start dragging them all: the
        // selection stays until the release shows it was a plain click.
        m_deferredSelect = mouse->modifiers() == Qt::NoModifier && list->selectionModel()->isSelected(index)
                && list->selectionModel()->selectedIndexes().size() > 1;
        if (m_deferredSelect) {
            list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
            return true;
        }
        break; // the list still selects the card
    }
    case QEvent::MouseMove: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (m_itemId.isEmpty() || !(mouse->buttons() & Qt::LeftButton))
            break;
        const QPoint global = mouse->globalPosition().toPoint();
        if (!m_dragging) {
            if ((global - m_pressGlobal).manhattanLength() < QApplication::startDragDistance())
                return true;
            begin();
        }
        track(global);
        return true;
    }
    case QEvent::MouseButtonRelease: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() != Qt::LeftButton || m_itemId.isEmpty())
            break;
        if (!m_dragging) {
            m_itemId.clear(); // a plain click
            if (std::exchange(m_deferredSelect, false) && m_source) {
                const QModelIndex index = m_source->indexAt(mouse->position().toPoint());
                if (index.isValid())
                    m_source->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
                return true;
            }
            break;
        }
        m_deferredSelect = false;
        finish(mouse->globalPosition().toPoint(), true);
        break; // the list ends its own press too
    }
    case QEvent::KeyPress:
        if (m_dragging && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
            finish(m_lastGlobal, false);
            return true;
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void CardDrag::begin()
{
    m_dragging = true;
    if (!m_source)
        return;
    // The card as it looks, slightly see-through, follows the pointer.
    const QModelIndex index = m_source->currentIndex();
    const QRect rect = index.isValid() ? m_source->visualRect(index) : QRect(0, 0, 200, 60);
    const qreal ratio = m_surface->devicePixelRatioF();
    QPixmap pixmap(rect.size() * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    if (index.isValid()) {
        QPainter painter(&pixmap);
        painter.setOpacity(0.85);
        QStyleOptionViewItem option;
        option.initFrom(m_source->viewport());
        option.rect = QRect(QPoint(0, 0), rect.size());
        option.state |= QStyle::State_Selected;
        m_source->itemDelegateForIndex(index)->paint(&painter, option, index);
    }
    m_picture->setPixmap(pixmap);
    m_picture->resize(rect.size());
    m_picture->show();
    m_picture->raise();
    m_source->setCursor(Qt::ClosedHandCursor);
    m_scrollTimer->start();
}

void CardDrag::track(const QPoint &globalPos)
{
    m_lastGlobal = globalPos;
    m_picture->move(m_surface->mapFromGlobal(globalPos) - m_hotSpot);
    KanbanLane *lane = laneAt(globalPos);
    const int row = lane ? lane->listView()->dropRowAt(lane->listView()->viewport()->mapFromGlobal(globalPos)) : -1;
    showDropRow(lane, row);
}

void CardDrag::finish(const QPoint &globalPos, bool drop)
{
    KanbanLane *lane = drop ? laneAt(globalPos) : nullptr;
    const int row = lane ? lane->listView()->dropRowAt(lane->listView()->viewport()->mapFromGlobal(globalPos)) : -1;
    const QString itemId = std::exchange(m_itemId, QString());
    m_dragging = false;
    m_scrollTimer->stop();
    m_picture->hide();
    showDropRow(nullptr, -1);
    if (m_source)
        m_source->unsetCursor();
    if (lane)
        Q_EMIT dropped(itemId, lane->optionId(), row);
}

KanbanLane *CardDrag::laneAt(const QPoint &globalPos) const
{
    for (KanbanLane *lane : m_lanes()) {
        // Only where the lane can be seen: the kanban's scroll area clips lanes at its edges.
        if (lane->isVisible() && lane->visibleRegion().contains(lane->mapFromGlobal(globalPos)))
            return lane->isCollapsed() ? nullptr : lane;
    }
    return nullptr;
}

void CardDrag::showDropRow(KanbanLane *lane, int row)
{
    LaneListView *list = lane ? lane->listView() : nullptr;
    if (m_indicated && m_indicated != list)
        m_indicated->setDropRow(-1);
    m_indicated = list;
    if (list)
        list->setDropRow(row);
}

void CardDrag::autoScroll()
{
    if (!m_dragging)
        return;
    // Sideways: the kanban's scroll area, when the pointer is near its left or right edge.
    if (auto *area = m_surface->findChild<QScrollArea *>()) {
        const QPoint pos = area->viewport()->mapFromGlobal(m_lastGlobal);
        QScrollBar *bar = area->horizontalScrollBar();
        if (pos.x() < EdgeZone)
            bar->setValue(bar->value() - ScrollStep);
        else if (pos.x() > area->viewport()->width() - EdgeZone)
            bar->setValue(bar->value() + ScrollStep);
    }
    // Up and down: the lane under the pointer.
    if (KanbanLane *lane = laneAt(m_lastGlobal)) {
        QWidget *viewport = lane->listView()->viewport();
        const QPoint pos = viewport->mapFromGlobal(m_lastGlobal);
        QScrollBar *bar = lane->listView()->verticalScrollBar();
        if (pos.y() < EdgeZone / 2)
            bar->setValue(bar->value() - ScrollStep);
        else if (pos.y() > viewport->height() - EdgeZone / 2)
            bar->setValue(bar->value() + ScrollStep);
    }
    track(m_lastGlobal);
}

} // namespace Tessera::App
