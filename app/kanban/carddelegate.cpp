#include "carddelegate.h"

#include "app/board/presenceavatars.h"

#include "core/models/boardstore.h"
#include "core/models/itemfilter.h"
#include "core/models/itemtablemodel.h"

#include <QPainter>
#include <QPainterPath>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {
constexpr int Margin = 5;
constexpr int Padding = 9;
}

CardDelegate::CardDelegate(BoardStore *store, QObject *parent)
    : QStyledItemDelegate(parent), m_store(store)
{
}

void CardDelegate::setColumns(const QString &titleId, const QString &personId, const QString &dateId)
{
    m_titleId = titleId;
    m_personId = personId;
    m_dateId = dateId;
}

QSize CardDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics metrics(option.font);
    return { 200, 2 * Margin + 2 * Padding + metrics.height() * 2 + 30 };
}

void CardDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QString itemId = index.data(ItemTableModel::ItemIdRole).toString();
    const Item *item = m_store->itemPtr(itemId);
    if (!item)
        return;
    const QPalette &pal = option.palette;
    const bool dark = pal.base().color().lightnessF() < 0.5;
    const QRectF card = QRectF(option.rect).adjusted(Margin, Margin / 2.0, -Margin, -Margin / 2.0);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor fill = pal.base().color();
    const auto state = m_store->itemState(itemId);
    if (state == ItemState::Pending)
        fill = dark ? QColor(0x4a, 0x44, 0x22) : QColor(0xff, 0xf6, 0xd5);
    else if (state == ItemState::Failed)
        fill = dark ? QColor(0x55, 0x28, 0x28) : QColor(0xfd, 0xe4, 0xe4);
    else if (state == ItemState::Conflict)
        fill = dark ? QColor(0x55, 0x3a, 0x1a) : QColor(0xff, 0xea, 0xcc);
    QColor border = dark ? pal.window().color().lighter(160) : pal.mid().color().lighter(130);
    if (option.state & QStyle::State_Selected)
        border = pal.highlight().color();
    const qreal level = m_level ? m_level(itemId) : 0.0;
    if (level > 0.0) {
        QColor glow = pal.highlight().color();
        glow.setAlphaF(0.55 * level);
        painter->setPen(QPen(glow, 4));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(card.adjusted(-1, -1, 1, 1), 7, 7);
    }
    painter->setPen(QPen(border, (option.state & QStyle::State_Selected) ? 2 : 1));
    painter->setBrush(fill);
    painter->drawRoundedRect(card, 6, 6);

    const QRectF inner = card.adjusted(Padding, Padding - 2, -Padding, -Padding + 2);
    // Title: up to two lines.
    QFont titleFont = option.font;
    titleFont.setWeight(QFont::DemiBold);
    painter->setFont(titleFont);
    painter->setPen(pal.text().color());
    const QFontMetricsF titleMetrics(titleFont);
    const QString title = item->fields.value(m_titleId).toString();
    QStringList others = m_store->presentUsers(itemId);
    others.removeAll(m_me);
    const bool unread = m_unread && m_unread(itemId);
    const qreal dots = (others.isEmpty() ? 0 : 1) + (unread ? 1 : 0);
    const QRectF titleRect(inner.left(), inner.top(), inner.width() - qMax<qreal>(14, dots * 13 + 2),
                           titleMetrics.height() * 2 + 2);
    QString shown = title;
    if (titleMetrics.horizontalAdvance(title) > titleRect.width() * 2 - 20)
        shown = titleMetrics.elidedText(title, Qt::ElideRight, titleRect.width() * 2 - 20);
    painter->drawText(titleRect, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, shown);

    // Presence dot, top right; the unread (accent) dot beside it.
    qreal dotX = inner.right() - 4;
    if (!others.isEmpty()) {
        painter->setPen(QPen(fill, 2));
        painter->setBrush(PresenceAvatars::colorFor(others.first()));
        painter->drawEllipse(QPointF(dotX, inner.top() + 6), 5, 5);
        dotX -= 13;
    }
    if (unread) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(pal.highlight());
        painter->drawEllipse(QPointF(dotX, inner.top() + 6), 4, 4);
    }

    // Bottom row: due date at left, assignee at right.
    const qreal avatar = 22;
    const QRectF bottom(inner.left(), inner.bottom() - avatar, inner.width(), avatar);
    if (const Column *dateColumn = m_store->confirmed().column(m_dateId)) {
        const auto due = dateOf(item->fields.value(m_dateId));
        if (due) {
            QFont small = option.font;
            small.setPointSizeF(option.font.pointSizeF() * 0.9);
            painter->setFont(small);
            const bool overdue = *due < QDate::currentDate();
            painter->setPen(overdue ? QColor(dark ? 0xff7070 : 0xc0392b) : pal.placeholderText().color());
            const QString text = tr("Due %1").arg(QLocale().toString(*due, QStringLiteral("d MMM")));
            painter->drawText(bottom, Qt::AlignLeft | Qt::AlignVCenter, text);
            Q_UNUSED(dateColumn);
        }
    }
    const QString assignee = item->fields.value(m_personId).toString();
    if (!assignee.isEmpty()) {
        const QRectF circle(bottom.right() - avatar, bottom.top(), avatar, avatar);
        PresenceAvatars::paintAvatar(*painter, circle, assignee, m_store->memberName(assignee));
    }
    painter->restore();
}

} // namespace Tessera::App
