#include "toolbaricons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace Tessera::App::ToolbarIcons {

namespace {

const QColor Ink(0x80, 0x86, 0x90);

QPixmap canvas()
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    return pixmap;
}

// A curved arrow: an arc from the right over the top, its head pointing left; mirrored for redo.
QIcon curvedArrow(bool mirrored)
{
    QIcon icon;
    for (const auto &[mode, alpha] : { std::pair { QIcon::Normal, 255 }, std::pair { QIcon::Disabled, 90 } }) {
        QPixmap pixmap = canvas();
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        if (mirrored) {
            painter.translate(32, 0);
            painter.scale(-1, 1);
        }
        QColor ink = Ink;
        ink.setAlpha(alpha);
        QPainterPath arc;
        arc.moveTo(25, 25);
        arc.cubicTo(26, 13, 18, 9, 8, 12);
        painter.setPen(QPen(ink, 3.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter.drawPath(arc);
        painter.setPen(Qt::NoPen);
        painter.setBrush(ink);
        painter.drawPolygon(QPolygonF({ QPointF(3, 12), QPointF(12, 5), QPointF(12, 19) }));
        icon.addPixmap(pixmap, mode);
    }
    return icon;
}

} // namespace

QIcon funnel()
{
    QPixmap pixmap = canvas();
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(Ink);
    painter.drawPolygon(QPolygonF({ QPointF(4, 6), QPointF(28, 6), QPointF(18.5, 17), QPointF(18.5, 27), QPointF(13.5, 24),
                                    QPointF(13.5, 17) }));
    return QIcon(pixmap);
}

QIcon barChart()
{
    QPixmap pixmap = canvas();
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(Ink);
    painter.drawRoundedRect(QRectF(4, 16, 6, 12), 1, 1);
    painter.drawRoundedRect(QRectF(13, 6, 6, 22), 1, 1);
    painter.drawRoundedRect(QRectF(22, 12, 6, 16), 1, 1);
    return QIcon(pixmap);
}

QIcon undo()
{
    return curvedArrow(false);
}

QIcon redo()
{
    return curvedArrow(true);
}

} // namespace Tessera::App::ToolbarIcons
