#include "calendargrid.h"

#include "calendargridaccessible.h"

#include "core/models/boardstore.h"
#include "core/models/calendarmodel.h"
#include "core/models/itemfilter.h"
#include "core/models/itemtablemodel.h"

#include <QAccessible>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {

QColor overdueColor(const QPalette &pal)
{
    return pal.base().color().lightnessF() < 0.5 ? QColor(0xff, 0x78, 0x70) : QColor(0xc0, 0x39, 0x2b);
}

} // namespace

CalendarGrid::CalendarGrid(CalendarModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_store(qobject_cast<ItemTableModel *>(model->sourceModel())->store())
{
    setMouseTracking(false);
    setFocusPolicy(Qt::StrongFocus); // the board's shortcuts work while the calendar is shown
    CalendarGridAccessible::install(); // before anything asks for the grid's interface
    setAccessibleName(tr("Calendar"));
    setAccessibleDescription(tr("Arrows choose a day or item, Enter opens it or adds an item to the day, "
                                "Ctrl+arrows move the item, Page Up and Page Down change the period"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    m_layout.setFirstDayOfWeek(QLocale().firstDayOfWeek());
    updateMetrics();
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_model, signal, this, &CalendarGrid::modelChanged);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &CalendarGrid::modelChanged);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &CalendarGrid::modelChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CalendarGrid::modelChanged);
    // A status change can make an item done (or not) without moving it: repaint.
    connect(m_model->sourceModel(), &QAbstractItemModel::dataChanged, this, qOverload<>(&QWidget::update));
}

void CalendarGrid::updateMetrics()
{
    const int line = fontMetrics().height();
    m_layout.setMetrics(line + 10, line + 8, line + 6);
    m_layout.setWeekChipHeight(2 * line + 12);
    updateGeometry();
}

void CalendarGrid::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateMetrics();
    QWidget::changeEvent(event);
}

void CalendarGrid::modelChanged()
{
    // Behind another view of a shown window, re-reading every item's day on each change cost
    // 40 % of the app's CPU during a stream of remote updates on a 100,000-item board (#14):
    // the grid re-reads once it is shown again.
    if (window()->isVisible() && !isVisible())
        m_stale = true;
    else
        refresh();
}

void CalendarGrid::showEvent(QShowEvent *event)
{
    if (m_stale)
        refresh();
    QWidget::showEvent(event);
}

void CalendarGrid::refresh()
{
    m_stale = false;
    ++m_refreshes;
    m_items = m_model->itemsByDay();
    if (m_layout.mode() == CalendarLayout::Mode::Week)
        updateGeometry(); // its height follows the fullest day
    update();
}

QSize CalendarGrid::minimumSizeHint() const
{
    int fullest = 0;
    if (m_layout.mode() == CalendarLayout::Mode::Week) {
        for (const QDate &day : m_items.uniqueKeys())
            fullest = std::max(fullest, int(m_items.count(day)));
    }
    return { 7 * 40, std::max(240, m_layout.contentHeight(fullest + 1)) }; // a free line to double-click
}

void CalendarGrid::resizeEvent(QResizeEvent *event)
{
    m_layout.setSize(size());
    QWidget::resizeEvent(event);
}

