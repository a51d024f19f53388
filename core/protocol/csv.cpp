#include "csv.h"

namespace Tessera::Core::Csv {

namespace {

bool startsFormula(const QString &text)
{
    if (text.isEmpty())
        return false;
    const QChar c = text.front();
    return c == QLatin1Char('=') || c == QLatin1Char('+') || c == QLatin1Char('-') || c == QLatin1Char('@')
            || c == QLatin1Char('\t') || c == QLatin1Char('\r');
}

// The offset of the first byte that is not part of valid UTF-8, or -1.
qsizetype invalidUtf8At(QByteArrayView bytes)
{
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const quint8 b = quint8(bytes[i]);
        if (b < 0x80) {
            ++i;
            continue;
        }
        int more = 0;
        quint32 min = 0;
        if ((b & 0xE0) == 0xC0) {
            more = 1;
            min = 0x80;
        } else if ((b & 0xF0) == 0xE0) {
            more = 2;
            min = 0x800;
        } else if ((b & 0xF8) == 0xF0) {
            more = 3;
            min = 0x10000;
        } else {
            return i;
        }
        quint32 cp = b & (0x3F >> more);
        for (int k = 1; k <= more; ++k) {
            if (i + k >= n || (quint8(bytes[i + k]) & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (quint8(bytes[i + k]) & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += more + 1;
    }
    return -1;
}

qsizetype lineAt(QByteArrayView bytes, qsizetype offset)
{
    qsizetype line = 1;
    for (qsizetype i = 0; i < offset && i < bytes.size(); ++i)
        line += bytes[i] == '\n';
    return line;
}

} // namespace

QString field(QString text, bool defuseFormula)
{
    if (defuseFormula && startsFormula(text))
        text.prepend(QLatin1Char('\''));
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n'))
        || text.contains(QLatin1Char('\r'))) {
        text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + text + QLatin1Char('"');
    }
    return text;
}

QString undefuse(const QString &text)
{
    if (text.size() >= 2 && text.front() == QLatin1Char('\'') && startsFormula(text.mid(1)))
        return text.mid(1);
    return text;
}

QString quickEncodingProblem(QByteArrayView bytes)
{
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF"))
        return QStringLiteral("the file is UTF-16 (or UTF-32); save it as UTF-8 and import it again");
    if (bytes.startsWith(QByteArrayView("\x00\x00\xFE\xFF", 4)))
        return QStringLiteral("the file is UTF-32; save it as UTF-8 and import it again");
    const QByteArrayView head = bytes.first(std::min<qsizetype>(bytes.size(), 8192));
    if (head.contains('\0'))
        return QStringLiteral("the file holds binary data (a NUL byte at offset %1), not CSV text").arg(head.indexOf('\0'));
    return {};
}

QString encodingProblem(QByteArrayView bytes)
{
    if (QString quick = quickEncodingProblem(bytes); !quick.isEmpty())
        return quick;
    if (const qsizetype nul = bytes.indexOf('\0'); nul >= 0)
        return QStringLiteral("the file holds binary data (a NUL byte on line %1), not CSV text").arg(lineAt(bytes, nul));
    if (const qsizetype bad = invalidUtf8At(bytes); bad >= 0)
        return QStringLiteral("the file is not UTF-8 (an invalid byte 0x%1 on line %2); save it as UTF-8 and import it "
                              "again")
                .arg(quint8(bytes[bad]), 2, 16, QLatin1Char('0'))
                .arg(lineAt(bytes, bad));
    return {};
}

namespace {

Table read(QByteArrayView bytes, qsizetype maxRows)
{
    Table table;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes = bytes.sliced(3);
    if (maxRows <= 0) {
        table.error = encodingProblem(bytes);
    } else { // a preview checks what it reads
        table.error = quickEncodingProblem(bytes);
    }
    if (!table.ok())
        return table;
    const QString text = QString::fromUtf8(bytes);
    if (maxRows > 0 && text.contains(QChar::ReplacementCharacter) && !bytes.contains("\xEF\xBF\xBD"))
        table.error = QStringLiteral("the file is not UTF-8; save it as UTF-8 and import it again");
    if (!table.ok())
        return table;

    QStringList record;
    QString current;
    bool quoted = false; // inside a quoted field
    bool wasQuoted = false; // the current field was quoted (only a separator may follow)
    qsizetype line = 1;
    qsizetype recordLine = 1;
    bool headerDone = false;
    const auto endRecord = [&]() -> bool {
        record.append(current);
        current.clear();
        wasQuoted = false;
        const bool blank = record.size() == 1 && record.front().isEmpty();
        if (!blank) {
            if (!headerDone) {
                table.header = record;
                headerDone = true;
            } else if (record.size() != table.header.size()) {
                table.error = QStringLiteral("line %1 has %2 field(s) but the header has %3; every row needs one value per "
                                             "column (empty values are allowed)")
                                      .arg(recordLine)
                                      .arg(record.size())
                                      .arg(table.header.size());
                return false;
            } else {
                table.rows.append(record);
            }
        }
        record.clear();
        recordLine = line;
        return maxRows <= 0 || table.rows.size() < maxRows;
    };
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < n && text.at(i + 1) == QLatin1Char('"')) {
                    current.append(c);
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                current.append(c);
            }
            continue;
        }
        if (c == QLatin1Char(',')) {
            record.append(current);
            current.clear();
            wasQuoted = false;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            if (c == QLatin1Char('\r') && i + 1 < n && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            ++line;
            if (!endRecord())
                return table;
        } else if (wasQuoted) {
            table.error = QStringLiteral("line %1: text after a closing quote (a quote inside a quoted value is written "
                                         "twice: \"\")")
                                  .arg(line);
            return table;
        } else if (c == QLatin1Char('"') && current.isEmpty()) {
            quoted = true;
            wasQuoted = true;
        } else {
            current.append(c);
        }
    }
    if (quoted) {
        table.error = QStringLiteral("line %1: a quoted value is never closed").arg(recordLine);
        return table;
    }
    if (!current.isEmpty() || !record.isEmpty() || wasQuoted)
        endRecord();
    if (table.ok() && !headerDone)
        table.error = QStringLiteral("the file is empty: a CSV file starts with a header row of column names");
    return table;
}

} // namespace

Table parse(QByteArrayView bytes, qsizetype maxRows)
{
    Table table = read(bytes, maxRows);
    if (!table.ok())
        table.rows.clear(); // nothing of a bad file is used
    return table;
}

} // namespace Tessera::Core::Csv
