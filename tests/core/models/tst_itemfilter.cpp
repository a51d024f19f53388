// The filter language of the filter field: words, column:value, is:/no: keywords, @me,
// negation and quotes, combined with AND.
#include "core/models/boardstore.h"
#include "core/models/itemfilter.h"

#include <QDate>
#include <QTest>

using namespace Tessera::Core;

namespace {

Column column(const QString &id, const QString &name, ColumnType type)
{
    Column c { id, name, type, {} };
    if (type == ColumnType::Status)
        c.options = { { QStringLiteral("todo"), QStringLiteral("To do"), QStringLiteral("#8e9aaf") },
                      { QStringLiteral("doing"), QStringLiteral("In progress"), QStringLiteral("#3b82f6") },
                      { QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("#22a06b") } };
    return c;
}

Item item(const QString &id, const QJsonObject &fields)
{
    Item i;
    i.id = id;
    i.rank = id;
    i.fields = fields;
    return i;
}

} // namespace

class TestItemFilter : public QObject
{
    Q_OBJECT

    BoardStore m_store;

    QStringList matching(const QString &text)
    {
        ItemFilter filter;
        filter.text = text;
        filter.me = QStringLiteral("u1");
        QStringList ids;
        for (const QString &id : m_store.itemIds()) {
            if (filter.matches(*m_store.itemPtr(id), m_store))
                ids.append(id);
        }
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString yesterday = QDate::currentDate().addDays(-1).toString(Qt::ISODate);
        const QString today = QDate::currentDate().toString(Qt::ISODate);
        BoardState s;
        s.board = { QStringLiteral("b1"), QStringLiteral("B"), QString(), false, QString() };
        s.columns = { column(QStringLiteral("title"), QStringLiteral("Title"), ColumnType::Text),
                      column(QStringLiteral("status"), QStringLiteral("Status"), ColumnType::Status),
                      column(QStringLiteral("owner"), QStringLiteral("Owner"), ColumnType::Person),
                      column(QStringLiteral("due"), QStringLiteral("Due date"), ColumnType::Date) };
        s.members.insert(QStringLiteral("u1"), { QStringLiteral("u1"), Role::Owner, QStringLiteral("ana"), QStringLiteral("Ana Lima") });
        s.members.insert(QStringLiteral("u2"), { QStringLiteral("u2"), Role::Editor, QStringLiteral("ben"), QStringLiteral("Ben Okafor") });
        const auto add = [&s](const QString &id, const QJsonObject &f) { s.items.insert(id, item(id, f)); };
        add(QStringLiteral("a"), { { QStringLiteral("title"), QStringLiteral("Write launch post") }, { QStringLiteral("status"), QStringLiteral("doing") },
                                   { QStringLiteral("owner"), QStringLiteral("u1") }, { QStringLiteral("due"), yesterday } });
        add(QStringLiteral("b"), { { QStringLiteral("title"), QStringLiteral("Fix login") }, { QStringLiteral("status"), QStringLiteral("done") },
                                   { QStringLiteral("owner"), QStringLiteral("u2") }, { QStringLiteral("due"), yesterday } });
        add(QStringLiteral("c"), { { QStringLiteral("title"), QStringLiteral("Launch party") }, { QStringLiteral("owner"), QStringLiteral("u2") },
                                   { QStringLiteral("due"), today } });
        add(QStringLiteral("d"), { { QStringLiteral("title"), QStringLiteral("Press kit http://example.com/kit") } });
        m_store.resetFromSnapshot(s);
    }

    void words()
    {
        QCOMPARE(matching(QStringLiteral("launch")), QStringList({ QStringLiteral("a"), QStringLiteral("c") }));
        QCOMPARE(matching(QStringLiteral("launch party")), QStringList { QStringLiteral("c") });
        QCOMPARE(matching(QStringLiteral("okafor")), QStringList({ QStringLiteral("b"), QStringLiteral("c") })); // a person's name
        QCOMPARE(matching(QStringLiteral("http://example.com")), QStringList { QStringLiteral("d") }); // not a column key
    }

    void columnValues()
    {
        QCOMPARE(matching(QStringLiteral("status:done")), QStringList { QStringLiteral("b") });
        QCOMPARE(matching(QStringLiteral("Status:\"in progress\"")), QStringList { QStringLiteral("a") });
        QCOMPARE(matching(QStringLiteral("status:in")), QStringList { QStringLiteral("a") }); // a label prefix
        QCOMPARE(matching(QStringLiteral("status:none")), QStringList({ QStringLiteral("c"), QStringLiteral("d") }));
        QCOMPARE(matching(QStringLiteral("owner:ben")), QStringList({ QStringLiteral("b"), QStringLiteral("c") }));
        QCOMPARE(matching(QStringLiteral("owner:me")), QStringList { QStringLiteral("a") });
        QCOMPARE(matching(QStringLiteral("duedate:today")), QStringList { QStringLiteral("c") }); // a name with its spaces dropped
        QCOMPARE(matching(QStringLiteral("due:") + QDate::currentDate().toString(Qt::ISODate)), QStringList { QStringLiteral("c") });
    }

    void keywords()
    {
        // Overdue: a date passed and not done (b is done).
        QCOMPARE(matching(QStringLiteral("is:overdue")), QStringList { QStringLiteral("a") });
        QCOMPARE(matching(QStringLiteral("is:done")), QStringList { QStringLiteral("b") });
        QCOMPARE(matching(QStringLiteral("is:open")), QStringList({ QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("d") }));
        QCOMPARE(matching(QStringLiteral("@me")), QStringList { QStringLiteral("a") });
        QCOMPARE(matching(QStringLiteral("is:mine")), QStringList { QStringLiteral("a") });
        QCOMPARE(matching(QStringLiteral("no:date")), QStringList { QStringLiteral("d") });
        QCOMPARE(matching(QStringLiteral("no:owner")), QStringList { QStringLiteral("d") });
        QCOMPARE(matching(QStringLiteral("has:owner")), QStringList({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }));
    }

    void combined()
    {
        QCOMPARE(matching(QStringLiteral("launch owner:ben")), QStringList { QStringLiteral("c") });
        QCOMPARE(matching(QStringLiteral("-status:done owner:ben")), QStringList { QStringLiteral("c") });
        QCOMPARE(matching(QStringLiteral("-launch -no:date")), QStringList { QStringLiteral("b") });
        QCOMPARE(ItemFilter::tokens(QStringLiteral("a  status:\"in progress\" -b")),
                 QStringList({ QStringLiteral("a"), QStringLiteral("status:in progress"), QStringLiteral("-b") }));
    }
};

QTEST_GUILESS_MAIN(TestItemFilter)
#include "tst_itemfilter.moc"
