#include "core/rules/rank.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Tessera::Core;

class TestRank : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstAndNeighbours()
    {
        const QString a = *Rank::first();
        QVERIFY(Rank::isValid(a));
        const QString b = *Rank::after(a);
        const QString c = *Rank::before(a);
        QVERIFY(c < a);
        QVERIFY(a < b);
        const QString m = *Rank::between(a, b);
        QVERIFY(a < m && m < b);
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::newRow("equal") << QStringLiteral("V") << QStringLiteral("V");
        QTest::newRow("reversed") << QStringLiteral("W") << QStringLiteral("V");
        QTest::newRow("bad char") << QStringLiteral("V!") << QString();
        QTest::newRow("trailing zero") << QStringLiteral("V0") << QString();
    }
    void rejectsBadInput()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QVERIFY(!Rank::between(before, after).has_value());
    }

    void adjacentRanksStillHaveRoom()
    {
        // "V" and "V1" are as close as two valid ranks get at that length.
        const auto m = Rank::between(QStringLiteral("V"), QStringLiteral("V1"));
        QVERIFY(m.has_value());
        QVERIFY(QStringLiteral("V") < *m && *m < QStringLiteral("V1"));
        QVERIFY(Rank::isValid(*m));
    }

    // Repeated inserts at one spot, four ways: the length must stay small.
    void boundedGrowth_data()
    {
        QTest::addColumn<int>("pattern");
        QTest::newRow("append at end") << 0;
        QTest::newRow("prepend at start") << 1;
        QTest::newRow("always right after one card") << 2;
        QTest::newRow("always right before one card") << 3;
    }
    void boundedGrowth()
    {
        QFETCH(int, pattern);
        const QString lowFixed = QStringLiteral("M");
        const QString highFixed = QStringLiteral("N");
        QString previous = pattern == 0 || pattern == 1 ? *Rank::first() : *Rank::between(lowFixed, highFixed);
        qsizetype longest = 0;
        for (int i = 0; i < 10000; ++i) {
            std::optional<QString> next;
            switch (pattern) {
            case 0: next = Rank::after(previous); QVERIFY(next && previous < *next); break;
            case 1: next = Rank::before(previous); QVERIFY(next && *next < previous); break;
            case 2: next = Rank::between(lowFixed, previous); QVERIFY(next && lowFixed < *next && *next < previous); break;
            case 3: next = Rank::between(previous, highFixed); QVERIFY(next && previous < *next && *next < highFixed); break;
            }
            QVERIFY(Rank::isValid(*next));
            longest = std::max(longest, next->size());
            previous = *next;
        }
        QVERIFY2(longest <= 16, qPrintable(QStringLiteral("rank grew to %1 characters").arg(longest)));
    }

    // Found by fuzzing: a long rank (548 'z') got no successor because the length
    // doubled past the limit instead of trying the limit itself.
    void longNeighbourStillGetsARank()
    {
        const QString longRank(548, QLatin1Char('z'));
        const auto next = Rank::after(longRank);
        QVERIFY(next.has_value());
        QVERIFY(longRank < *next);
        QVERIFY(Rank::isValid(*next));
        QVERIFY(!Rank::after(QString(1024, QLatin1Char('z'))).has_value());
    }

    void randomInsertsKeepOrder()
    {
        QRandomGenerator rng(42);
        QStringList ranks { *Rank::first() };
        for (int i = 0; i < 2000; ++i) {
            const int at = int(rng.bounded(ranks.size() + 1));
            const QString lo = at > 0 ? ranks.at(at - 1) : QString();
            const QString hi = at < ranks.size() ? ranks.at(at) : QString();
            const auto r = Rank::between(lo, hi);
            QVERIFY(r.has_value());
            ranks.insert(at, *r);
        }
        QStringList sorted = ranks;
        sorted.sort();
        QCOMPARE(sorted, ranks);
        QCOMPARE(QSet<QString>(ranks.begin(), ranks.end()).size(), ranks.size());
    }
};

QTEST_GUILESS_MAIN(TestRank)
#include "tst_rank.moc"
