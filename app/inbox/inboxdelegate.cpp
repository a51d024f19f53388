#include "inboxdelegate.h"

#include "inboxlistmodel.h"

#include "app/board/presenceavatars.h"

#include <QApplication>
#include <QPainter>

namespace Tessera::App {

namespace {
constexpr int Margin = 6;
constexpr int DotSpace = 14; // the unread dot, left of the avatar
}

InboxDelegate::InboxDelegate(const InboxView::Roles *roles, QObject *parent)
    : QStyledItemDelegate(parent), m_roles(roles)
{
}

QSize InboxDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const int lines = QFontMetrics(option.font).height() * 2 + 2;
    return { 300, std::max(lines, AvatarSize) + 2 * Margin + 4 };
}

QRect InboxDelegate::avatarRect(const QRect &row)
{
    return QRect(row.left() + DotSpace, row.top() + (row.height() - AvatarSize) / 2, AvatarSize, AvatarSize);
}

void InboxDelegate::paintClock(QPainter &painter, const QRectF &rect, const QColor &color, const QColor &ink)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(rect);
    const QPointF c = rect.center();
    const qreal r = rect.width() * 0.30;
    painter.setPen(QPen(ink, std::max<qreal>(1.4, rect.width() / 16.0), Qt::SolidLine, Qt::RoundCap));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(c, r, r);
    painter.drawLine(c, c + QPointF(0, -r * 0.7)); // twelve
    painter.drawLine(c, c + QPointF(r * 0.55, 0)); // three
    painter.restore();
}

void InboxDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const bool unread = index.data(m_roles->unread).toBool();
    QString text = index.data(m_roles->text).toString();
    if (text.isEmpty())
        text = opt.text;
    opt.text.clear();
    opt.icon = QIcon();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = opt.state & QStyle::State_Selected;
    const QColor textColor = selected ? opt.palette.highlightedText().color() : opt.palette.text().color();
    const QRect avatar = avatarRect(opt.rect);
    if (unread) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(selected ? opt.palette.highlightedText() : opt.palette.highlight());
        painter->drawEllipse(QPointF(opt.rect.left() + DotSpace / 2.0 + 1, avatar.center().y() + 0.5), 3.5, 3.5);
    }
    const QString kind = index.data(m_roles->kind).toString();
    if (kind == QLatin1String("due")) {
        // A reminder: nobody acted, the date did.
        const bool dark = opt.palette.base().color().lightnessF() < 0.5;
        paintClock(*painter, avatar, dark ? QColor(0xe0, 0x9a, 0x2a) : QColor(0xc7, 0x7a, 0x0a), Qt::white);
    } else {
        const QString actor = index.data(m_roles->actor).toString();
        const QString name = index.data(m_roles->actorName).toString();
        if (!name.isEmpty() || actor.isEmpty()) {
            PresenceAvatars::paintAvatar(*painter, avatar, actor, name.isEmpty() ? QStringLiteral("?") : name);
        } else { // someone not known by name here yet: their colour, a person's outline
            painter->setPen(Qt::NoPen);
            painter->setBrush(PresenceAvatars::colorFor(actor));
            painter->drawEllipse(avatar);
            painter->setBrush(Qt::white);
            const QPointF c = QRectF(avatar).center();
            painter->drawEllipse(QPointF(c.x(), c.y() - AvatarSize * 0.12), AvatarSize * 0.14, AvatarSize * 0.14);
            painter->drawPie(QRectF(c.x() - AvatarSize * 0.26, c.y() + AvatarSize * 0.06, AvatarSize * 0.52, AvatarSize * 0.44),
                             0, 180 * 16);
        }
    }

    const QRect area(avatar.right() + 10, opt.rect.top() + Margin, opt.rect.right() - avatar.right() - 10 - Margin,
                     opt.rect.height() - 2 * Margin);
    QFont font = opt.font;
    font.setBold(unread);
    painter->setFont(font);
    painter->setPen(textColor);
    const QFontMetrics metrics(font);
    const int lineHeight = QFontMetrics(opt.font).height();
    const int top = area.top() + (area.height() - 2 * lineHeight - 2) / 2;
    painter->drawText(QRect(area.left(), top, area.width(), lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                      metrics.elidedText(text, Qt::ElideRight, area.width()));

    QStringList meta { InboxListModel::kindText(kind) };
    const QString when = index.data(InboxListModel::WhenTextRole).toString();
    if (!when.isEmpty())
        meta.append(when);
    QFont small = opt.font;
    small.setPointSizeF(opt.font.pointSizeF() * 0.9);
    painter->setFont(small);
    painter->setPen(selected ? textColor : opt.palette.placeholderText().color());
    painter->drawText(QRect(area.left(), top + lineHeight + 2, area.width(), lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(small).elidedText(meta.join(QStringLiteral(" · ")), Qt::ElideRight, area.width()));
    painter->restore();
}

} // namespace Tessera::App
