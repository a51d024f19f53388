// The CSV import's reading rules (core/protocol/csv.h, core/rules/importvalues.h): RFC 4180
// records, the encoding checks, and each column type's values, as client and server run them.
#include "core/protocol/csv.h"
#include "core/rules/importvalues.h"

#include <QTest>

using namespace Tessera::Core;

class TestImportValues : public QObject
{
    Q_OBJECT

    static QList<Column> columns()
    {
        Column title { QStringLiteral("title"), QStringLiteral("Title"), ColumnType::Text, {} };
        Column due { QStringLiteral("due"), QStringLiteral("Due"), ColumnType::Date, {} };
        Column est { QStringLiteral("est"), QStringLiteral("Estimate"), ColumnType::Number, {} };
        Column status { QStringLiteral("status"), QStringLiteral("Status"), ColumnType::Status,
                        { { QStringLiteral("s1"), QStringLiteral("To do"), QStringLiteral("#aaaaaa") },
                          { QStringLiteral("s2"), QStringLiteral("Done"), QStringLiteral("#00aa00") } } };
        Column owner { QStringLiteral("owner"), QStringLiteral("Owner"), ColumnType::Person, {} };
        Column flag { QStringLiteral("flag"), QStringLiteral("Urgent"), ColumnType::Checkbox, {} };
        return { title, due, est, status, owner, flag };
    }
    static QMap<QString, Member> members()
    {
        return { { QStringLiteral("u1"), Member { QStringLiteral("u1"), Role::Owner, QStringLiteral("ana"), QStringLiteral("Ana Lima") } } };
    }

private Q_SLOTS:
    void recordsFollowRfc4180()
    {
        const Csv::Table t = Csv::parse("\xEF\xBB\xBFTitle,Note\r\n\"a, b\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\n\nlast,\n");
        QVERIFY2(t.ok(), qPrintable(t.error));
        QCOMPARE(t.header, (QStringList { QStringLiteral("Title"), QStringLiteral("Note") }));
        QCOMPARE(t.rows.size(), 3);
        QCOMPARE(t.rows[0], (QStringList { QStringLiteral("a, b"), QStringLiteral("say \"hi\"") }));
        QCOMPARE(t.rows[1][0], QStringLiteral("two\nlines"));
        QCOMPARE(t.rows[2], (QStringList { QStringLiteral("last"), QString() }));
        // What the writer quotes, the reader reads back; defused formulas come back as typed.
        for (const QString &s : { QStringLiteral("=SUM(A1)"), QStringLiteral("a\"b,c"), QStringLiteral("-3 days") }) {
            const Csv::Table back = Csv::parse((QStringLiteral("h\r\n") + Csv::field(s, true) + QStringLiteral("\r\n")).toUtf8());
            QCOMPARE(Csv::undefuse(back.rows.value(0).value(0)), s);
        }
        QCOMPARE(Csv::parse("a,b\n1,2\n3,4\n5,6\n", 2).rows.size(), 2); // a preview stops early
    }

