#include "importvalues.h"

#include "core/protocol/csv.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

namespace Tessera::Core::Import {

namespace {

const QRegularExpression &isoDate()
{
    static const QRegularExpression re(QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})([T ].*)?$"));
    return re;
}
const QRegularExpression &dotDate()
{
    static const QRegularExpression re(QStringLiteral("^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4}|\\d{2})$"));
    return re;
}
const QRegularExpression &slashDate()
{
    static const QRegularExpression re(QStringLiteral("^(\\d{1,2})/(\\d{1,2})/(\\d{4})$"));
    return re;
}

QString typeWord(ColumnType type)
{
    switch (type) {
    case ColumnType::Number:
        return QStringLiteral("a number");
    case ColumnType::Date:
        return QStringLiteral("a date (2026-03-31, 31.3.2026 or 3/31/2026)");
    case ColumnType::Checkbox:
        return QStringLiteral("true or false");
    default:
        return QStringLiteral("a value");
    }
}

} // namespace

QString dateOrderName(DateOrder order)
{
    return order == DateOrder::MonthFirst ? QStringLiteral("monthFirst") : QStringLiteral("dayFirst");
}

std::optional<DateOrder> dateOrderFromName(const QString &name)
{
    if (name == QLatin1String("dayFirst"))
        return DateOrder::DayFirst;
    if (name == QLatin1String("monthFirst"))
        return DateOrder::MonthFirst;
    return std::nullopt;
}

std::optional<QDate> parseDate(const QString &input, DateOrder order)
{
    const QString text = input.trimmed();
    QDate date;
    if (const auto m = isoDate().match(text); m.hasMatch()) {
        date = QDate(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    } else if (const auto d = dotDate().match(text); d.hasMatch()) {
        int year = d.captured(3).toInt();
        if (d.captured(3).size() == 2)
            year += 2000;
        date = QDate(year, d.captured(2).toInt(), d.captured(1).toInt());
    } else if (const auto s = slashDate().match(text); s.hasMatch()) {
        const int a = s.captured(1).toInt();
        const int b = s.captured(2).toInt();
        const int year = s.captured(3).toInt();
        date = order == DateOrder::MonthFirst ? QDate(year, a, b) : QDate(year, b, a);
    }
    if (!date.isValid())
        return std::nullopt;
    return date;
}

bool slashDatesAmbiguous(const QStringList &samples)
{
    for (const QString &sample : samples) {
        const auto s = slashDate().match(sample.trimmed());
        if (s.hasMatch() && s.captured(1).toInt() <= 12 && s.captured(2).toInt() <= 12
            && s.captured(1).toInt() != s.captured(2).toInt())
            return true;
    }
    return false;
}

std::optional<double> parseNumber(const QString &input)
{
    QString text = input.trimmed();
    text.remove(QLatin1Char(' '));
    text.remove(QChar(0x00A0));
    text.remove(QChar(0x202F));
    text.remove(QLatin1Char('\''));
    const qsizetype dots = text.count(QLatin1Char('.'));
    const qsizetype commas = text.count(QLatin1Char(','));
    if (dots > 0 && commas > 0) { // the later one is the decimal separator
        const bool commaDecimal = text.lastIndexOf(QLatin1Char(',')) > text.lastIndexOf(QLatin1Char('.'));
        text.remove(commaDecimal ? QLatin1Char('.') : QLatin1Char(','));
        text.replace(QLatin1Char(','), QLatin1Char('.'));
    } else if (commas == 1) {
        text.replace(QLatin1Char(','), QLatin1Char('.'));
    } else if (commas > 1) {
        text.remove(QLatin1Char(','));
    } else if (dots > 1) {
        text.remove(QLatin1Char('.'));
    }
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

Cell parseCell(const Column &column, const QString &raw, const QMap<QString, Member> &members, DateOrder order)
{
    Cell cell;
    const QString text = column.type == ColumnType::Text ? Csv::undefuse(raw) : raw.trimmed();
    if (text.isEmpty()) {
        cell.value = QJsonValue::Null;
        return cell;
    }
    const auto bad = [&](const QString &why) {
        cell.error = QStringLiteral("%1: %2").arg(column.name, why);
        return cell;
    };
    switch (column.type) {
    case ColumnType::Text:
        cell.value = text;
        break;
    case ColumnType::Number:
        if (const auto n = parseNumber(text))
            cell.value = *n;
        else
            return bad(QStringLiteral("'%1' is not %2").arg(text.left(40), typeWord(column.type)));
        break;
    case ColumnType::Date:
        if (const auto d = parseDate(text, order))
            cell.value = d->toString(Qt::ISODate);
        else
            return bad(QStringLiteral("'%1' is not %2").arg(text.left(40), typeWord(column.type)));
        break;
    case ColumnType::Checkbox: {
        const QString t = text.toLower();
        if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("1") || t == QLatin1String("x"))
            cell.value = true;
        else if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("0"))
            cell.value = false;
        else
            return bad(QStringLiteral("'%1' is not %2").arg(text.left(40), typeWord(column.type)));
        break;
    }
    case ColumnType::Status:
        for (const StatusOption &option : column.options) {
            if (option.label.compare(text, Qt::CaseInsensitive) == 0 || option.id == text) {
                cell.value = option.id;
                return cell;
            }
        }
        return bad(QStringLiteral("'%1' is not one of its statuses").arg(text.left(40)));
    case ColumnType::Person:
        for (const Member &m : members) {
            if (m.login.compare(text, Qt::CaseInsensitive) == 0 || m.displayName.compare(text, Qt::CaseInsensitive) == 0
                || m.userId == text) {
                cell.value = m.userId;
                return cell;
            }
        }
        return bad(QStringLiteral("'%1' is not a member of the board (by login or name)").arg(text.left(40)));
    }
    QString why;
    if (!column.accepts(cell.value, &why))
        return bad(why);
    return cell;
}

