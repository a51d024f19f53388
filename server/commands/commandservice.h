#pragma once

#include "core/rules/boardstate.h"
#include "core/rules/commandlogic.h"
#include "core/protocol/command.h"
#include "core/protocol/commandoutcome.h"
#include "core/protocol/event.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>

namespace Tessera::Server {

class BoardRepository;
class CommandLimits;
class Database;
class InboxRepository;
class UserStore;

// The answer to one command: ack (durable), reject (nothing changed), or error (the
// transaction failed; nothing changed, the client may retry the same mutationId). The
// shared type of the protocol, so the HTTP and WebSocket answers are encoded only there.
using CommandResult = Core::CommandOutcome;

// The one command path for every front end (HTTP now, WebSocket next). Commands that
// arrive in the same event-loop turn are applied together in ONE transaction (group
// commit, flushed by a zero timer): each is checked for a stored result (idempotency),
// validated by the shared core rules against the board's cached state, turned into an
// event with the board's next seq, written with its state change and notifications,
// and recorded in `mutations`. Callbacks and signals fire only after COMMIT; a failed
// COMMIT rolls everything back, drops the cached state of the boards involved and
// answers every command of the group with an error.
class CommandService final : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const CommandResult &)>;

    CommandService(Database &database, BoardRepository &boards, InboxRepository &inbox, UserStore &users,
                   QObject *parent = nullptr);
    ~CommandService() override;

    // Queues the command; `done` is called after the group's COMMIT.
    void submit(const QString &userId, const Core::Command &command, Done done);
    // Queues a command of background work (an import's rows). Background commands never share
    // a group with interactive ones and wait while any are queued; each background group
    // applies for at most BackgroundSliceMs and the next one starts no sooner than twice
    // what the last one took (about a third of the loop's time at most), so people's
    // commands and fan-out keep their latency while a job runs (docs/benchmarks.md).
    void submitBackground(const QString &userId, const Core::Command &command, Done done);
    static constexpr int BackgroundSliceMs = 1;
    // On PostgreSQL each statement is a round trip and each COMMIT a network fsync: a 1 ms
    // slice would hold two rows and make an import crawl (a 20,000-row CSV took 80 s).
    static constexpr int PostgresBackgroundSliceMs = 8;
    qsizetype backgroundQueued() const { return m_background.size(); }
    // True while the signals of a background group are emitted (fan-out may batch them longer).
    bool committingBackground() const { return m_committingBackground; }
    // Queues the command and flushes at once (with anything else queued), returning its
    // result: for front ends that must answer synchronously (HTTP, see BoardRoutes).
    CommandResult submitNow(const QString &userId, const Core::Command &command);
    // Applies everything queued now. Called by the zero timer.
    void flush();

    // Marks notifications read (ids, or every unread one) in its own transaction and
    // announces the inbox events; returns the unread count after, -1 on error.
    int markRead(const QString &userId, const QStringList &ids, bool all);

    // Notifications made outside any command (due-date reminders): `collect` runs inside
    // one transaction, after everything queued, and appends what to send (false: roll
    // back). They are stored in the inboxes and announced after COMMIT.
    struct Delivery
    {
        QString userId;
        Core::Notification notification;
    };
    bool deliver(const std::function<bool(QList<Delivery> &)> &collect);
    // A board's current state (cached; on PostgreSQL first brought up to the database's
    // head), nullptr when unknown or unreadable.
    const Core::BoardState *state(const QString &boardId);

    // Forget a board's cached state (after a change made outside this service).
    void invalidate(const QString &boardId);

    // What only the files room can check of attachment.add (the upload is the actor's,
    // complete and matches the op); without one, attachment.add is refused.
    using AttachmentCheck = std::function<Core::Verdict(const QString &userId, const QString &boardId, const Core::Op &op)>;
    void setAttachmentCheck(AttachmentCheck check) { m_attachmentCheck = std::move(check); }

    // Quotas, the HTTP rate limit and the cache budget (nullptr: none). Not owned.
    void setLimits(CommandLimits *limits);
    CommandLimits *limits() const { return m_limits; }

    // Runs log retention now with the settings log_retention_days / log_min_events
    // (SettingsStore). Also runs at construction (server start) and hourly.
    int compactLog();
    // Removes for good the boards deleted more than deleted_board_days ago. Also runs at
    // start and hourly. Returns how many, -1 on error.
    int purgeDeletedBoards();

    // Outcomes since start, for /metrics (HTTP and WebSocket alike).
    struct Counters
    {
        quint64 acked = 0;
        quint64 rejected = 0;
        quint64 failed = 0; // answered with an error: the group's transaction failed
        quint64 duplicates = 0; // retries answered from the stored result
    };
    const Counters &counters() const { return m_counters; }
    // Why the last command group's transaction failed (disk full, I/O error); empty once a
    // later group commits. Health reports it.
    QString lastWriteError() const { return m_lastWriteError; }

Q_SIGNALS:
    // A group's transaction committed: how many commands and how long BEGIN..COMMIT took.
    void groupCommitted(qsizetype commands, double seconds);
    void boardEventsCommitted(const QString &boardId, const Tessera::Core::EventList &events);
    void inboxEventsCommitted(const QString &userId, const Tessera::Core::EventList &events);

private:
    Counters m_counters;
    QString m_lastWriteError;
    struct Pending
    {
        QString userId;
        Core::Command command;
        Done done;
        CommandResult result;
    };
    struct GroupOutput
    {
        QHash<QString, Core::EventList> boardEvents;
        QHash<QString, Core::EventList> inboxEvents;
        QStringList boardOrder;
        QStringList userOrder;
    };

    // Applies one command inside the open transaction; false on a storage failure.
    bool applyOne(Pending &pending, GroupOutput &out);
    // Applies `group` in one transaction, answers and announces it. With a budget, stops
    // applying once that much time has passed (at least one command) and returns the
    // commands it did not get to, in order.
    QList<Pending> runGroup(QList<Pending> group, qint64 budgetNs = -1);
    void runBackground();
    Core::BoardState *stateOf(const QString &boardId);
    // On a database other nodes write too (PostgreSQL), at the start of a group: locks the
    // board's row (no other node commits to it until this COMMIT) and
    // brings the cached state up to the head if another node moved it since (from the log,
    // or by loading it again). False on a storage failure.
    bool claimBoard(const QString &boardId);
    bool claimBoards(const QList<Pending> &group); // every board of the group, by id
    // The cached state (if any) brought to `head` from the log, or dropped; false on a
    // storage failure.
    bool catchUp(const QString &boardId, std::optional<qint64> head);
    // On PostgreSQL a group that failed (a deadlock with another node's) runs again, this
    // many times in all, before its commands are answered with the error.
    static constexpr int MaxGroupAttempts = 3;
    // A cached board at most this far behind the database's head catches up from the log;
    // further behind, it is loaded again.
    static constexpr qint64 MaxCatchUpEvents = 10000;
    CommandResult reject(Pending &pending, Core::RejectCode code, const QString &message,
                         std::optional<Core::Item> current = std::nullopt,
                         const QList<std::pair<QString, Core::Item>> &conflicts = {});

    Database &m_database;
    BoardRepository &m_boards;
    InboxRepository &m_inbox;
    UserStore &m_users;
    QList<Pending> m_queue;
    QList<Pending> m_background;
    bool m_committingBackground = false;
    QHash<QString, Core::BoardState> m_states;
    CommandLimits *m_limits = nullptr;
    AttachmentCheck m_attachmentCheck;
    QTimer m_flushTimer;
    QTimer m_backgroundTimer;
    QTimer m_retentionTimer;
};

} // namespace Tessera::Server
