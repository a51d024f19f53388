#include "viewexport.h"

#include "boardstore.h"

#include "core/protocol/csv.h"
#include "core/rules/itemfacts.h"

#include <QDate>

namespace Tessera::Core::ViewExport {

namespace {

QString cellText(const BoardStore &store, const Column &column, const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QString();
    switch (column.type) {
    case ColumnType::Status: {
        const StatusOption *option = column.option(value.toString());
        return option ? option->label : value.toString();
    }
    case ColumnType::Person:
        return store.memberName(value.toString());
    case ColumnType::Date: {
        const QString text = value.toString();
        const QDate date = QDate::fromString(text.left(10), Qt::ISODate);
        return date.isValid() ? date.toString(Qt::ISODate) : text;
    }
    case ColumnType::Number:
        return QString::number(value.toDouble(), 'g', 15);
    case ColumnType::Checkbox:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case ColumnType::Text:
        break;
    }
    return value.toString();
}

QString icsText(QString text)
{
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    text.replace(QLatin1Char(';'), QStringLiteral("\\;"));
    text.replace(QLatin1Char(','), QStringLiteral("\\,"));
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\\n"));
    text.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    text.replace(QLatin1Char('\r'), QStringLiteral("\\n"));
    return text;
}

// One content line, folded so no line passes 75 octets (never inside a UTF-8 sequence).
QByteArray icsLine(const QString &line)
{
    const QByteArray utf8 = line.toUtf8();
    QByteArray out;
    qsizetype start = 0;
    qsizetype limit = 75;
    while (utf8.size() - start > limit) {
        qsizetype cut = start + limit;
        while (cut > start && (quint8(utf8[cut]) & 0xC0) == 0x80)
            --cut; // back to the start of a character
        out += utf8.mid(start, cut - start) + "\r\n ";
        start = cut;
        limit = 74; // the leading space counts
    }
    out += utf8.mid(start) + "\r\n";
    return out;
}

} // namespace

QByteArray csv(const BoardStore &store, const QStringList &itemIds, const QStringList &columnIds, const CsvOptions &options)
{
    QList<const Column *> columns;
    for (const QString &id : columnIds) {
        if (const Column *c = store.confirmed().column(id))
            columns.append(c);
    }
    QByteArray out;
    if (options.byteOrderMark)
        out += "\xEF\xBB\xBF";
    QStringList header;
    for (const Column *c : std::as_const(columns))
        header.append(Csv::field(c->name, true));
    out += header.join(QLatin1Char(',')).toUtf8() + "\r\n";
    for (const QString &id : itemIds) {
        const Item *item = store.itemPtr(id);
        if (!item)
            continue;
        QStringList record;
        for (const Column *c : std::as_const(columns))
            record.append(Csv::field(cellText(store, *c, item->fields.value(c->id)),
                                   c->type != ColumnType::Number && c->type != ColumnType::Date));
        out += record.join(QLatin1Char(',')).toUtf8() + "\r\n";
    }
    return out;
}

QByteArray icalendar(const BoardStore &store, const QStringList &itemIds, const QString &dateColumnId, const QDateTime &stamp)
{
    const BoardState &state = store.confirmed();
    const QString dtstamp = stamp.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    QByteArray out = icsLine(QStringLiteral("BEGIN:VCALENDAR"));
    out += icsLine(QStringLiteral("VERSION:2.0"));
    out += icsLine(QStringLiteral("PRODID:-//Tessera//Board export//EN"));
    out += icsLine(QStringLiteral("CALSCALE:GREGORIAN"));
    out += icsLine(QStringLiteral("X-WR-CALNAME:") + icsText(state.board.name));
    for (const QString &id : itemIds) {
        const Item *item = store.itemPtr(id);
        if (!item)
            continue;
        const QDate day = QDate::fromString(item->fields.value(dateColumnId).toString().left(10), Qt::ISODate);
        if (!day.isValid())
            continue;
        out += icsLine(QStringLiteral("BEGIN:VEVENT"));
        out += icsLine(QStringLiteral("UID:%1.%2@%3.tessera").arg(item->id, dateColumnId, state.board.id));
        out += icsLine(QStringLiteral("DTSTAMP:") + dtstamp);
        out += icsLine(QStringLiteral("DTSTART;VALUE=DATE:") + day.toString(QStringLiteral("yyyyMMdd")));
        out += icsLine(QStringLiteral("DTEND;VALUE=DATE:") + day.addDays(1).toString(QStringLiteral("yyyyMMdd")));
        // No SUMMARY for an untitled item: it is optional, and an empty one is an error to
        // libical (Evolution, many CalDAV servers), which drops it with a warning.
        const QString title = titleOf(*item, state.columns);
        if (!title.isEmpty())
            out += icsLine(QStringLiteral("SUMMARY:") + icsText(title));
        const QString description = item->fields.value(Item::descriptionKey()).toString();
        if (!description.isEmpty())
            out += icsLine(QStringLiteral("DESCRIPTION:") + icsText(description));
        out += icsLine(QStringLiteral("END:VEVENT"));
    }
    out += icsLine(QStringLiteral("END:VCALENDAR"));
    return out;
}

} // namespace Tessera::Core::ViewExport
