#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

namespace Tessera::Core::Csv {

// RFC 4180, both ways: one copy of the quoting rules for the view export (core/models) and
// the import (client preview and the server's import job).

// A field as RFC 4180 wants it: quoted (quotes doubled) when it holds a comma, quote or line
// break. With `defuseFormula`, text a spreadsheet would run as a formula (=, +, -, @, tab or
// CR first) is prefixed with an apostrophe; `undefuse` takes that apostrophe off again.
QString field(QString text, bool defuseFormula);
QString undefuse(const QString &text);

// A whole file read: UTF-8 with or without BOM, CRLF or LF line ends, the first record is
// the header. Every record must have as many fields as the header.
struct Table
{
    QStringList header;
    QList<QStringList> rows;
    QString error; // empty: read; else what is wrong and where (nothing of the file is used)
    bool ok() const { return error.isEmpty(); }
};

// Why `bytes` is not a UTF-8 text file (another encoding, binary data), or empty if it is.
// Checks every byte.
QString encodingProblem(QByteArrayView bytes);
// A cheap look at the first bytes only (a UTF-16/32 byte order mark, a NUL byte): what the
// server checks before it answers an upload.
QString quickEncodingProblem(QByteArrayView bytes);
// Reads the file; `maxRows` > 0 stops after that many data rows (a preview).
Table parse(QByteArrayView bytes, qsizetype maxRows = 0);

} // namespace Tessera::Core::Csv
