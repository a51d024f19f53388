#include "calendargrid.h"

#include "calendargridaccessible.h"

#include "core/models/boardstore.h"
#include "core/models/calendarmodel.h"
#include "core/models/itemtablemodel.h"

#include <QApplication>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>

namespace Tessera::App {

using namespace Tessera::Core;

CalendarGrid::CalendarGrid(CalendarModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_store(qobject_cast<ItemTableModel *>(model->sourceModel())->store())
{
    setMouseTracking(false);
    setFocusPolicy(Qt::StrongFocus); // the board's shortcuts work while the calendar is shown
    CalendarGridAccessible::install(); // before anything asks for the grid's interface
    setAccessibleName(tr("Calendar"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    m_layout.setFirstDayOfWeek(QLocale().firstDayOfWeek());
    updateMetrics();
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_model, signal, this, &CalendarGrid::refresh);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &CalendarGrid::refresh);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &CalendarGrid::refresh);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CalendarGrid::refresh);
}

void CalendarGrid::updateMetrics()
{
    const int line = fontMetrics().height();
    m_layout.setMetrics(line + 10, line + 8, line + 6);
}

void CalendarGrid::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateMetrics();
    QWidget::changeEvent(event);
}

void CalendarGrid::refresh()
{
    m_items = m_model->itemsByDay();
    update();
}

void CalendarGrid::resizeEvent(QResizeEvent *event)
{
    m_layout.setSize(size());
    QWidget::resizeEvent(event);
}

QColor CalendarGrid::chipColor(const QString &itemId) const
{
    const Item *item = m_store->itemPtr(itemId);
    for (const Column &column : m_store->columns()) {
        if (column.type != ColumnType::Status || !item)
            continue;
        if (const StatusOption *option = column.option(item->fields.value(column.id).toString()))
            return QColor(option->color);
        break;
    }
    return palette().highlight().color();
}

void CalendarGrid::setUnreadItems(const QSet<QString> &itemIds)
{
    if (itemIds == m_unread)
        return;
    m_unread = itemIds;
    update();
}

QRect CalendarGrid::chipRectOf(const QString &itemId) const
{
    for (auto it = m_items.begin(); it != m_items.end(); ++it) {
        if (it.value() != itemId)
            continue;
        const QStringList day = m_items.values(it.key());
        // QMultiMap::values lists the most recently inserted first; itemsByDay keeps rank order.
        const int index = int(day.indexOf(itemId));
        if (index < m_layout.visibleChipCount(int(day.size())))
            return m_layout.chipRect(it.key(), index);
        return {};
    }
    return {};
}

QString CalendarGrid::titleOf(const QString &itemId) const
{
    const Item *item = m_store->itemPtr(itemId);
    if (!item)
        return QString();
    for (const Column &column : m_store->columns()) {
        if (column.type == ColumnType::Text)
            return item->fields.value(column.id).toString();
    }
    return QString();
}

QList<CalendarGrid::Chip> CalendarGrid::visibleChips() const
{
    QList<Chip> chips;
    for (const QDate &day : m_items.uniqueKeys()) {
        if (m_layout.cellRect(day).isNull())
            continue;
        const QStringList ids = m_items.values(day);
        const int shown = m_layout.visibleChipCount(int(ids.size()));
        for (int i = 0; i < shown; ++i)
            chips.append({ ids.at(i), titleOf(ids.at(i)), day, m_layout.chipRect(day, i) });
    }
    return chips;
}

