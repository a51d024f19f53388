#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QStringList>

namespace Tessera::Core {

class BoardStore;

// What a person takes out of a board: the view they see as a spreadsheet file, and a date
// column as a calendar file. The caller gives the items in the order shown (filters and
// sort already applied) and the columns shown, so the file is what the view shows.
namespace ViewExport {

struct CsvOptions
{
    bool byteOrderMark = false; // UTF-8 with BOM: what spreadsheet programs need to guess the encoding
};

// RFC 4180: a header of column names, one record per item, CRLF line ends, fields with a
// comma, quote or line break quoted (quotes doubled). Values as people read them: a status
// by its label, a person by name, a date as yyyy-mm-dd, a checkbox as true/false. Text that
// a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an apostrophe.
QByteArray csv(const BoardStore &store, const QStringList &itemIds, const QStringList &columnIds,
               const CsvOptions &options = {});

// RFC 5545: one all-day VEVENT per item with a date in `dateColumnId`; the UID is made of
// the item, column and board ids, so importing the file again updates the same events.
// Text is escaped and lines are folded at 75 octets; an empty title or description is left out.
QByteArray icalendar(const BoardStore &store, const QStringList &itemIds, const QString &dateColumnId,
                     const QDateTime &stamp = QDateTime::currentDateTimeUtc());

} // namespace ViewExport

} // namespace Tessera::Core
