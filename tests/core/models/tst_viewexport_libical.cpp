// The iCalendar export (issue #17) read back by an independent parser, libical (what
// Evolution and many CalDAV servers use), not by our own expectations of the text: a
// board export with commas, semicolons, backslashes, line breaks, non-ASCII and titles long
// enough to be folded parses without errors and passes libical's RFC 5545 restriction
// checks; there is one all-day VEVENT per dated item, its UID is the one viewexport.h
// promises and the same in a later export, SUMMARY and DESCRIPTION come back exactly, and
// DTSTART/DTEND are the item's day and the day after; an untitled item has no SUMMARY
// (an empty one is an error to libical).
#include "support/boardfixture.h"

#include "core/models/boardstore.h"
#include "core/models/viewexport.h"

#include <QTest>

#include <libical/ical.h>

#include <memory>

using namespace Tessera::Core;
using namespace Tessera::Test;

namespace {

struct ComponentFree
{
    void operator()(icalcomponent *c) const { icalcomponent_free(c); }
};
using Calendar = std::unique_ptr<icalcomponent, ComponentFree>;

struct ExpectedEvent
{
    QString title;
    QDate day;
    QString description;
};

QString fromIcal(const char *text)
{
    return text ? QString::fromUtf8(text) : QString();
}

// Every X-LIC-ERROR libical attached while parsing or checking, as text for a failure message.
QString errorsOf(icalcomponent *component)
{
    QStringList errors;
    for (icalproperty *p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY))
        errors.append(fromIcal(icalproperty_get_xlicerror(p)));
    for (icalcomponent *c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT))
        if (const QString inner = errorsOf(c); !inner.isEmpty())
            errors.append(inner);
    return errors.join(QLatin1String("; "));
}

} // namespace

class TestViewExportLibical : public QObject
{
    Q_OBJECT

    // Longer than a content line, so folded (after spaces and between characters of 2, 3
    // and 4 octets). It does not end in a space: libical drops trailing white space from a
    // value, which RFC 5545 keeps; that is libical's reading, not our file.
    const QString m_long = QStringLiteral("Überprüfung der Änderungen für Ångström, naïve café — 日本語のタイトル 🚀 ").repeated(3)
            + QStringLiteral("end");
    QHash<QString, ExpectedEvent> m_expected; // item id -> what libical must read back

    BoardState board()
    {
        BoardState s = demoBoard(QDate(2026, 11, 24), 7);
        s.board.name = QStringLiteral("Launch; Q4, \"final\"");
        const auto set = [&](const QString &id, const QString &title, const QJsonValue &due, const QString &description = {}) {
            Item &item = s.items[id];
            item.fields.insert(QStringLiteral("title"), title);
            if (due.isNull())
                item.fields.remove(QStringLiteral("due"));
            else
                item.fields.insert(QStringLiteral("due"), due);
            if (!description.isEmpty())
                item.fields.insert(Item::descriptionKey(), description);
        };
        set(QStringLiteral("i01"), QStringLiteral("Plan: a, b; c \\ d\nsecond line\r\nthird"), QStringLiteral("2026-12-01"),
            QStringLiteral("Agenda:\n1. budget; 2. dates, rooms\n\\ end"));
        set(QStringLiteral("i02"), m_long, QStringLiteral("2026-12-31"), m_long); // DTEND in the next year
        set(QStringLiteral("i03"), QStringLiteral("No date"), QJsonValue());
        set(QStringLiteral("i04"), QStringLiteral("Call at 15:30"), QStringLiteral("2028-02-29T15:30:00Z")); // a time: the day counts
        set(QStringLiteral("i05"), QStringLiteral("Plain"), QStringLiteral("2026-11-24"));
        set(QStringLiteral("i06"), QStringLiteral("Not shown in the view"), QStringLiteral("2026-11-25"));
        set(QStringLiteral("i07"), QString(), QStringLiteral("2026-11-26")); // untitled: no SUMMARY, not an empty one
        m_expected = {
            { QStringLiteral("i01"), { QStringLiteral("Plan: a, b; c \\ d\nsecond line\nthird"), QDate(2026, 12, 1),
                                       QStringLiteral("Agenda:\n1. budget; 2. dates, rooms\n\\ end") } },
            { QStringLiteral("i02"), { m_long, QDate(2026, 12, 31), m_long } },
            { QStringLiteral("i04"), { QStringLiteral("Call at 15:30"), QDate(2028, 2, 29), QString() } },
            { QStringLiteral("i05"), { QStringLiteral("Plain"), QDate(2026, 11, 24), QString() } },
            { QStringLiteral("i07"), { QString(), QDate(2026, 11, 26), QString() } },
        };
        return s;
    }

    static QStringList shown()
    {
        return { QStringLiteral("i05"), QStringLiteral("i01"), QStringLiteral("i03"), QStringLiteral("i02"),
                 QStringLiteral("i04"), QStringLiteral("i07") };
    }

    static Calendar parse(const QByteArray &ics) { return Calendar(icalparser_parse_string(ics.constData())); }

