#pragma once

#include "core/protocol/command.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QTableView>

class QTimer;

namespace Tessera::Core {
class BoardStore;
class GroupingProxy;
class ItemFilterProxy;
class ItemTableModel;
struct BatchChanges;
}

namespace Tessera::App {

class CellDelegate;

// The board as a table: a QTableView over an ItemFilterProxy over the ItemTableModel.
// Fixed row height; one editor per column type (CellDelegate). It never changes anything
// itself: a finished edit becomes opRequested(item.update with base), and the controller
// submits it (the store then shows it as pending). The base is taken when the editor
// opens, so a change someone makes meanwhile is a conflict, not silently overwritten.
// Keys: Enter opens the item, F2 or typing edits the current cell, Delete deletes the
// selected rows; a click on a status or person cell opens its list, and the title cell
// has an open button. Rows select like a file list (Shift/Ctrl). Failed and conflicting
// rows offer Retry/Discard and Keep mine/Take theirs in their context menu; board owners
// manage columns from the header menu.
class TableView final : public QTableView
{
    Q_OBJECT

public:
    // `model` and `proxy` (whose source is `model`) must outlive the view.
    TableView(Core::ItemTableModel *model, Core::ItemFilterProxy *proxy, QWidget *parent = nullptr);

    void setCurrentUser(const QString &userId); // for owner rights and to tell others' presence
    QString currentItemId() const;
    QStringList selectedItemIds() const; // in row order
    void selectItem(const QString &itemId);
    // Selects the item's row and opens an editor on its cell (`columnId`, or the first
    // text column), so what the person types goes there.
    void editItem(const QString &itemId, const QString &columnId = QString());
    QString editingItemId() const { return m_editingItem; }
    bool isFlashing(const QString &itemId) const;
    // Items with unseen activity get an accent dot in their first cell.
    void setUnreadItems(const QSet<QString> &itemIds);
    bool hasUnreadDot(const QString &itemId) const { return m_unread.contains(itemId); }
    CellDelegate *cellDelegate() const { return m_delegate; }
    // The view's index of an item's cell (through the filter and the groups); invalid when
    // the item is filtered out or in a collapsed group.
    QModelIndex viewIndex(const QString &itemId, int column) const;
    QModelIndex indexOf(const QString &itemId, const QString &columnId) const;
    // Groups rows by a status or person column ("" ungroups), with collapsible headers.
    void setGroupColumn(const QString &columnId);
    QString groupColumn() const;
    Core::GroupingProxy *groupingProxy() const { return m_groups; }
    void toggleGroup(int row); // a header row: collapse or expand

    static constexpr int FlashMs = 1200;

Q_SIGNALS:
    void opRequested(const Tessera::Core::Op &op);
    void retryRequested(const QString &mutationId);
    void discardRequested(const QString &mutationId);
    void keepMineRequested(const QString &mutationId);
    void takeTheirsRequested(const QString &mutationId);
    void currentItemChanged(const QString &itemId);
    void openItemRequested(const QString &itemId);
    void deleteRequested(const QStringList &itemIds);
    void bulkRequested(const QList<Tessera::Core::Op> &ops, const QString &text);
    void messageShown(const QString &text);
    // Presence: an editor opened on (item, column), or closed ("" column).
    void editingFieldChanged(const QString &itemId, const QString &columnId);

protected:
    bool edit(const QModelIndex &index, EditTrigger trigger, QEvent *event) override;
    void closeEditor(QWidget *editor, QAbstractItemDelegate::EndEditHint hint) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    // Rows are reordered by dragging the handle at the start of their first cell.
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void commitValue(const QModelIndex &index, const QJsonValue &value);
    void onBatchApplied(const Core::BatchChanges &changes);
    void onFlashTick();
    void showHeaderMenu(const QPoint &pos);
    bool isOwner() const;
    void addColumn();
    void revealItem(const QString &itemId); // expands its group
    int dropRowAt(const QPoint &viewportPos) const; // before which view row a drop lands
    QList<Core::Op> movesFor(const QStringList &itemIds, int dropRow) const;
    void refreshSpans();

    Core::ItemTableModel *m_model;
    Core::ItemFilterProxy *m_proxy;
    Core::GroupingProxy *m_groups;
    Core::BoardStore *m_store;
    CellDelegate *m_delegate;
    QString m_me;
    QString m_editingItem; // the open editor's item and column, and its base (OpBuilder::editBase)
    QString m_editingColumn;
    QJsonObject m_editBase;
    QSet<QString> m_unread;
    QHash<QString, qint64> m_flashStart; // item id -> ms on m_clock
    QElapsedTimer m_clock;
    QTimer *m_flashTimer;
    QStringList m_rowDrag; // the items a handle drag moves
    QPoint m_rowDragStart;
    bool m_rowDragging = false;
    int m_dropRow = -1;
};

} // namespace Tessera::App