QJsonObject Mapping::toJson() const
{
    return { { QStringLiteral("columns"), QJsonArray::fromStringList(columnIds) },
             { QStringLiteral("dateOrder"), dateOrderName(dateOrder) } };
}

std::optional<Mapping> Mapping::fromJson(const QJsonObject &json, QString *why)
{
    const auto fail = [why](const QString &message) -> std::optional<Mapping> {
        if (why)
            *why = message;
        return std::nullopt;
    };
    Mapping m;
    const QJsonValue columns = json.value(QStringLiteral("columns"));
    if (!columns.isArray())
        return fail(QStringLiteral("field 'columns': expected an array of column ids (\"\" skips a CSV column)"));
    for (const QJsonValue &v : columns.toArray()) {
        if (!v.isString() || v.toString().size() > 64)
            return fail(QStringLiteral("field 'columns': every entry is a column id or \"\""));
        m.columnIds.append(v.toString());
    }
    if (json.contains(QStringLiteral("dateOrder"))) {
        const auto order = dateOrderFromName(json.value(QStringLiteral("dateOrder")).toString());
        if (!order)
            return fail(QStringLiteral("field 'dateOrder': expected dayFirst or monthFirst"));
        m.dateOrder = *order;
    }
    return m;
}

Mapping autoMap(const QStringList &header, const QList<Column> &columns)
{
    Mapping m;
    QSet<QString> used;
    for (const QString &name : header) {
        QString id;
        for (const Column &c : columns) {
            if (!used.contains(c.id) && c.name.trimmed().compare(name.trimmed(), Qt::CaseInsensitive) == 0) {
                id = c.id;
                break;
            }
        }
        if (!id.isEmpty())
            used.insert(id);
        m.columnIds.append(id);
    }
    return m;
}

ColumnType guessType(const QStringList &samples, DateOrder order)
{
    bool any = false, numbers = true, dates = true, bools = true;
    for (const QString &s : samples) {
        const QString t = s.trimmed().toLower();
        if (t.isEmpty())
            continue;
        any = true;
        numbers = numbers && parseNumber(t).has_value();
        dates = dates && parseDate(t, order).has_value();
        bools = bools && (t == QLatin1String("true") || t == QLatin1String("false"));
    }
    if (!any)
        return ColumnType::Text;
    if (bools)
        return ColumnType::Checkbox;
    if (dates)
        return ColumnType::Date;
    if (numbers)
        return ColumnType::Number;
    return ColumnType::Text;
}

QString mappingProblem(const Mapping &mapping, qsizetype headerSize, const QList<Column> &columns)
{
    if (mapping.columnIds.size() != headerSize)
        return QStringLiteral("the mapping names %1 column(s) but the file has %2").arg(mapping.columnIds.size()).arg(headerSize);
    QSet<QString> seen;
    for (const QString &id : mapping.columnIds) {
        if (id.isEmpty())
            continue;
        const bool known = std::any_of(columns.begin(), columns.end(), [&](const Column &c) { return c.id == id; });
        if (!known)
            return QStringLiteral("the mapping names column '%1', which the board does not have").arg(id);
        if (seen.contains(id))
            return QStringLiteral("the mapping fills column '%1' twice").arg(id);
        seen.insert(id);
    }
    if (seen.isEmpty())
        return QStringLiteral("the mapping fills no column: map at least one CSV column to a board column");
    return {};
}

Row convertRow(const QStringList &cells, const Mapping &mapping, const QList<Column> &columns,
               const QMap<QString, Member> &members)
{
    Row row;
    for (qsizetype i = 0; i < cells.size() && i < mapping.columnIds.size(); ++i) {
        const QString &id = mapping.columnIds.at(i);
        if (id.isEmpty())
            continue;
        const auto column = std::find_if(columns.begin(), columns.end(), [&](const Column &c) { return c.id == id; });
        if (column == columns.end()) {
            row.error = QStringLiteral("unknown column '%1'").arg(id);
            return row;
        }
        Cell cell = parseCell(*column, cells.at(i), members, mapping.dateOrder);
        if (!cell.ok()) {
            row.error = cell.error;
            return row;
        }
        if (!cell.value.isNull())
            row.fields.insert(id, cell.value);
    }
    return row;
}

} // namespace Tessera::Core::Import
