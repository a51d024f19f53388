#include "tableview.h"

#include "celldelegate.h"
#include "app/board/opbuilder.h"
#include "statusoptionsdialog.h"

#include "core/models/boardstore.h"
#include "core/models/groupingproxy.h"
#include "core/models/itemfilter.h"
#include "core/models/itemtablemodel.h"
#include "core/rules/rank.h"

#include <QMouseEvent>
#include <QPainter>
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
    : QTableView(parent), m_model(model), m_proxy(proxy), m_groups(new GroupingProxy(model, this)), m_store(model->store()),
      m_delegate(new CellDelegate(model->store(), this)), m_flashTimer(new QTimer(this))
{
    m_clock.start();
    m_groups->setSourceModel(m_proxy);
    setModel(m_groups);
    connect(m_groups, &GroupingProxy::groupsChanged, this, &TableView::refreshSpans);
    connect(m_groups, &QAbstractItemModel::modelReset, this, &TableView::refreshSpans);
    connect(this, &QTableView::clicked, this, [this](const QModelIndex &index) {
        if (m_groups->isHeader(index.row()))
            toggleGroup(index.row());
    });
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
    revealItem(itemId);
    const QModelIndex index = viewIndex(itemId, m_model->columnOf(column));
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
    revealItem(itemId);
    const QModelIndex index = viewIndex(itemId, 0);
    if (index.isValid()) {
        setCurrentIndex(index);
        scrollTo(index);
    }
}

void TableView::revealItem(const QString &itemId)
{
    // An item in a collapsed group: the group opens, so the item can be seen.
    const QString groupColumn = m_groups->groupColumn();
    const Item *item = m_store->itemPtr(itemId);
    const Column *column = m_store->confirmed().column(groupColumn);
    if (!item || !column)
        return;
    const QJsonValue value = item->fields.value(groupColumn);
    const QString key = column->type == ColumnType::Status ? statusOptionOf(*column, value) : value.toString();
    m_groups->setCollapsed(key, false);
}

QModelIndex TableView::viewIndex(const QString &itemId, int column) const
{
    const int sourceRow = m_model->rowOfItem(itemId);
    if (sourceRow < 0)
        return {};
    const QModelIndex filtered = m_proxy->mapFromSource(m_model->index(sourceRow, column));
    return m_groups->mapFromSource(filtered);
}

QModelIndex TableView::indexOf(const QString &itemId, const QString &columnId) const
{
    return viewIndex(itemId, m_model->columnOf(columnId));
}

void TableView::setGroupColumn(const QString &columnId)
{
    m_groups->setGroupColumn(columnId);
}

QString TableView::groupColumn() const
{
    return m_groups->groupColumn();
}

void TableView::toggleGroup(int row)
{
    const QString key = m_groups->index(row, 0).data(GroupingProxy::GroupKeyRole).toString();
    m_groups->setCollapsed(key, !m_groups->isCollapsed(key));
    setCurrentIndex(m_groups->index(m_groups->headerRows().value(m_groups->groupKeys().indexOf(key)), 0));
}

void TableView::refreshSpans()
{
    clearSpans();
    const int columns = m_groups->columnCount();
    if (columns < 2)
        return;
    for (int row : m_groups->headerRows())
        setSpan(row, 0, 1, columns);
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
    if (state() != EditingState && event->modifiers() == Qt::NoModifier && m_groups->isHeader(currentIndex().row())
        && (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter || event->key() == Qt::Key_Space
            || event->key() == Qt::Key_Left || event->key() == Qt::Key_Right)) {
        const bool collapsed = currentIndex().data(GroupingProxy::GroupCollapsedRole).toBool();
        if ((event->key() == Qt::Key_Left && !collapsed) || (event->key() == Qt::Key_Right && collapsed)
            || (event->key() != Qt::Key_Left && event->key() != Qt::Key_Right))
            toggleGroup(currentIndex().row());
        return;
    }
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
    if (!index.isValid() || m_groups->isHeader(index.row()))
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
    const int logical = horizontalHeader()->logicalIndexAt(pos);
    const Column *column = m_model->columnAt(logical);
    QMenu menu(this);
    // For everyone: what this view shows (a saved view remembers it).
    if (column && logical > 0) {
        menu.addAction(tr("Hide “%1”").arg(column->name), this, [this, logical] { setColumnHidden(logical, true); });
    }
    QMenu *hidden = menu.addMenu(tr("Show column"));
    for (int i = 0; i < m_model->columnCount(); ++i) {
        if (!isColumnHidden(i))
            continue;
        if (const Column *c = m_model->columnAt(i))
            hidden->addAction(c->name, this, [this, i] { setColumnHidden(i, false); });
    }
    hidden->setEnabled(!hidden->isEmpty());
    QAction *clearSort = menu.addAction(tr("Board order (clear the sort)"), this, [this] { sortByColumn(-1, Qt::AscendingOrder); });
    clearSort->setEnabled(m_proxy->sortedColumn() >= 0);
    if (isOwner()) {
        menu.addSeparator();
        menu.addAction(tr("Add column…"), this, &TableView::addColumn);
    }
    if (column && isOwner()) {
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

void TableView::mousePressEvent(QMouseEvent *event)
{
    const QModelIndex index = indexAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && index.isValid() && index.column() == 0 && !m_groups->isHeader(index.row())
        && CellDelegate::gripRect(visualRect(index)).contains(event->position().toPoint())) {
        // The handle: drag this row (and the other selected rows with it).
        const QString itemId = index.data(Roles::ItemIdRole).toString();
        const QStringList selected = selectionModel()->selectedRows().isEmpty() ? QStringList() : selectedItemIds();
        m_rowDrag = selected.contains(itemId) ? selected : QStringList { itemId };
        if (!selected.contains(itemId))
            selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_rowDragStart = event->position().toPoint();
        m_rowDragging = false;
        event->accept();
        return;
    }
    QTableView::mousePressEvent(event);
}

void TableView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_rowDrag.isEmpty()) {
        QTableView::mouseMoveEvent(event);
        return;
    }
    const QPoint pos = event->position().toPoint();
    if (!m_rowDragging && (pos - m_rowDragStart).manhattanLength() < QApplication::startDragDistance())
        return;
    m_rowDragging = true;
    viewport()->setCursor(Qt::ClosedHandCursor);
    m_dropRow = dropRowAt(pos);
    viewport()->update();
}

