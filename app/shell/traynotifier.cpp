#include "traynotifier.h"

#include <QApplication>
#include <QPainter>
#include <QSystemTrayIcon>

namespace Tessera::App {

namespace {
QIcon trayIcon(int unread)
{
    QPixmap pm(32, 32);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x3b, 0x6e, 0xd8));
    p.drawRoundedRect(QRectF(2, 2, 28, 28), 7, 7);
    p.setBrush(Qt::white);
    for (int i = 0; i < 4; ++i)
        p.drawRect(QRectF(8 + (i % 2) * 9, 8 + (i / 2) * 9, 7, 7));
    if (unread > 0) {
        p.setBrush(QColor(0xd9, 0x30, 0x25));
        p.drawEllipse(QRectF(17, 0, 15, 15));
        QFont f = p.font();
        f.setPixelSize(10);
        f.setBold(true);
        p.setFont(f);
        p.setPen(Qt::white);
        p.drawText(QRectF(17, 0, 15, 15), Qt::AlignCenter, unread > 9 ? QStringLiteral("9+") : QString::number(unread));
    }
    return QIcon(pm);
}
}

TrayNotifier::TrayNotifier(QObject *parent) : QObject(parent)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(trayIcon(0), this);
    m_tray->setToolTip(tr("Tessera"));
    connect(m_tray, &QSystemTrayIcon::activated, this, &TrayNotifier::activated);
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayNotifier::activated);
    m_tray->show();
}

void TrayNotifier::setUnreadCount(int count)
{
    if (count == m_count)
        return;
    m_count = count;
    if (!m_tray)
        return;
    m_tray->setIcon(trayIcon(count));
    m_tray->setToolTip(count == 0 ? tr("Tessera") : tr("Tessera: %n unread", nullptr, count));
}

void TrayNotifier::setAlertKinds(const QStringList &kinds)
{
    m_kinds = kinds;
}

bool TrayNotifier::notify(const Core::Notification &notification, bool windowActive)
{
    if (windowActive || notification.read || !m_kinds.contains(Core::notificationKindName(notification.kind)))
        return false;
    if (m_tray) {
        QString title = tr("New comment");
        switch (notification.kind) {
        case Core::NotificationKind::Mention: title = tr("You were mentioned"); break;
        case Core::NotificationKind::Assigned: title = tr("Assigned to you"); break;
        case Core::NotificationKind::Due: title = tr("Due"); break;
        case Core::NotificationKind::Comment: break;
        }
        // Plain text: desktop notification servers may render markup, so strip angle brackets.
        QString body = notification.text;
        body.replace(QLatin1Char('<'), QChar(0x2039)).replace(QLatin1Char('>'), QChar(0x203A));
        m_tray->showMessage(title, body, QSystemTrayIcon::Information, 8000);
    }
    return true;
}

} // namespace Tessera::App
