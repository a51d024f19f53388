#pragma once

#include <QToolButton>

namespace Tessera::App {

// The notification bell: a tool button with a painted bell and a red badge holding the
// unread count (hidden at zero, "99+" beyond). Clicking it is the owner's business.
class NotificationBell final : public QToolButton
{
    Q_OBJECT

public:
    explicit NotificationBell(QWidget *parent = nullptr);

    void setUnreadCount(int count);
    int unreadCount() const { return m_count; }
    QString badgeText() const; // "" at zero

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int m_count = 0;
};

} // namespace Tessera::App
