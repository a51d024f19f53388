#include "mentionedit.h"

#include "mentionhighlighter.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStringListModel>

namespace Tessera::App {

MentionEdit::MentionEdit(QWidget *parent)
    : QPlainTextEdit(parent), m_completer(new QCompleter(this)), m_model(new QStringListModel(this))
{
    setTabChangesFocus(true);
    setPlaceholderText(tr("Write a comment… (@ to mention, Ctrl+Enter to send)"));
    m_completer->setModel(m_model);
    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchStartsWith);
    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this,
            [this](const QModelIndex &index) { insertCompletion(index.data(Qt::EditRole).toString()); });
    new MentionHighlighter(this, document());
}

void MentionEdit::setMembers(const QStringList &logins, const QStringList &displayNames)
{
    m_logins = logins;
    Q_UNUSED(displayNames);
    m_model->setStringList(logins);
    if (auto *highlighter = findChild<MentionHighlighter *>())
        highlighter->setLogins(logins);
}

QString MentionEdit::mentionPrefix() const
{
    QTextCursor cursor = textCursor();
    const QString block = cursor.block().text().left(cursor.positionInBlock());
    const qsizetype at = block.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return QString();
    if (at > 0 && (block.at(at - 1).isLetterOrNumber() || block.at(at - 1) == QLatin1Char('.')))
        return QString(); // an e-mail address, not a mention
    const QString prefix = block.mid(at + 1);
    for (const QChar c : prefix) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char('-')))
            return QString();
    }
    return prefix.isNull() ? QStringLiteral("") : prefix;
}

void MentionEdit::insertCompletion(const QString &completion)
{
    QTextCursor cursor = textCursor();
    const QString prefix = mentionPrefix();
    if (prefix.isNull())
        return;
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, int(prefix.size()));
    cursor.insertText(completion + QLatin1Char(' '));
    setTextCursor(cursor);
    m_completer->popup()->hide();
}

bool MentionEdit::event(QEvent *event)
{
    // Tab would move the focus on (to Send) before keyPressEvent sees it: while the list
    // is open it accepts the completion instead.
    if (event->type() == QEvent::KeyPress && m_completer->popup()->isVisible()) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab) {
            keyPressEvent(key);
            return true;
        }
    }
    return QPlainTextEdit::event(event);
}

void MentionEdit::keyPressEvent(QKeyEvent *event)
{
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Tab:
        case Qt::Key_Backtab: {
            const QModelIndex current = m_completer->popup()->currentIndex();
            const QString pick = current.isValid() ? current.data(Qt::EditRole).toString()
                                                   : m_completer->currentCompletion();
            if (!pick.isEmpty()) {
                insertCompletion(pick);
                event->accept();
                return;
            }
            break;
        }
        case Qt::Key_Escape:
            m_completer->popup()->hide();
            event->accept();
            return;
        default:
            break;
        }
    }
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && (event->modifiers() & Qt::ControlModifier)) {
        Q_EMIT submitRequested();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);

    const QString prefix = mentionPrefix();
    if (prefix.isNull()) {
        m_completer->popup()->hide();
        return;
    }
    if (prefix != m_completer->completionPrefix()) {
        m_completer->setCompletionPrefix(prefix);
        m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    }
    if (m_completer->completionCount() == 0) {
        m_completer->popup()->hide();
        return;
    }
    QRect rect = cursorRect();
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0) + m_completer->popup()->verticalScrollBar()->sizeHint().width() + 8);
    m_completer->complete(rect);
}

} // namespace Tessera::App
