#pragma once

#include <QDate>
#include <QRect>

namespace Tessera::App {

// The geometry of a calendar grid, free of widgets so it can be tested on its own:
// which days are visible for a month or week around an anchor date, where each day's
// cell, chips and "+N more" line go, and which day a point falls on.
// Month: as many week rows as the month spans (4–6), a day shows the chips that fit and
// "+N more". Week: one row of tall cells with taller chips (two lines), every chip shown;
// contentHeight() says how tall the grid must be for that (it scrolls beyond the view).
class CalendarLayout final
{
public:
    enum class Mode { Month, Week };

    void setMode(Mode mode) { m_mode = mode; }
    Mode mode() const { return m_mode; }
    void setAnchor(const QDate &date) { m_anchor = date; }
    QDate anchor() const { return m_anchor; }
    void setSize(const QSize &size) { m_size = size; }
    QSize size() const { return m_size; }
    void setFirstDayOfWeek(Qt::DayOfWeek day) { m_firstDay = day; }
    Qt::DayOfWeek firstDayOfWeek() const { return m_firstDay; }
    // Heights: the weekday header row, the day number line of a cell, one chip (with gap).
    void setMetrics(int headerHeight, int dayLabelHeight, int chipHeight);
    void setWeekChipHeight(int height) { m_weekChipHeight = qMax(1, height); }
    int chipHeight() const { return m_mode == Mode::Week ? m_weekChipHeight : m_chipHeight; } // with the gap
    int headerHeight() const { return m_headerHeight; }
    // The height that shows `chips` chips in one day in full (week mode; 0 in month mode).
    int contentHeight(int chips) const;

    QDate firstVisible() const;
    QDate lastVisible() const;
    int rows() const;
    static constexpr int Columns = 7;
    bool isVisible(const QDate &date) const;
    bool inAnchorMonth(const QDate &date) const; // false for the grey days of other months

    QRect headerRect(int column) const; // weekday name cell
    QRect cellRect(const QDate &date) const; // null when not visible
    QDate dateAt(const QPoint &point) const; // invalid outside the cells
    // How many of `count` chips a day shows; when not all fit, one line is kept for "+N more".
    int visibleChipCount(int count) const;
    QRect chipRect(const QDate &date, int index) const;
    QRect moreRect(const QDate &date, int visibleChips) const; // the "+N more" line below them

    QDate next() const; // the anchor one month/week on
    QDate previous() const;
    static QDate startOfWeek(const QDate &date, Qt::DayOfWeek firstDay);

private:
    int columnX(int column) const;
    int rowY(int row) const;

    Mode m_mode = Mode::Month;
    QDate m_anchor = QDate::currentDate();
    QSize m_size { 700, 500 };
    Qt::DayOfWeek m_firstDay = Qt::Monday;
    int m_headerHeight = 24;
    int m_dayLabelHeight = 22;
    int m_chipHeight = 20;
    int m_weekChipHeight = 40;
};

} // namespace Tessera::App
