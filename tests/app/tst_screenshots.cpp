// Writes PNGs of every view and dialog, light and dark, to <build>/screenshots/ so people
// can look at them. Also a smoke test: every widget paints with realistic data.
#include "support/boardfixture.h"

#include "app/settings/appearance.h"
#include "app/board/boardwidget.h"
#include "app/calendar/calendarview.h"
#include "app/board/connectionindicator.h"
#include "app/inbox/inboxview.h"
#include "app/item/itempanel.h"
#include "app/kanban/kanbanview.h"
#include "app/settings/settingsdialog.h"
#include "app/settings/adminpage.h"
#include "app/table/statusoptionsdialog.h"
#include "app/table/tableview.h"

#include <QDir>
#include <QStandardItemModel>
#include <QTest>
#include <QVBoxLayout>

using namespace Tessera::Core;
using namespace Tessera::Test;
using namespace Tessera::App;

#ifndef TESSERA_SCREENSHOT_DIR
#define TESSERA_SCREENSHOT_DIR "screenshots"
#endif

class TstScreenshots : public QObject
{
    Q_OBJECT

private:
    QDir m_dir { QStringLiteral(TESSERA_SCREENSHOT_DIR) };

    void save(QWidget *widget, const QString &name, const QString &mode)
    {
        QCoreApplication::processEvents();
        QTest::qWait(30);
        const QString file = m_dir.filePath(QStringLiteral("%1-%2.png").arg(name, mode));
        QVERIFY2(widget->grab().save(file), qPrintable(file));
    }

    static BoardState richBoard(const QDate &today)
    {
        BoardState s = demoBoard(today, 15);
        // A busy day, to show the "+N more" overflow.
        for (int i = 0; i < 4; ++i) {
            Item item = s.items.value(QStringLiteral("i%1").arg(i + 1, 2, 10, QLatin1Char('0')));
            item.id = QStringLiteral("x%1").arg(i);
            item.rank = QStringLiteral("W%1").arg(i + 1);
            item.fields.insert(QStringLiteral("title"), QStringList { QStringLiteral("Standup notes"), QStringLiteral("Release checklist"),
                                                                      QStringLiteral("Vendor call"), QStringLiteral("Budget review") }.at(i));
            item.fields.insert(QStringLiteral("due"), today.addDays(2).toString(Qt::ISODate));
            s.items.insert(item.id, item);
        }
        const auto comment = [&s](const QString &id, const QString &author, const QString &body, const QString &at) {
            Comment c;
            c.id = id;
            c.itemId = QStringLiteral("i02");
            c.author = author;
            c.body = body;
            c.createdAt = at;
            s.comments.insert(id, c);
        };
        comment(QStringLiteral("c1"), QStringLiteral("u2"),
                QStringLiteral("Draft is in the shared folder: https://docs.example.com/launch — @ana can you review?"),
                QStringLiteral("2026-11-23T14:05:00.000Z"));
        comment(QStringLiteral("c2"), QStringLiteral("u1"), QStringLiteral("Looks good. <b>One</b> nit about the intro, see my notes."),
                QStringLiteral("2026-11-23T16:40:00.000Z"));
        return s;
    }

