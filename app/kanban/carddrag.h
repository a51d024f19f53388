#pragma once

#include <QObject>
#include <QPoint>
#include <QPointer>

#include <functional>

class QLabel;
class QTimer;

namespace Tessera::App {

class KanbanLane;
class LaneListView;

// Drags kanban cards with the mouse: press on a card and move past the start distance,
// and the card follows the pointer as a picture over the kanban while the lane under the
// pointer shows where it would land; releasing drops it there, Esc cancels. Near the
// kanban's edges (and a lane's top or bottom) the view scrolls along.
//
// Done with plain mouse events instead of QDrag, so a real desktop and the offscreen
// platform the tests run on (whose QDrag ends at once) go through the same code.
// Mouse events go to the viewport the press was on (implicit grab), so every decision
// uses global positions.
class CardDrag final : public QObject
{
    Q_OBJECT

public:
    // `surface` shows the floating card; `lanes` lists the lanes now shown.
    CardDrag(QWidget *surface, std::function<QList<KanbanLane *>()> lanes, QObject *parent = nullptr);
    ~CardDrag() override;

    void watch(LaneListView *list); // a lane's card list: drags start there
    bool isDragging() const { return !m_itemId.isEmpty() && m_dragging; }

Q_SIGNALS:
    // A card was released over a lane, before `row` of that lane as shown (0..rowCount).
    void dropped(const QString &itemId, const QString &optionId, int row);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void begin();
    void track(const QPoint &globalPos);
    void finish(const QPoint &globalPos, bool drop);
    void autoScroll();
    KanbanLane *laneAt(const QPoint &globalPos) const;
    void showDropRow(KanbanLane *lane, int row);

    QWidget *m_surface;
    std::function<QList<KanbanLane *>()> m_lanes;
    QPointer<LaneListView> m_source;
    QString m_itemId;
    QPoint m_pressGlobal;
    QPoint m_hotSpot; // where on the card the pointer holds it
    QPoint m_lastGlobal;
    bool m_dragging = false;
    bool m_deferredSelect = false; // pressed on a card of a multi-selection
    QLabel *m_picture;
    QTimer *m_scrollTimer;
    QPointer<LaneListView> m_indicated; // the lane list showing a drop line
};

} // namespace Tessera::App
