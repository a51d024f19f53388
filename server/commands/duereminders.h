#pragma once

#include <QDate>
#include <QObject>
#include <QTimer>

namespace Tessera::Server {

class BoardRepository;
class CommandService;
class Database;

// Due-date reminders (notification kind `due`): the assignees of an item that is not
// done are told when one of its dates is today, and again once it is overdue; once per
// item, date column, date and stage, remembered in `reminders_sent`. Runs at start (so a
// day the server was down is caught up, for dates up to CatchUpDays back) and every
// IntervalMs. Dates are calendar days in the server's local time zone.
class DueReminders final : public QObject
{
    Q_OBJECT
public:
    static constexpr int IntervalMs = 5 * 60 * 1000;
    static constexpr int CatchUpDays = 14;

    DueReminders(Database &database, BoardRepository &boards, CommandService &commands, QObject *parent = nullptr);

    // Sends what is due on `today`; returns how many notifications were sent, -1 on error.
    int run(const QDate &today);
    int runNow() { return run(QDate::currentDate()); }

private:
    Database &m_database;
    BoardRepository &m_boards;
    CommandService &m_commands;
    QTimer m_timer;
};

} // namespace Tessera::Server
