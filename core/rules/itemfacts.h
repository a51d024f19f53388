#pragma once

#include "core/protocol/domain.h"

#include <QDate>

namespace Tessera::Core {

struct BoardState;

// What every part of Tessera reads off an item the same way: its title, whether it is
// done, whom it is assigned to, its dates. The server's reminders and notifications, the
// search index and the app's views all use these, so they never disagree.

// The item's title: its first text column's value ("" when that is empty).
QString titleOf(const Item &item, const QList<Column> &columns);

// An item is done when one of its status columns holds that column's last option: a
// board's workflow ends in its finished state (To do, In progress, Done).
bool isDone(const Item &item, const QList<Column> &columns);

// The members an item is assigned to: the values of its person fields that are members.
QStringList assigneesOf(const QJsonObject &fields, const BoardState &state);

// The item's dates: (date column id, date) for every date column holding a valid date.
QList<std::pair<QString, QDate>> datesOf(const Item &item, const QList<Column> &columns);

// The text search reads: the title, every other text field and the description, one per line.
QString searchTextOf(const Item &item, const QList<Column> &columns);
// Whether writing `fields` (column id -> value) can change searchTextOf: a text column or the
// description. A status, date or person change leaves the search index as it is.
bool touchesSearchText(const QJsonObject &fields, const QList<Column> &columns);

} // namespace Tessera::Core
