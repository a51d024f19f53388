#include "digest.h"

#include "core/models/boardstats.h"
#include "core/models/boardstore.h"
#include "core/models/itemfilter.h"
#include "core/rules/itemfacts.h"

#include <QTextStream>

namespace Tessera::Examples {

using namespace Tessera::Core;

namespace {

struct Line
{
    QDate day; // the earliest date that decided the section
    QString text;
};

QString list(const QString &heading, QList<Line> lines)
{
    std::sort(lines.begin(), lines.end(),
              [](const Line &a, const Line &b) { return a.day != b.day ? a.day < b.day : a.text < b.text; });
    QString out = QStringLiteral("  %1 (%2)%3\n")
                      .arg(heading)
                      .arg(lines.size())
                      .arg(lines.isEmpty() ? QStringLiteral(": none") : QString());
    for (const Line &l : std::as_const(lines))
        out += QStringLiteral("    - %1\n").arg(l.text);
    return out;
}

} // namespace

QString boardDigest(const BoardStore &store, const User &user, const QDate &today)
{
    const BoardNumbers numbers = BoardStats::compute(store, today);
    const QList<Column> &columns = store.columns();
    const Column *status
        = numbers.statusColumnId.isEmpty() ? nullptr : store.confirmed().column(numbers.statusColumnId);
    const QDate sunday = today.addDays(7 - today.dayOfWeek());
    const auto describe = [&](const Item &item, const QDate &day) {
        QString text = titleOf(item, columns);
        if (text.isEmpty())
            text = QStringLiteral("(untitled)");
        if (status) {
            if (const QString s = displayText(*status, item.fields.value(status->id), store); !s.isEmpty())
                text += QStringLiteral(" [%1]").arg(s);
        }
        if (day.isValid())
            text += QStringLiteral(" (due %1)").arg(day.toString(Qt::ISODate));
        return text;
    };
    QList<Line> overdue, dueToday, dueThisWeek, mine;
    for (const QString &id : numbers.overdue) {
        if (const Item *item = store.itemPtr(id)) {
            QDate earliest;
            for (const auto &[columnId, day] : datesOf(*item, columns))
                earliest = !earliest.isValid() || day < earliest ? day : earliest;
            overdue.append({ earliest, describe(*item, earliest) });
        }
    }
    for (const QString &id : store.itemIds()) {
        const Item *item = store.itemPtr(id);
        if (!item || isDone(*item, columns))
            continue;
        QDate next; // the first date from today on
        for (const auto &[columnId, day] : datesOf(*item, columns)) {
            if (day >= today && (!next.isValid() || day < next))
                next = day;
        }
        if (next == today)
            dueToday.append({ next, describe(*item, next) });
        else if (next.isValid() && next <= sunday)
            dueThisWeek.append({ next, describe(*item, next) });
        if (assigneesOf(item->fields, store.confirmed()).contains(user.id))
            mine.append({ next.isValid() ? next : QDate(9999, 12, 31), describe(*item, next) });
    }
    QString out = QStringLiteral("%1 (%2 items)\n").arg(store.confirmed().board.name).arg(numbers.items);
    out += list(QStringLiteral("Overdue"), overdue);
    out += list(QStringLiteral("Due today"), dueToday);
    out += list(QStringLiteral("Due later this week"), dueThisWeek);
    out += list(QStringLiteral("Assigned to you, not done"), mine);
    QStringList counts;
    for (const BoardNumbers::Bar &bar : numbers.perStatus)
        counts.append(QStringLiteral("%1 %2").arg(bar.label).arg(bar.count));
    out += QStringLiteral("  By status: %1\n")
               .arg(counts.isEmpty() ? QStringLiteral("no status column") : counts.join(QStringLiteral(", ")));
    return out;
}

DigestRun::DigestRun(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_sync({ m_options.server, m_cacheDir.path(), &m_tokens })
{
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(m_options.timeoutSeconds * 1000);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        fail(3,
             QStringLiteral("no complete answer from %1 within %2 s (%3)")
                 .arg(m_options.server.toString())
                 .arg(m_options.timeoutSeconds)
                 .arg(m_sync.stateReason()));
    });
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &DigestRun::checkCurrent);
    connect(&m_sync, &SyncClient::signInFailed, this, [this](const QString &why) {
        fail(2,
             QStringLiteral("cannot sign in to %1 as %2: %3").arg(m_options.server.toString(), m_options.login, why));
    });
    connect(&m_sync, &SyncClient::signedIn, this, [this] { m_signedIn = true; });
    // The first list after signing in comes from the local cache (empty here); the next
    // one is the server's, with each board's head seq.
    connect(&m_sync, &SyncClient::boardsChanged, this, [this] {
        if (m_signedIn && m_boards.isEmpty())
            openBoards();
    });
    connect(&m_sync, &SyncClient::caughtUp, this, &DigestRun::checkCurrent);
}

void DigestRun::start()
{
    if (!m_cacheDir.isValid())
        return fail(1, QStringLiteral("no temporary folder for the cache"));
    m_deadline.start();
    m_sync.signIn(m_options.login, m_options.password);
}

void DigestRun::openBoards()
{
    QStringList names;
    for (const BoardSummary &b : m_sync.boards()) {
        names.append(b.board.name);
        if (b.board.deletedAt.isEmpty() && (m_options.boardName.isEmpty() || b.board.name == m_options.boardName))
            m_boards.append(b);
    }
    if (m_boards.isEmpty()) {
        return fail(4,
                    m_options.boardName.isEmpty() ? QStringLiteral("%1 is a member of no board").arg(m_options.login)
                                                  : QStringLiteral("no board named \"%1\"; the boards are: %2")
                                                        .arg(m_options.boardName, names.join(QStringLiteral(", "))));
    }
    for (const BoardSummary &b : std::as_const(m_boards)) {
        BoardStore *store = m_sync.openBoard(b.board.id);
        connect(store, &BoardStore::batchApplied, this, &DigestRun::checkCurrent);
        connect(store, &BoardStore::reset, this, &DigestRun::checkCurrent);
    }
    m_poll.start();
    checkCurrent();
}

void DigestRun::checkCurrent()
{
    if (m_done || m_boards.isEmpty())
        return;
    for (const BoardSummary &b : std::as_const(m_boards)) {
        const BoardStore *store = m_sync.board(b.board.id);
        if (!store || store->confirmed().board.id != b.board.id || store->confirmed().seq < b.headSeq)
            return;
    }
    const QDate today = QDate::currentDate();
    const User &me = m_sync.user();
    m_output = QStringLiteral("Tessera digest for %1 (%2), %3\n")
                   .arg(me.displayName.isEmpty() ? me.login : me.displayName, me.login, today.toString(Qt::ISODate));
    for (const BoardSummary &b : std::as_const(m_boards))
        m_output += QLatin1Char('\n') + boardDigest(*m_sync.board(b.board.id), me, today);
    m_done = true;
    m_deadline.stop();
    m_poll.stop();
    Q_EMIT finished(0);
}

void DigestRun::fail(int exitCode, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    m_poll.stop();
    m_error = message;
    Q_EMIT finished(exitCode);
}

} // namespace Tessera::Examples
