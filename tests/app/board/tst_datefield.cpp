// DateField: typed and picked dates, empty means no date, half-typed text is never saved.
#include "app/board/datefield.h"
#include "app/board/fieldeditors.h"

#include "core/protocol/domain.h"

#include <QCalendarWidget>
#include <QFrame>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using Tessera::App::DateField;
using Tessera::App::FieldEditors;

class TstDateField : public QObject
{
    Q_OBJECT

private:
    static QToolButton *calendarButton(DateField &field)
    {
        for (QToolButton *button : field.findChildren<QToolButton *>()) {
            if (button->defaultAction() && button->defaultAction()->objectName() == QLatin1String("chooseDate"))
                return button;
        }
        return nullptr;
    }

    static Tessera::Core::Column dateColumn()
    {
        Tessera::Core::Column c;
        c.id = QStringLiteral("due");
        c.name = QStringLiteral("Due");
        c.type = Tessera::Core::ColumnType::Date;
        return c;
    }

private Q_SLOTS:
    void parsesCommonForms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDate>("expected");
        const QDate d(2026, 12, 15);
        QTest::newRow("locale short") << DateField::format(d) << d;
        QTest::newRow("no spaces") << QStringLiteral("15Dec2026") << d;
        QTest::newRow("spaced") << QStringLiteral("15 Dec 2026") << d;
        QTest::newRow("long month") << QStringLiteral("15 December 2026") << d;
        QTest::newRow("iso") << QStringLiteral("2026-12-15") << d;
        QTest::newRow("slashes") << QStringLiteral("15/12/2026") << d;
        QTest::newRow("dots") << QStringLiteral("15.12.2026") << d;
        QTest::newRow("two-digit year") << QStringLiteral("15.12.26") << d;
        QTest::newRow("american") << QStringLiteral("Dec 15, 2026") << d;
        QTest::newRow("padded") << QStringLiteral("  15 Dec 2026 ") << d;
        QTest::newRow("today") << QStringLiteral("today") << QDate(2026, 11, 30);
        QTest::newRow("tomorrow") << QStringLiteral("Tomorrow") << QDate(2026, 12, 1);
        QTest::newRow("no year, ahead") << QStringLiteral("15 Dec") << d;
        QTest::newRow("no year, passed") << QStringLiteral("3 Jan") << QDate(2027, 1, 3);
        QTest::newRow("not a date") << QStringLiteral("(no date)15Dec2026") << QDate();
        QTest::newRow("nonsense") << QStringLiteral("soon") << QDate();
        QTest::newRow("empty") << QString() << QDate();
    }

    void parsesCommonForms()
    {
        QFETCH(QString, text);
        QFETCH(QDate, expected);
        QCOMPARE(DateField::parse(text, QDate(2026, 11, 30)), expected);
    }

    void emptyPickerOpensAtTodayAndAPickFillsIt()
    {
        DateField field;
        field.show();
        QVERIFY(QTest::qWaitForWindowExposed(&field));
        QVERIFY(field.isEmpty());
        QToolButton *button = calendarButton(field);
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY(field.picker()->isVisible());
        QCOMPARE(field.calendar()->selectedDate(), QDate::currentDate());
        QCOMPARE(field.calendar()->monthShown(), QDate::currentDate().month());
        QSignalSpy picked(&field, &DateField::datePicked);
        // The calendar has the keyboard: a day on, and Enter picks it.
        QWidget *grid = field.calendar()->findChild<QWidget *>(QStringLiteral("qt_calendar_calendarview"));
        QVERIFY(grid);
        QTest::keyClick(grid, Qt::Key_Right);
        QTest::keyClick(grid, Qt::Key_Return);
        QCOMPARE(picked.count(), 1);
        QVERIFY(!field.picker()->isVisible());
        QCOMPARE(field.date(), QDate::currentDate().addDays(1));
        QCOMPARE(FieldEditors::value(&field, dateColumn()).toString(), QDate::currentDate().addDays(1).toString(Qt::ISODate));

        // Opening again starts at the date shown; "No date" clears it.
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY(field.picker()->isVisible());
        QCOMPARE(field.calendar()->selectedDate(), QDate::currentDate().addDays(1));
        QTest::mouseClick(field.picker()->findChild<QPushButton *>(QStringLiteral("pickNoDate")), Qt::LeftButton);
        QVERIFY(field.isEmpty());
        QVERIFY(FieldEditors::value(&field, dateColumn()).isNull());
    }

    void typingAndClearing()
    {
        DateField field;
        field.show();
        QVERIFY(QTest::qWaitForWindowExposed(&field));
        field.setFocus();
        QTest::keyClicks(&field, QStringLiteral("15Dec2026"));
        QVERIFY(field.hasAcceptableInput());
        QCOMPARE(FieldEditors::value(&field, dateColumn()).toString(), QStringLiteral("2026-12-15"));
        QTest::keyClick(&field, Qt::Key_Up); // a day later
        QCOMPARE(field.date(), QDate(2026, 12, 16));

        field.selectAll();
        QTest::keyClick(&field, Qt::Key_Backspace);
        QVERIFY(field.isEmpty());
        QVERIFY(field.hasAcceptableInput());
        QVERIFY(FieldEditors::value(&field, dateColumn()).isNull()); // cleared: no date

        QTest::keyClicks(&field, QStringLiteral("15 Dexember"));
        QVERIFY(!field.hasAcceptableInput()); // shown in red, never saved
        QVERIFY(FieldEditors::value(&field, dateColumn()).isUndefined());
        QVERIFY(!field.toolTip().isEmpty());
    }
};

QTEST_MAIN(TstDateField)
#include "tst_datefield.moc"
