#include "core/client/backoff.h"

#include <QTest>

using namespace Tessera::Core;

class TestBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstTryIsBetweenHalfAndThreeSeconds()
    {
        double r = 0.0;
        Backoff backoff([&r] { return r; });
        QCOMPARE(backoff.nextDelayMs(), 500);
        backoff.reset();
        r = 0.999999;
        QVERIFY(backoff.nextDelayMs() >= 2999);
        backoff.reset();
        r = 0.5;
        QCOMPARE(backoff.nextDelayMs(), 1750);
    }
    void growsExponentiallyAndIsCapped()
    {
        Backoff backoff([] { return 0.999999; });
        QList<qint64> delays;
        for (int i = 0; i < 10; ++i)
            delays.append(backoff.nextDelayMs());
        QVERIFY(delays.at(1) > delays.at(0));
        QVERIFY(delays.at(2) > delays.at(1));
        for (qint64 d : delays)
            QVERIFY(d <= 60000);
        QVERIFY(delays.last() >= 59999);
        QCOMPARE(backoff.attempts(), 10);
        QCOMPARE(backoff.upperBoundMs(0), 3000);
        QCOMPARE(backoff.upperBoundMs(1), 6000);
        QCOMPARE(backoff.upperBoundMs(30), 60000);
    }
    void fullJitterCoversTheRange()
    {
        Backoff backoff; // the real random source
        for (int i = 0; i < 200; ++i) {
            backoff.reset();
            for (int a = 0; a < 8; ++a) {
                const qint64 upper = backoff.upperBoundMs(a);
                const qint64 d = backoff.nextDelayMs();
                QVERIFY(d >= 500 && d <= upper);
            }
        }
    }
    void resetStartsOver()
    {
        Backoff backoff([] { return 1.0; });
        backoff.nextDelayMs();
        backoff.nextDelayMs();
        backoff.reset();
        QCOMPARE(backoff.attempts(), 0);
        QCOMPARE(backoff.nextDelayMs(), 3000);
    }
    void customLimits()
    {
        Backoff backoff([] { return 1.0; });
        backoff.setLimits(10, 20, 50);
        QCOMPARE(backoff.nextDelayMs(), 20);
        QCOMPARE(backoff.nextDelayMs(), 40);
        QCOMPARE(backoff.nextDelayMs(), 50);
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
