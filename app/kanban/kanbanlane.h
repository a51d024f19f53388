#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace Tessera::Core {
class KanbanLaneModel;
}

namespace Tessera::App {

class LaneListView;

// One kanban column: a header (collapse arrow, colour dot, title, card count, "+" for a
// new card) over a LaneListView of the lane's cards. Collapsing hides the cards.
class KanbanLane final : public QFrame
{
    Q_OBJECT

public:
    KanbanLane(Core::KanbanLaneModel *model, const QString &title, const QString &color, QWidget *parent = nullptr);

    Core::KanbanLaneModel *laneModel() const { return m_model; }
    LaneListView *listView() const { return m_list; }
    QString optionId() const;
    void setCollapsed(bool collapsed);
    bool isCollapsed() const { return m_collapsed; }

Q_SIGNALS:
    void newCardRequested(const QString &optionId);
    void cardActivated(const QString &itemId);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void updateCount();

    Core::KanbanLaneModel *m_model;
    LaneListView *m_list;
    QToolButton *m_collapse;
    QLabel *m_title;
    QLabel *m_count;
    QToolButton *m_add;
    bool m_collapsed = false;
};

} // namespace Tessera::App
