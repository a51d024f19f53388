// The Dashboard as a journey through the real app against the real server (--demo board),
// two people in two windows: Ana opens the Dashboard with the mouse and sees the board's
// numbers (checked against the server's snapshot over HTTP); Ben moves an item back from
// Done in his table, and Ana's charts follow with one recomputation and one redraw for
// that batch; a double-click on the overdue entry opens it; a click on a status bar and
// on a person bar shows the table filtered to those items.
// Also: the empty state, dark mode and 1024x768.
#define QTEST_QPA_MOUSE_HANDLING
#include "support/appjourney.h"

#include "app/dashboard/dashboardview.h"
#include "core/models/itemfilter.h"
#include "core/rules/itemfacts.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QListWidget>
#include <QStackedBarSeries>
#include <QStandardPaths>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

// Where the middle of bar `index` (of `count`) of the chart's first series is, in the
// viewport's coordinates: the chart maps a value to its position in the plot area.
QPoint barPoint(QChartView *view, int index, double count)
{
    QChart *chart = view->chart();
    QAbstractSeries *series = chart->series().value(0);
    if (!series)
        return {};
    const QPointF inChart = chart->mapToPosition(QPointF(index, count / 2.0), series);
    return view->mapFromScene(chart->mapToScene(inChart));
}

// The values of the status chart: one stacked set per status, its own bar non-zero.
QHash<QString, int> statusBars(QChartView *view)
{
    QHash<QString, int> bars;
    auto *series = qobject_cast<QStackedBarSeries *>(view->chart()->series().value(0));
    if (!series)
        return bars;
    for (int i = 0; i < series->count(); ++i)
        bars.insert(series->barSets().at(i)->label(), int(series->barSets().at(i)->at(i)));
    return bars;
}

} // namespace

class TstDashboardJourneys : public JourneySuite
{
    Q_OBJECT

private:
    Core::BoardState serverState()
    {
        const QJsonObject snap = httpCall(m_server, "GET", QStringLiteral("/api/v1/boards/%1/snapshot").arg(m_boardId),
                                          httpToken(m_server, QStringLiteral("ana")))
                                     .json();
        auto state = Core::BoardState::fromSnapshotJson(snap);
        return state ? state.value() : Core::BoardState();
    }
    // Labels of the first status column -> number of items, from the server's state.
    static QHash<QString, int> serverStatusCounts(const Core::BoardState &s)
    {
        QHash<QString, int> counts;
        const Core::Column *status = nullptr;
        for (const Core::Column &c : s.columns) {
            if (c.type == Core::ColumnType::Status && !status)
                status = &c;
        }
        if (!status)
            return counts;
        for (const Core::StatusOption &o : status->options)
            counts.insert(o.label, 0);
        counts.insert(QStringLiteral("No status"), 0);
        for (const Core::Item &item : s.items) {
            const Core::StatusOption *o = status->option(item.fields.value(status->id).toString());
            ++counts[o ? o->label : QStringLiteral("No status")];
        }
        return counts;
    }
    static int serverOverdue(const Core::BoardState &s)
    {
        const QDate today = QDate::currentDate();
        int n = 0;
        for (const Core::Item &item : s.items) {
            const auto dates = Core::datesOf(item, s.columns);
            n += !Core::isDone(item, s.columns)
                && std::any_of(dates.cbegin(), dates.cend(), [&today](const auto &d) { return d.second < today; });
        }
        return n;
    }
    static QStringList titlesWhere(const Core::BoardState &s, const QString &columnId, const QString &value)
    {
        QStringList titles;
        for (const Core::Item &item : s.items) {
            if (item.fields.value(columnId).toString() == value)
                titles.append(item.fields.value(QStringLiteral("title")).toString());
        }
        titles.sort();
        return titles;
    }
    static QStringList shownTitles(Person &p)
    {
        QStringList titles;
        for (const QString &id : p.board()->shownItemIds())
            titles.append(titleOf(p.store(), id));
        titles.sort();
        return titles;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
    }

    void cleanup() { QSettings().clear(); }