void CalendarGrid::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette &pal = palette();
    const bool dark = pal.base().color().lightnessF() < 0.5;
    const QColor grid = dark ? pal.base().color().lighter(180) : pal.mid().color().lighter(140);
    const QColor otherMonth = dark ? pal.base().color().lighter(115) : pal.window().color();
    const QLocale locale;

    painter.fillRect(rect(), pal.base());
    for (int column = 0; column < CalendarLayout::Columns; ++column) {
        const QRect header = m_layout.headerRect(column);
        const int weekday = (int(m_layout.firstDayOfWeek()) - 1 + column) % 7 + 1;
        painter.setPen(pal.placeholderText().color());
        painter.drawText(header.adjusted(6, 0, -4, 0), Qt::AlignLeft | Qt::AlignVCenter,
                         locale.dayName(weekday, QLocale::ShortFormat));
    }

    const QFontMetrics metrics = fontMetrics();
    for (QDate day = m_layout.firstVisible(); day <= m_layout.lastVisible(); day = day.addDays(1)) {
        const QRect cell = m_layout.cellRect(day);
        if (!m_layout.inAnchorMonth(day))
            painter.fillRect(cell, otherMonth);
        if (m_dragging && day == m_dropDay) {
            QColor drop = pal.highlight().color();
            drop.setAlphaF(0.18);
            painter.fillRect(cell, drop);
        }
        painter.setPen(grid);
        painter.drawLine(cell.topLeft(), cell.topRight());
        painter.drawLine(cell.topLeft(), cell.bottomLeft());

        // Day number; today in an accent circle.
        const QString number = (day.day() == 1 && m_layout.mode() == CalendarLayout::Mode::Month)
                ? locale.toString(day, QStringLiteral("d MMM"))
                : (m_layout.mode() == CalendarLayout::Mode::Week ? locale.toString(day, QStringLiteral("d MMM"))
                                                                 : QString::number(day.day()));
        const QRect label(cell.left() + 4, cell.top() + 3, cell.width() - 8, metrics.height() + 2);
        if (day == m_today) {
            painter.save();
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            painter.setBrush(pal.highlight());
            const int w = metrics.horizontalAdvance(number) + 12;
            painter.drawRoundedRect(QRect(label.left() - 2, label.top(), w, label.height()), label.height() / 2.0,
                                    label.height() / 2.0);
            painter.setPen(pal.highlightedText().color());
            QFont bold = font();
            bold.setBold(true);
            painter.setFont(bold);
            painter.drawText(QRect(label.left() - 2, label.top(), w, label.height()), Qt::AlignCenter, number);
            painter.restore();
        } else {
            painter.setPen(m_layout.inAnchorMonth(day) ? pal.text().color() : pal.placeholderText().color());
            painter.drawText(label, Qt::AlignLeft | Qt::AlignVCenter, number);
        }

        const QStringList ids = m_items.values(day);
        const int shown = m_layout.visibleChipCount(int(ids.size()));
        for (int i = 0; i < shown; ++i) {
            const QRect chip = m_layout.chipRect(day, i);
            const QString &itemId = ids.at(i);
            const QColor color = chipColor(itemId);
            painter.save();
            painter.setRenderHint(QPainter::Antialiasing);
            QColor fill = color;
            fill.setAlphaF(dark ? 0.35 : 0.18);
            if (m_store->itemState(itemId) != ItemState::Synced)
                fill = m_store->itemState(itemId) == ItemState::Pending ? QColor(0xe0, 0xb0, 0x20, 90)
                                                                         : QColor(0xe0, 0x40, 0x40, 110);
            painter.setPen(Qt::NoPen);
            painter.setBrush(fill);
            painter.drawRoundedRect(chip, 4, 4);
            painter.setBrush(color);
            painter.drawRoundedRect(QRect(chip.left(), chip.top(), 4, chip.height()), 2, 2);
            painter.setPen(pal.text().color());
            const QString title = titleOf(itemId);
            const bool unread = m_unread.contains(itemId);
            if (unread) { // unseen activity: an accent dot at the chip's end
                painter.setPen(Qt::NoPen);
                painter.setBrush(pal.highlight());
                painter.drawEllipse(QPointF(chip.right() - 5.5, chip.center().y() + 0.5), 3, 3);
                painter.setPen(pal.text().color());
            }
            const int dot = unread ? 10 : 0;
            painter.drawText(chip.adjusted(8, 0, -4 - dot, 0), Qt::AlignLeft | Qt::AlignVCenter,
                             metrics.elidedText(title, Qt::ElideRight, chip.width() - 12 - dot));
            painter.restore();
        }
        if (shown < ids.size()) {
            painter.setPen(pal.link().color());
            painter.drawText(m_layout.moreRect(day, shown).adjusted(6, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                             tr("+%n more", nullptr, int(ids.size()) - shown));
        }
    }
}

QString CalendarGrid::chipAt(const QPoint &point) const
{
    const QDate day = m_layout.dateAt(point);
    if (!day.isValid())
        return {};
    const QStringList ids = m_items.values(day);
    const int shown = m_layout.visibleChipCount(int(ids.size()));
    for (int i = 0; i < shown; ++i) {
        if (m_layout.chipRect(day, i).contains(point))
            return ids.at(i);
    }
    return {};
}

void CalendarGrid::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_pressPos = event->position().toPoint();
    m_pressedItem = chipAt(m_pressPos);
    m_dragging = false;
    const QDate day = m_layout.dateAt(m_pressPos);
    if (m_pressedItem.isEmpty() && day.isValid()) {
        const QStringList ids = m_items.values(day);
        const int shown = m_layout.visibleChipCount(int(ids.size()));
        if (shown < ids.size() && m_layout.moreRect(day, shown).contains(m_pressPos))
            Q_EMIT weekRequested(day);
    }
}

void CalendarGrid::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pressedItem.isEmpty() || !(event->buttons() & Qt::LeftButton))
        return;
    const QPoint pos = event->position().toPoint();
    if (!m_dragging && (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
        m_dragging = true;
        setCursor(Qt::ClosedHandCursor);
    }
    if (m_dragging) {
        m_dropDay = m_layout.dateAt(pos);
        update();
    }
}

void CalendarGrid::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging) {
        const QDate from = m_layout.dateAt(m_pressPos);
        const QDate to = m_layout.dateAt(event->position().toPoint());
        if (to.isValid() && to != from)
            Q_EMIT rescheduleRequested(m_pressedItem, to);
    }
    unsetCursor();
    m_dragging = false;
    m_pressedItem.clear();
    m_dropDay = QDate();
    update();
}

void CalendarGrid::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QString itemId = chipAt(event->position().toPoint());
    if (!itemId.isEmpty())
        Q_EMIT openItemRequested(itemId);
}

} // namespace Tessera::App
