#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace Tessera::App {

// Asks for one text of a board: its name (one line, required) or its description
// (several lines, may be empty). Shown with open(); textChosen() on Save.
class BoardTextDialog final : public QDialog
{
    Q_OBJECT

public:
    enum class Kind { Name, Description };

    BoardTextDialog(Kind kind, const QString &boardName, const QString &text, QWidget *parent = nullptr);

    QString text() const;
    QLineEdit *nameEdit() const { return m_line; } // Kind::Name
    QPlainTextEdit *descriptionEdit() const { return m_plain; } // Kind::Description
    QPushButton *saveButton() const { return m_save; }

Q_SIGNALS:
    void textChosen(const QString &text);

private:
    Kind m_kind;
    QLineEdit *m_line = nullptr;
    QPlainTextEdit *m_plain = nullptr;
    QPushButton *m_save = nullptr;
};

} // namespace Tessera::App
