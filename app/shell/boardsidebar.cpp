#include "boardsidebar.h"

#include <QPainter>

namespace Tessera::App {

namespace {
constexpr int BoardIdRole = Qt::UserRole;
constexpr int UnreadRole = Qt::UserRole + 1;

QIcon dotIcon(const QColor &color)
{
    QPixmap pm(12, 12);
    pm.fill(Qt::transparent);
    if (color.isValid()) {
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QRectF(2, 2, 8, 8));
    }
    return QIcon(pm);
}
}

BoardSidebar::BoardSidebar(QWidget *parent) : QListWidget(parent)
{
    setObjectName(QStringLiteral("boardList"));
    setAccessibleName(tr("Boards"));
    setFrameShape(QFrame::NoFrame);
    viewport()->setAutoFillBackground(false); // a sidebar on the window colour
    setIconSize(QSize(12, 12));
    setSpacing(1);
    connect(this, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            Q_EMIT boardChosen(item->data(BoardIdRole).toString());
    });
}

void BoardSidebar::setBoards(const QList<Core::BoardSummary> &boards, const QString &currentId)
{
    const QSignalBlocker blocker(this);
    clear();
    for (const Core::BoardSummary &b : boards) {
        auto *item = new QListWidgetItem(b.board.name, this);
        item->setData(BoardIdRole, b.board.id);
        item->setIcon(dotIcon(QColor()));
        item->setToolTip(tr("%1 · you are %2").arg(b.board.description, Core::roleName(b.role)));
        if (b.board.id == currentId)
            setCurrentItem(item);
    }
}

void BoardSidebar::setCurrentBoard(const QString &boardId)
{
    const QSignalBlocker blocker(this);
    for (int i = 0; i < count(); ++i)
        if (boardIdAt(i) == boardId)
            setCurrentRow(i);
}

void BoardSidebar::setUnreadBoards(const QSet<QString> &boardIds)
{
    const QColor dot(0xd9, 0x30, 0x25); // the bell's red, so it also shows on the selected row
    for (int i = 0; i < count(); ++i) {
        QListWidgetItem *row = item(i);
        const bool unread = boardIds.contains(boardIdAt(i));
        row->setData(UnreadRole, unread);
        row->setIcon(dotIcon(unread ? dot : QColor()));
        QFont bold = font();
        bold.setBold(unread);
        row->setFont(bold);
    }
}

bool BoardSidebar::hasUnreadDot(const QString &boardId) const
{
    for (int i = 0; i < count(); ++i)
        if (boardIdAt(i) == boardId)
            return item(i)->data(UnreadRole).toBool();
    return false;
}

QString BoardSidebar::boardIdAt(int row) const
{
    return row >= 0 && row < count() ? item(row)->data(BoardIdRole).toString() : QString();
}

QStringList BoardSidebar::boardNames() const
{
    QStringList names;
    for (int i = 0; i < count(); ++i)
        names << item(i)->text();
    return names;
}

} // namespace Tessera::App
