#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QStackedLayout;

namespace Tessera::App {

// An item's description: multi-line plain text. Read, it shows the text with its links
// clickable (or "Add a description…"); a click on it, or Enter while it has focus, edits
// it in place. Ctrl+Enter or leaving the field saves (committed), Esc cancels.
class DescriptionEdit final : public QWidget
{
    Q_OBJECT

public:
    explicit DescriptionEdit(QWidget *parent = nullptr);

    void setText(const QString &text); // ignored while editing: the person's text stays
    QString text() const { return m_text; }
    bool isEditing() const;
    void startEditing();
    QPlainTextEdit *editor() const { return m_edit; }
    QLabel *view() const { return m_view; }

Q_SIGNALS:
    void editingStarted();
    void committed(const QString &text); // only when the text changed
    void editingEnded();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void finish(bool save);
    void refreshView();

    QString m_text;
    QString m_hoveredLink; // the link under the mouse: a click there opens it, not the editor
    QStackedLayout *m_stack;
    QLabel *m_view;
    QPlainTextEdit *m_edit;
    bool m_finishing = false;
};

} // namespace Tessera::App
