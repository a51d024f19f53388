#pragma once

#include "core/protocol/domain.h"

#include <QDate>
#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QStringList>

#include <optional>

namespace Tessera::Core::Import {

// How a CSV import reads its text into board values: the client's preview and the server's
// import job run these same rules (the server checks again; it never trusts the client).

// d.m.yyyy vs m/d/yyyy when a file's dates could be either (3/4/2026).
enum class DateOrder { DayFirst, MonthFirst };
QString dateOrderName(DateOrder order);
std::optional<DateOrder> dateOrderFromName(const QString &name);

// ISO (2026-03-04, with or without a time), d.m.yyyy, d.m.yy and m/d/yyyy (or d/m/yyyy
// with DayFirst); nullopt when the text is none of them or not a real day.
std::optional<QDate> parseDate(const QString &text, DateOrder order);
// True when some slash date in `samples` reads as two different days (both parts <= 12):
// the person has to choose the order.
bool slashDatesAmbiguous(const QStringList &samples);
// 1234.5, 1234,5, 1,234.5, 1.234,5, -3, 1e3; nullopt when not a finite number.
std::optional<double> parseNumber(const QString &text);

// One cell read as the column's type: the JSON value the board stores, or why not. An
// empty cell is null (no value).
struct Cell
{
    QJsonValue value;
    QString error;
    bool ok() const { return error.isEmpty(); }
};
Cell parseCell(const Column &column, const QString &text, const QMap<QString, Member> &members, DateOrder order);

// Which board column each CSV column fills: a column id, or empty to skip it.
struct Mapping
{
    QStringList columnIds; // one per CSV column
    DateOrder dateOrder = DateOrder::DayFirst;

    QJsonObject toJson() const; // {"columns":[…], "dateOrder":"dayFirst"|"monthFirst"}
    static std::optional<Mapping> fromJson(const QJsonObject &json, QString *why = nullptr);
};
// Each header name matched to the board column of the same name (case and surrounding space
// ignored); unmatched names are skipped.
Mapping autoMap(const QStringList &header, const QList<Column> &columns);
// The column type a header's sample values suggest for a new column.
ColumnType guessType(const QStringList &samples, DateOrder order);

// One CSV row read through the mapping: the item's fields, or the first problem, named by
// its column ("Due: '31.2.2026' is not a date").
struct Row
{
    QJsonObject fields;
    QString error;
    bool ok() const { return error.isEmpty(); }
};
Row convertRow(const QStringList &cells, const Mapping &mapping, const QList<Column> &columns,
               const QMap<QString, Member> &members);
// Problems with the mapping itself (an unknown column, a column mapped twice, a length
// that does not match the header); empty if none.
QString mappingProblem(const Mapping &mapping, qsizetype headerSize, const QList<Column> &columns);

} // namespace Tessera::Core::Import
