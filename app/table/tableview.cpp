#include "tableview.h"

#include "celldelegate.h"
#include "app/board/opbuilder.h"
#include "statusoptionsdialog.h"

#include "core/models/boardstore.h"
#include "core/models/itemfilter.h"
#include "core/models/itemtablemodel.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QProxyStyle>
#include <QStyleOptionHeader>
#include <QTimer>

namespace Tessera::App {

using namespace Tessera::Core;
using Roles = ItemTableModel::Roles;

namespace {

// Insets header labels like the cells' text (CellDelegate), so columns line up.
class HeaderStyle final : public QProxyStyle
{
public:
    using QProxyStyle::QProxyStyle;

    void drawControl(ControlElement element, const QStyleOption *option, QPainter *painter,
                     const QWidget *widget) const override
    {
        if (element == CE_HeaderLabel) {
            if (const auto *header = qstyleoption_cast<const QStyleOptionHeader *>(option)) {
                QStyleOptionHeader inset = *header;
                inset.rect.adjust(5, 0, -5, 0);
                QProxyStyle::drawControl(element, &inset, painter, widget);
                return;
            }
        }
        QProxyStyle::drawControl(element, option, painter, widget);
    }
};

} // namespace

TableView::TableView(ItemTableModel *model, ItemFilterProxy *proxy, QWidget *parent)
    : QTableView(parent), m_model(model), m_proxy(proxy), m_store(model->store()),
      m_delegate(new CellDelegate(model->store(), this)), m_flashTimer(new QTimer(this))
{
    m_clock.start();
    setModel(m_proxy);
    setItemDelegate(m_delegate);
    setSortingEnabled(true);
    sortByColumn(-1, Qt::AscendingOrder);
    setSelectionBehavior(SelectRows);
    setSelectionMode(ExtendedSelection);
    setEditTriggers(DoubleClicked | EditKeyPressed | AnyKeyPressed);
    setMouseTracking(true); // the title cell's open button shows on hover
    setAccessibleName(tr("Items"));
    setAlternatingRowColors(false);
    setShowGrid(true);
    setWordWrap(false);
    setFrameShape(QFrame::NoFrame);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 14);
    verticalHeader()->hide();
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setDefaultSectionSize(140);
    horizontalHeader()->setMinimumSectionSize(60);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    auto *headerStyle = new HeaderStyle;
    headerStyle->setParent(horizontalHeader());
    horizontalHeader()->setStyle(headerStyle);
    horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(horizontalHeader(), &QHeaderView::customContextMenuRequested, this, &TableView::showHeaderMenu);
    connect(m_delegate, &CellDelegate::valueCommitted, this, &TableView::commitValue);
    connect(m_delegate, &CellDelegate::openRequested, this,
            [this](const QModelIndex &index) { Q_EMIT openItemRequested(index.data(Roles::ItemIdRole).toString()); });
    connect(m_store, &BoardStore::batchApplied, this, &TableView::onBatchApplied);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->columnCount() > 0)
            setColumnWidth(0, 260);
    });
    if (m_model->columnCount() > 0)
        setColumnWidth(0, 260);
    m_delegate->setFlashLevel([this](const QString &itemId) -> qreal {
        const auto it = m_flashStart.constFind(itemId);
        if (it == m_flashStart.constEnd())
            return 0.0;
        return qBound(0.0, 1.0 - qreal(m_clock.elapsed() - *it) / FlashMs, 1.0);
    });
    m_delegate->setUnreadCheck([this](const QString &itemId) { return m_unread.contains(itemId); });
    m_flashTimer->setInterval(40);
    connect(m_flashTimer, &QTimer::timeout, this, &TableView::onFlashTick);
    connect(this, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (!(index.flags() & Qt::ItemIsEditable))
            Q_EMIT openItemRequested(index.data(Roles::ItemIdRole).toString());
    });
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { Q_EMIT currentItemChanged(current.data(Roles::ItemIdRole).toString()); });
}

void TableView::setCurrentUser(const QString &userId)
{
    m_me = userId;
    m_delegate->setCurrentUser(userId);
    viewport()->update();
}

void TableView::setUnreadItems(const QSet<QString> &itemIds)
{
    if (itemIds == m_unread)
        return;
    m_unread = itemIds;
    viewport()->update();
}

QString TableView::currentItemId() const
{
    return currentIndex().data(Roles::ItemIdRole).toString();
}

