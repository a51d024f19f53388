#pragma once

#include "core/command.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTableView>

class QTimer;

namespace Tessera::Core {
class BoardStore;
class ItemFilterProxy;
class ItemTableModel;
struct BatchChanges;
}

namespace Tessera::App {

class CellDelegate;

// The board as a table: a QTableView over an ItemFilterProxy over the ItemTableModel.
// Fixed row height; one editor per column type (CellDelegate). It never changes anything
// itself: a finished edit becomes opRequested(item.update with base), and the controller
// submits it (the store then shows it as pending). Failed and conflicting rows offer
// Retry/Discard in their context menu; board owners manage columns from the header menu.
class TableView final : public QTableView
{
    Q_OBJECT

public:
    // `model` and `proxy` (whose source is `model`) must outlive the view.
    TableView(Core::ItemTableModel *model, Core::ItemFilterProxy *proxy, QWidget *parent = nullptr);

    void setCurrentUser(const QString &userId); // for owner rights and to tell others' presence
    QString currentItemId() const;
    void selectItem(const QString &itemId);
    bool isFlashing(const QString &itemId) const;
    // Items with unseen activity get an accent dot in their first cell.
    void setUnreadItems(const QSet<QString> &itemIds);
    bool hasUnreadDot(const QString &itemId) const { return m_unread.contains(itemId); }
    CellDelegate *cellDelegate() const { return m_delegate; }

    static constexpr int FlashMs = 1200;

Q_SIGNALS:
    void opRequested(const Tessera::Core::Op &op);
    void retryRequested(const QString &mutationId);
    void discardRequested(const QString &mutationId);
    void currentItemChanged(const QString &itemId);
    void openItemRequested(const QString &itemId);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void commitValue(const QModelIndex &index, const QJsonValue &value);
    void onBatchApplied(const Core::BatchChanges &changes);
    void onFlashTick();
    void showHeaderMenu(const QPoint &pos);
    bool isOwner() const;
    void addColumn();

    Core::ItemTableModel *m_model;
    Core::ItemFilterProxy *m_proxy;
    Core::BoardStore *m_store;
    CellDelegate *m_delegate;
    QString m_me;
    QSet<QString> m_unread;
    QHash<QString, qint64> m_flashStart; // item id -> ms on m_clock
    QElapsedTimer m_clock;
    QTimer *m_flashTimer;
};

} // namespace Tessera::App
