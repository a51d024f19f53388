#include "statusoptionsdialog.h"

#include "app/board/fieldeditors.h"
#include "app/board/opbuilder.h"

#include <QColorDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {
constexpr int IdRole = Qt::UserRole + 1;
constexpr int ColorRole = Qt::UserRole + 2;
}

StatusOptionsDialog::StatusOptionsDialog(const Column &column, QWidget *parent)
    : QDialog(parent), m_column(column), m_table(new QTableWidget(0, 2, this))
{
    setWindowTitle(tr("Status options of “%1”").arg(column.name));
    m_table->setHorizontalHeaderLabels({ tr("Label"), tr("Colour") });
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (const StatusOption &option : column.options)
        addRow(option);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int col) {
        if (col != 1)
            return;
        QTableWidgetItem *item = m_table->item(row, 1);
        const QColor color = QColorDialog::getColor(QColor(item->data(ColorRole).toString()), this);
        if (color.isValid()) {
            item->setData(ColorRole, color.name());
            item->setText(color.name());
            item->setIcon(FieldEditors::swatch(color.name()));
        }
    });

    auto *add = new QPushButton(tr("Add"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    auto *up = new QPushButton(tr("Up"), this);
    auto *down = new QPushButton(tr("Down"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        addRow({ OpBuilder::newId().left(8), tr("New option"), QStringLiteral("#7f8c8d") });
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    connect(up, &QPushButton::clicked, this, [this] { moveSelected(-1); });
    connect(down, &QPushButton::clicked, this, [this] { moveSelected(1); });
    auto *buttons = new QVBoxLayout;
    for (QPushButton *button : { add, remove, up, down })
        buttons->addWidget(button);
    buttons->addStretch();
    auto *row = new QHBoxLayout;
    row->addWidget(m_table, 1);
    row->addLayout(buttons);

    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(box);
    resize(420, 320);
}

void StatusOptionsDialog::addRow(const StatusOption &option)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *label = new QTableWidgetItem(option.label);
    label->setData(IdRole, option.id);
    auto *color = new QTableWidgetItem(FieldEditors::swatch(option.color), option.color);
    color->setData(ColorRole, option.color);
    color->setFlags(color->flags() & ~Qt::ItemIsEditable);
    color->setToolTip(tr("Double-click to choose a colour"));
    m_table->setItem(row, 0, label);
    m_table->setItem(row, 1, color);
}

void StatusOptionsDialog::moveSelected(int delta)
{
    const int row = m_table->currentRow();
    const int target = row + delta;
    if (row < 0 || target < 0 || target >= m_table->rowCount())
        return;
    for (int col = 0; col < 2; ++col) {
        QTableWidgetItem *a = m_table->takeItem(row, col);
        QTableWidgetItem *b = m_table->takeItem(target, col);
        m_table->setItem(row, col, b);
        m_table->setItem(target, col, a);
    }
    m_table->setCurrentCell(target, 0);
}

Column StatusOptionsDialog::column() const
{
    Column result = m_column;
    result.options.clear();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *label = m_table->item(row, 0);
        const QTableWidgetItem *color = m_table->item(row, 1);
        result.options.append({ label->data(IdRole).toString(), label->text().trimmed(), color->data(ColorRole).toString() });
    }
    return result;
}

} // namespace Tessera::App