QStringList TableView::selectedItemIds() const
{
    QModelIndexList rows = selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    for (const QModelIndex &row : std::as_const(rows))
        ids.append(row.data(Roles::ItemIdRole).toString());
    if (ids.isEmpty() && currentIndex().isValid())
        ids.append(currentItemId());
    return ids;
}

void TableView::editItem(const QString &itemId, const QString &columnId)
{
    QString column = columnId;
    if (column.isEmpty()) {
        for (const Column &c : m_store->columns()) {
            if (c.type == ColumnType::Text) {
                column = c.id;
                break;
            }
        }
    }
    const int sourceRow = m_model->rowOfItem(itemId);
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, m_model->columnOf(column)));
    if (!index.isValid())
        return;
    setCurrentIndex(index);
    scrollTo(index);
    setFocus(Qt::OtherFocusReason);
    QTableView::edit(index);
    if (auto *line = qobject_cast<QLineEdit *>(indexWidget(index) ? indexWidget(index) : QApplication::focusWidget()))
        line->selectAll(); // typing replaces the placeholder title
}

bool TableView::edit(const QModelIndex &index, EditTrigger trigger, QEvent *event)
{
    const bool editing = QTableView::edit(index, trigger, event);
    if (editing && state() == EditingState
        && (m_editingItem != index.data(Roles::ItemIdRole).toString()
            || m_editingColumn != index.data(Roles::ColumnIdRole).toString())) {
        m_editingItem = index.data(Roles::ItemIdRole).toString();
        m_editingColumn = index.data(Roles::ColumnIdRole).toString();
        m_editBase = OpBuilder::editBase(*m_store, m_editingItem, { m_editingColumn });
        Q_EMIT editingFieldChanged(m_editingItem, m_editingColumn);
    }
    return editing;
}

void TableView::closeEditor(QWidget *editor, QAbstractItemDelegate::EndEditHint hint)
{
    QTableView::closeEditor(editor, hint);
    if (state() != EditingState && !m_editingItem.isEmpty()) {
        const QString itemId = std::exchange(m_editingItem, QString());
        m_editingColumn.clear();
        m_editBase = {};
        Q_EMIT editingFieldChanged(itemId, QString());
    }
}

void TableView::selectItem(const QString &itemId)
{
    const int sourceRow = m_model->rowOfItem(itemId);
    if (sourceRow < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (index.isValid()) {
        setCurrentIndex(index);
        scrollTo(index);
    }
}

bool TableView::isFlashing(const QString &itemId) const
{
    return m_flashStart.contains(itemId);
}

void TableView::commitValue(const QModelIndex &index, const QJsonValue &value)
{
    const QString itemId = index.data(Roles::ItemIdRole).toString();
    const QString columnId = index.data(Roles::ColumnIdRole).toString();
    if (itemId.isEmpty() || columnId.isEmpty())
        return;
    const QJsonObject base = itemId == m_editingItem ? m_editBase : QJsonObject();
    Q_EMIT opRequested(OpBuilder::updateItem(*m_store, itemId, { { columnId, value } }, base));
}

void TableView::onBatchApplied(const BatchChanges &changes)
{
    if (changes.origin != BatchChanges::Origin::Server)
        return;
    const qint64 now = m_clock.elapsed();
    QStringList ids = changes.inserted;
    for (auto it = changes.updated.begin(); it != changes.updated.end(); ++it)
        ids.append(it.key());
    for (const QString &id : changes.moved)
        ids.append(id);
    for (const QString &id : ids) {
        // Our own confirmed edits come back from the server too: only flash what others did.
        if (m_store->itemState(id) == ItemState::Synced)
            m_flashStart.insert(id, now);
    }
    if (!m_flashStart.isEmpty() && !m_flashTimer->isActive())
        m_flashTimer->start();
}

void TableView::onFlashTick()
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_flashStart.begin(); it != m_flashStart.end();) {
        if (now - *it > FlashMs)
            it = m_flashStart.erase(it);
        else
            ++it;
    }
    if (m_flashStart.isEmpty())
        m_flashTimer->stop();
    viewport()->update();
}

void TableView::keyPressEvent(QKeyEvent *event)
{
    if (state() != EditingState && event->modifiers() == Qt::NoModifier) {
        switch (event->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (currentIndex().isValid()) {
                Q_EMIT openItemRequested(currentItemId());
                return;
            }
            break;
        case Qt::Key_Delete:
            if (const QStringList ids = selectedItemIds(); !ids.isEmpty()) {
                Q_EMIT deleteRequested(ids);
                return;
            }
            break;
        default:
            break;
        }
    }
    QTableView::keyPressEvent(event);
}

