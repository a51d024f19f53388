#include "support/boardfixture.h"

#include "app/item/itempanel.h"
#include "app/item/mentionedit.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Tessera::Core;
using namespace Tessera::Test;
using Tessera::App::ItemPanel;
using Tessera::App::MentionEdit;

class TstItemPanel : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        explicit Fixture(BoardState state = demoBoard(QDate(2026, 11, 24)))
        {
            store.resetFromSnapshot(state);
            panel.setCurrentUser(QStringLiteral("u1"));
            panel.setItem(QStringLiteral("i01"));
            panel.resize(420, 800);
            panel.show();
        }
        BoardStore store;
        ItemPanel panel { &store };
    };

private Q_SLOTS:
    // Someone changes the field I am typing in: the panel says so at once, my text stays,
    // and my save carries the base I started from, so the server reports a conflict
    // instead of my value silently replacing theirs.
    void aRemoteChangeToTheFieldIAmEditingIsShownAndNotOverwritten()
    {
        Fixture f;
        f.panel.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&f.panel));
        QSignalSpy ops(&f.panel, &ItemPanel::opRequested);
        auto *title = qobject_cast<QLineEdit *>(f.panel.editorFor(QStringLiteral("title")));
        QVERIFY(title);
        const double startVersion = f.store.item(QStringLiteral("i01"))->versions.value(QStringLiteral("title"));
        QTest::mouseClick(title, Qt::LeftButton);
        title->selectAll();
        QTest::keyClicks(title, QStringLiteral("Mine"));
        QVERIFY(!f.panel.editNotice()->isVisible());
        QVERIFY(f.store.applyBatch({ makeEvent(EventKind::ItemUpdated,
                                               { { QStringLiteral("itemId"), QStringLiteral("i01") },
                                                 { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Theirs") } } },
                                                 { QStringLiteral("versions"), QJsonObject { { QStringLiteral("title"), 101 } } } },
                                               QStringLiteral("u2"), QString(), 101) })
                        .ok);
        QCOMPARE(title->text(), QStringLiteral("Mine")); // my typing is not lost...
        QVERIFY(f.panel.editNotice()->isVisible()); // ...and their change is shown
        QVERIFY(f.panel.editNotice()->text().contains(QStringLiteral("Theirs")));
        QTest::keyClick(title, Qt::Key_Return);
        QCOMPARE(ops.count(), 1);
        const QJsonObject op = ops.last().at(0).value<Op>().toJson();
        QCOMPARE(op.value(QStringLiteral("fields")).toObject().value(QStringLiteral("title")).toString(), QStringLiteral("Mine"));
        QCOMPARE(op.value(QStringLiteral("base")).toObject().value(QStringLiteral("title")).toDouble(), startVersion);
    }

    // The panel reads the item's comments from CommentsModel: mine shows at once, marked
    // as on its way, and as confirmed once the server's event arrives.
    void myCommentShowsAtOnceAsSending()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
        Comment c { QStringLiteral("c9"), QStringLiteral("i01"), QStringLiteral("u1"), QStringLiteral("On my way"), {}, nowIso(), {} };
        const Event event = makeEvent(EventKind::CommentCreated, { { QStringLiteral("comment"), c.toJson() } }, QStringLiteral("u1"),
                                      QStringLiteral("m9"));
        f.store.setPending(QStringLiteral("m9"), event);
        QCOMPARE(f.panel.commentHtml().size(), 1);
        QVERIFY(f.panel.commentHtml().first().contains(QStringLiteral("On my way")));
        QVERIFY(f.panel.commentHtml().first().contains(QStringLiteral("sending")));
        Event confirmed = event;
        confirmed.seq = 101;
        QVERIFY(f.store.applyBatch({ confirmed }).ok);
        QCOMPARE(f.panel.commentHtml().size(), 1);
        QVERIFY(!f.panel.commentHtml().first().contains(QStringLiteral("sending")));
    }

    void conflictBannerKeepsThePanelsWidth()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
        Event mine = makeEvent(EventKind::ItemUpdated,
                               { { QStringLiteral("itemId"), QStringLiteral("i01") },
                                 { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("My rather long new title") } } } },
                               QStringLiteral("u1"), QStringLiteral("m1"));
        f.store.setPending(QStringLiteral("m1"), mine);
        Item theirs = f.store.confirmed().items.value(QStringLiteral("i01"));
        theirs.fields.insert(QStringLiteral("title"), QStringLiteral("Their quite different title"));
        f.store.markConflict(QStringLiteral("m1"), theirs);
        QFrame *banner = f.panel.conflictBanner();
        QTRY_VERIFY(banner->isVisible());
        // The explanation gets (nearly) the panel's whole width, not a sliver beside the buttons.
        QVERIFY2(banner->width() > f.panel.width() * 3 / 4, qPrintable(QString::number(banner->width())));
        for (QLabel *label : banner->findChildren<QLabel *>())
            QVERIFY2(label->width() > banner->width() * 3 / 4, qPrintable(QString::number(label->width())));
        QVERIFY(banner->findChild<QPushButton *>(QStringLiteral("keepMine"))->isVisible());
        QVERIFY(banner->findChild<QPushButton *>(QStringLiteral("takeTheirs"))->isVisible());
    }

    void mentionCompletionInsertsLogin()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
        QSignalSpy ops(&f.panel, &ItemPanel::opRequested);
        MentionEdit *edit = f.panel.commentEdit();
        edit->setFocus();
        QTest::keyClicks(edit, QStringLiteral("Hi @ch"));
        QTRY_VERIFY(edit->completer()->popup()->isVisible());
        QCOMPARE(edit->completer()->currentCompletion(), QStringLiteral("chloe"));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(edit->toPlainText(), QStringLiteral("Hi @chloe "));
        QVERIFY(!edit->completer()->popup()->isVisible());
        QTest::keyClicks(edit, QStringLiteral("please check"));
        QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(ops.count(), 1);
        const QJsonObject op = ops.last().at(0).value<Op>().toJson();
        QCOMPARE(op.value(QStringLiteral("kind")).toString(), QStringLiteral("comment.create"));
        QCOMPARE(op.value(QStringLiteral("itemId")).toString(), QStringLiteral("i01"));
        QCOMPARE(op.value(QStringLiteral("body")).toString(), QStringLiteral("Hi @chloe please check"));
        QVERIFY(!op.value(QStringLiteral("commentId")).toString().isEmpty());
        QVERIFY(edit->toPlainText().isEmpty());
    }

    void emailIsNotAMention()
    {
        Fixture f;
        MentionEdit *edit = f.panel.commentEdit();
        edit->setFocus();
        QTest::keyClicks(edit, QStringLiteral("mail ana@ch"));
        QVERIFY(!edit->completer()->popup()->isVisible());
    }

    void conflictBannerOffersBothResolutions()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
        QVERIFY(!f.panel.conflictBanner()->isVisible());
        f.store.setPending(QStringLiteral("m1"),
                           makeEvent(EventKind::ItemUpdated,
                                     { { QStringLiteral("itemId"), QStringLiteral("i01") },
                                       { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Mine") } } } },
                                     QStringLiteral("u1"), QStringLiteral("m1")));
        Item theirs = f.store.confirmed().items.value(QStringLiteral("i01"));
        theirs.fields.insert(QStringLiteral("title"), QStringLiteral("Theirs"));
        theirs.versions.insert(QStringLiteral("title"), 50);
        f.store.markConflict(QStringLiteral("m1"), theirs);
        QVERIFY(f.panel.conflictBanner()->isVisible());
        QSignalSpy keep(&f.panel, &ItemPanel::keepMineRequested);
        QSignalSpy take(&f.panel, &ItemPanel::takeTheirsRequested);
        auto *keepButton = f.panel.conflictBanner()->findChild<QPushButton *>(QStringLiteral("keepMine"));
        auto *takeButton = f.panel.conflictBanner()->findChild<QPushButton *>(QStringLiteral("takeTheirs"));
        QTest::mouseClick(keepButton, Qt::LeftButton);
        QCOMPARE(keep.count(), 1);
        QCOMPARE(keep.last().at(0).toString(), QStringLiteral("m1"));
        QTest::mouseClick(takeButton, Qt::LeftButton);
        QCOMPARE(take.count(), 1);
        QCOMPARE(take.last().at(0).toString(), QStringLiteral("m1"));
        f.store.clearPending(QStringLiteral("m1"));
        QVERIFY(!f.panel.conflictBanner()->isVisible());
    }

    void fieldEditSendsUpdateWithBase()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
        QSignalSpy ops(&f.panel, &ItemPanel::opRequested);
        auto *points = qobject_cast<QLineEdit *>(f.panel.editorFor(QStringLiteral("points")));
        QVERIFY(points);
        points->setFocus();
        points->selectAll();
        QTest::keyClicks(points, QStringLiteral("8"));
        QTest::keyClick(points, Qt::Key_Return);
        QCOMPARE(ops.count(), 1);
        const QJsonObject op = ops.last().at(0).value<Op>().toJson();
        QCOMPARE(op.value(QStringLiteral("kind")).toString(), QStringLiteral("item.update"));
        QCOMPARE(op.value(QStringLiteral("fields")).toObject(), QJsonObject({ { QStringLiteral("points"), 8.0 } }));
        QCOMPARE(op.value(QStringLiteral("base")).toObject(), QJsonObject({ { QStringLiteral("points"), 10 } }));
    }

    void commentsArePlainTextWithSafeLinks()
    {
        BoardState state = demoBoard(QDate(2026, 11, 24));
        Comment c;
        c.id = QStringLiteral("c1");
        c.itemId = QStringLiteral("i01");
        c.author = QStringLiteral("u2");
        c.body = QStringLiteral("<b>bold?</b> see https://example.com/a?b=1&c=2, javascript:alert(1) and mailto:x@y.org @chloe");
        c.createdAt = QStringLiteral("2026-11-24T09:30:00.000Z");
        state.comments.insert(c.id, c);
        Fixture f(state);
        const QStringList html = f.panel.commentHtml();
        QCOMPARE(html.size(), 1);
        QVERIFY2(html.first().contains(QStringLiteral("&lt;b&gt;bold?&lt;/b&gt;")), qPrintable(html.first()));
        QVERIFY(html.first().contains(QStringLiteral("<a href=\"https://example.com/a?b=1&amp;c=2\">")));
        QVERIFY(html.first().contains(QStringLiteral("<a href=\"mailto:x@y.org\">")));
        QVERIFY(!html.first().contains(QStringLiteral("href=\"javascript")));
        QVERIFY(html.first().contains(QStringLiteral(">@chloe</span>")));
        QVERIFY(html.first().contains(QStringLiteral("Ben Okafor")));
    }

    void presenceLineNamesWhatOthersDo()
    {
        Fixture f;
        f.store.setPresence({ { QStringLiteral("u2"), QStringLiteral("Ben Okafor"), QStringLiteral("b1"), QStringLiteral("i01"),
                                Tessera::Core::PresenceState::Editing, QStringLiteral("status") },
                              { QStringLiteral("u3"), QStringLiteral("Chloé Martin"), QStringLiteral("b1"), QStringLiteral("i01"),
                                Tessera::Core::PresenceState::Viewing, QString() },
                              { QStringLiteral("u1"), QStringLiteral("Ana Lima"), QStringLiteral("b1"), QStringLiteral("i01"),
                                Tessera::Core::PresenceState::Viewing, QString() } });
        QCOMPARE(f.panel.presenceText(), QStringLiteral("Ben Okafor is editing Status · Chloé Martin is viewing"));
    }
};

QTEST_MAIN(TstItemPanel)
#include "tst_itempanel.moc"
