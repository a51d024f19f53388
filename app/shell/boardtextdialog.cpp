#include "boardtextdialog.h"

#include "core/protocol/limits.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Tessera::App {

BoardTextDialog::BoardTextDialog(Kind kind, const QString &boardName, const QString &text, QWidget *parent)
    : QDialog(parent), m_kind(kind)
{
    setObjectName(kind == Kind::Name ? QStringLiteral("renameBoardDialog") : QStringLiteral("describeBoardDialog"));
    setWindowTitle(kind == Kind::Name ? tr("Rename board") : tr("Board description"));
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(kind == Kind::Name ? tr("New name of “%1”:").arg(boardName)
                                                : tr("What “%1” is for (optional):").arg(boardName),
                             this);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    layout->addWidget(label);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    if (kind == Kind::Name) {
        m_line = new QLineEdit(text, this);
        m_line->setObjectName(QStringLiteral("boardNameEdit"));
        m_line->setAccessibleName(tr("Board name"));
        m_line->setMaxLength(int(Core::Limits::maxTitleLength));
        m_line->selectAll();
        label->setBuddy(m_line);
        layout->addWidget(m_line);
        connect(m_line, &QLineEdit::textChanged, this,
                [this](const QString &t) { m_save->setEnabled(!t.trimmed().isEmpty()); });
        resize(420, 0);
    } else {
        m_plain = new QPlainTextEdit(text, this);
        m_plain->setObjectName(QStringLiteral("boardDescriptionEdit"));
        m_plain->setAccessibleName(tr("Board description"));
        m_plain->setTabChangesFocus(true);
        label->setBuddy(m_plain);
        layout->addWidget(m_plain, 1);
        connect(m_plain, &QPlainTextEdit::textChanged, this, [this] {
            m_save->setEnabled(m_plain->toPlainText().size() <= Core::Limits::maxDescriptionLength);
        });
        resize(460, 260);
    }
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!m_save->isEnabled())
            return;
        Q_EMIT textChosen(this->text());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString BoardTextDialog::text() const
{
    return m_kind == Kind::Name ? m_line->text().trimmed() : m_plain->toPlainText();
}

} // namespace Tessera::App
