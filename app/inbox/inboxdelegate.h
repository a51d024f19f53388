#pragma once

#include "inboxview.h"

#include <QStyledItemDelegate>

namespace Tessera::App {

// Paints one notification: an unread dot and bold text when unread, kind and time below.
class InboxDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit InboxDelegate(const InboxView::Roles *roles, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    const InboxView::Roles *m_roles;
};

} // namespace Tessera::App
