#include "inboxdelegate.h"

#include <QApplication>
#include <QDateTime>
#include <QPainter>

namespace Tessera::App {

InboxDelegate::InboxDelegate(const InboxView::Roles *roles, QObject *parent)
    : QStyledItemDelegate(parent), m_roles(roles)
{
}

QSize InboxDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return { 300, QFontMetrics(option.font).height() * 2 + 18 };
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
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = opt.state & QStyle::State_Selected;
    const QColor textColor = selected ? opt.palette.highlightedText().color() : opt.palette.text().color();
    const QRect area = opt.rect.adjusted(22, 6, -8, -6);
    if (unread) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(selected ? opt.palette.highlightedText() : opt.palette.highlight());
        painter->drawEllipse(QPointF(opt.rect.left() + 11, area.top() + QFontMetrics(opt.font).height() / 2.0), 4, 4);
    }
    QFont font = opt.font;
    font.setBold(unread);
    painter->setFont(font);
    painter->setPen(textColor);
    const QFontMetrics metrics(font);
    painter->drawText(QRect(area.left(), area.top(), area.width(), metrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      metrics.elidedText(text, Qt::ElideRight, area.width()));

    const QString kind = index.data(m_roles->kind).toString();
    const QString kindText = kind == QLatin1String("mention") ? tr("Mention")
            : kind == QLatin1String("assigned")               ? tr("Assigned to you")
            : kind == QLatin1String("comment")                ? tr("Comment")
                                                              : kind;
    const QDateTime when = QDateTime::fromString(index.data(m_roles->at).toString(), Qt::ISODateWithMs);
    const QString meta = when.isValid() ? tr("%1 · %2").arg(kindText, QLocale().toString(when.toLocalTime(), QLocale::ShortFormat))
                                        : kindText;
    QFont small = opt.font;
    small.setPointSizeF(opt.font.pointSizeF() * 0.9);
    painter->setFont(small);
    painter->setPen(selected ? textColor : opt.palette.placeholderText().color());
    painter->drawText(QRect(area.left(), area.top() + metrics.height() + 2, area.width(), metrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, meta);
    painter->restore();
}

} // namespace Tessera::App
