#include "itemfacts.h"

#include "boardstate.h"

namespace Tessera::Core {

QString titleOf(const Item &item, const QList<Column> &columns)
{
    for (const Column &column : columns) {
        if (column.type == ColumnType::Text)
            return item.fields.value(column.id).toString();
    }
    return QString();
}

bool isDone(const Item &item, const QList<Column> &columns)
{
    for (const Column &column : columns) {
        if (column.type != ColumnType::Status || column.options.isEmpty())
            continue;
        if (item.fields.value(column.id).toString() == column.options.constLast().id)
            return true;
    }
    return false;
}

QStringList assigneesOf(const QJsonObject &fields, const BoardState &state)
{
    QStringList out;
    for (const Column &column : state.columns) {
        if (column.type != ColumnType::Person)
            continue;
        const QString userId = fields.value(column.id).toString();
        if (!userId.isEmpty() && state.members.contains(userId) && !out.contains(userId))
            out.append(userId);
    }
    return out;
}

QList<std::pair<QString, QDate>> datesOf(const Item &item, const QList<Column> &columns)
{
    QList<std::pair<QString, QDate>> out;
    for (const Column &column : columns) {
        if (column.type != ColumnType::Date)
            continue;
        const QDate date = QDate::fromString(item.fields.value(column.id).toString(), Qt::ISODate);
        if (date.isValid())
            out.append({ column.id, date });
    }
    return out;
}

QString searchTextOf(const Item &item, const QList<Column> &columns)
{
    QStringList parts;
    for (const Column &column : columns) {
        if (column.type != ColumnType::Text)
            continue;
        const QString value = item.fields.value(column.id).toString();
        if (!value.isEmpty())
            parts.append(value);
    }
    const QString description = item.fields.value(Item::descriptionKey()).toString();
    if (!description.isEmpty())
        parts.append(description);
    return parts.join(QLatin1Char('\n'));
}

bool touchesSearchText(const QJsonObject &fields, const QList<Column> &columns)
{
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        if (it.key() == Item::descriptionKey())
            return true;
        for (const Column &column : columns) {
            if (column.id == it.key() && column.type == ColumnType::Text)
                return true;
        }
    }
    return false;
}

} // namespace Tessera::Core
