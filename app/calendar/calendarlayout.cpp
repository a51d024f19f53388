#include "calendarlayout.h"

namespace Tessera::App {

namespace {
constexpr int ChipMargin = 3;
}

void CalendarLayout::setMetrics(int headerHeight, int dayLabelHeight, int chipHeight)
{
    m_headerHeight = headerHeight;
    m_dayLabelHeight = dayLabelHeight;
    m_chipHeight = qMax(1, chipHeight);
}

QDate CalendarLayout::startOfWeek(const QDate &date, Qt::DayOfWeek firstDay)
{
    const int offset = (date.dayOfWeek() - int(firstDay) + 7) % 7;
    return date.addDays(-offset);
}

QDate CalendarLayout::firstVisible() const
{
    if (m_mode == Mode::Week)
        return startOfWeek(m_anchor, m_firstDay);
    return startOfWeek(QDate(m_anchor.year(), m_anchor.month(), 1), m_firstDay);
}

int CalendarLayout::rows() const
{
    if (m_mode == Mode::Week)
        return 1;
    const QDate first(m_anchor.year(), m_anchor.month(), 1);
    const QDate last = first.addDays(first.daysInMonth() - 1);
    return int(firstVisible().daysTo(startOfWeek(last, m_firstDay)) / 7) + 1;
}

QDate CalendarLayout::lastVisible() const
{
    return firstVisible().addDays(rows() * Columns - 1);
}

bool CalendarLayout::isVisible(const QDate &date) const
{
    return date.isValid() && date >= firstVisible() && date <= lastVisible();
}

bool CalendarLayout::inAnchorMonth(const QDate &date) const
{
    return m_mode == Mode::Week || (date.year() == m_anchor.year() && date.month() == m_anchor.month());
}

int CalendarLayout::columnX(int column) const
{
    return column * m_size.width() / Columns;
}

int CalendarLayout::rowY(int row) const
{
    return m_headerHeight + row * (m_size.height() - m_headerHeight) / rows();
}

QRect CalendarLayout::headerRect(int column) const
{
    return QRect(QPoint(columnX(column), 0), QPoint(columnX(column + 1) - 1, m_headerHeight - 1));
}

QRect CalendarLayout::cellRect(const QDate &date) const
{
    if (!isVisible(date))
        return {};
    const int index = int(firstVisible().daysTo(date));
    const int row = index / Columns;
    const int column = index % Columns;
    return QRect(QPoint(columnX(column), rowY(row)), QPoint(columnX(column + 1) - 1, rowY(row + 1) - 1));
}

QDate CalendarLayout::dateAt(const QPoint &point) const
{
    if (point.x() < 0 || point.x() >= m_size.width() || point.y() < m_headerHeight || point.y() >= m_size.height())
        return {};
    int column = 0;
    while (column < Columns - 1 && point.x() >= columnX(column + 1))
        ++column;
    int row = 0;
    while (row < rows() - 1 && point.y() >= rowY(row + 1))
        ++row;
    return firstVisible().addDays(row * Columns + column);
}

int CalendarLayout::contentHeight(int chips) const
{
    if (m_mode != Mode::Week)
        return 0;
    return m_headerHeight + m_dayLabelHeight + chips * m_weekChipHeight + ChipMargin;
}

int CalendarLayout::visibleChipCount(int count) const
{
    if (m_mode == Mode::Week)
        return count; // the grid is as tall as contentHeight() and scrolls
    const int rowHeight = (m_size.height() - m_headerHeight) / rows();
    const int room = qMax(0, (rowHeight - m_dayLabelHeight - ChipMargin) / m_chipHeight);
    if (count <= room)
        return count;
    return qMax(0, room - 1); // keep a line for "+N more"
}

QRect CalendarLayout::chipRect(const QDate &date, int index) const
{
    const QRect cell = cellRect(date);
    if (cell.isNull())
        return {};
    return QRect(cell.left() + ChipMargin, cell.top() + m_dayLabelHeight + index * chipHeight(),
                 cell.width() - 2 * ChipMargin, chipHeight() - 2);
}

QRect CalendarLayout::moreRect(const QDate &date, int visibleChips) const
{
    return chipRect(date, visibleChips);
}

QDate CalendarLayout::next() const
{
    return m_mode == Mode::Week ? m_anchor.addDays(7) : m_anchor.addMonths(1);
}

QDate CalendarLayout::previous() const
{
    return m_mode == Mode::Week ? m_anchor.addDays(-7) : m_anchor.addMonths(-1);
}

} // namespace Tessera::App
