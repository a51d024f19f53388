#pragma once

#include "core/protocol/domain.h"

#include <QDialog>

class QTableWidget;

namespace Tessera::App {

// Edits the options of a status column: label and colour per option, add, remove, reorder.
// Option ids of existing options are kept; new options get fresh ids.
class StatusOptionsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit StatusOptionsDialog(const Core::Column &column, QWidget *parent = nullptr);

    Core::Column column() const; // the column with the edited options

private:
    void addRow(const Core::StatusOption &option);
    void moveSelected(int delta);

    Core::Column m_column;
    QTableWidget *m_table;
};

} // namespace Tessera::App
