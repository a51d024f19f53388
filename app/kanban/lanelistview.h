#pragma once

#include <QListView>

namespace Tessera::App {

// The card list of one kanban lane. Cards are dragged by CardDrag (mouse events, no
// QDrag); the list only answers where a card would land (dropRowAt) and draws that
// place as a line while a card hovers over it (setDropRow).
class LaneListView final : public QListView
{
    Q_OBJECT

public:
    explicit LaneListView(QWidget *parent = nullptr);

    // The row a card dropped at `viewportPos` would be inserted before (0..rowCount).
    int dropRowAt(const QPoint &viewportPos) const;
    void setDropRow(int row); // -1: no drop line
    int dropRow() const { return m_dropRow; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int m_dropRow = -1;
};

} // namespace Tessera::App
