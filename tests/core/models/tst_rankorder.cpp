#include "core/models/rankorder.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Tessera::Core;
using namespace Qt::StringLiterals;

namespace {

Item item(const QString &id, const QString &rank)
{
    Item i;
    i.id = id;
    i.rank = rank;
    return i;
}

// What sortByRank must agree with: rank as a plain string, then id.
QStringList reference(QList<Item> items)
{
    std::sort(items.begin(), items.end(), [](const Item &a, const Item &b) {
        return a.rank == b.rank ? a.id < b.id : a.rank < b.rank;
    });
    QStringList ids;
    for (const Item &i : items)
        ids.append(i.id);
    return ids;
}

QStringList sorted(const QList<Item> &items)
{
    QList<const Item *> pointers;
    for (const Item &i : items)
        pointers.append(&i);
    sortByRank(pointers);
    QStringList ids;
    for (const Item *i : pointers)
        ids.append(i->id);
    return ids;
}

} // namespace

class TestRankOrder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ordersLikeStrings_data()
    {
        QTest::addColumn<QStringList>("ranks");
        QTest::addColumn<QStringList>("expected"); // ids are "0", "1", ... in the order of `ranks`
        QTest::newRow("prefix decides") << QStringList { u"b"_s, u"a"_s, u"c"_s } << QStringList { u"1"_s, u"0"_s, u"2"_s };
        QTest::newRow("beyond 8 characters")
                << QStringList { u"r0000001W"_s, u"r0000001V"_s, u"r00000010"_s } << QStringList { u"2"_s, u"1"_s, u"0"_s };
        QTest::newRow("shorter first") << QStringList { u"aa1"_s, u"aa"_s, u"a"_s } << QStringList { u"2"_s, u"1"_s, u"0"_s };
        QTest::newRow("equal ranks by id") << QStringList { u"m"_s, u"m"_s, u"a"_s } << QStringList { u"2"_s, u"0"_s, u"1"_s };
        // Units at and past 0xFF stop the packed prefix: the strings must decide.
        QTest::newRow("0xFF then more") << QStringList { u"a\u00ffz"_s, u"a\u0100"_s, u"a\u00fe"_s }
                                        << QStringList { u"2"_s, u"0"_s, u"1"_s };
        QTest::newRow("past latin-1") << QStringList { u"a\u0101"_s, u"a\u0100b"_s, u"a\u0100"_s }
                                      << QStringList { u"2"_s, u"1"_s, u"0"_s };
        QTest::newRow("nul unit") << QStringList { u"ab\0c"_s, u"ab"_s, u"ab\0"_s }
                                  << QStringList { u"1"_s, u"2"_s, u"0"_s };
    }
    void ordersLikeStrings()
    {
        QFETCH(QStringList, ranks);
        QFETCH(QStringList, expected);
        QList<Item> items;
        for (qsizetype i = 0; i < ranks.size(); ++i)
            items.append(item(QString::number(i), ranks.at(i)));
        QCOMPARE(reference(items), expected); // the rows above are right
        QCOMPARE(sorted(items), expected);
    }

    void agreesWithStringOrderOnRandomRanks()
    {
        // Short alphabets make long shared prefixes and ties; some units past latin-1.
        const QList<char16_t> alphabet { u'0', u'1', u'z', 0x00fe, 0x00ff, 0x0100, 0x4e2d };
        QRandomGenerator random(14);
        QList<Item> items;
        for (int i = 0; i < 5000; ++i) {
            QString rank;
            const int length = int(random.bounded(1, 12));
            for (int c = 0; c < length; ++c)
                rank.append(QChar(alphabet.at(random.bounded(int(alphabet.size())))));
            items.append(item(QStringLiteral("i%1").arg(random.bounded(100000)), rank));
        }
        QCOMPARE(sorted(items), reference(items));
    }
};

QTEST_GUILESS_MAIN(TestRankOrder)
#include "tst_rankorder.moc"
