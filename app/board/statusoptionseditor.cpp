#include "statusoptionseditor.h"

#include "boardops.h"
#include "palette.h"

#include "core/protocol/limits.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {

// Later: this may run inside a signal of one of the row's own buttons.
void dropRowWidget(QWidget *widget)
{
    widget->hide();
    widget->setParent(nullptr);
    widget->deleteLater();
}

} // namespace

StatusOptionsEditor::StatusOptionsEditor(QWidget *parent)
    : QWidget(parent), m_rowsLayout(new QVBoxLayout), m_add(new QPushButton(tr("Add option"), this))
{
    m_add->setObjectName(QStringLiteral("addOption"));
    m_add->setAutoDefault(false); // Enter in a label confirms the label, it adds nothing
    m_add->setAccessibleName(tr("Add a status option"));
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setSpacing(4);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_rowsLayout);
    layout->addWidget(m_add, 0, Qt::AlignLeft);
    layout->addStretch(1);
    connect(m_add, &QPushButton::clicked, this, [this] {
        if (m_rows.size() >= Limits::maxStatusOptions)
            return;
        addRow({ BoardOps::newShortId(), tr("New option"), Palette::forIndex(int(m_rows.size())) });
        refreshButtons();
        QLineEdit *label = m_rows.last().label;
        label->setFocus(Qt::OtherFocusReason);
        label->selectAll();
        Q_EMIT optionsEdited();
    });
}

void StatusOptionsEditor::setOptions(const QList<StatusOption> &options)
{
    bool sameIds = options.size() == m_rows.size();
    for (qsizetype i = 0; sameIds && i < options.size(); ++i)
        sameIds = options.at(i).id == m_rows.at(i).id;
    if (!sameIds) {
        rebuild(options);
        return;
    }
    for (qsizetype i = 0; i < options.size(); ++i)
        updateRow(m_rows[i], options.at(i));
}

void StatusOptionsEditor::rebuild(const QList<StatusOption> &options)
{
    for (Row &row : m_rows)
        dropRowWidget(row.widget);
    m_rows.clear();
    for (const StatusOption &option : options)
        addRow(option);
    refreshButtons();
}

void StatusOptionsEditor::addRow(const StatusOption &option)
{
    Row row;
    row.widget = new QWidget(this);
    auto *layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    row.colour = new QComboBox(row.widget);
    row.colour->setSizeAdjustPolicy(QComboBox::AdjustToContents); // every colour's name fits
    for (const Palette::Colour &c : Palette::colours())
        row.colour->addItem(Palette::swatch(c.hex), c.name, c.hex);
    row.label = new QLineEdit(row.widget);
    row.label->setMaxLength(int(Limits::maxTitleLength));
    const auto tool = [&row](const QString &text) {
        auto *button = new QToolButton(row.widget);
        button->setText(text);
        button->setAutoRaise(true);
        return button;
    };
    row.up = tool(QStringLiteral("↑"));
    row.down = tool(QStringLiteral("↓"));
    row.remove = tool(QStringLiteral("✕"));
    layout->addWidget(row.colour);
    layout->addWidget(row.label, 1);
    layout->addWidget(row.up);
    layout->addWidget(row.down);
    layout->addWidget(row.remove);
    m_rowsLayout->addWidget(row.widget);

    QLineEdit *label = row.label;
    QComboBox *colour = row.colour;
    connect(label, &QLineEdit::editingFinished, this, [this, label] {
        const int i = rowOf(label);
        if (i < 0)
            return;
        Row &r = m_rows[i];
        const QString text = label->text().trimmed();
        if (text.isEmpty()) {
            label->setText(r.savedLabel); // an option needs a name
            return;
        }
        if (text == r.savedLabel)
            return;
        r.savedLabel = text;
        nameRow(r);
        Q_EMIT optionsEdited();
    });
    connect(colour, &QComboBox::activated, this, [this, colour](int index) {
        const int i = rowOf(colour);
        const QString hex = colour->itemData(index).toString();
        if (i < 0 || hex == m_rows.at(i).hex)
            return;
        m_rows[i].hex = hex;
        Q_EMIT optionsEdited();
    });
    connect(row.up, &QToolButton::clicked, this, [this, label] { move(rowOf(label), -1); });
    connect(row.down, &QToolButton::clicked, this, [this, label] { move(rowOf(label), 1); });
    connect(row.remove, &QToolButton::clicked, this, [this, label] {
        const int i = rowOf(label);
        if (i < 0)
            return;
        dropRowWidget(m_rows.takeAt(i).widget);
        refreshButtons();
        Q_EMIT optionsEdited();
    });
    row.id = option.id;
    m_rows.append(row);
    updateRow(m_rows.last(), option);
}

