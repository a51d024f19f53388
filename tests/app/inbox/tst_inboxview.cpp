// The inbox list as a person uses it: who acted and when ("5 min ago", kept current while
// shown), the Unread / All filter, long texts elided with the whole text on hover, and
// opening an entry by click or Enter.
#include "app/inbox/inboxdelegate.h"
#include "app/inbox/inboxlistmodel.h"
#include "app/inbox/inboxview.h"
#include "app/board/presenceavatars.h"

#include "core/models/inboxmodel.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QListView>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QToolTip>

using namespace Tessera::Core;
using Tessera::App::InboxDelegate;
using Tessera::App::InboxListModel;
using Tessera::App::InboxView;
using Tessera::App::PresenceAvatars;

namespace {

const QDateTime T0(QDate(2026, 11, 24), QTime(15, 0));

Notification note(const QString &id, qint64 seq, NotificationKind kind, const QString &actor, const QString &text,
                  const QDateTime &at, bool read = false)
{
    Notification n;
    n.id = id;
    n.seq = seq;
    n.kind = kind;
    n.boardId = QStringLiteral("b1");
    n.itemId = QStringLiteral("i-") + id;
    n.actor = actor;
    n.text = text;
    n.at = at.toUTC().toString(Qt::ISODateWithMs);
    n.read = read;
    return n;
}

const QString LongText = QStringLiteral("Ben Brook mentioned you on \"Write release notes\": can you draft these by Friday "
                                        "so that we have time to review them with the whole team before the launch?");

} // namespace

class TstInboxView : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        Fixture()
        {
            QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
            model.setNotifications({
                    note(QStringLiteral("n3"), 3, NotificationKind::Mention, QStringLiteral("u2"), LongText, T0.addSecs(-30)),
                    note(QStringLiteral("n2"), 2, NotificationKind::Due, QStringLiteral("u1"),
                         QStringLiteral("\"Fix crash on wake\" is due today"), T0.addSecs(-3 * 3600)),
                    note(QStringLiteral("n1"), 1, NotificationKind::Assigned, QStringLiteral("u3"),
                         QStringLiteral("Cy Chen assigned you to \"Server backup docs\""), T0.addDays(-1), true),
            });
            model.addPeople({ { QStringLiteral("u2"), QStringLiteral("Ben Brook") }, { QStringLiteral("u3"), QStringLiteral("Cy Chen") } });
            view.setClock([this] { return now; });
            view.resize(420, 360);
            view.show();
        }
        InboxModel model;
        QDateTime now = T0;
        InboxView view { &model };

        QListView *list() const { return view.listView(); }
        QString description(int row) const
        {
            QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(list());
            for (int i = 0; i < iface->childCount(); ++i) {
                QAccessibleInterface *child = iface->child(i);
                if (child->role() == QAccessible::ListItem && row-- == 0)
                    return child->text(QAccessible::Description);
            }
            return QString();
        }
        QStringList names() const
        {
            QStringList out;
            QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(list());
            for (int i = 0; i < iface->childCount(); ++i)
                if (iface->child(i)->role() == QAccessible::ListItem)
                    out.append(iface->child(i)->text(QAccessible::Name));
            return out;
        }
    };

