#pragma once

#include <QAccessibleWidget>
#include <QDate>
#include <QHash>
#include <QPointer>

namespace Tessera::App {

class CalendarGrid;

// What assistive technology sees of the painted calendar grid: a list whose children are
// the chips shown now, each named "title, date" and placed where it is painted (the
// grid draws everything itself, so without this a screen reader would see one blank
// widget). Installed for every CalendarGrid by install().
class CalendarGridAccessible final : public QAccessibleWidget
{
public:
    explicit CalendarGridAccessible(CalendarGrid *grid);
    ~CalendarGridAccessible() override;

    static void install(); // once per process; the grid's constructor calls it

    int childCount() const override;
    QAccessibleInterface *child(int index) const override;
    int indexOfChild(const QAccessibleInterface *child) const override;
    QAccessibleInterface *childAt(int x, int y) const override;

private:
    CalendarGrid *grid() const;
    QAccessibleInterface *chipInterface(const QString &itemId, const QDate &day) const;

    mutable QHash<QString, QAccessible::Id> m_chips; // "itemId|date" -> registered interface
};

} // namespace Tessera::App
