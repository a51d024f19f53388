// Coalescing rules of the live plane's batches (server/batchcoalescer.h).
#include "server/live/batchcoalescer.h"

#include <QJsonObject>
#include <QTest>

using Tessera::Core::Event;
using Tessera::Core::EventKind;
using Tessera::Core::EventList;

namespace {

Event update(qint64 seq, const QString &item, const QString &field, const QString &value)
{
    Event e;
    e.seq = seq;
    e.kind = EventKind::ItemUpdated;
    e.actor = QStringLiteral("u1");
    e.payload = { { QStringLiteral("itemId"), item },
                  { QStringLiteral("fields"), QJsonObject { { field, value } } },
                  { QStringLiteral("versions"), QJsonObject { { field, double(seq) } } } };
    return e;
}

Event deleted(qint64 seq, const QString &item)
{
    Event e;
    e.seq = seq;
    e.kind = EventKind::ItemDeleted;
    e.payload = { { QStringLiteral("itemId"), item } };
    return e;
}

} // namespace

class TestBatchCoalescer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void updatesOfOneItemMerge()
    {
        const EventList out = Tessera::Server::coalesce({ update(1, QStringLiteral("a"), QStringLiteral("title"), QStringLiteral("x")),
                                                          update(2, QStringLiteral("b"), QStringLiteral("title"), QStringLiteral("y")),
                                                          update(3, QStringLiteral("a"), QStringLiteral("status"), QStringLiteral("done")),
                                                          update(4, QStringLiteral("a"), QStringLiteral("title"), QStringLiteral("z")) });
        QCOMPARE(out.size(), 2);
        QCOMPARE(out[0].seq, 2);
        const Event &a = out[1];
        QCOMPARE(a.seq, 4);
        const QJsonObject fields = a.payload.value(QStringLiteral("fields")).toObject();
        const QJsonObject versions = a.payload.value(QStringLiteral("versions")).toObject();
        QCOMPARE(fields.value(QStringLiteral("title")).toString(), QStringLiteral("z"));
        QCOMPARE(fields.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        QCOMPARE(versions.value(QStringLiteral("title")).toInteger(), 4);
        QCOMPARE(versions.value(QStringLiteral("status")).toInteger(), 3);
    }

    void anotherEventAboutTheItemIsABarrier()
    {
        const EventList in { update(1, QStringLiteral("a"), QStringLiteral("title"), QStringLiteral("x")), deleted(2, QStringLiteral("a")),
                             update(3, QStringLiteral("a"), QStringLiteral("title"), QStringLiteral("y")) };
        QCOMPARE(Tessera::Server::coalesce(in), in);
    }

    void shortListsUntouched()
    {
        QCOMPARE(Tessera::Server::coalesce({}).size(), 0);
        const EventList one { update(1, QStringLiteral("a"), QStringLiteral("t"), QStringLiteral("x")) };
        QCOMPARE(Tessera::Server::coalesce(one), one);
    }
};

QTEST_GUILESS_MAIN(TestBatchCoalescer)
#include "tst_batchcoalescer.moc"