    static void decorate(BoardStore &store)
    {
        store.setPending(QStringLiteral("m-pending"),
                         makeEvent(EventKind::ItemUpdated,
                                   { { QStringLiteral("itemId"), QStringLiteral("i03") },
                                     { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Fix header on mobile (Safari)") } } } },
                                   QStringLiteral("u1"), QStringLiteral("m-pending")));
        store.setPending(QStringLiteral("m-failed"),
                         makeEvent(EventKind::ItemUpdated,
                                   { { QStringLiteral("itemId"), QStringLiteral("i05") },
                                     { QStringLiteral("fields"), QJsonObject { { QStringLiteral("points"), 21.0 } } } },
                                   QStringLiteral("u1"), QStringLiteral("m-failed")));
        store.markFailed(QStringLiteral("m-failed"), Tessera::Core::RejectCode::Forbidden, QStringLiteral("You can no longer edit this board"));
        store.setPresence({ { QStringLiteral("u2"), QStringLiteral("Ben Okafor"), QStringLiteral("b1"), QStringLiteral("i02"),
                              Tessera::Core::PresenceState::Editing, QStringLiteral("status") },
                            { QStringLiteral("u3"), QStringLiteral("Chloé Martin"), QStringLiteral("b1"), QStringLiteral("i07"),
                              Tessera::Core::PresenceState::Viewing, QString() },
                            { QStringLiteral("u1"), QStringLiteral("Ana Lima"), QStringLiteral("b1"), QStringLiteral("i02"),
                              Tessera::Core::PresenceState::Viewing, QString() } });
    }

    void shootAll(const QString &mode)
    {
        const QDate today = QDate::currentDate();
        BoardStore store;
        store.resetFromSnapshot(richBoard(today));
        decorate(store);

        BoardWidget board(&store);
        board.setCurrentUser(QStringLiteral("u1"));
        // Unseen activity on a card with presence (two dots) and on one without.
        board.setUnreadItems({ QStringLiteral("i02"), QStringLiteral("i04") });
        board.connectionIndicator()->setState(Tessera::Core::ConnectionState::Live);
        board.resize(1280, 760);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        board.setView(BoardWidget::View::Table);
        save(&board, QStringLiteral("board-table"), mode);
        board.tableView()->selectItem(QStringLiteral("i02"));
        board.openItem(QStringLiteral("i02"));
        board.setItemHistory(QStringLiteral("i02"),
                             { makeEvent(EventKind::ItemCreated, {}, QStringLiteral("u1")),
                               makeEvent(EventKind::ItemUpdated,
                                         { { QStringLiteral("fields"), QJsonObject { { QStringLiteral("status"), QStringLiteral("doing") } } } },
                                         QStringLiteral("u2")) });
        save(&board, QStringLiteral("board-table-panel"), mode);
        board.closeItem();
        board.setView(BoardWidget::View::Kanban);
        save(&board, QStringLiteral("board-kanban"), mode);
        board.kanbanView()->setStatusColumn(QStringLiteral("owner"));
        save(&board, QStringLiteral("board-kanban-by-owner"), mode);
        board.kanbanView()->setStatusColumn(QStringLiteral("status"));
        board.setView(BoardWidget::View::Calendar);
        save(&board, QStringLiteral("board-calendar-month"), mode);
        board.calendarView()->setMode(CalendarLayout::Mode::Week);
        save(&board, QStringLiteral("board-calendar-week"), mode);

        // Item panel with a conflict.
        store.setPending(QStringLiteral("m-conflict"),
                         makeEvent(EventKind::ItemUpdated,
                                   { { QStringLiteral("itemId"), QStringLiteral("i02") },
                                     { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Migrate blog (phase 1)") } } } },
                                   QStringLiteral("u1"), QStringLiteral("m-conflict")));
        Item theirs = store.confirmed().items.value(QStringLiteral("i02"));
        theirs.fields.insert(QStringLiteral("title"), QStringLiteral("Migrate blog and docs"));
        store.markConflict(QStringLiteral("m-conflict"), theirs);
        ItemPanel panel(&store);
        panel.setCurrentUser(QStringLiteral("u1"));
        panel.setItem(QStringLiteral("i02"));
        panel.resize(440, 900);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        save(&panel, QStringLiteral("itempanel-conflict"), mode);

        // Inbox.
        QStandardItemModel inboxModel;
        const InboxView::Roles roles;
        const QList<std::tuple<QString, QString, bool>> notes {
            { QStringLiteral("mention"), QStringLiteral("Ben Okafor mentioned you on “Migrate blog to new CMS”"), true },
            { QStringLiteral("assigned"), QStringLiteral("Chloé Martin assigned you “Accessibility audit”"), true },
            { QStringLiteral("comment"), QStringLiteral("Dev Patel commented on “Press kit”"), false },
            { QStringLiteral("mention"), QStringLiteral("Ben Okafor mentioned you on “Cookie banner”"), false },
        };
        int n = 0;
        for (const auto &[kind, text, unread] : notes) {
            auto *row = new QStandardItem(text);
            row->setData(QStringLiteral("n%1").arg(++n), roles.id);
            row->setData(kind, roles.kind);
            row->setData(text, roles.text);
            row->setData(QStringLiteral("b1"), roles.boardId);
            row->setData(QStringLiteral("i02"), roles.itemId);
            row->setData(QStringLiteral("2026-11-24T0%1:15:00.000Z").arg(9 - n), roles.at);
            row->setData(unread, roles.unread);
            inboxModel.appendRow(row);
        }
        InboxView inbox(&inboxModel);
        inbox.resize(460, 360);
        inbox.show();
        QVERIFY(QTest::qWaitForWindowExposed(&inbox));
        save(&inbox, QStringLiteral("inbox"), mode);

        // Connection indicator states.
        QWidget states;
        auto *layout = new QVBoxLayout(&states);
        const QDateTime since = QDateTime::currentDateTime().addSecs(-600);
        using S = Tessera::Core::ConnectionState;
        for (const auto &[state, seconds] : QList<std::pair<S, int>> { { S::Live, 0 }, { S::CatchingUp, 0 }, { S::Polling, 15 },
                                                                       { S::Offline, 0 }, { S::SignedOut, 0 } }) {
            auto *indicator = new ConnectionIndicator(&states);
            indicator->setState(state, QString(), since, seconds);
            layout->addWidget(indicator);
        }
        states.resize(240, 180);
        states.show();
        QVERIFY(QTest::qWaitForWindowExposed(&states));
        save(&states, QStringLiteral("connection-states"), mode);

        // Settings.
        SettingsDialog settings;
        settings.setServers({ QStringLiteral("https://tessera.example.com"), QStringLiteral("http://127.0.0.1:7420") });
        settings.setDisplayName(QStringLiteral("Ana Lima"));
        settings.setServerAdmin(true);
        settings.adminPage()->setUsers({ { QStringLiteral("u1"), QStringLiteral("ana"), QStringLiteral("Ana Lima"), true, false },
                                         { QStringLiteral("u2"), QStringLiteral("ben"), QStringLiteral("Ben Okafor"), false, false },
                                         { QStringLiteral("u3"), QStringLiteral("chloe"), QStringLiteral("Chloé Martin"), false, false },
                                         { QStringLiteral("u4"), QStringLiteral("dev"), QStringLiteral("Dev Patel"), false, true } });
        settings.show();
        QVERIFY(QTest::qWaitForWindowExposed(&settings));
        settings.showPage(SettingsDialog::General);
        save(&settings, QStringLiteral("settings-general"), mode);
        settings.showPage(SettingsDialog::AppearancePage);
        save(&settings, QStringLiteral("settings-appearance"), mode);
        settings.showPage(SettingsDialog::Account);
        save(&settings, QStringLiteral("settings-account"), mode);
        settings.showPage(SettingsDialog::Admin);
        save(&settings, QStringLiteral("settings-admin"), mode);

        StatusOptionsDialog options(store.columns().at(1));
        options.show();
        QVERIFY(QTest::qWaitForWindowExposed(&options));
        save(&options, QStringLiteral("status-options"), mode);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.mkpath(QStringLiteral("."))); }

    void light()
    {
        Appearance::apply(Appearance::Mode::Light);
        shootAll(QStringLiteral("light"));
    }

    void dark()
    {
        Appearance::apply(Appearance::Mode::Dark);
        shootAll(QStringLiteral("dark"));
    }
};

QTEST_MAIN(TstScreenshots)
#include "tst_screenshots.moc"
