#include "descriptionedit.h"

#include "richtext.h"

#include "core/protocol/limits.h"

#include <QEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QStackedLayout>

namespace Tessera::App {

DescriptionEdit::DescriptionEdit(QWidget *parent)
    : QWidget(parent), m_stack(new QStackedLayout(this)), m_view(new QLabel(this)), m_edit(new QPlainTextEdit(this))
{
    m_view->setObjectName(QStringLiteral("descriptionView"));
    m_view->setWordWrap(true);
    m_view->setTextFormat(Qt::RichText);
    m_view->setOpenExternalLinks(true);
    m_view->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_view->setFocusPolicy(Qt::StrongFocus);
    m_view->setCursor(Qt::IBeamCursor);
    m_view->setMargin(4);
    m_view->setToolTip(tr("Click to edit the description"));
    m_view->setAccessibleName(tr("Description"));
    m_view->setAccessibleDescription(tr("Press Enter to edit"));
    m_view->installEventFilter(this);
    connect(m_view, &QLabel::linkHovered, this, [this](const QString &link) { m_hoveredLink = link; });
    m_edit->setObjectName(QStringLiteral("descriptionEdit"));
    m_edit->setAccessibleName(tr("Description"));
    m_edit->setPlaceholderText(tr("What is this about? Links become clickable. Ctrl+Enter saves, Esc cancels."));
    m_edit->setTabChangesFocus(true);
    m_edit->setMinimumHeight(m_edit->fontMetrics().height() * 5 + 12);
    m_edit->installEventFilter(this);
    m_stack->setContentsMargins(0, 0, 0, 0);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_edit);
    refreshView();
}

bool DescriptionEdit::isEditing() const
{
    return m_stack->currentWidget() == m_edit;
}

void DescriptionEdit::setText(const QString &text)
{
    if (isEditing())
        return;
    m_text = text;
    refreshView();
}

void DescriptionEdit::refreshView()
{
    if (m_text.isEmpty()) {
        m_view->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                                .arg(palette().placeholderText().color().name(), tr("Add a description…").toHtmlEscaped()));
    } else {
        m_view->setText(RichText::fromPlainText(m_text, {}, palette().link().color().name()));
    }
}

void DescriptionEdit::startEditing()
{
    if (isEditing() || !isEnabled())
        return;
    m_edit->setPlainText(m_text);
    m_stack->setCurrentWidget(m_edit);
    m_edit->setFocus(Qt::OtherFocusReason);
    m_edit->moveCursor(QTextCursor::End);
    Q_EMIT editingStarted();
}

void DescriptionEdit::finish(bool save)
{
    if (!isEditing() || m_finishing)
        return;
    m_finishing = true;
    const QString typed = m_edit->toPlainText().left(Core::Limits::maxItemDescriptionLength);
    const bool changed = save && typed != m_text;
    if (changed)
        m_text = typed;
    const bool hadFocus = m_edit->hasFocus();
    m_stack->setCurrentWidget(m_view);
    refreshView();
    if (hadFocus)
        m_view->setFocus(Qt::OtherFocusReason);
    m_finishing = false;
    if (changed)
        Q_EMIT committed(m_text);
    Q_EMIT editingEnded();
}

bool DescriptionEdit::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view) {
        if (event->type() == QEvent::MouseButtonRelease && static_cast<QMouseEvent *>(event)->button() == Qt::LeftButton
            && m_view->hasFocus() && !m_view->hasSelectedText()) {
            // A click on a link opens it (the label handles that); anywhere else edits.
            if (m_hoveredLink.isEmpty())
                startEditing();
        } else if (event->type() == QEvent::KeyPress) {
            const int key = static_cast<QKeyEvent *>(event)->key();
            if (key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_F2) {
                startEditing();
                return true;
            }
        }
    } else if (watched == m_edit) {
        if (event->type() == QEvent::KeyPress) {
            auto *key = static_cast<QKeyEvent *>(event);
            if (key->key() == Qt::Key_Escape) {
                finish(false);
                return true;
            }
            if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
                finish(true);
                return true;
            }
        } else if (event->type() == QEvent::FocusOut && static_cast<QFocusEvent *>(event)->reason() != Qt::PopupFocusReason) {
            finish(true);
        }
    }
    return QWidget::eventFilter(watched, event);
}

void DescriptionEdit::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        refreshView();
    if (event->type() == QEvent::EnabledChange && !isEnabled())
        finish(false);
}

} // namespace Tessera::App
