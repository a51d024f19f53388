#include "undatedlist.h"

#include "calendargrid.h"

#include "core/models/calendarmodel.h"
#include "core/models/itemtablemodel.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QToolTip>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {

// Each row is the item's chip, as the grid paints it.
class ChipRowDelegate final : public QStyledItemDelegate
{
public:
    ChipRowDelegate(CalendarGrid *grid, QObject *parent) : QStyledItemDelegate(parent), m_grid(grid) { }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const bool selected = option.state & QStyle::State_Selected;
        const QRect chip = option.rect.adjusted(4, 2, -4, -2);
        m_grid->paintChip(*painter, chip, index.data(ItemTableModel::ItemIdRole).toString(), false, selected);
        if (option.state & QStyle::State_HasFocus && !selected) {
            painter->save();
            painter->setPen(QPen(option.palette.highlight().color(), 1, Qt::DotLine));
            painter->drawRect(chip.adjusted(-2, -1, 1, 0));
            painter->restore();
        }
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        return { 120, QFontMetrics(option.font).height() + 10 };
    }

    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &, const QModelIndex &index) override
    {
        if (event->type() != QEvent::ToolTip || !index.isValid())
            return false;
        QToolTip::showText(event->globalPos(), index.data(Qt::DisplayRole).toString(), view);
        return true;
    }

private:
    CalendarGrid *m_grid;
};

} // namespace

UndatedList::UndatedList(CalendarModel *model, CalendarGrid *grid, QWidget *parent) : QListView(parent), m_model(model)
{
    setObjectName(QStringLiteral("undatedList"));
    setAccessibleName(tr("No date"));
    setAccessibleDescription(tr("Items without a date. Drag one onto a day to date it."));
    setModel(model);
    setItemDelegate(new ChipRowDelegate(grid, this));
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setUniformItemSizes(true);
    setFrameShape(QFrame::NoFrame);
    setMouseTracking(true);
    setBackgroundRole(QPalette::Base);
    connect(model, &QAbstractItemModel::modelReset, this, &UndatedList::followTitleColumn);
    connect(this, &QListView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT openItemRequested(index.data(ItemTableModel::ItemIdRole).toString());
    });
    followTitleColumn();
}

void UndatedList::followTitleColumn()
{
    // The list shows (and a screen reader reads) the title column.
    auto *table = qobject_cast<ItemTableModel *>(m_model->sourceModel());
    if (!table)
        return;
    for (const Column &column : table->store()->columns()) {
        if (column.type == ColumnType::Text) {
            setModelColumn(std::max(0, table->columnOf(column.id)));
            return;
        }
    }
    setModelColumn(0);
}

QString UndatedList::itemIdAt(const QPoint &viewportPos) const
{
    return indexAt(viewportPos).data(ItemTableModel::ItemIdRole).toString();
}

QStringList UndatedList::itemIds() const
{
    QStringList ids;
    for (int row = 0; row < m_model->rowCount(); ++row)
        ids.append(m_model->itemIdAt(row));
    return ids;
}

QRect UndatedList::rectOf(const QString &itemId) const
{
    const int row = int(itemIds().indexOf(itemId));
    return row < 0 ? QRect() : visualRect(m_model->index(row, modelColumn()));
}

void UndatedList::selectItem(const QString &itemId)
{
    const int row = int(itemIds().indexOf(itemId));
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, modelColumn());
    setCurrentIndex(index);
    scrollTo(index);
}

void UndatedList::setDropHighlighted(bool highlighted)
{
    if (highlighted == m_dropHighlighted)
        return;
    m_dropHighlighted = highlighted;
    viewport()->update();
}

void UndatedList::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && currentIndex().isValid()) {
        Q_EMIT openItemRequested(currentIndex().data(ItemTableModel::ItemIdRole).toString());
        return;
    }
    QListView::keyPressEvent(event);
}

void UndatedList::paintEvent(QPaintEvent *event)
{
    QListView::paintEvent(event);
    QPainter painter(viewport());
    const QPalette &pal = palette();
    if (model()->rowCount() == 0) {
        painter.setPen(pal.placeholderText().color());
        painter.drawText(viewport()->rect().adjusted(8, 8, -8, -8), Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
                         tr("Items without a date show here. Drag one onto a day to give it that date."));
    }
    if (m_dropHighlighted) {
        QColor tint = pal.highlight().color();
        tint.setAlphaF(0.15);
        painter.fillRect(viewport()->rect(), tint);
        painter.setPen(QPen(pal.highlight().color(), 2, Qt::DashLine));
        painter.drawRect(viewport()->rect().adjusted(1, 1, -2, -2));
    }
}

} // namespace Tessera::App
