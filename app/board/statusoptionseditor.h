#pragma once

#include "core/protocol/domain.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace Tessera::App {

// The options of a status column, one row each: a colour picked by name from the Palette,
// the label, move up / down and remove; "Add option" below. Every change a person makes
// (a label confirmed with Enter or by leaving it, a colour picked, an option added, moved or
// removed) is reported at once with optionsEdited(); setOptions() shows what the board has
// now without disturbing a label being typed.
class StatusOptionsEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit StatusOptionsEditor(QWidget *parent = nullptr);

    // Rows are updated in place when the same options come back (the label being typed
    // keeps its text and focus); a different set rebuilds them.
    void setOptions(const QList<Core::StatusOption> &options);
    QList<Core::StatusOption> options() const;
    void setReadOnly(bool readOnly);
    bool isTyping() const; // a label has focus and unsaved text

    int rowCount() const { return int(m_rows.size()); }
    QLineEdit *labelEdit(int row) const;
    QComboBox *colourBox(int row) const;
    QToolButton *upButton(int row) const;
    QToolButton *downButton(int row) const;
    QToolButton *removeButton(int row) const;
    QPushButton *addButton() const { return m_add; }

Q_SIGNALS:
    void optionsEdited();

private:
    struct Row
    {
        QWidget *widget = nullptr;
        QComboBox *colour = nullptr;
        QLineEdit *label = nullptr;
        QToolButton *up = nullptr;
        QToolButton *down = nullptr;
        QToolButton *remove = nullptr;
        QString id;
        QString hex; // as stored: a colour from elsewhere stays until someone picks one
        QString savedLabel;
    };

    void rebuild(const QList<Core::StatusOption> &options);
    void addRow(const Core::StatusOption &option);
    void updateRow(Row &row, const Core::StatusOption &option);
    void nameRow(Row &row);
    void refreshButtons();
    int rowOf(const QWidget *control) const;
    void move(int row, int delta);

    QList<Row> m_rows;
    QVBoxLayout *m_rowsLayout;
    QPushButton *m_add;
    bool m_readOnly = false;
};

} // namespace Tessera::App
