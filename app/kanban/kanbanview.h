#pragma once

#include "core/protocol/command.h"
#include "core/models/itemfilter.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QWidget>

class QHBoxLayout;
class QScrollArea;
class QTimer;

namespace Tessera::Core {
class BoardStore;
class ItemTableModel;
struct BatchChanges;
}

namespace Tessera::App {

class CardDelegate;
class CardDrag;
class KanbanLane;

// The board as a kanban: one lane per option of the chosen status column (plus a
// "No status" lane), each a LaneListView over a KanbanLaneModel with a CardDelegate.
// Cards are dragged with the mouse (CardDrag); dropping a card emits item.move with a rank strictly between its new neighbours
// (Rank::between) and, when it changes lanes, fields {status: option} with base.
// Remote moves highlight the card briefly. Cards move by keyboard too (Ctrl+arrows).
class KanbanView final : public QWidget
{
    Q_OBJECT

public:
    explicit KanbanView(Core::ItemTableModel *model, QWidget *parent = nullptr);

    void setCurrentUser(const QString &userId);
    // The status column the lanes come from; empty picks the board's first status column.
    void setStatusColumn(const QString &columnId);
    QString statusColumn() const { return m_statusColumn; }
    QList<KanbanLane *> lanes() const { return m_lanes; }
    KanbanLane *lane(const QString &optionId) const;
    // Expands the lane if collapsed and scrolls it into view; selects and shows the card
    // `itemId` in it when given.
    void revealLane(const QString &optionId, const QString &itemId = QString());
    QString laneOf(const QString &itemId) const; // the option id of the lane showing it
    QString currentItemId() const; // the selected card of the focused lane
    // The selected cards of every lane, lane by lane in card order.
    QStringList selectedItemIds() const;
    void clearSelection();
    QWidget *focusTarget() const; // the first open lane's cards
    bool isHighlighted(const QString &itemId) const { return m_highlightStart.contains(itemId); }
    // The board's search: every lane shows only the cards it keeps.
    void setItemFilter(const Core::ItemFilter &filter);
    // Items with unseen activity get an accent dot on their card.
    void setUnreadItems(const QSet<QString> &itemIds);
    bool hasUnreadDot(const QString &itemId) const { return m_unread.contains(itemId); }

    // The move a drop of `itemId` before `row` of the lane `optionId` makes (row counts the
    // lane as shown, including the card itself when it is already there). nullopt: no change.
    std::optional<Core::Op> moveFor(const QString &itemId, const QString &optionId, int row) const;
    // The same for several cards, placed together in their current order.
    QList<Core::Op> movesFor(const QStringList &itemIds, const QString &optionId, int row) const;

    static constexpr int HighlightMs = 1500;

Q_SIGNALS:
    void opRequested(const Tessera::Core::Op &op);
    void bulkRequested(const QList<Tessera::Core::Op> &ops, const QString &text);
    void selectionChanged();
    void openItemRequested(const QString &itemId);
    void deleteRequested(const QStringList &itemIds);

protected:
    // Keys on a card: Enter opens it, Delete deletes it, Ctrl+Left/Right moves it to the
    // neighbouring lane, Ctrl+Up/Down moves it up or down its lane.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void moveByKey(const QString &itemId, int laneStep, int rowStep);
    void rebuild();
    void onBatchApplied(const Core::BatchChanges &changes);
    void createCard(const QString &optionId);

    Core::ItemTableModel *m_model;
    Core::BoardStore *m_store;
    CardDelegate *m_delegate;
    CardDrag *m_drag;
    QScrollArea *m_scroll;
    QWidget *m_strip;
    QHBoxLayout *m_stripLayout;
    QList<KanbanLane *> m_lanes;
    QString m_requestedColumn;
    QString m_statusColumn;
    Core::ItemFilter m_filter;
    QSet<QString> m_unread;
    QHash<QString, qint64> m_highlightStart;
    QElapsedTimer m_clock;
    QTimer *m_timer;
};

} // namespace Tessera::App