void CalendarGrid::setToday(const QDate &today)
{
    m_today = today;
    update();
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

QString CalendarGrid::secondLineOf(const QString &itemId) const
{
    const Item *item = m_store->itemPtr(itemId);
    if (!item)
        return QString();
    QStringList parts;
    bool status = false;
    bool person = false;
    for (const Column &column : m_store->columns()) {
        const bool first = (column.type == ColumnType::Status && !std::exchange(status, true))
                || (column.type == ColumnType::Person && !std::exchange(person, true));
        if (!first)
            continue;
        const QString text = displayText(column, item->fields.value(column.id), *m_store);
        if (!text.isEmpty())
            parts.append(text);
    }
    return parts.join(QStringLiteral(" · "));
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

QRect CalendarGrid::newItemRect(const QDate &day) const
{
    const int count = int(m_items.count(day));
    const int shown = m_layout.visibleChipCount(count);
    QRect rect = m_layout.chipRect(day, shown);
    const QRect cell = m_layout.cellRect(day);
    if (rect.bottom() > cell.bottom()) // a full month day: over its last line
        rect.moveBottom(cell.bottom() - 2);
    rect.setHeight(std::min(rect.height(), fontMetrics().height() + 10));
    return rect.intersected(cell);
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

bool CalendarGrid::isOverdue(const QString &itemId) const
{
    return m_model->isOverdue(itemId, m_today);
}

bool CalendarGrid::isDone(const QString &itemId) const
{
    return m_model->isDone(itemId);
}

QList<CalendarGrid::Chip> CalendarGrid::visibleChips() const
{
    QList<Chip> chips;
    for (const QDate &day : m_items.uniqueKeys()) {
        if (m_layout.cellRect(day).isNull())
            continue;
        const QStringList ids = m_items.values(day);
        const int shown = m_layout.visibleChipCount(int(ids.size()));
        for (int i = 0; i < shown; ++i) {
            const QString &id = ids.at(i);
            chips.append({ id, titleOf(id), day, m_layout.chipRect(day, i), isOverdue(id), isDone(id) });
        }
    }
    return chips;
}

void CalendarGrid::selectItem(const QString &itemId)
{
    const QDate day = itemId.isEmpty() ? QDate() : m_model->dateOf(itemId);
    if (day.isValid())
        m_current = day;
    if (itemId != m_selected) {
        m_selected = itemId;
        Q_EMIT selectionChanged(itemId);
    }
    update();
    if (itemId.isEmpty())
        return;
    ensureVisible(chipRectOf(itemId));
    if (hasFocus()) { // a screen reader follows the selected chip
        const QList<Chip> chips = visibleChips();
        for (int i = 0; i < chips.size(); ++i) {
            if (chips.at(i).itemId == itemId) {
                QAccessibleEvent focus(this, QAccessible::Focus);
                focus.setChild(i);
                QAccessible::updateAccessibility(&focus);
            }
        }
    }
}

void CalendarGrid::setCurrentDay(const QDate &day)
{
    if (!day.isValid())
        return;
    m_current = day;
    if (!m_selected.isEmpty() && m_model->dateOf(m_selected) != day)
        selectItem(QString());
    update();
}

void CalendarGrid::setDropDay(const QDate &day)
{
    if (day == m_dropDay)
        return;
    m_dropDay = day;
    update();
}

int CalendarGrid::headerOffset() const
{
    return std::max(0, -y()); // scrolled up inside the view's scroll area
}

void CalendarGrid::ensureVisible(const QRect &rect)
{
    auto *area = parentWidget() ? qobject_cast<QScrollArea *>(parentWidget()->parentWidget()) : nullptr;
    if (!area || rect.isNull())
        return;
    const int margin = rect.height() / 2 + m_layout.headerHeight() + 4;
    area->ensureVisible(rect.center().x(), rect.center().y(), 0, margin);
}

QDate CalendarGrid::dayAt(const QPoint &point) const
{
    if (point.y() < headerOffset() + m_layout.headerHeight())
        return {};
    return m_layout.dateAt(point);
}

void CalendarGrid::paintChip(QPainter &painter, const QRect &chip, const QString &itemId, bool twoLines,
                             bool selected) const
{
    const QPalette &pal = palette();
    const bool dark = pal.base().color().lightnessF() < 0.5;
    const QColor color = chipColor(itemId);
    const bool overdue = isOverdue(itemId);
    const bool done = isDone(itemId);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    QColor fill = color;
    fill.setAlphaF(dark ? 0.35 : 0.18);
    if (m_store->itemState(itemId) != ItemState::Synced)
        fill = m_store->itemState(itemId) == ItemState::Pending ? QColor(0xe0, 0xb0, 0x20, 90) : QColor(0xe0, 0x40, 0x40, 110);
    painter.setPen(overdue ? QPen(overdueColor(pal), 1.5) : QPen(Qt::NoPen));
    painter.setBrush(fill);
    painter.drawRoundedRect(QRectF(chip).adjusted(0.75, 0.75, -0.75, -0.75), 4, 4);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawRoundedRect(QRect(chip.left(), chip.top(), 4, chip.height()), 2, 2);
    if (selected) {
        painter.setPen(QPen(pal.highlight().color(), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(QRectF(chip).adjusted(-1, -1, 1, 1), 5, 5);
    }
    const bool unread = m_unread.contains(itemId);
    if (unread) { // unseen activity: an accent dot at the chip's end
        painter.setPen(Qt::NoPen);
        painter.setBrush(pal.highlight());
        painter.drawEllipse(QPointF(chip.right() - 5.5, chip.top() + chip.height() / (twoLines ? 4.0 : 2.0) + 0.5), 3, 3);
    }
    const int dot = unread ? 10 : 0;
    QFont titleFont = font();
    titleFont.setStrikeOut(done); // done: struck through, never overdue
    painter.setFont(titleFont);
    QColor ink = pal.text().color();
    if (done)
        ink.setAlphaF(0.7);
    painter.setPen(ink);
    const QFontMetrics metrics(titleFont);
    const QString title = metrics.elidedText(titleOf(itemId), Qt::ElideRight, chip.width() - 12 - dot);
    if (!twoLines) {
        painter.drawText(chip.adjusted(8, 0, -4 - dot, 0), Qt::AlignLeft | Qt::AlignVCenter, title);
        painter.restore();
        return;
    }
    const int line = metrics.height();
    const int top = chip.top() + (chip.height() - 2 * line) / 2;
    painter.drawText(QRect(chip.left() + 8, top, chip.width() - 12 - dot, line), Qt::AlignLeft | Qt::AlignVCenter, title);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    painter.setFont(small);
    QString second = secondLineOf(itemId);
    if (overdue) {
        painter.setPen(overdueColor(pal));
        second = second.isEmpty() ? tr("Overdue") : tr("Overdue · %1").arg(second);
    } else {
        painter.setPen(pal.placeholderText().color());
    }
    painter.drawText(QRect(chip.left() + 8, top + line, chip.width() - 12, line), Qt::AlignLeft | Qt::AlignVCenter,
                     QFontMetrics(small).elidedText(second, Qt::ElideRight, chip.width() - 12));
    painter.restore();
}

void CalendarGrid::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette &pal = palette();
    const bool dark = pal.base().color().lightnessF() < 0.5;
    const QColor grid = dark ? pal.base().color().lighter(180) : pal.mid().color().lighter(140);
    const QColor otherMonth = dark ? pal.base().color().lighter(115) : pal.window().color();
    const QLocale locale;
    const bool week = m_layout.mode() == CalendarLayout::Mode::Week;

    painter.fillRect(rect(), pal.base());
    const QFontMetrics metrics = fontMetrics();
    for (QDate day = m_layout.firstVisible(); day <= m_layout.lastVisible(); day = day.addDays(1)) {
        const QRect cell = m_layout.cellRect(day);
        if (!m_layout.inAnchorMonth(day))
            painter.fillRect(cell, otherMonth);
        if (m_dropDay.isValid() && day == m_dropDay) {
            QColor drop = pal.highlight().color();
            drop.setAlphaF(0.18);
            painter.fillRect(cell, drop);
        }
        painter.setPen(grid);
        painter.drawLine(cell.topLeft(), cell.topRight());
        painter.drawLine(cell.topLeft(), cell.bottomLeft());
        if (day == m_current && hasFocus() && m_selected.isEmpty()) { // where the keyboard is
            painter.setPen(QPen(pal.highlight().color(), 2, Qt::DotLine));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(cell.adjusted(2, 2, -2, -2));
        }

        // Day number; today in an accent circle.
        const QString number = (week || day.day() == 1) ? locale.toString(day, QStringLiteral("d MMM"))
                                                        : QString::number(day.day());
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
        for (int i = 0; i < shown; ++i)
            paintChip(painter, m_layout.chipRect(day, i), ids.at(i), week, ids.at(i) == m_selected);
        if (shown < ids.size()) {
            painter.setPen(pal.link().color());
            painter.drawText(m_layout.moreRect(day, shown).adjusted(6, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                             tr("+%n more", nullptr, int(ids.size()) - shown));
        }
    }

    // The weekday header, on top of whatever scrolled under it.
    const int offset = headerOffset();
    painter.fillRect(QRect(0, offset, width(), m_layout.headerHeight()), pal.base());
    painter.setPen(grid);
    painter.drawLine(0, offset + m_layout.headerHeight() - 1, width(), offset + m_layout.headerHeight() - 1);
    for (int column = 0; column < CalendarLayout::Columns; ++column) {
        const QRect header = m_layout.headerRect(column).translated(0, offset);
        const int weekday = (int(m_layout.firstDayOfWeek()) - 1 + column) % 7 + 1;
        QString text = locale.dayName(weekday, QLocale::ShortFormat);
        if (week)
            text = tr("%1 %2").arg(text).arg(m_layout.firstVisible().addDays(column).day());
        painter.setPen(pal.placeholderText().color());
        painter.drawText(header.adjusted(6, 0, -4, 0), Qt::AlignLeft | Qt::AlignVCenter,
                         metrics.elidedText(text, Qt::ElideRight, header.width() - 10));
    }
}

QString CalendarGrid::chipAt(const QPoint &point) const
{
    const QDate day = dayAt(point);
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
    const QPoint pos = event->position().toPoint();
    const QString chip = chipAt(pos);
    const QDate day = dayAt(pos);
    if (!chip.isEmpty()) {
        selectItem(chip);
        return;
    }
    if (!day.isValid())
        return;
    setCurrentDay(day);
    const QStringList ids = m_items.values(day);
    const int shown = m_layout.visibleChipCount(int(ids.size()));
    if (shown < ids.size() && m_layout.moreRect(day, shown).contains(pos))
        Q_EMIT weekRequested(day);
}

void CalendarGrid::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const QPoint pos = event->position().toPoint();
    const QString itemId = chipAt(pos);
    if (!itemId.isEmpty()) {
        Q_EMIT openItemRequested(itemId);
        return;
    }
    const QDate day = dayAt(pos);
    const QStringList ids = m_items.values(day);
    const int shown = m_layout.visibleChipCount(int(ids.size()));
    if (day.isValid() && !(shown < ids.size() && m_layout.moreRect(day, shown).contains(pos)))
        Q_EMIT newItemRequested(day);
}

void CalendarGrid::moveCurrentDay(int days)
{
    const QDate day = m_current.addDays(days);
    m_current = day;
    if (!m_layout.isVisible(day))
        Q_EMIT dayRequested(day); // the view shows its period and refreshes m_items
    const QStringList ids = m_items.values(day);
    selectItem(m_layout.visibleChipCount(int(ids.size())) > 0 ? ids.first() : QString());
    update();
}

void CalendarGrid::stepChip(int step)
{
    const QStringList ids = m_items.values(m_current);
    const int shown = m_layout.visibleChipCount(int(ids.size()));
    const int at = int(ids.indexOf(m_selected));
    const int next = at < 0 ? (step > 0 ? 0 : shown - 1) : at + step;
    if (next >= 0 && next < shown) {
        selectItem(ids.at(next));
        return;
    }
    moveCurrentDay(step * 7); // past the day's chips: the same weekday a week on
    if (step < 0) { // coming from below: the last chip of that day
        const QStringList above = m_items.values(m_current);
        const int aboveShown = m_layout.visibleChipCount(int(above.size()));
        selectItem(aboveShown > 0 ? above.at(aboveShown - 1) : QString());
    }
}

void CalendarGrid::keyPressEvent(QKeyEvent *event)
{
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    const auto reschedule = [this](int days) {
        const QDate from = m_selected.isEmpty() ? QDate() : m_model->dateOf(m_selected);
        if (!from.isValid())
            return;
        const QDate to = from.addDays(days);
        m_current = to;
        Q_EMIT rescheduleRequested(m_selected, to);
        if (!m_layout.isVisible(to))
            Q_EMIT dayRequested(to);
        ensureVisible(chipRectOf(m_selected));
        update();
    };
    const int period = m_layout.mode() == CalendarLayout::Mode::Week ? 7 : 0;
    switch (event->key()) {
    case Qt::Key_Left:
        ctrl ? reschedule(-1) : moveCurrentDay(-1);
        break;
    case Qt::Key_Right:
        ctrl ? reschedule(1) : moveCurrentDay(1);
        break;
    case Qt::Key_Up:
        ctrl ? reschedule(-7) : stepChip(-1);
        break;
    case Qt::Key_Down:
        ctrl ? reschedule(7) : stepChip(1);
        break;
    case Qt::Key_PageUp:
    case Qt::Key_PageDown: {
        const int sign = event->key() == Qt::Key_PageDown ? 1 : -1;
        const QDate day = period ? m_current.addDays(sign * period) : m_current.addMonths(sign);
        setCurrentDay(day);
        Q_EMIT dayRequested(day);
        break;
    }
    case Qt::Key_Home:
        setCurrentDay(m_today);
        Q_EMIT dayRequested(m_today);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (!m_selected.isEmpty())
            Q_EMIT openItemRequested(m_selected);
        else
            Q_EMIT newItemRequested(m_current);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void CalendarGrid::focusInEvent(QFocusEvent *event)
{
    if (!m_layout.isVisible(m_current)) // the keyboard starts where the eyes are
        m_current = m_layout.isVisible(m_today) ? m_today : m_layout.anchor();
    update();
    QWidget::focusInEvent(event);
}

void CalendarGrid::focusOutEvent(QFocusEvent *event)
{
    update();
    QWidget::focusOutEvent(event);
}

} // namespace Tessera::App