    // UID -> the VEVENT's component, for the events of one parsed calendar.
    static QHash<QString, icalcomponent *> eventsByUid(icalcomponent *calendar)
    {
        QHash<QString, icalcomponent *> events;
        for (icalcomponent *e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); e;
             e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT))
            events.insert(fromIcal(icalcomponent_get_uid(e)), e);
        return events;
    }

private Q_SLOTS:
    void libicalReadsTheBoardExportBack()
    {
        BoardStore store;
        store.resetFromSnapshot(board());
        const QByteArray ics = ViewExport::icalendar(store, shown(), QStringLiteral("due"),
                                                     QDateTime(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC));
        // The long title really is folded; otherwise this test would not prove unfolding.
        QVERIFY(!ics.contains(m_long.toUtf8()));

        const Calendar calendar = parse(ics);
        QVERIFY2(calendar, icalerror_strerror(icalerrno));
        QCOMPARE(icalcomponent_isa(calendar.get()), ICAL_VCALENDAR_COMPONENT);
        QVERIFY2(icalcomponent_count_errors(calendar.get()) == 0, qPrintable(errorsOf(calendar.get())));
        QVERIFY2(icalrestriction_check(calendar.get()), qPrintable(errorsOf(calendar.get())));
        QVERIFY2(icalcomponent_count_errors(calendar.get()) == 0, qPrintable(errorsOf(calendar.get())));
        icalproperty *name = icalcomponent_get_first_property(calendar.get(), ICAL_X_PROPERTY);
        QVERIFY(name);
        QCOMPARE(fromIcal(icalproperty_get_x_name(name)), QStringLiteral("X-WR-CALNAME"));
        QCOMPARE(fromIcal(icalproperty_get_x(name)), QStringLiteral("Launch; Q4, \"final\""));

        // One VEVENT per dated item that the view shows: i03 has no date, i06 is not shown.
        QCOMPARE(icalcomponent_count_components(calendar.get(), ICAL_VEVENT_COMPONENT), int(m_expected.size()));
        const QHash<QString, icalcomponent *> events = eventsByUid(calendar.get());
        QCOMPARE(events.size(), m_expected.size());
        for (auto it = m_expected.cbegin(); it != m_expected.cend(); ++it) {
            // The UID viewexport.h promises: item, column and board ids.
            const QString uid = QStringLiteral("%1.due@b1.tessera").arg(it.key());
            icalcomponent *event = events.value(uid);
            QVERIFY2(event, qPrintable(uid));
            QCOMPARE(fromIcal(icalcomponent_get_summary(event)), it->title);
            QCOMPARE(fromIcal(icalcomponent_get_description(event)), it->description);

            const icaltimetype start = icalcomponent_get_dtstart(event);
            const icaltimetype end = icalcomponent_get_dtend(event);
            QVERIFY2(start.is_date && end.is_date, qPrintable(uid)); // all-day: VALUE=DATE
            QCOMPARE(QDate(start.year, start.month, start.day), it->day);
            QCOMPARE(QDate(end.year, end.month, end.day), it->day.addDays(1));
            const icaltimetype stamp = icalcomponent_get_dtstamp(event);
            QVERIFY(icaltime_is_utc(stamp));
            QCOMPARE(QDateTime(QDate(stamp.year, stamp.month, stamp.day), QTime(stamp.hour, stamp.minute, stamp.second), Qt::UTC),
                     QDateTime(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC));
        }
    }

    void uidsStayTheSameInALaterExport()
    {
        BoardStore store;
        store.resetFromSnapshot(board());
        const Calendar first = parse(ViewExport::icalendar(store, shown(), QStringLiteral("due"),
                                                           QDateTime(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC)));
        // A day later, the view sorted the other way and one more item shown.
        QStringList later = shown();
        std::reverse(later.begin(), later.end());
        later.append(QStringLiteral("i06"));
        const Calendar second = parse(ViewExport::icalendar(store, later, QStringLiteral("due"),
                                                            QDateTime(QDate(2026, 12, 1), QTime(8, 0), Qt::UTC)));
        QVERIFY(first && second);
        QVERIFY2(icalcomponent_count_errors(second.get()) == 0, qPrintable(errorsOf(second.get())));
        const QHash<QString, icalcomponent *> before = eventsByUid(first.get());
        const QHash<QString, icalcomponent *> after = eventsByUid(second.get());
        QCOMPARE(after.size(), before.size() + 1);
        for (auto it = before.cbegin(); it != before.cend(); ++it) {
            QVERIFY2(after.contains(it.key()), qPrintable(it.key()));
            QCOMPARE(fromIcal(icalcomponent_get_summary(after.value(it.key()))), fromIcal(icalcomponent_get_summary(it.value())));
        }
        QVERIFY(after.contains(QStringLiteral("i06.due@b1.tessera")));
    }
};

QTEST_GUILESS_MAIN(TestViewExportLibical)
#include "tst_viewexport_libical.moc"
