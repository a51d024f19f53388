// Every user-written string is shown as plain text (issue #13, finding 13): a board
// description in the sidebar's tooltip, names in the presence tooltip, a lane title in its
// "new card" tooltip and a server's words in the connection tooltip appear as written,
// markup and all, never rendered as HTML.
#include "app/board/connectionindicator.h"
#include "app/board/presenceavatars.h"
#include "app/shell/boardsidebar.h"

#include <QListWidget>
#include <QListWidgetItem>
#include <QTest>
#include <QTextDocument>

using namespace Tessera;

namespace {

const QString Hostile = QStringLiteral("<b>Launch</b> <img src=\"http://evil.example/x.png\"> <a href=\"x\">click</a>");

// What QToolTip shows for `tip`: rich text when it looks like HTML, else plain.
QString shownText(const QString &tip)
{
    QTextDocument doc;
    if (Qt::mightBeRichText(tip))
        doc.setHtml(tip);
    else
        doc.setPlainText(tip);
    return doc.toPlainText();
}

} // namespace

class TestUserText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sidebarTooltipShowsTheDescriptionAsWritten()
    {
        App::BoardSidebar sidebar;
        Core::BoardSummary b;
        b.board.id = QStringLiteral("b1");
        b.board.name = Hostile;
        b.board.description = Hostile;
        b.role = Core::Role::Owner;
        sidebar.setBoards({ b }, QString());
        QCOMPARE(sidebar.count(), 1);
        QVERIFY2(shownText(sidebar.list()->item(0)->toolTip()).contains(Hostile), qPrintable(sidebar.list()->item(0)->toolTip()));
        QCOMPARE(sidebar.list()->item(0)->text(), Hostile); // item views paint plain text
    }

    void presenceTooltipShowsNamesAsWritten()
    {
        App::PresenceAvatars avatars;
        Core::Presence p;
        p.userId = QStringLiteral("u1");
        p.displayName = Hostile;
        p.state = Core::PresenceState::Viewing;
        avatars.setPresence({ p });
        QVERIFY2(shownText(avatars.toolTip()).contains(Hostile), qPrintable(avatars.toolTip()));
    }

    void connectionTooltipShowsTheServersWordsAsWritten()
    {
        App::ConnectionIndicator indicator;
        indicator.setState(Core::ConnectionState::Offline, Hostile, QDateTime::currentDateTimeUtc(), 10);
        QVERIFY2(shownText(indicator.toolTip()).contains(Hostile), qPrintable(indicator.toolTip()));
    }
};

QTEST_MAIN(TestUserText)
#include "tst_usertext.moc"