    void dashboardFollowsTheBoardAndFiltersTheTable()
    {
        Person ana, ben;
        QVERIFY(signInAnaAndBen(ana, ben));

        clickButton(ana.board(), QStringLiteral("viewDashboard"));
        QTRY_COMPARE(ana.board()->view(), App::BoardWidget::View::Dashboard);
        App::DashboardView *dash = ana.board()->dashboardView();
        QVERIFY(dash->isVisible());
        QVERIFY(!dash->showsEmptyState());

        // The numbers shown are the board's.
        Core::BoardState server = serverState();
        QCOMPARE(server.items.size(), 10);
        QTRY_COMPARE(statusBars(dash->statusChart()), serverStatusCounts(server));
        QCOMPARE(serverOverdue(server), 0);
        QCOMPARE(dash->overdueCount()->text(), QStringLiteral("Nothing is overdue"));
        QCOMPARE(dash->stats()->numbers().weeks.last().created, 10); // the demo was seeded today
        QVERIFY(dash->statusChart()->accessibleDescription().contains(QStringLiteral("Done: 3")));

        // Ben moves "Presence avatars" (done, due yesterday) back to In progress: one batch
        // on Ana's side, one recomputation and one redraw; it is overdue now.
        const int recomputed = dash->stats()->recomputations();
        const int redrawn = dash->redraws();
        const QString avatars = itemTitled(ben.store(), QStringLiteral("Presence avatars"));
        QVERIFY(!avatars.isEmpty());
        QVERIFY(bringToFront(&ben.window)); // Ben, in his table: one click opens the list, one picks
        QTest::mouseClick(ben.table()->viewport(), Qt::LeftButton, {},
                          cellPoint(ben.table(), avatars, QStringLiteral("status")));
        QTRY_VERIFY(ben.table()->findChild<QComboBox *>());
        QVERIFY(clickListEntry(ben.table()->findChild<QComboBox *>(), QStringLiteral("doing")));
        QTRY_COMPARE_WITH_TIMEOUT(
            serverItemOf(avatars).value(QStringLiteral("fields"))[QStringLiteral("status")].toString(),
            QStringLiteral("doing"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(dash->overdueCount()->text(), QStringLiteral("1 overdue"), 10000);
        server = serverState();
        QCOMPARE(statusBars(dash->statusChart()), serverStatusCounts(server));
        QCOMPARE(serverOverdue(server), 1);
        QCOMPARE(dash->overdueList()->count(), 1);
        QVERIFY(dash->overdueList()->item(0)->text().startsWith(QStringLiteral("Presence avatars")));
        QTest::qWait(200); // nothing else may follow for that batch
        QCOMPARE(dash->stats()->recomputations(), recomputed + 1);
        QCOMPARE(dash->redraws(), redrawn + 1);
        QVERIFY(bringToFront(&ana.window));
        // A double-click on the overdue entry opens the item.
        QListWidget *overdue = dash->overdueList();
        QTest::mouseDClick(overdue->viewport(), Qt::LeftButton, {}, overdue->visualItemRect(overdue->item(0)).center());
        QTRY_COMPARE(ana.board()->itemPanel()->itemId(), avatars);
        QVERIFY(ana.board()->itemPanel()->isVisible());

        // A click on the In progress bar: the table, filtered to exactly those items.
        const int doing = serverStatusCounts(server).value(QStringLiteral("In progress"));
        QCOMPARE(doing, 4);
        const QPoint bar = barPoint(dash->statusChart(), 1, doing);
        QVERIFY(dash->statusChart()->viewport()->rect().contains(bar));
        QTest::mouseClick(dash->statusChart()->viewport(), Qt::LeftButton, {}, bar);
        QTRY_COMPARE(ana.board()->view(), App::BoardWidget::View::Table);
        QCOMPARE(ana.board()->filterEdit()->text(), QStringLiteral("status:\"In progress\""));
        QVERIFY(ana.table()->isVisible());
        QTRY_COMPARE(shownTitles(ana), titlesWhere(server, QStringLiteral("status"), QStringLiteral("doing")));

        // Back to the Dashboard; a click on Ben's bar: the table shows Ben's items.
        clickButton(ana.board(), QStringLiteral("viewDashboard"));
        QTRY_VERIFY(dash->isVisible());
        const auto &people = dash->stats()->numbers().perPerson;
        const Core::Member *benMember = server.memberByLogin(QStringLiteral("ben"));
        QVERIFY(benMember);
        int benIndex = -1;
        for (int i = 0; i < people.size(); ++i)
            benIndex = people.at(i).key == benMember->userId ? i : benIndex;
        QVERIFY(benIndex >= 0);
        const QStringList bens = titlesWhere(server, QStringLiteral("assignee"), benMember->userId);
        QCOMPARE(people.at(benIndex).count, bens.size());
        const QPoint benBar = barPoint(dash->personChart(), benIndex, people.at(benIndex).count);
        QTest::mouseClick(dash->personChart()->viewport(), Qt::LeftButton, {}, benBar);
        QTRY_COMPARE(ana.board()->view(), App::BoardWidget::View::Table);
        QCOMPARE(ana.board()->filterEdit()->text(), QStringLiteral("assignee:ben"));
        QTRY_COMPARE(shownTitles(ana), bens);
    }

    // Behind the table the Dashboard waits: Ben's change only marks Ana's numbers stale;
    // they are counted and the charts redrawn once, when she opens the Dashboard, and then
    // show the server's numbers (#14: recounting and redrawing after every batch of a stream
    // of remote updates took most of the app's CPU on a 100,000-item board).
    void hiddenDashboardRedrawsWhenShown()
    {
        Person ana, ben;
        QVERIFY(signInAnaAndBen(ana, ben));
        clickButton(ana.board(), QStringLiteral("viewTable"));
        App::DashboardView *dash = ana.board()->dashboardView();
        QVERIFY(ana.window.isVisible() && !dash->isVisible());
        const int recomputed = dash->stats()->recomputations();
        const int redrawn = dash->redraws();

        const QString item = itemTitled(ben.store(), QStringLiteral("Presence avatars"));
        QVERIFY(!item.isEmpty());
        const QString status = ben.store()->item(item)->fields.value(QStringLiteral("status")).toString();
        const QString other = status == QLatin1String("todo") ? QStringLiteral("done") : QStringLiteral("todo");
        ben.board()->showItem(item); // selected in Ben's table
        ben.board()->setFieldOnSelection(QStringLiteral("status"), other);
        QTRY_COMPARE_WITH_TIMEOUT(ana.store()->item(item)->fields.value(QStringLiteral("status")).toString(), other, 10000);
        QTRY_VERIFY(dash->stats()->isStale()); // noted, not counted: nobody looks
        QCOMPARE(dash->stats()->recomputations(), recomputed);
        QCOMPARE(dash->redraws(), redrawn);

        clickButton(ana.board(), QStringLiteral("viewDashboard"));
        QVERIFY(dash->isVisible());
        QCOMPARE(dash->stats()->recomputations(), recomputed + 1);
        QCOMPARE(dash->redraws(), redrawn + 1);
        QCOMPARE(statusBars(dash->statusChart()), serverStatusCounts(serverState()));
    }

    // At 1024x768 every chart keeps a readable size inside the window; in dark mode the
    // charts are dark; a board without items explains itself instead of empty charts.
    void smallWindowDarkModeAndEmptyState()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        ana.window.resize(1024, 768);
        QTRY_COMPARE(ana.window.width(), 1024);
        clickButton(ana.board(), QStringLiteral("viewDashboard"));
        QVERIFY2(ana.window.minimumSizeHint().width() <= 1024, // tst_mainwindow checks the toolbar's margin
                 qPrintable(QStringLiteral("minimum width %1").arg(ana.window.minimumSizeHint().width())));
        App::DashboardView *dash = ana.board()->dashboardView();
        QTRY_VERIFY(dash->isVisible());
        QCOMPARE(ana.window.width(), 1024);
        ana.window.grab().save(QStringLiteral("/tmp/dash-light.png"));
        for (QChartView *chart : { dash->statusChart(), dash->personChart(), dash->weeksChart() }) {
            QVERIFY2(chart->isVisible(), qPrintable(chart->objectName()));
            QVERIFY2(chart->width() >= 240 && chart->height() >= 200, qPrintable(chart->objectName()));
            const QRect inDash(chart->mapTo(dash, QPoint(0, 0)), chart->size());
            QVERIFY2(dash->rect().contains(inDash), qPrintable(chart->objectName())); // not clipped
            QVERIFY(!chart->accessibleName().isEmpty());
            // The plot area leaves room for the axis labels, and no label is cut short.
            QVERIFY(chart->chart()->plotArea().height() > 60);
            // Every category label fits the width of its category: readable, not overlapping.
            for (QAbstractAxis *axis : chart->chart()->axes(Qt::Horizontal)) {
                auto *categories = qobject_cast<QBarCategoryAxis *>(axis);
                QVERIFY(categories && categories->count() > 0);
                const qreal room = chart->chart()->plotArea().width() / categories->count();
                for (const QString &label : categories->categories())
                    QVERIFY2(QFontMetricsF(categories->labelsFont()).horizontalAdvance(label) < room - 4,
                             qPrintable(chart->objectName() + QLatin1String(": ") + label));
            }
        }
        QVERIFY(dash->overdueCount()->isVisible());

        QPalette dark = ana.window.palette();
        dark.setColor(QPalette::Window, QColor(QStringLiteral("#202124")));
        dark.setColor(QPalette::Base, QColor(QStringLiteral("#17181a")));
        dark.setColor(QPalette::WindowText, Qt::white);
        dark.setColor(QPalette::Text, Qt::white);
        dash->setPalette(dark);
        QTRY_COMPARE(dash->statusChart()->chart()->theme(), QChart::ChartThemeDark);
        QVERIFY(dash->statusChart()->chart()->titleBrush().color().lightness() > 128); // light text on dark

        Core::BoardStore empty;
        App::DashboardView none(&empty);
        none.resize(1024, 700);
        none.show();
        QVERIFY(QTest::qWaitForWindowExposed(&none));
        QVERIFY(none.showsEmptyState());
        auto *label = none.findChild<QLabel *>(QStringLiteral("dashboardEmpty"));
        QVERIFY(label && label->isVisible());
        QVERIFY(label->text().contains(QStringLiteral("no items yet")));
    }
};

QTEST_MAIN(TstDashboardJourneys)
#include "tst_dashboardjourneys.moc"
