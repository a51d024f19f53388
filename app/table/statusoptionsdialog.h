#pragma once

#include "core/protocol/domain.h"

#include <QDialog>

namespace Tessera::App {

class StatusOptionsEditor;

// Edits the options of one status column (label and named colour per option, add, remove,
// reorder) and gives the edited column back on OK. Option ids of existing options are
// kept; new options get fresh ids. The board's Columns dialog edits them live instead.
class StatusOptionsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit StatusOptionsDialog(const Core::Column &column, QWidget *parent = nullptr);

    Core::Column column() const; // the column with the edited options
    StatusOptionsEditor *editor() const { return m_editor; }

private:
    Core::Column m_column;
    StatusOptionsEditor *m_editor;
};

} // namespace Tessera::App
