#include "columnsdialog.h"

#include "boardops.h"
#include "columnlist.h"
#include "opsender.h"
#include "statusoptionseditor.h"

#include "core/client/syncclient.h"
#include "core/models/boardstore.h"
#include "core/protocol/limits.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {

constexpr int ColumnIdRole = Qt::UserRole;

QString typeLabel(ColumnType type)
{
    switch (type) {
    case ColumnType::Text: return ColumnsDialog::tr("Text");
    case ColumnType::Number: return ColumnsDialog::tr("Number");
    case ColumnType::Status: return ColumnsDialog::tr("Status");
    case ColumnType::Person: return ColumnsDialog::tr("Person");
    case ColumnType::Date: return ColumnsDialog::tr("Date");
    case ColumnType::Checkbox: return ColumnsDialog::tr("Checkbox");
    }
    return QString();
}

void fillTypes(QComboBox *box)
{
    for (const ColumnType type : { ColumnType::Text, ColumnType::Number, ColumnType::Status, ColumnType::Person,
                                   ColumnType::Date, ColumnType::Checkbox })
        box->addItem(typeLabel(type), columnTypeName(type));
}

} // namespace

ColumnsDialog::ColumnsDialog(SyncClient *sync, const QString &boardId, BoardStore *store, const QString &me,
                             QWidget *parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_boardId(boardId)
    , m_store(store)
    , m_me(me)
    , m_sender(new OpSender(sync, this))
    , m_list(new ColumnList(this))
    , m_name(new QLineEdit(this))
    , m_type(new QComboBox(this))
    , m_optionsLabel(new QLabel(tr("Options:"), this))
    , m_options(new StatusOptionsEditor)
    , m_details(new QWidget(this))
    , m_detailsNote(new QLabel(this))
    , m_newName(new QLineEdit(this))
    , m_newType(new QComboBox(this))
    , m_add(new QPushButton(tr("Add column"), this))
    , m_up(new QPushButton(tr("Move up"), this))
    , m_down(new QPushButton(tr("Move down"), this))
    , m_delete(new QPushButton(tr("Delete column…"), this))
    , m_message(new QLabel(this))
    , m_readOnlyNote(new QLabel(tr("Only the board's owners can change its columns."), this))
{
    setObjectName(QStringLiteral("columnsDialog"));
    m_list->setObjectName(QStringLiteral("columnList"));
    m_list->setAccessibleName(tr("Columns"));
    m_list->setToolTip(tr("Drag a column to move it"));
    m_name->setObjectName(QStringLiteral("columnName"));
    m_name->setAccessibleName(tr("Column name"));
    m_name->setMaxLength(int(Limits::maxTitleLength));
    m_type->setObjectName(QStringLiteral("columnType"));
    m_type->setAccessibleName(tr("Column type"));
    fillTypes(m_type);
    m_newType->setObjectName(QStringLiteral("newColumnType"));
    m_newType->setAccessibleName(tr("Type of the new column"));
    fillTypes(m_newType);
    m_newName->setObjectName(QStringLiteral("newColumnName"));
    m_newName->setAccessibleName(tr("Name of the new column"));
    m_newName->setPlaceholderText(tr("New column name"));
    m_newName->setMaxLength(int(Limits::maxTitleLength));
    m_add->setObjectName(QStringLiteral("addColumn"));
    m_up->setObjectName(QStringLiteral("moveColumnUp"));
    m_down->setObjectName(QStringLiteral("moveColumnDown"));
    m_delete->setObjectName(QStringLiteral("deleteColumn"));
    m_options->setObjectName(QStringLiteral("statusOptions"));
    m_message->setObjectName(QStringLiteral("columnsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_detailsNote->setWordWrap(true);
    m_readOnlyNote->setWordWrap(true);
    for (QPushButton *b : { m_add, m_up, m_down, m_delete })
        b->setAutoDefault(false);

    // Left: the columns and their order.
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    auto *moves = new QHBoxLayout;
    moves->addWidget(m_up);
    moves->addWidget(m_down);
    left->addLayout(moves);

    // Right: the chosen column.
    auto *form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Type:"), m_type);
    auto *scroll = new QScrollArea(m_details);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_options);
    m_optionsArea = scroll;
    auto *details = new QVBoxLayout(m_details);
    details->setContentsMargins(0, 0, 0, 0);
    details->addLayout(form);
    details->addWidget(m_optionsLabel);
    details->addWidget(scroll, 1);
    details->addWidget(m_detailsNote);
    details->addWidget(m_delete, 0, Qt::AlignLeft);

    auto *top = new QHBoxLayout;
    top->addLayout(left, 2);
    top->addWidget(m_details, 3);

    auto *adding = new QGroupBox(tr("New column"), this);
    auto *addRow = new QHBoxLayout(adding);
    addRow->addWidget(m_newName, 1);
    addRow->addWidget(m_newType);
    addRow->addWidget(m_add);

    auto *closeBox = new QDialogButtonBox(QDialogButtonBox::Close, this);
    closeBox->button(QDialogButtonBox::Close)->setAutoDefault(false);
    connect(closeBox, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(adding);
    layout->addWidget(m_message);
    layout->addWidget(m_readOnlyNote);
    layout->addWidget(closeBox);
    resize(640, 460);

    connect(m_list, &QListWidget::currentRowChanged, this, &ColumnsDialog::showCurrent);
    connect(m_list, &ColumnList::moveRequested, this, &ColumnsDialog::moveColumn);
    connect(m_up, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveCurrent(1); });
    connect(m_delete, &QPushButton::clicked, this, &ColumnsDialog::askToDelete);
    connect(m_add, &QPushButton::clicked, this, &ColumnsDialog::addColumn);
    connect(m_newName, &QLineEdit::returnPressed, this, &ColumnsDialog::addColumn);
    connect(m_newName, &QLineEdit::textChanged, this,
            [this] { m_add->setEnabled(isOwner() && !m_newName->text().trimmed().isEmpty()); });
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        const Column *column = current();
        const QString name = m_name->text().trimmed();
        if (!column || !isOwner() || name == column->name)
            return;
        if (name.isEmpty()) {
            m_name->setText(column->name); // a column needs a name
            return;
        }
        send(BoardOps::renameColumn(column->id, name));
    });
    connect(m_type, &QComboBox::activated, this, [this](int index) {
        const Column *column = current();
        const auto type = columnTypeFromName(m_type->itemData(index).toString());
        if (!column || !type || *type == column->type || !isOwner())
            return;
        send(BoardOps::retypeColumn(column->id, *type, column->options));
    });
    connect(m_options, &StatusOptionsEditor::optionsEdited, this, [this] {
        const Column *column = current();
        if (column && isOwner())
            send(BoardOps::setOptions(column->id, m_options->options()));
    });
    connect(m_sender, &OpSender::refused, this,
            [this](const QString &, const QString &message) { say(tr("Not changed: %1").arg(message), true); });
    connect(store, &BoardStore::batchApplied, this, [this](const BatchChanges &changes) {
        if (changes.columnsChanged || changes.membersChanged || changes.boardChanged)
            refresh();
    });
    connect(store, &BoardStore::reset, this, &ColumnsDialog::refresh);
    connect(store, &BoardStore::mutationsChanged, this, &ColumnsDialog::refresh);
    connect(store, &QObject::destroyed, this, &QDialog::close);
    connect(sync, &SyncClient::boardAboutToClose, this, [this](const QString &id) {
        if (id == m_boardId)
            this->close();
    });
    refresh();
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
}

