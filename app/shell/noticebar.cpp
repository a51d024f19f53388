#include "noticebar.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>

namespace Tessera::App {

NoticeBar::NoticeBar(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_action(new QPushButton(this))
    , m_close(new QToolButton(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("noticeBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase);
    setForegroundRole(QPalette::ToolTipText);
    m_text->setObjectName(QStringLiteral("noticeText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setForegroundRole(QPalette::ToolTipText);
    m_text->setWordWrap(true);
    m_action->setObjectName(QStringLiteral("noticeAction"));
    m_close->setObjectName(QStringLiteral("noticeClose"));
    m_close->setText(QStringLiteral("✕"));
    m_close->setAutoRaise(true);
    m_close->setAccessibleName(tr("Close this notice"));
    m_close->setToolTip(m_close->accessibleName());
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 4, 6, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action);
    layout->addWidget(m_close);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &NoticeBar::dismiss);
    connect(m_close, &QToolButton::clicked, this, &NoticeBar::dismiss);
    connect(m_action, &QPushButton::clicked, this, [this] {
        const auto run = std::exchange(m_run, {});
        dismiss();
        if (run)
            run();
    });
    m_action->installEventFilter(this);
    m_close->installEventFilter(this);
    hide();
}

void NoticeBar::hold()
{
    if (!m_timer->isActive())
        return;
    m_remainingMs = int(std::max<qint64>(0, m_deadline - QDateTime::currentMSecsSinceEpoch()));
    m_timer->stop();
}

void NoticeBar::resume()
{
    if (isHidden() || m_timer->isActive() || underMouse() || m_action->hasFocus() || m_close->hasFocus())
        return;
    const int ms = std::max(m_remainingMs, 3000); // a moment to read it again
    m_deadline = QDateTime::currentMSecsSinceEpoch() + ms;
    m_timer->start(ms);
}

void NoticeBar::enterEvent(QEnterEvent *event)
{
    QFrame::enterEvent(event);
    hold();
}

void NoticeBar::leaveEvent(QEvent *event)
{
    QFrame::leaveEvent(event);
    resume();
}

bool NoticeBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::FocusIn)
        hold();
    else if (event->type() == QEvent::FocusOut)
        QMetaObject::invokeMethod(this, &NoticeBar::resume, Qt::QueuedConnection);
    return QFrame::eventFilter(watched, event);
}

void NoticeBar::showNotice(const QString &text, const QString &actionText, std::function<void()> action, int msecs)
{
    m_text->setText(text);
    m_run = std::move(action);
    m_action->setText(actionText);
    m_action->setAccessibleName(actionText.isEmpty() ? QString() : QStringLiteral("%1: %2").arg(actionText, text));
    m_action->setVisible(!actionText.isEmpty() && m_run);
    setAccessibleName(text);
    show();
    m_remainingMs = msecs;
    m_deadline = QDateTime::currentMSecsSinceEpoch() + msecs;
    m_timer->start(msecs);
    if (underMouse())
        hold();
}

void NoticeBar::dismiss()
{
    m_timer->stop();
    m_run = {};
    hide();
}

QString NoticeBar::text() const
{
    return isHidden() ? QString() : m_text->text();
}

} // namespace Tessera::App
