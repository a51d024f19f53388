#pragma once

#include <QListView>

namespace Tessera::App {

// The card list of one kanban lane. Drags carry the item id as
// "application/x-tessera-item"; a drop reports the item and the row it was dropped
// before (0..rowCount) and leaves the ordering maths to the kanban view.
class LaneListView final : public QListView
{
    Q_OBJECT

public:
    static QString mimeType() { return QStringLiteral("application/x-tessera-item"); }

    explicit LaneListView(QWidget *parent = nullptr);

    int dropRowAt(const QPoint &viewportPos) const;

Q_SIGNALS:
    void cardDropped(const QString &itemId, int row);

protected:
    void startDrag(Qt::DropActions supportedActions) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    int m_dropRow = -1;
};

} // namespace Tessera::App