bool ColumnsDialog::isOwner() const
{
    return m_store && BoardOps::effective(*m_store).roleOf(m_me) == Role::Owner;
}

bool ColumnsDialog::isConfirmed(const QString &columnId) const
{
    return m_store && m_store->confirmed().column(columnId);
}

const Column *ColumnsDialog::current() const
{
    const QString id = currentColumnId();
    for (const Column &c : m_columns) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

QString ColumnsDialog::currentColumnId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(ColumnIdRole).toString() : QString();
}

void ColumnsDialog::selectColumn(const QString &columnId)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(ColumnIdRole).toString() == columnId)
            m_list->setCurrentRow(row);
    }
}

void ColumnsDialog::refresh()
{
    if (!m_store)
        return;
    const BoardState state = BoardOps::effective(*m_store);
    setWindowTitle(tr("Columns of “%1”").arg(state.board.name));
    m_columns = state.columns;
    const QString selected = currentColumnId();
    {
        const QSignalBlocker blocker(m_list);
        m_list->clear();
        for (const Column &c : std::as_const(m_columns)) {
            auto *item = new QListWidgetItem(tr("%1 (%2)").arg(c.name, typeLabel(c.type)), m_list);
            item->setData(ColumnIdRole, c.id);
            item->setToolTip(isConfirmed(c.id) ? tr("Drag to move") : tr("Not saved on the server yet"));
            if (c.id == selected)
                m_list->setCurrentItem(item);
        }
        if (!m_list->currentItem() && m_list->count() > 0)
            m_list->setCurrentRow(0);
    }
    const bool owner = state.roleOf(m_me) == Role::Owner;
    m_readOnlyNote->setVisible(!owner);
    m_list->setDraggable(owner);
    m_newName->setEnabled(owner);
    m_newType->setEnabled(owner);
    m_add->setEnabled(owner && !m_newName->text().trimmed().isEmpty());
    showCurrent();
}

