#pragma once

#include "inboxview.h"

#include <QStyledItemDelegate>

namespace Tessera::App {

// Paints one notification: who acted as a round avatar (initials in the person's colour,
// as the board's presence avatars) or a clock for a due-date reminder; the text, bold
// with an unread dot when unread; kind and relative time below. Both lines are elided to
// the row's width (the model's tooltip has the whole text).
class InboxDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit InboxDelegate(const InboxView::Roles *roles, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static constexpr int AvatarSize = 30;
    // Where the avatar (or clock) of a row is painted.
    static QRect avatarRect(const QRect &row);
    // The reminder's mark: a clock face in `color` filling `rect`.
    static void paintClock(QPainter &painter, const QRectF &rect, const QColor &color, const QColor &ink);

private:
    const InboxView::Roles *m_roles;
};

} // namespace Tessera::App
