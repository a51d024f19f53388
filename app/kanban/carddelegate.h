#pragma once

#include <QStyledItemDelegate>

#include <functional>

namespace Tessera::Core {
class BoardStore;
}

namespace Tessera::App {

// Paints a kanban card: title, due date, assignee initials, a presence dot for people on
// the item, the item's sync state, an accent dot for unseen activity, and a fading highlight after a remote move.
class CardDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit CardDelegate(Core::BoardStore *store, QObject *parent = nullptr);

    void setColumns(const QString &titleId, const QString &personId, const QString &dateId);
    void setCurrentUser(const QString &userId) { m_me = userId; }
    void setHighlightLevel(std::function<qreal(const QString &itemId)> level) { m_level = std::move(level); }
    // Whether an item has unseen activity (an accent dot on its card).
    void setUnreadCheck(std::function<bool(const QString &itemId)> unread) { m_unread = std::move(unread); }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    Core::BoardStore *m_store;
    QString m_me;
    QString m_titleId;
    QString m_personId;
    QString m_dateId;
    std::function<qreal(const QString &)> m_level;
    std::function<bool(const QString &)> m_unread;
};

} // namespace Tessera::App
