// GroupingProxy under QAbstractItemModelTester: headers per status option (and people),
// counts, collapsing, regrouping on live changes with persistent indexes (a selection,
// an open editor) following their item, and passing through when ungrouped.
#include "core/models/boardstore.h"
#include "core/models/groupingproxy.h"
#include "core/models/itemfilter.h"
#include "core/models/itemtablemodel.h"

#include "support/boardfixture.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Tessera::Core;
using Tessera::Test::demoBoard;

class TestGroupingProxy : public QObject
{
    Q_OBJECT

    struct Chain
    {
        BoardStore store;
        ItemTableModel table { &store };
        ItemFilterProxy filter { &table };
        GroupingProxy groups { &table };
        std::unique_ptr<QAbstractItemModelTester> tester;
        Chain()
        {
            store.resetFromSnapshot(demoBoard(QDate(2026, 11, 30)));
            groups.setSourceModel(&filter);
            tester = std::make_unique<QAbstractItemModelTester>(&groups, QAbstractItemModelTester::FailureReportingMode::QtTest);
        }
        QStringList shown() const
        {
            QStringList out;
            for (int row = 0; row < groups.rowCount(); ++row) {
                const QModelIndex i = groups.index(row, 0);
                out << (i.data(GroupingProxy::GroupHeaderRole).toBool()
                                ? QStringLiteral("#%1(%2)").arg(i.data().toString()).arg(i.data(GroupingProxy::GroupCountRole).toInt())
                                : i.data(ItemTableModel::ItemIdRole).toString());
            }
            return out;
        }
        int countOf(const QString &status) const
        {
            int n = 0;
            for (const Item &item : store.confirmed().items)
                n += item.fields.value(QStringLiteral("status")).toString() == status ? 1 : 0;
            return n;
        }
    };

    static Event setStatus(qint64 seq, const QString &itemId, const QString &status)
    {
        return { seq, EventKind::ItemUpdated, QStringLiteral("u2"), QString(), nowIso(),
                 { { QStringLiteral("itemId"), itemId },
                   { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), status } } },
                   { QStringLiteral("versions"), QJsonObject { { QStringLiteral("status"), double(seq) } } } } };
    }

