#include "statusoptionsdialog.h"

#include "app/board/statusoptionseditor.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace Tessera::App {

using namespace Tessera::Core;

StatusOptionsDialog::StatusOptionsDialog(const Column &column, QWidget *parent)
    : QDialog(parent), m_column(column), m_editor(new StatusOptionsEditor)
{
    setWindowTitle(tr("Status options of “%1”").arg(column.name));
    m_editor->setOptions(column.options);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_editor);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    box->button(QDialogButtonBox::Ok)->setAutoDefault(false); // Enter confirms a label, not the dialog
    box->button(QDialogButtonBox::Ok)->setDefault(false);
    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(box);
    resize(440, 340);
}

Column StatusOptionsDialog::column() const
{
    Column result = m_column;
    result.options = m_editor->options();
    return result;
}

} // namespace Tessera::App
