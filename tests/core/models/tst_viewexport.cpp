// CSV and iCalendar export of what a view shows (issue #17): RFC 4180 quoting, formulas
// defused, values as people read them, a BOM when asked; RFC 5545 escaping, folding at 75
// octets without splitting a character, stable UIDs, all-day events.
#include "support/boardfixture.h"

#include "core/models/boardstore.h"
#include "core/models/viewexport.h"

#include <QTest>

using namespace Tessera::Core;
using namespace Tessera::Test;

class TestViewExport : public QObject
{
    Q_OBJECT

    static BoardState board()
    {
        BoardState s = demoBoard(QDate(2026, 11, 24), 3);
        s.items[QStringLiteral("i01")].fields.insert(QStringLiteral("title"), QStringLiteral("Say \"hi\", then\nleave"));
        s.items[QStringLiteral("i02")].fields.insert(QStringLiteral("title"), QStringLiteral("=HYPERLINK(\"http://x\")"));
        s.items[QStringLiteral("i02")].fields.insert(QStringLiteral("points"), -3.5);
        s.items[QStringLiteral("i02")].fields.insert(QStringLiteral("due"), QStringLiteral("2026-12-06"));
        s.items[QStringLiteral("i03")].fields.insert(QStringLiteral("title"), QString(QString(40, QChar(0x00E9)) + QStringLiteral("; a, b \\ c")));
        s.items[QStringLiteral("i03")].fields.insert(QStringLiteral("due"), QStringLiteral("2026-12-31"));
        s.items[QStringLiteral("i03")].fields.insert(Item::descriptionKey(), QStringLiteral("line one\nline two"));
        s.items[QStringLiteral("i01")].fields.remove(QStringLiteral("due"));
        return s;
    }

private Q_SLOTS:
    void csvIsWhatTheViewShows()
    {
        BoardStore store;
        store.resetFromSnapshot(board());
        const QByteArray out = ViewExport::csv(store, { QStringLiteral("i02"), QStringLiteral("i01") },
                                               { QStringLiteral("title"), QStringLiteral("status"), QStringLiteral("owner"),
                                                 QStringLiteral("due"), QStringLiteral("points"), QStringLiteral("approved") });
        const QList<QByteArray> lines = out.split('\n');
        QCOMPARE(lines.at(0), QByteArray("Title,Status,Owner,Due,Points,Approved\r"));
        // In the order given; a formula is defused (and quoted for its quotes), numbers stay numbers.
        const Item *two = store.itemPtr(QStringLiteral("i02"));
        const QString status = store.confirmed().column(QStringLiteral("status"))->option(two->fields.value(QStringLiteral("status")).toString())->label;
        QCOMPARE(QString::fromUtf8(lines.at(1)),
                 QStringLiteral("\"'=HYPERLINK(\"\"http://x\"\")\",%1,%2,2026-12-06,-3.5,%3\r")
                         .arg(status, store.memberName(two->fields.value(QStringLiteral("owner")).toString()),
                              two->fields.value(QStringLiteral("approved")).toBool() ? QStringLiteral("true") : QStringLiteral("false")));
        // A quote and a line break inside one field: quoted, quotes doubled, the record goes on.
        QVERIFY(out.contains("\"Say \"\"hi\"\", then\nleave\","));
        QVERIFY(!out.startsWith("\xEF\xBB\xBF"));
        QVERIFY(out.endsWith("\r\n"));
        QVERIFY(ViewExport::csv(store, { QStringLiteral("i01") }, { QStringLiteral("title") }, { true }).startsWith("\xEF\xBB\xBFTitle\r\n"));
    }

    void icalendarHasOneAllDayEventPerDatedItem()
    {
        BoardStore store;
        store.resetFromSnapshot(board());
        const QDateTime stamp(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC);
        const QByteArray out = ViewExport::icalendar(store, { QStringLiteral("i01"), QStringLiteral("i02"), QStringLiteral("i03") },
                                                     QStringLiteral("due"), stamp);
        QVERIFY(out.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        QVERIFY(out.endsWith("END:VCALENDAR\r\n"));
        QCOMPARE(out.count("BEGIN:VEVENT"), 2); // i01 has no date
        QVERIFY(out.contains("UID:i02.due@b1.tessera\r\n"));
        QVERIFY(out.contains("DTSTART;VALUE=DATE:20261206\r\nDTEND;VALUE=DATE:20261207\r\n"));
        QVERIFY(out.contains("DTSTAMP:20261130T120000Z\r\n"));
        QVERIFY(out.contains("DESCRIPTION:line one\\nline two\r\n"));
        // No line passes 75 octets; folded lines start with a space and unfold to the escaped title.
        for (const QByteArray &line : out.split('\n'))
            QVERIFY2(line.size() <= 76, line.constData()); // 75 + the CR
        QByteArray unfolded = out;
        unfolded.replace("\r\n ", "");
        const QString title = QString(40, QChar(0x00E9)) + QStringLiteral("\\; a\\, b \\\\ c");
        QVERIFY(QString::fromUtf8(unfolded).contains(QStringLiteral("SUMMARY:") + title + QStringLiteral("\r\n")));
        QVERIFY(QString::fromUtf8(out).isValidUtf16()); // no character split by folding
        QVERIFY(!out.contains("\xEF\xBF\xBD"));
        // The same items give the same UIDs again: importing the file twice updates.
        QCOMPARE(ViewExport::icalendar(store, { QStringLiteral("i02") }, QStringLiteral("due"), stamp.addDays(1)).count("UID:i02.due@b1.tessera"), 1);
    }
};

QTEST_GUILESS_MAIN(TestViewExport)
#include "tst_viewexport.moc"
