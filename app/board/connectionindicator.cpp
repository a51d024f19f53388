#include "connectionindicator.h"

#include <QTextDocument>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace Tessera::App {

ConnectionIndicator::ConnectionIndicator(QWidget *parent)
    : QWidget(parent), m_label(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(18, 2, 6, 2);
    layout->addWidget(m_label);
    setCursor(Qt::PointingHandCursor);
    setState(m_state);
}

void ConnectionIndicator::setState(Core::ConnectionState state, const QString &reason, const QDateTime &since,
                                   int pollSeconds)
{
    m_state = state;
    m_reason = reason;
    m_since = since;
    m_pollSeconds = pollSeconds;
    m_label->setText(text());
    setToolTip(Qt::convertFromPlainText(details())); // the reason may carry a server's words
    update();
}

void ConnectionIndicator::setServer(const QString &hostPort)
{
    m_server = hostPort;
}

QString ConnectionIndicator::text() const
{
    using S = Core::ConnectionState;
    switch (m_state) {
    case S::Live: return tr("Live");
    case S::CatchingUp: return tr("Catching up");
    case S::Polling: return tr("Polling every %n s", nullptr, m_pollSeconds);
    case S::Offline:
        return m_since.isValid() ? tr("Offline since %1").arg(QLocale().toString(m_since.toLocalTime().time(), QStringLiteral("HH:mm")))
                                 : tr("Offline");
    case S::SignedOut: return tr("Signed out");
    case S::Connecting: break;
    }
    return tr("Connecting…");
}

QString ConnectionIndicator::details() const
{
    using S = Core::ConnectionState;
    QString what;
    switch (m_state) {
    case S::Live: what = tr("Connected: changes arrive as they happen."); break;
    case S::CatchingUp: what = tr("Connected: fetching the changes made while this window was away."); break;
    case S::Polling:
        what = tr("The live connection failed; checking for changes every %n seconds and retrying the live connection.",
                  nullptr, m_pollSeconds);
        break;
    case S::Offline: what = tr("Not connected. Your edits are kept and sent when the connection is back."); break;
    case S::SignedOut: what = tr("Signed out: sign in again to continue. Your edits are kept."); break;
    case S::Connecting: what = tr("Connecting to the server…"); break;
    }
    const bool connected = m_state == S::Live || m_state == S::CatchingUp || m_state == S::Polling;
    if (connected && !m_server.isEmpty())
        what += QLatin1Char('\n') + tr("Connected to %1").arg(m_server);
    if (m_since.isValid())
        what += QLatin1Char('\n') + tr("Since %1").arg(QLocale().toString(m_since.toLocalTime(), QLocale::ShortFormat));
    if (!m_reason.isEmpty())
        what += QLatin1Char('\n') + tr("Reason: %1").arg(m_reason);
    return what;
}

void ConnectionIndicator::showDetails()
{
    QToolTip::showText(mapToGlobal(QPoint(0, height())), details(), this);
}

void ConnectionIndicator::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint())) {
        showDetails();
        Q_EMIT clicked();
    }
}

QColor ConnectionIndicator::dotColor() const
{
    using S = Core::ConnectionState;
    switch (m_state) {
    case S::Live: return QColor(0x22, 0xa0, 0x6b);
    case S::CatchingUp:
    case S::Connecting: return QColor(0x3b, 0x82, 0xf6);
    case S::Polling: return QColor(0xe0, 0xa0, 0x10);
    case S::Offline:
    case S::SignedOut: break;
    }
    return QColor(0xd0, 0x40, 0x40);
}

void ConnectionIndicator::paintEvent(QPaintEvent *event)
{
    QWidget::paintEvent(event);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(dotColor());
    painter.drawEllipse(QPointF(10, height() / 2.0), 4.5, 4.5);
}

} // namespace Tessera::App
