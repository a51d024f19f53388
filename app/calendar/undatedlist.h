#pragma once

#include <QListView>

namespace Tessera::Core {
class CalendarModel;
}

namespace Tessera::App {

class CalendarGrid;

// The calendar's "No date" list: the items without a date in the calendar's date column,
// as chips like the grid's (over a CalendarModel set to undatedOnly). Dragging one onto a
// day dates it (ChipDrag); a grid chip dropped here loses its date. Enter or a double
// click opens the item.
class UndatedList final : public QListView
{
    Q_OBJECT

public:
    // `model` (undated only) and `grid` (which paints the chips) must outlive the list.
    UndatedList(Core::CalendarModel *model, CalendarGrid *grid, QWidget *parent = nullptr);

    QString itemIdAt(const QPoint &viewportPos) const;
    QRect rectOf(const QString &itemId) const; // viewport coordinates; null when not listed
    void selectItem(const QString &itemId);
    QStringList itemIds() const; // as listed
    // A grid chip dragged over the list: it shows that dropping removes the date.
    void setDropHighlighted(bool highlighted);
    bool isDropHighlighted() const { return m_dropHighlighted; }

Q_SIGNALS:
    void openItemRequested(const QString &itemId);

protected:
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void followTitleColumn();

    Core::CalendarModel *m_model;
    bool m_dropHighlighted = false;
};

} // namespace Tessera::App
