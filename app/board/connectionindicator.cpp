#include "connectionindicator.h"

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

void ConnectionIndicator::setState(const QString &stateName, const QString &reason, const QDateTime &since,
                                   int pollSeconds)
{
    m_state = stateName;
    m_reason = reason;
    m_since = since;
    m_pollSeconds = pollSeconds;
    m_label->setText(text());
    setToolTip(details());
    update();
}

QString ConnectionIndicator::text() const
{
    if (m_state == QLatin1String("live"))
        return tr("Live");
    if (m_state == QLatin1String("catchingUp"))
        return tr("Catching up");
    if (m_state == QLatin1String("polling"))
        return tr("Polling every %n s", nullptr, m_pollSeconds);
    if (m_state == QLatin1String("offline")) {
        return m_since.isValid() ? tr("Offline since %1").arg(QLocale().toString(m_since.toLocalTime().time(), QStringLiteral("HH:mm")))
                                 : tr("Offline");
    }
    return tr("Connecting…");
}

QString ConnectionIndicator::details() const
{
    QString what;
    if (m_state == QLatin1String("live"))
        what = tr("Connected: changes arrive as they happen.");
    else if (m_state == QLatin1String("catchingUp"))
        what = tr("Connected: fetching the changes made while this window was away.");
    else if (m_state == QLatin1String("polling"))
        what = tr("The live connection failed; checking for changes every %n seconds and retrying the live connection.",
                  nullptr, m_pollSeconds);
    else if (m_state == QLatin1String("offline"))
        what = tr("Not connected. Your edits are kept and sent when the connection is back.");
    else
        what = tr("Connecting to the server…");
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
    if (m_state == QLatin1String("live"))
        return QColor(0x22, 0xa0, 0x6b);
    if (m_state == QLatin1String("catchingUp") || m_state == QLatin1String("connecting"))
        return QColor(0x3b, 0x82, 0xf6);
    if (m_state == QLatin1String("polling"))
        return QColor(0xe0, 0xa0, 0x10);
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
