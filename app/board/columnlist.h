#pragma once

#include <QListWidget>

namespace Tessera::App {

// The list of a board's columns in the Columns dialog: one row per column, reordered by
// dragging a row with the mouse (plain mouse events and a drawn drop line, no QDrag: the
// same on a desktop and on the offscreen platform) or from the dialog's Move buttons.
// moveRequested(from, to) says where the person dropped a row; the list itself changes
// only when the board does.
class ColumnList final : public QListWidget
{
    Q_OBJECT

public:
    explicit ColumnList(QWidget *parent = nullptr);

    int dropRow() const { return m_dropRow; } // where the line is while dragging, else -1
    void setDraggable(bool draggable) { m_draggable = draggable; }

Q_SIGNALS:
    void moveRequested(int from, int to); // `to`: the row the column ends up at

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    int dropRowAt(const QPoint &pos) const; // the gap before this row; count() = after the last

    bool m_draggable = true;
    int m_pressRow = -1;
    QPoint m_pressPos;
    bool m_dragging = false;
    int m_dropRow = -1;
};

} // namespace Tessera::App
