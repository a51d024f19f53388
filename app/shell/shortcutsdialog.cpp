#include "shortcutsdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Tessera::App {

ShortcutsDialog::ShortcutsDialog(QWidget *parent) : QDialog(parent), m_list(new QTreeWidget(this))
{
    setWindowTitle(tr("Keyboard shortcuts"));
    setObjectName(QStringLiteral("shortcutsDialog"));
    resize(680, 600);
    m_list->setObjectName(QStringLiteral("shortcutList"));
    m_list->setAccessibleName(tr("Keyboard shortcuts"));
    m_list->setColumnCount(2);
    m_list->setHeaderLabels({ tr("Keys"), tr("What they do") });
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    const auto native = [](const QKeySequence &keys) { return keys.toString(QKeySequence::NativeText); };
    struct Entry
    {
        QString keys;
        QString what;
    };
    const QList<std::pair<QString, QList<Entry>>> sections {
        { tr("Anywhere"),
          { { native(QKeySequence(Qt::CTRL | Qt::Key_K)), tr("Search all boards") },
            { QStringLiteral("?  ·  ") + native(QKeySequence(Qt::CTRL | Qt::Key_Slash)), tr("Show these shortcuts") },
            { native(QKeySequence(QStringLiteral("Ctrl+,"))), tr("Settings") } } },
        { tr("On a board"),
          { { native(QKeySequence(Qt::CTRL | Qt::Key_1)) + QStringLiteral(" / 2 / 3 / 4"), tr("Table, kanban, calendar, dashboard") },
            { native(QKeySequence(Qt::CTRL | Qt::Key_N)), tr("New item") },
            { native(QKeySequence(Qt::CTRL | Qt::Key_F)), tr("Filter the items (words, status:done, @me, is:overdue, no:date)") },
            { native(QKeySequence::Undo), tr("Undo my last change") },
            { native(QKeySequence::Redo), tr("Redo") },
            { tr("Esc"), tr("Clear the filter, close the item") } } },
        { tr("Table"),
          { { tr("Enter"), tr("Open the item") },
            { tr("F2, or start typing"), tr("Edit the current cell") },
            { tr("Delete"), tr("Delete the selected items (undo brings them back)") },
            { tr("Shift/Ctrl + click, Shift + arrows"), tr("Select several items; the bar above sets a field on all") },
            { tr("Drag the ⋮⋮ handle"), tr("Reorder rows (and move them to another group)") },
            { tr("Enter, Space, Left, Right on a group"), tr("Collapse or expand the group") } } },
        { tr("Kanban"),
          { { tr("Enter"), tr("Open the card") },
            { native(QKeySequence(Qt::CTRL | Qt::Key_Left)) + QStringLiteral(" / ") + native(QKeySequence(Qt::CTRL | Qt::Key_Right)),
              tr("Move the card to the next lane") },
            { native(QKeySequence(Qt::CTRL | Qt::Key_Up)) + QStringLiteral(" / ") + native(QKeySequence(Qt::CTRL | Qt::Key_Down)),
              tr("Move the card up or down its lane") },
            { tr("Delete"), tr("Delete the selected cards") },
            { tr("Shift/Ctrl + click, drag on empty space"), tr("Select several cards; dragging one moves them all") } } },
        { tr("Item"),
          { { tr("Enter on the description"), tr("Edit the description") },
            { native(QKeySequence(Qt::CTRL | Qt::Key_Return)), tr("Save the description, send a comment") },
            { tr("@ in a comment"), tr("Mention someone (Tab or Enter picks)") } } },
    };
    QFont bold = m_list->font();
    bold.setBold(true);
    for (const auto &[title, entries] : sections) {
        auto *section = new QTreeWidgetItem(m_list, { title });
        section->setFont(0, bold);
        section->setFirstColumnSpanned(true);
        for (const Entry &e : entries) {
            auto *row = new QTreeWidgetItem(m_list, { e.keys, e.what });
            row->setToolTip(1, e.what); // the whole sentence where a narrow window elides it
        }
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list);
    layout->addWidget(buttons);
}

} // namespace Tessera::App