void StatusOptionsEditor::updateRow(Row &row, const StatusOption &option)
{
    row.hex = option.color;
    const int colourIndex = row.colour->findData(Palette::nearest(option.color));
    row.colour->setCurrentIndex(colourIndex);
    const bool typing = row.label->hasFocus() && row.label->isModified() && row.label->text() != row.savedLabel;
    row.savedLabel = option.label;
    if (!typing && row.label->text() != option.label) {
        row.label->setText(option.label);
        row.label->setModified(false);
    }
    nameRow(row);
    row.label->setReadOnly(m_readOnly);
    row.colour->setEnabled(!m_readOnly);
}

void StatusOptionsEditor::nameRow(Row &row)
{
    const QString name = row.savedLabel;
    row.label->setAccessibleName(tr("Name of the option “%1”").arg(name));
    row.colour->setAccessibleName(tr("Colour of “%1”").arg(name));
    row.colour->setToolTip(tr("Colour of “%1”").arg(name));
    row.up->setAccessibleName(tr("Move “%1” up").arg(name));
    row.up->setToolTip(row.up->accessibleName());
    row.down->setAccessibleName(tr("Move “%1” down").arg(name));
    row.down->setToolTip(row.down->accessibleName());
    row.remove->setAccessibleName(tr("Remove “%1”").arg(name));
    row.remove->setToolTip(row.remove->accessibleName());
}

void StatusOptionsEditor::refreshButtons()
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        row.up->setEnabled(!m_readOnly && i > 0);
        row.down->setEnabled(!m_readOnly && i + 1 < m_rows.size());
        row.remove->setEnabled(!m_readOnly && m_rows.size() > 1); // a status column keeps one option
        row.remove->setVisible(!m_readOnly);
        row.up->setVisible(!m_readOnly);
        row.down->setVisible(!m_readOnly);
    }
    m_add->setVisible(!m_readOnly);
    m_add->setEnabled(m_rows.size() < Limits::maxStatusOptions);
}

int StatusOptionsEditor::rowOf(const QWidget *control) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const Row &r = m_rows.at(i);
        if (r.label == control || r.colour == control || r.widget == control)
            return int(i);
    }
    return -1;
}

void StatusOptionsEditor::move(int row, int delta)
{
    const int target = row + delta;
    if (row < 0 || target < 0 || target >= m_rows.size())
        return;
    m_rows.swapItemsAt(row, target);
    m_rowsLayout->removeWidget(m_rows.at(row).widget);
    m_rowsLayout->removeWidget(m_rows.at(target).widget);
    const int first = std::min(row, target);
    m_rowsLayout->insertWidget(first, m_rows.at(first).widget);
    m_rowsLayout->insertWidget(first + 1, m_rows.at(first + 1).widget);
    refreshButtons();
    (delta < 0 ? m_rows.at(target).up : m_rows.at(target).down)->setFocus(Qt::OtherFocusReason);
    Q_EMIT optionsEdited();
}

QList<StatusOption> StatusOptionsEditor::options() const
{
    QList<StatusOption> out;
    for (const Row &row : m_rows) {
        const QString typed = row.label->text().trimmed();
        out.append({ row.id, typed.isEmpty() ? row.savedLabel : typed, row.hex });
    }
    return out;
}

void StatusOptionsEditor::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    for (Row &row : m_rows) {
        row.label->setReadOnly(readOnly);
        row.colour->setEnabled(!readOnly);
    }
    refreshButtons();
}

bool StatusOptionsEditor::isTyping() const
{
    for (const Row &row : m_rows) {
        if (row.label->hasFocus() && row.label->text().trimmed() != row.savedLabel)
            return true;
    }
    return false;
}

QLineEdit *StatusOptionsEditor::labelEdit(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).label : nullptr;
}

QComboBox *StatusOptionsEditor::colourBox(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).colour : nullptr;
}

QToolButton *StatusOptionsEditor::upButton(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).up : nullptr;
}

QToolButton *StatusOptionsEditor::downButton(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).down : nullptr;
}

QToolButton *StatusOptionsEditor::removeButton(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).remove : nullptr;
}

} // namespace Tessera::App
