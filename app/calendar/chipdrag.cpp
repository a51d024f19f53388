#include "chipdrag.h"

#include "calendargrid.h"
#include "undatedlist.h"

#include <QApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>

namespace Tessera::App {

ChipDrag::ChipDrag(QWidget *surface, CalendarGrid *grid, UndatedList *list, QObject *parent)
    : QObject(parent), m_surface(surface), m_grid(grid), m_list(list), m_picture(new QLabel(surface))
{
    m_picture->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_picture->setObjectName(QStringLiteral("draggedChip"));
    m_picture->hide();
    m_grid->installEventFilter(this);
    m_list->viewport()->installEventFilter(this);
    m_list->installEventFilter(this); // Esc while dragging
}

bool ChipDrag::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() != Qt::LeftButton)
            break;
        const QPoint pos = mouse->position().toPoint();
        const QPoint global = mouse->globalPosition().toPoint();
        if (watched == m_grid) {
            const QString itemId = m_grid->chipAt(pos);
            if (!itemId.isEmpty())
                press(m_grid, itemId, m_grid->chipRectOf(itemId), pos, global);
        } else if (watched == m_list->viewport()) {
            const QString itemId = m_list->itemIdAt(pos);
            if (!itemId.isEmpty())
                press(m_list->viewport(), itemId, m_list->rectOf(itemId).adjusted(4, 2, -4, -2), pos, global);
        }
        break; // the grid or list still selects what was pressed
    }
    case QEvent::MouseMove: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (m_itemId.isEmpty() || watched != m_source || !(mouse->buttons() & Qt::LeftButton))
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
        if (mouse->button() != Qt::LeftButton || m_itemId.isEmpty() || watched != m_source)
            break;
        if (!m_dragging) {
            m_itemId.clear(); // a plain click
            break;
        }
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

void ChipDrag::press(QWidget *source, const QString &itemId, const QRect &chip, const QPoint &localPos,
                     const QPoint &global)
{
    m_source = source;
    m_itemId = itemId;
    m_chip = chip;
    m_fromDay = source == m_grid ? m_grid->dayAt(localPos) : QDate();
    m_pressGlobal = global;
    m_hotSpot = localPos - chip.topLeft();
    m_dragging = false;
}

void ChipDrag::begin()
{
    m_dragging = true;
    // The chip as it looks, slightly see-through, follows the pointer.
    const QSize size = m_chip.size().expandedTo(QSize(60, 16));
    const qreal ratio = m_surface->devicePixelRatioF();
    QPixmap pixmap(size * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    {
        QPainter painter(&pixmap);
        painter.setOpacity(0.85);
        m_grid->paintChip(painter, QRect(QPoint(0, 0), size), m_itemId, false, true);
    }
    m_picture->setPixmap(pixmap);
    m_picture->resize(size);
    m_picture->show();
    m_picture->raise();
    if (m_source)
        m_source->setCursor(Qt::ClosedHandCursor);
}

QDate ChipDrag::dayAt(const QPoint &global) const
{
    const QPoint local = m_grid->mapFromGlobal(global);
    if (!m_grid->isVisible() || !m_grid->visibleRegion().contains(local))
        return {};
    return m_grid->dayAt(local);
}

bool ChipDrag::overList(const QPoint &global) const
{
    QWidget *viewport = m_list->viewport();
    return m_list->isVisible() && viewport->rect().contains(viewport->mapFromGlobal(global));
}

void ChipDrag::track(const QPoint &global)
{
    m_lastGlobal = global;
    m_picture->move(m_surface->mapFromGlobal(global) - m_hotSpot);
    m_grid->setDropDay(dayAt(global));
    m_list->setDropHighlighted(m_fromDay.isValid() && overList(global));
}

void ChipDrag::finish(const QPoint &global, bool drop)
{
    const QDate day = drop ? dayAt(global) : QDate();
    const bool toNoDate = drop && m_fromDay.isValid() && overList(global);
    const QString itemId = std::exchange(m_itemId, QString());
    const QDate from = m_fromDay;
    m_dragging = false;
    m_picture->hide();
    m_grid->setDropDay(QDate());
    m_list->setDropHighlighted(false);
    if (m_source)
        m_source->unsetCursor();
    if (day.isValid() && day != from)
        Q_EMIT droppedOnDay(itemId, day);
    else if (toNoDate)
        Q_EMIT droppedOnNoDate(itemId);
}

} // namespace Tessera::App
