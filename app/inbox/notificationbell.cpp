#include "notificationbell.h"

#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionToolButton>
#include <QStylePainter>

namespace Tessera::App {

NotificationBell::NotificationBell(QWidget *parent) : QToolButton(parent)
{
    setObjectName(QStringLiteral("notificationBell"));
    setAutoRaise(true);
    setCursor(Qt::PointingHandCursor);
    setUnreadCount(0);
}

void NotificationBell::setUnreadCount(int count)
{
    m_count = std::max(0, count);
    setToolTip(m_count == 0 ? tr("Notifications") : tr("Notifications: %n unread", nullptr, m_count));
    setAccessibleName(toolTip());
    update();
}

QString NotificationBell::badgeText() const
{
    if (m_count == 0)
        return QString();
    return m_count > 99 ? QStringLiteral("99+") : QString::number(m_count);
}

QSize NotificationBell::sizeHint() const
{
    return { 40, 34 };
}

void NotificationBell::paintEvent(QPaintEvent *)
{
    QStylePainter sp(this);
    QStyleOptionToolButton option;
    initStyleOption(&option);
    option.text.clear();
    option.icon = QIcon();
    sp.drawComplexControl(QStyle::CC_ToolButton, option);

    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPointF c(width() / 2.0 - 2, height() / 2.0);
    const QColor ink = palette().color(QPalette::ButtonText);
    QPainterPath bell;
    bell.moveTo(c.x() - 7, c.y() + 5);
    bell.quadTo(c.x() - 5, c.y() + 2, c.x() - 5, c.y() - 2);
    bell.cubicTo(c.x() - 5, c.y() - 9, c.x() + 5, c.y() - 9, c.x() + 5, c.y() - 2);
    bell.quadTo(c.x() + 5, c.y() + 2, c.x() + 7, c.y() + 5);
    bell.closeSubpath();
    p.setPen(QPen(ink, 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    p.drawPath(bell);
    p.drawLine(QPointF(c.x() - 2, c.y() + 7.5), QPointF(c.x() + 2, c.y() + 7.5));

    const QString badge = badgeText();
    if (badge.isEmpty())
        return;
    QFont f = font();
    f.setPixelSize(10);
    f.setBold(true);
    p.setFont(f);
    const qreal w = std::max<qreal>(16, QFontMetricsF(f).horizontalAdvance(badge) + 8);
    const QRectF r(c.x() + 2, c.y() - 13, w, 15);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xd9, 0x30, 0x25));
    p.drawRoundedRect(r, 7.5, 7.5);
    p.setPen(Qt::white);
    p.drawText(r, Qt::AlignCenter, badge);
}

} // namespace Tessera::App
