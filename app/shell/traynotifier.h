#pragma once

#include "core/protocol/domain.h"

#include <QObject>
#include <QStringList>

class QSystemTrayIcon;

namespace Tessera::App {

// The system tray side of notifications (only where a tray exists): an icon whose tooltip
// and badge carry the unread count, and a desktop notification for the alert kinds the
// person chose (mentions and assignments by default) while the window is not active.
class TrayNotifier final : public QObject
{
    Q_OBJECT

public:
    explicit TrayNotifier(QObject *parent = nullptr);

    bool isAvailable() const { return m_tray != nullptr; }
    void setUnreadCount(int count);
    void setAlertKinds(const QStringList &kinds);
    QStringList alertKinds() const { return m_kinds; }
    // Shows a desktop notification if the kind is wanted and the window is not active;
    // returns whether it alerted (whether or not a tray exists to show it).
    bool notify(const Core::Notification &notification, bool windowActive);

Q_SIGNALS:
    void activated(); // the icon or a message was clicked: bring the window up

private:
    QSystemTrayIcon *m_tray = nullptr;
    QStringList m_kinds { QStringLiteral("mention"), QStringLiteral("assigned") };
    int m_count = 0;
};

} // namespace Tessera::App