private Q_SLOTS:
    void relativeTimesStayCurrentWhileShown()
    {
        Fixture f;
        QAbstractItemModelTester tester(f.view.listModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QCOMPARE(f.description(0), QStringLiteral("Mention, Ben Brook, just now, unread"));
        QCOMPARE(f.description(1), QStringLiteral("Due date, 3 h ago, unread")); // a reminder: nobody acted
        QCOMPARE(f.description(2), QStringLiteral("Assigned to you, Cy Chen, yesterday"));
        QSignalSpy repainted(f.view.listModel(), &QAbstractItemModel::dataChanged);
        f.view.setRefreshInterval(40);
        f.now = T0.addSecs(5 * 60);
        // The rows are said anew (what makes the list repaint them) without anything else happening.
        QTRY_VERIFY(!repainted.isEmpty());
        QCOMPARE(repainted.last().at(2).value<QList<int>>(),
                 QList<int>({ InboxListModel::WhenTextRole, Qt::AccessibleDescriptionRole }));
        QCOMPARE(f.description(0), QStringLiteral("Mention, Ben Brook, 5 min ago, unread"));
        // Hidden, it does not tick; shown again, it is current at once.
        f.view.hide();
        f.now = T0.addSecs(20 * 60);
        repainted.clear();
        QTest::qWait(200); // nothing to wait for: proving the timer is idle takes time
        QCOMPARE(repainted.size(), 0);
        f.view.show();
        QCOMPARE(f.description(0), QStringLiteral("Mention, Ben Brook, 20 min ago, unread"));
    }

    void avatarsAndTheReminderClock()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        const auto colourAt = [&f](int row) {
            const QRect rect = f.list()->visualRect(f.list()->model()->index(row, 0));
            const QImage image = f.list()->viewport()->grab(rect).toImage();
            const QRect avatar = InboxDelegate::avatarRect(QRect(QPoint(0, 0), rect.size()));
            return image.pixelColor(avatar.left() + 4, avatar.center().y()); // inside the circle, off the initials
        };
        // Ben's avatar is in Ben's colour, as on the board; Cy's in hers; the reminder is a clock in amber.
        const auto sameColour = [](const QColor &a, const QColor &b) {
            return qAbs(a.red() - b.red()) < 8 && qAbs(a.green() - b.green()) < 8 && qAbs(a.blue() - b.blue()) < 8;
        };
        QVERIFY2(sameColour(colourAt(0), PresenceAvatars::colorFor(QStringLiteral("u2"))), qPrintable(colourAt(0).name()));
        QVERIFY2(sameColour(colourAt(2), PresenceAvatars::colorFor(QStringLiteral("u3"))), qPrintable(colourAt(2).name()));
        const QColor clock = colourAt(1);
        QVERIFY2(clock.red() > 150 && clock.blue() < 90 && !sameColour(clock, PresenceAvatars::colorFor(QStringLiteral("u1"))),
                 qPrintable(clock.name()));
    }

    void unreadFilterHidesWhatWasRead()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QCOMPARE(f.list()->model()->rowCount(), 3);
        QTest::mouseClick(f.view.unreadButton(), Qt::LeftButton);
        QVERIFY(f.view.unreadOnly());
        QCOMPARE(f.list()->model()->rowCount(), 2);
        QVERIFY(!f.names().join(QLatin1Char('|')).contains(QStringLiteral("Server backup docs")));
        f.model.markRead({ QStringLiteral("n3") }); // read elsewhere: it leaves the list at once
        QCOMPARE(f.list()->model()->rowCount(), 1);
        f.model.markAllRead();
        QCOMPARE(f.list()->model()->rowCount(), 0);
        QVERIFY(!f.list()->isVisible()); // "Nothing unread" instead
        QTest::mouseClick(f.view.allButton(), Qt::LeftButton);
        QCOMPARE(f.list()->model()->rowCount(), 3);
        QVERIFY(f.list()->isVisible());
    }

    void longTextIsElidedWithTheWholeTextOnHover()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        f.view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&f.view));
        const QRect row = f.list()->visualRect(f.list()->model()->index(0, 0));
        QVERIFY(QFontMetrics(f.list()->font()).horizontalAdvance(LongText) > row.width()); // it cannot fit
        QCOMPARE(f.names().first(), LongText); // a screen reader gets it all
        QTest::mouseMove(f.list()->viewport(), row.center() - QPoint(0, 4));
        QTest::mouseMove(f.list()->viewport(), row.center());
        QTRY_COMPARE(QToolTip::text(), LongText);
    }

    void clickOrEnterOpensAndMarksRead()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy open(&f.view, &InboxView::openRequested);
        QSignalSpy read(&f.view, &InboxView::markReadRequested);
        QTest::mouseClick(f.list()->viewport(), Qt::LeftButton, {}, f.list()->visualRect(f.list()->model()->index(1, 0)).center());
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.last(), QList<QVariant>({ QStringLiteral("b1"), QStringLiteral("i-n2") }));
        QCOMPARE(read.last().at(0).toStringList(), QStringList { QStringLiteral("n2") });
        QTest::keyClick(f.list(), Qt::Key_Down);
        QTest::keyClick(f.list(), Qt::Key_Return);
        QCOMPARE(open.count(), 2);
        QCOMPARE(open.last().at(1).toString(), QStringLiteral("i-n1"));
        QCOMPARE(read.count(), 1); // it was read already
    }
};

QTEST_MAIN(TstInboxView)
#include "tst_inboxview.moc"