void TableView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_rowDrag.isEmpty()) {
        QTableView::mouseReleaseEvent(event);
        return;
    }
    const QStringList ids = std::exchange(m_rowDrag, QStringList());
    const bool dragged = std::exchange(m_rowDragging, false);
    const int row = std::exchange(m_dropRow, -1);
    viewport()->unsetCursor();
    viewport()->update();
    if (!dragged || row < 0)
        return;
    if (m_proxy->sortedColumn() >= 0) {
        Q_EMIT messageShown(tr("Rows are in the order of the sorted column: clear the sort (header menu) to reorder by hand."));
        return;
    }
    const QList<Op> ops = movesFor(ids, row);
    if (ops.size() == 1)
        Q_EMIT opRequested(ops.first());
    else if (!ops.isEmpty())
        Q_EMIT bulkRequested(ops, tr("Move %n rows", nullptr, int(ops.size())));
}

int TableView::dropRowAt(const QPoint &viewportPos) const
{
    const int rows = m_groups->rowCount();
    const int row = rowAt(viewportPos.y());
    if (row < 0)
        return viewportPos.y() < 0 ? 0 : rows;
    const QRect rect = visualRect(m_groups->index(row, 0));
    return viewportPos.y() < rect.center().y() ? row : row + 1;
}

QList<Op> TableView::movesFor(const QStringList &itemIds, int dropRow) const
{
    // The neighbours the moved rows land between (skipping the moved rows and headers);
    // grouped, the group the drop lands in is set on every moved item.
    const auto itemAtRow = [this](int row) { return m_groups->index(row, 0).data(Roles::ItemIdRole).toString(); };
    const auto rankOf = [this](const QString &id) {
        const Item *item = m_store->itemPtr(id);
        return item ? item->rank : QString();
    };
    // Neighbours within the drop's group only: a group header ends the search.
    QString before;
    QString groupKey;
    bool inGroup = false;
    for (int row = dropRow - 1; row >= 0; --row) {
        if (m_groups->isHeader(row)) {
            groupKey = m_groups->index(row, 0).data(GroupingProxy::GroupKeyRole).toString();
            inGroup = true;
            break;
        }
        const QString id = itemAtRow(row);
        if (itemIds.contains(id) || !before.isEmpty())
            continue; // keep looking up for the group's header
        before = rankOf(id);
        if (m_groups->groupColumn().isEmpty())
            break;
    }
    QString after;
    for (int row = dropRow; row < m_groups->rowCount(); ++row) {
        if (m_groups->isHeader(row))
            break;
        const QString id = itemAtRow(row);
        if (itemIds.contains(id))
            continue;
        after = rankOf(id);
        break;
    }
    if (!before.isEmpty() && !after.isEmpty() && after <= before)
        after.clear();
    const QString groupColumn = m_groups->groupColumn();
    QList<Op> ops;
    for (const QString &id : itemIds) {
        const Item *item = m_store->itemPtr(id);
        if (!item)
            continue;
        const auto rank = Rank::forDrop(before, after);
        if (!rank)
            return {};
        QJsonObject fields;
        if (!groupColumn.isEmpty() && inGroup) {
            const Column *column = m_store->confirmed().column(groupColumn);
            const QJsonValue value = item->fields.value(groupColumn);
            const QString current = column && column->type == ColumnType::Status ? statusOptionOf(*column, value) : value.toString();
            if (current != groupKey)
                fields.insert(groupColumn, groupKey.isEmpty() ? QJsonValue() : QJsonValue(groupKey));
        }
        ops.append(OpBuilder::moveItem(*m_store, id, *rank, fields));
        before = *rank;
    }
    return ops;
}

void TableView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (!m_rowDragging || m_dropRow < 0)
        return;
    // Where the rows would land: a line between two rows.
    int y = 0;
    if (m_dropRow < m_groups->rowCount())
        y = visualRect(m_groups->index(m_dropRow, 0)).top();
    else if (m_groups->rowCount() > 0)
        y = visualRect(m_groups->index(m_groups->rowCount() - 1, 0)).bottom();
    QPainter painter(viewport());
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(palette().highlight().color(), 3, Qt::SolidLine, Qt::RoundCap));
    painter.drawLine(QPointF(4, y), QPointF(viewport()->width() - 4, y));
}

} // namespace Tessera::App
