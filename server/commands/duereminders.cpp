#include "duereminders.h"

#include "commandservice.h"

#include "server/storage/boardrepository.h"
#include "server/storage/database.h"

#include "core/rules/itemfacts.h"

#include <QLocale>
#include <QSqlQuery>

namespace Tessera::Server {

namespace {

enum class Stage { Today, Overdue };

QString stageName(Stage stage)
{
    return stage == Stage::Today ? QStringLiteral("today") : QStringLiteral("overdue");
}

// Records the reminder; false when it was already sent (or on error, see `failed`).
bool claim(QSqlDatabase &db, const QString &boardId, const QString &itemId, const QString &columnId, const QDate &date,
           Stage stage, bool *failed)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO reminders_sent (board_id, item_id, column_id, date, stage, at) "
                             "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    q.addBindValue(boardId);
    q.addBindValue(itemId);
    q.addBindValue(columnId);
    q.addBindValue(date.toString(Qt::ISODate));
    q.addBindValue(stageName(stage));
    q.addBindValue(Core::nowIso());
    if (!q.exec()) {
        *failed = true;
        return false;
    }
    return q.numRowsAffected() == 1;
}

QString reminderText(const QString &title, const QString &columnName, const QDate &date, Stage stage)
{
    const QString day = QLocale::c().toString(date, QStringLiteral("ddd d MMM"));
    if (stage == Stage::Today)
        return QStringLiteral("\"%1\" is due today (%2)").arg(title, columnName);
    return QStringLiteral("\"%1\" is overdue: %2 was %3").arg(title, columnName, day);
}

} // namespace

DueReminders::DueReminders(Database &database, BoardRepository &boards, CommandService &commands, QObject *parent)
    : QObject(parent), m_database(database), m_boards(boards), m_commands(commands)
{
    m_timer.setInterval(IntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &DueReminders::runNow);
    m_timer.start();
    runNow();
}

int DueReminders::run(const QDate &today)
{
    const QDate oldest = today.addDays(-CatchUpDays);
    int sent = 0;
    const bool ok = m_commands.deliver([&](QList<CommandService::Delivery> &out) {
        QSqlDatabase db = m_database.db();
        bool failed = false;
        for (const QString &boardId : m_boards.liveBoardIds()) {
            const Core::BoardState *state = m_commands.state(boardId);
            if (!state)
                return false;
            for (const Core::Item &item : state->items) {
                if (Core::isDone(item, state->columns))
                    continue;
                const QStringList assignees = Core::assigneesOf(item.fields, *state);
                if (assignees.isEmpty())
                    continue;
                for (const auto &[columnId, date] : Core::datesOf(item, state->columns)) {
                    if (date > today || date < oldest)
                        continue;
                    const Stage stage = date == today ? Stage::Today : Stage::Overdue;
                    if (!claim(db, boardId, item.id, columnId, date, stage, &failed)) {
                        if (failed)
                            return false;
                        continue;
                    }
                    const Core::Column *column = state->column(columnId);
                    QString title = Core::titleOf(item, state->columns);
                    if (title.isEmpty())
                        title = item.id;
                    for (const QString &userId : assignees) {
                        Core::Notification n;
                        n.kind = Core::NotificationKind::Due;
                        n.boardId = boardId;
                        n.itemId = item.id;
                        n.actor = userId; // nobody acted: the recipient stands in
                        n.text = reminderText(title.left(80), column ? column->name : columnId, date, stage);
                        out.append({ userId, n });
                        ++sent;
                    }
                }
            }
        }
        return true;
    });
    return ok ? sent : -1;
}

} // namespace Tessera::Server
