#include "calendargridaccessible.h"

#include "calendargrid.h"

#include <QLocale>

namespace Tessera::App {

namespace {

QString keyOf(const QString &itemId, const QDate &day)
{
    return itemId + QLatin1Char('|') + day.toString(Qt::ISODate);
}

// One chip of the grid: a list item named after the item and its day (", overdue" or
// ", done" when it is).
class ChipAccessible final : public QAccessibleInterface
{
public:
    ChipAccessible(CalendarGrid *grid, QAccessibleInterface *parent, QString itemId, QDate day)
        : m_grid(grid), m_parent(parent), m_itemId(std::move(itemId)), m_day(day)
    {
    }

    bool isValid() const override { return m_grid && current().has_value(); }
    QObject *object() const override { return nullptr; }
    QWindow *window() const override { return m_parent->window(); }
    QAccessibleInterface *childAt(int, int) const override { return nullptr; }
    QAccessibleInterface *parent() const override { return m_parent; }
    QAccessibleInterface *child(int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface *) const override { return -1; }
    QAccessible::Role role() const override { return QAccessible::ListItem; }
    void setText(QAccessible::Text, const QString &) override { }

    QString text(QAccessible::Text t) const override
    {
        const auto chip = current();
        if (!chip || (t != QAccessible::Name && t != QAccessible::Description))
            return QString();
        const QString day = QLocale().toString(chip->day, QLocale::LongFormat);
        if (t == QAccessible::Description)
            return day;
        QString name = QStringLiteral("%1, %2").arg(chip->title, day);
        if (chip->overdue)
            name += QStringLiteral(", ") + CalendarGrid::tr("overdue");
        else if (chip->done)
            name += QStringLiteral(", ") + CalendarGrid::tr("done");
        return name;
    }

    QRect rect() const override
    {
        const auto chip = current();
        return chip && m_grid ? QRect(m_grid->mapToGlobal(chip->rect.topLeft()), chip->rect.size()) : QRect();
    }

    QAccessible::State state() const override
    {
        QAccessible::State s;
        s.selectable = true;
        s.focusable = true;
        if (m_grid && m_grid->selectedItem() == m_itemId) {
            s.selected = true;
            s.focused = m_grid->hasFocus();
        }
        if (!isValid())
            s.invisible = true;
        return s;
    }

private:
    std::optional<CalendarGrid::Chip> current() const
    {
        if (!m_grid)
            return std::nullopt;
        for (const CalendarGrid::Chip &chip : m_grid->visibleChips()) {
            if (chip.itemId == m_itemId && chip.day == m_day)
                return chip;
        }
        return std::nullopt;
    }

    QPointer<CalendarGrid> m_grid;
    QAccessibleInterface *m_parent;
    QString m_itemId;
    QDate m_day;
};

QAccessibleInterface *factory(const QString &className, QObject *object)
{
    if (className == QLatin1String("Tessera::App::CalendarGrid") && object && object->isWidgetType())
        return new CalendarGridAccessible(static_cast<CalendarGrid *>(object));
    return nullptr;
}

} // namespace

CalendarGridAccessible::CalendarGridAccessible(CalendarGrid *grid) : QAccessibleWidget(grid, QAccessible::List) { }

CalendarGridAccessible::~CalendarGridAccessible()
{
    for (const QAccessible::Id id : std::as_const(m_chips))
        QAccessible::deleteAccessibleInterface(id);
}

void CalendarGridAccessible::install()
{
    static const bool installed = [] {
        QAccessible::installFactory(factory);
        return true;
    }();
    Q_UNUSED(installed);
}

CalendarGrid *CalendarGridAccessible::grid() const
{
    return static_cast<CalendarGrid *>(widget());
}

QAccessibleInterface *CalendarGridAccessible::chipInterface(const QString &itemId, const QDate &day) const
{
    const QString key = keyOf(itemId, day);
    if (const auto it = m_chips.constFind(key); it != m_chips.constEnd())
        return QAccessible::accessibleInterface(*it);
    auto *iface = new ChipAccessible(grid(), const_cast<CalendarGridAccessible *>(this), itemId, day);
    m_chips.insert(key, QAccessible::registerAccessibleInterface(iface));
    return iface;
}

int CalendarGridAccessible::childCount() const
{
    return int(grid()->visibleChips().size());
}

QAccessibleInterface *CalendarGridAccessible::child(int index) const
{
    const QList<CalendarGrid::Chip> chips = grid()->visibleChips();
    if (index < 0 || index >= chips.size())
        return nullptr;
    return chipInterface(chips.at(index).itemId, chips.at(index).day);
}

int CalendarGridAccessible::indexOfChild(const QAccessibleInterface *child) const
{
    const QList<CalendarGrid::Chip> chips = grid()->visibleChips();
    for (int i = 0; i < chips.size(); ++i) {
        const auto it = m_chips.constFind(keyOf(chips.at(i).itemId, chips.at(i).day));
        if (it != m_chips.constEnd() && QAccessible::accessibleInterface(*it) == child)
            return i;
    }
    return -1;
}

QAccessibleInterface *CalendarGridAccessible::childAt(int x, int y) const
{
    const QPoint local = grid()->mapFromGlobal(QPoint(x, y));
    for (const CalendarGrid::Chip &chip : grid()->visibleChips()) {
        if (chip.rect.contains(local))
            return chipInterface(chip.itemId, chip.day);
    }
    return nullptr;
}

} // namespace Tessera::App