void TableView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex index = indexAt(event->pos());
    if (!index.isValid())
        return;
    const QString itemId = index.data(Roles::ItemIdRole).toString();
    if (!selectionModel()->isRowSelected(index.row(), index.parent()))
        selectRow(index.row()); // the menu acts on what is selected, and this row is
    const QStringList selected = selectedItemIds();
    QMenu menu(this);
    menu.addAction(tr("Open"), this, [this, itemId] { Q_EMIT openItemRequested(itemId); });
    for (const LocalMutation &mutation : m_store->mutationsOf(itemId)) {
        if (mutation.state == ItemState::Pending)
            continue;
        menu.addSeparator();
        const QString id = mutation.mutationId;
        if (mutation.state == ItemState::Conflict) {
            menu.addSection(tr("Someone else changed this while you edited it"));
            menu.addAction(tr("Keep mine"), this, [this, id] { Q_EMIT keepMineRequested(id); });
            menu.addAction(tr("Take theirs"), this, [this, id] { Q_EMIT takeTheirsRequested(id); });
        } else {
            menu.addSection(tr("Not saved: %1").arg(mutation.message.isEmpty() ? Core::rejectCodeName(mutation.code) : mutation.message));
            menu.addAction(tr("Retry"), this, [this, id] { Q_EMIT retryRequested(id); });
            menu.addAction(tr("Discard my change"), this, [this, id] { Q_EMIT discardRequested(id); });
        }
    }
    menu.addSeparator();
    menu.addAction(selected.size() > 1 ? tr("Delete %n items", nullptr, int(selected.size())) : tr("Delete item"), this,
                   [this, selected] { Q_EMIT deleteRequested(selected); });
    menu.exec(event->globalPos());
}

bool TableView::isOwner() const
{
    return !m_me.isEmpty() && m_store->confirmed().roleOf(m_me) == Role::Owner;
}

void TableView::showHeaderMenu(const QPoint &pos)
{
    if (!isOwner())
        return;
    const int logical = horizontalHeader()->logicalIndexAt(pos);
    const Column *column = m_model->columnAt(logical);
    QMenu menu(this);
    menu.addAction(tr("Add column…"), this, &TableView::addColumn);
    if (column) {
        const Column copy = *column;
        menu.addAction(tr("Rename “%1”…").arg(copy.name), this, [this, copy] {
            bool ok = false;
            const QString name = QInputDialog::getText(this, tr("Rename column"), tr("Name:"), QLineEdit::Normal,
                                                       copy.name, &ok).trimmed();
            if (ok && !name.isEmpty() && name != copy.name) {
                Column renamed = copy;
                renamed.name = name;
                Q_EMIT opRequested(OpBuilder::updateColumn(renamed));
            }
        });
        if (copy.type == ColumnType::Status) {
            menu.addAction(tr("Edit status options…"), this, [this, copy] {
                StatusOptionsDialog dialog(copy, this);
                if (dialog.exec() == QDialog::Accepted && dialog.column() != copy)
                    Q_EMIT opRequested(OpBuilder::updateColumn(dialog.column()));
            });
        }
        menu.addSeparator();
        menu.addAction(tr("Delete “%1”").arg(copy.name), this,
                       [this, copy] { Q_EMIT opRequested(OpBuilder::deleteColumn(copy.id)); });
    }
    menu.exec(horizontalHeader()->mapToGlobal(pos));
}

void TableView::addColumn()
{
    QStringList typeLabels { tr("Text"), tr("Number"), tr("Status"), tr("Person"), tr("Date"), tr("Checkbox") };
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Add column"), tr("Name:"), QLineEdit::Normal, QString(), &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    const QString type = QInputDialog::getItem(this, tr("Add column"), tr("Type:"), typeLabels, 0, false, &ok);
    if (!ok)
        return;
    Column column;
    column.id = OpBuilder::newId().left(8);
    column.name = name;
    column.type = ColumnType(qMax(0, int(typeLabels.indexOf(type))));
    if (column.type == ColumnType::Status)
        column.options = { { QStringLiteral("todo"), tr("To do"), QStringLiteral("#8e9aaf") },
                           { QStringLiteral("doing"), tr("Doing"), QStringLiteral("#3b82f6") },
                           { QStringLiteral("done"), tr("Done"), QStringLiteral("#22a06b") } };
    Q_EMIT opRequested(OpBuilder::createColumn(column));
}

} // namespace Tessera::App