private Q_SLOTS:
    void passesThroughUngrouped()
    {
        Chain c;
        QCOMPARE(c.groups.rowCount(), c.filter.rowCount());
        for (int row = 0; row < c.groups.rowCount(); ++row)
            QCOMPARE(c.groups.index(row, 0).data(ItemTableModel::ItemIdRole), c.filter.index(row, 0).data(ItemTableModel::ItemIdRole));
        QVERIFY(c.groups.headerRows().isEmpty());
        // A remote insert arrives as a row insert; sorting keeps persistent indexes on their item.
        const QPersistentModelIndex first = c.groups.index(0, 0);
        const QString firstId = first.data(ItemTableModel::ItemIdRole).toString();
        c.groups.sort(0, Qt::DescendingOrder);
        QCOMPARE(first.data(ItemTableModel::ItemIdRole).toString(), firstId);
    }

    void groupsByStatusWithCounts()
    {
        Chain c;
        c.groups.setGroupColumn(QStringLiteral("status"));
        const QStringList keys = c.groups.groupKeys();
        QCOMPARE(keys.mid(0, 4), QStringList({ QStringLiteral("todo"), QStringLiteral("doing"), QStringLiteral("review"), QStringLiteral("done") }));
        const QStringList shown = c.shown();
        QCOMPARE(shown.first(), QStringLiteral("#To do(%1)").arg(c.countOf(QStringLiteral("todo"))));
        QVERIFY(shown.contains(QStringLiteral("#Done(%1)").arg(c.countOf(QStringLiteral("done")))));
        // Every item once, under its own status.
        QCOMPARE(shown.size() - c.groups.headerRows().size(), c.store.itemCount());
        QVERIFY(!(c.groups.flags(c.groups.index(0, 0)) & Qt::ItemIsSelectable));
        QVERIFY(c.groups.mapToSource(c.groups.index(0, 0)) == QModelIndex());
        QCOMPARE(c.groups.index(0, 0).data(Qt::AccessibleTextRole).toString(),
                 QStringLiteral("To do, %1 item(s)").arg(c.countOf(QStringLiteral("todo"))));
        // The column titles stay, though row 0 is a group header (found trying it under X).
        for (int column = 0; column < c.groups.columnCount(); ++column)
            QCOMPARE(c.groups.headerData(column, Qt::Horizontal).toString(),
                     c.groups.sourceModel()->headerData(column, Qt::Horizontal).toString());
        QVERIFY(!c.groups.headerData(0, Qt::Horizontal).toString().isEmpty());
    }

    void collapseShowsOnlyTheHeader()
    {
        Chain c;
        c.groups.setGroupColumn(QStringLiteral("status"));
        const int before = c.groups.rowCount();
        const int todo = c.countOf(QStringLiteral("todo"));
        c.groups.setCollapsed(QStringLiteral("todo"), true);
        QCOMPARE(c.groups.rowCount(), before - todo);
        QCOMPARE(c.groups.index(0, 0).data(GroupingProxy::GroupCollapsedRole).toBool(), true);
        QCOMPARE(c.groups.index(0, 0).data(GroupingProxy::GroupCountRole).toInt(), todo); // still counted
        c.groups.setCollapsed(QStringLiteral("todo"), false);
        QCOMPARE(c.groups.rowCount(), before);
    }

    void liveChangesRegroupAndKeepSelection()
    {
        Chain c;
        c.groups.setGroupColumn(QStringLiteral("status"));
        // An item shown under "To do": someone sets it to done; our persistent index (a
        // selected row) follows it into the Done group.
        int row = 1;
        const QString id = c.groups.index(row, 0).data(ItemTableModel::ItemIdRole).toString();
        QVERIFY(!id.isEmpty());
        const QPersistentModelIndex selected = c.groups.index(row, 2);
        QVERIFY(c.store.applyBatch({ setStatus(101, id, QStringLiteral("done")) }).ok);
        QVERIFY(selected.isValid());
        QCOMPARE(selected.data(ItemTableModel::ItemIdRole).toString(), id);
        QCOMPARE(selected.column(), 2);
        // It now sits below the Done header.
        int header = selected.row();
        while (header >= 0 && !c.groups.isHeader(header))
            --header;
        QCOMPARE(c.groups.index(header, 0).data(GroupingProxy::GroupKeyRole).toString(), QStringLiteral("done"));
        // Deleted: the persistent index becomes invalid, nothing else breaks.
        QVERIFY(c.store.applyBatch({ { 102, EventKind::ItemDeleted, QStringLiteral("u2"), QString(), nowIso(),
                                       { { QStringLiteral("itemId"), id } } } }).ok);
        QVERIFY(!selected.isValid());
        // Filtering (a source layout/rows change) regroups too.
        ItemFilter filter;
        filter.text = QStringLiteral("status:done");
        c.filter.setFilter(filter);
        QCOMPARE(c.groups.headerRows().size(), 1 + 3); // status options always show; only Done has items
        c.groups.setGroupColumn(QString());
        QCOMPARE(c.groups.rowCount(), c.filter.rowCount());
    }

    void groupsByPerson()
    {
        Chain c;
        c.groups.setGroupColumn(QStringLiteral("owner"));
        const QStringList keys = c.groups.groupKeys();
        QVERIFY(!keys.isEmpty());
        QStringList names;
        for (const QString &key : keys)
            names << (key.isEmpty() ? QStringLiteral("~") : c.store.memberName(key));
        QStringList sorted = names;
        std::sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) { return a.compare(b, Qt::CaseInsensitive) < 0; });
        QCOMPARE(names, sorted); // by name, "No owner" last
    }
};

QTEST_GUILESS_MAIN(TestGroupingProxy)
#include "tst_groupingproxy.moc"