    void badFilesAreNamed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("ragged") << QByteArray("a,b\n1,2\n3\n") << QStringLiteral("line 3 has 1 field(s) but the header has 2");
        QTest::newRow("latin1") << QByteArray("a\nK\xF6ln\n") << QStringLiteral("not UTF-8 (an invalid byte 0xf6 on line 2)");
        QTest::newRow("utf16") << QByteArray("\xFF\xFE" "a\0,\0", 6) << QStringLiteral("UTF-16");
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) << QStringLiteral("binary data");
        QTest::newRow("open quote") << QByteArray("a\n\"never closed\n") << QStringLiteral("line 2: a quoted value is never closed");
        QTest::newRow("after quote") << QByteArray("a\n\"x\"y\n") << QStringLiteral("line 2: text after a closing quote");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("the file is empty");
    }
    void badFilesAreNamed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        const Csv::Table t = Csv::parse(bytes);
        QVERIFY(!t.ok());
        QVERIFY2(t.error.contains(message), qPrintable(t.error));
        QVERIFY(t.rows.isEmpty());
    }

    void datesInCommonFormats()
    {
        QCOMPARE(Import::parseDate(QStringLiteral("2026-03-04"), Import::DateOrder::DayFirst), QDate(2026, 3, 4));
        QCOMPARE(Import::parseDate(QStringLiteral("2026-03-04T10:00:00Z"), Import::DateOrder::DayFirst), QDate(2026, 3, 4));
        QCOMPARE(Import::parseDate(QStringLiteral("4.3.2026"), Import::DateOrder::MonthFirst), QDate(2026, 3, 4));
        QCOMPARE(Import::parseDate(QStringLiteral("04.03.26"), Import::DateOrder::DayFirst), QDate(2026, 3, 4));
        QCOMPARE(Import::parseDate(QStringLiteral("3/4/2026"), Import::DateOrder::MonthFirst), QDate(2026, 3, 4));
        QCOMPARE(Import::parseDate(QStringLiteral("3/4/2026"), Import::DateOrder::DayFirst), QDate(2026, 4, 3));
        QVERIFY(!Import::parseDate(QStringLiteral("31.2.2026"), Import::DateOrder::DayFirst));
        QVERIFY(!Import::parseDate(QStringLiteral("tomorrow"), Import::DateOrder::DayFirst));
        QVERIFY(Import::slashDatesAmbiguous({ QStringLiteral("3/4/2026") }));
        QVERIFY(!Import::slashDatesAmbiguous({ QStringLiteral("3/14/2026"), QStringLiteral("2026-01-02") }));
    }

    void numbersWithDotOrComma()
    {
        QCOMPARE(Import::parseNumber(QStringLiteral("1234.5")), 1234.5);
        QCOMPARE(Import::parseNumber(QStringLiteral("1234,5")), 1234.5);
        QCOMPARE(Import::parseNumber(QStringLiteral("1,234.5")), 1234.5);
        QCOMPARE(Import::parseNumber(QStringLiteral("1.234,5")), 1234.5);
        QCOMPARE(Import::parseNumber(QStringLiteral("1.234.567")), 1234567.0);
        QCOMPARE(Import::parseNumber(QStringLiteral("-3")), -3.0);
        QVERIFY(!Import::parseNumber(QStringLiteral("12 apples")));
        QVERIFY(!Import::parseNumber(QStringLiteral("inf")));
    }

    void rowsThroughAMapping()
    {
        const QStringList header { QStringLiteral("title"), QStringLiteral("Due "), QStringLiteral("Status"),
                                   QStringLiteral("Owner"), QStringLiteral("Urgent"), QStringLiteral("Estimate"), QStringLiteral("Other") };
        Import::Mapping m = Import::autoMap(header, columns());
        QCOMPARE(m.columnIds, (QStringList { QStringLiteral("title"), QStringLiteral("due"), QStringLiteral("status"),
                                            QStringLiteral("owner"), QStringLiteral("flag"), QStringLiteral("est"), QString() }));
        QCOMPARE(Import::mappingProblem(m, header.size(), columns()), QString());
        const Import::Row ok = Import::convertRow({ QStringLiteral("'=x"), QStringLiteral("31.12.2026"), QStringLiteral("done"),
                                                    QStringLiteral("Ana Lima"), QStringLiteral("yes"), QStringLiteral("2,5"), QStringLiteral("z") },
                                                  m, columns(), members());
        QVERIFY2(ok.ok(), qPrintable(ok.error));
        QCOMPARE(ok.fields.value(QStringLiteral("title")).toString(), QStringLiteral("=x"));
        QCOMPARE(ok.fields.value(QStringLiteral("due")).toString(), QStringLiteral("2026-12-31"));
        QCOMPARE(ok.fields.value(QStringLiteral("status")).toString(), QStringLiteral("s2"));
        QCOMPARE(ok.fields.value(QStringLiteral("owner")).toString(), QStringLiteral("u1"));
        QCOMPARE(ok.fields.value(QStringLiteral("flag")).toBool(), true);
        QCOMPARE(ok.fields.value(QStringLiteral("est")).toDouble(), 2.5);
        QVERIFY(!ok.fields.contains(QStringLiteral("Other")));
        const Import::Row bad = Import::convertRow({ QStringLiteral("t"), QString(), QStringLiteral("Blocked"), QString(),
                                                     QString(), QString(), QString() },
                                                   m, columns(), members());
        QCOMPARE(bad.error, QStringLiteral("Status: 'Blocked' is not one of its statuses"));
        const Import::Row nobody = Import::convertRow({ QStringLiteral("t"), QString(), QString(), QStringLiteral("zed"),
                                                        QString(), QString(), QString() },
                                                      m, columns(), members());
        QVERIFY(nobody.error.startsWith(QStringLiteral("Owner: 'zed' is not a member")));
        m.columnIds[6] = QStringLiteral("title");
        QCOMPARE(Import::mappingProblem(m, header.size(), columns()), QStringLiteral("the mapping fills column 'title' twice"));
        QVERIFY(Import::mappingProblem(m, 3, columns()).contains(QStringLiteral("file has 3")));
        QCOMPARE(Import::guessType({ QStringLiteral("2026-01-01"), QString() }, Import::DateOrder::DayFirst), ColumnType::Date);
        QCOMPARE(Import::guessType({ QStringLiteral("1,5"), QStringLiteral("7") }, Import::DateOrder::DayFirst), ColumnType::Number);
        QCOMPARE(Import::guessType({ QStringLiteral("x1") }, Import::DateOrder::DayFirst), ColumnType::Text);
    }
};

QTEST_GUILESS_MAIN(TestImportValues)
#include "tst_importvalues.moc"