void ColumnsDialog::showCurrent()
{
    const Column *column = current();
    const bool owner = isOwner();
    // A column only I know of (added while offline) can be changed once the server has it.
    const bool editable = column && owner && isConfirmed(column->id);
    const int row = m_list->currentRow();
    m_details->setEnabled(column != nullptr);
    m_up->setEnabled(editable && row > 0);
    m_down->setEnabled(editable && row + 1 < m_list->count());
    m_delete->setEnabled(editable);
    m_name->setReadOnly(!editable);
    m_type->setEnabled(editable);
    m_options->setReadOnly(!editable);
    m_detailsNote->setVisible(column && owner && !editable);
    m_detailsNote->setText(tr("This column is saved on the server once Tessera is connected; then it can be changed."));
    if (!column) {
        m_name->clear();
        m_options->setOptions({});
        m_optionsLabel->hide();
        m_optionsArea->hide();
        return;
    }
    if (!m_name->hasFocus() || !m_name->isModified())
        m_name->setText(column->name);
    m_type->setCurrentIndex(m_type->findData(columnTypeName(column->type)));
    const bool status = column->type == ColumnType::Status;
    m_optionsLabel->setVisible(status);
    m_optionsArea->setVisible(status);
    if (!m_options->isTyping())
        m_options->setOptions(status ? column->options : QList<StatusOption>());
    m_delete->setText(tr("Delete “%1”…").arg(column->name));
}

void ColumnsDialog::send(const Op &op)
{
    m_message->clear();
    if (m_sender->send(m_boardId, op).isEmpty())
        say(tr("Not connected to a server: nothing was changed."), true);
}

void ColumnsDialog::say(const QString &text, bool problem)
{
    QPalette p = palette();
    if (problem)
        p.setColor(QPalette::WindowText, QColor(0xd9, 0x30, 0x25));
    m_message->setPalette(p);
    m_message->setText(text);
}

QString ColumnsDialog::message() const
{
    return m_message->text();
}

void ColumnsDialog::addColumn()
{
    const QString name = m_newName->text().trimmed();
    const auto type = columnTypeFromName(m_newType->currentData().toString());
    if (name.isEmpty() || !type || !isOwner())
        return;
    Column column;
    column.id = BoardOps::newShortId();
    column.name = name;
    column.type = *type;
    if (column.type == ColumnType::Status)
        column.options = BoardOps::starterOptions();
    send(BoardOps::createColumn(column));
    m_newName->clear();
    selectColumn(column.id);
    m_newName->setFocus(Qt::OtherFocusReason);
}

void ColumnsDialog::moveCurrent(int delta)
{
    const int row = m_list->currentRow();
    moveColumn(row, row + delta);
}

void ColumnsDialog::moveColumn(int from, int to)
{
    if (from < 0 || from >= m_columns.size() || to < 0 || to >= m_columns.size() || from == to || !isOwner())
        return;
    const QString id = m_columns.at(from).id;
    if (!isConfirmed(id))
        return;
    m_list->setCurrentRow(from);
    send(BoardOps::moveColumn(id, to));
    selectColumn(id);
}

void ColumnsDialog::askToDelete()
{
    const Column *column = current();
    if (!column || !isOwner())
        return;
    const QString id = column->id;
    auto *ask = new QMessageBox(QMessageBox::Warning, tr("Delete column"),
                                tr("Delete the column “%1”?").arg(column->name), QMessageBox::Cancel, this);
    ask->setObjectName(QStringLiteral("confirmDeleteColumn"));
    ask->setInformativeText(tr("Its values in every item of the board are deleted with it."));
    QPushButton *yes = ask->addButton(tr("Delete column"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmDelete"));
    ask->setDefaultButton(QMessageBox::Cancel);
    ask->setAttribute(Qt::WA_DeleteOnClose);
    connect(ask, &QMessageBox::buttonClicked, this, [this, yes, id](QAbstractButton *clicked) {
        if (clicked == yes)
            send(BoardOps::deleteColumn(id));
    });
    ask->open();
}

} // namespace Tessera::App
