#include "commandservice.h"

#include "server/storage/boardrepository.h"
#include "server/storage/database.h"
#include "server/storage/inboxrepository.h"
#include "commandlimits.h"
#include "notifier.h"
#include "server/storage/settingsstore.h"
#include "server/accounts/userstore.h"

#include "core/rules/commandlogic.h"
#include "server/ops/logging.h"

#include <QSqlError>
#include <QElapsedTimer>

#include <iterator>
#include <utility>


namespace Tessera::Server {

namespace {

constexpr int RetentionIntervalMs = 60 * 60 * 1000;

} // namespace

CommandService::CommandService(Database &database, BoardRepository &boards, InboxRepository &inbox, UserStore &users,
                               QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_boards(boards)
    , m_inbox(inbox)
    , m_users(users)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &CommandService::flush);
    m_backgroundTimer.setSingleShot(true);
    connect(&m_backgroundTimer, &QTimer::timeout, this, &CommandService::runBackground);
    m_retentionTimer.setInterval(RetentionIntervalMs);
    connect(&m_retentionTimer, &QTimer::timeout, this, [this] {
        compactLog();
        purgeDeletedBoards();
    });
    m_retentionTimer.start();
    compactLog();
    purgeDeletedBoards();
}

// Commands still queued at destruction are dropped unanswered: they were never acked.
CommandService::~CommandService() = default;

void CommandService::submit(const QString &userId, const Core::Command &command, Done done)
{
    m_queue.append({ userId, command, std::move(done), {} });
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void CommandService::submitBackground(const QString &userId, const Core::Command &command, Done done)
{
    m_background.append({ userId, command, std::move(done), {} });
    if (!m_backgroundTimer.isActive())
        m_backgroundTimer.start(0);
}

void CommandService::runBackground()
{
    flush(); // people's commands first, never in the same group
    if (m_background.isEmpty())
        return;
    QElapsedTimer took;
    took.start();
    m_committingBackground = true;
    const int sliceMs = m_database.isPostgres() ? PostgresBackgroundSliceMs : BackgroundSliceMs;
    QList<Pending> rest = runGroup(std::exchange(m_background, {}), qint64(sliceMs) * 1000000);
    m_committingBackground = false;
    rest.append(std::move(m_background)); // queued by the callbacks meanwhile
    m_background = std::move(rest);
    if (!m_background.isEmpty())
        m_backgroundTimer.start(std::max<int>(1, int((2 * took.nsecsElapsed() + 999999) / 1000000)));
}

CommandResult CommandService::submitNow(const QString &userId, const Core::Command &command)
{
    // HTTP commands are rate limited per user (sockets per connection): refused before
    // anything is queued or recorded, so the same mutationId can come back later.
    if (m_limits)
        if (auto refused = m_limits->admitHttp(userId, command))
            return *refused;
    CommandResult out = CommandResult::failed(Core::ErrorCode::Internal, QStringLiteral("the command was not processed"));
    out.mutationId = command.mutationId;
    m_queue.append({ userId, command, [&out](const CommandResult &r) { out = r; }, {} });
    flush();
    return out;
}

const Core::BoardState *CommandService::state(const QString &boardId)
{
    if (m_database.isPostgres() && m_states.contains(boardId)) { // other nodes may have moved it
        const auto h = m_boards.heads(boardId);
        if (m_boards.failed() || !catchUp(boardId, h ? std::optional<qint64>(h->head) : std::nullopt))
            invalidate(boardId);
    }
    return stateOf(boardId);
}

Core::BoardState *CommandService::stateOf(const QString &boardId)
{
    auto it = m_states.find(boardId);
    if (it != m_states.end()) {
        if (m_limits)
            m_limits->used(boardId);
        return &*it;
    }
    auto loaded = m_boards.load(boardId, m_database.epoch());
    if (!loaded)
        return nullptr;
    if (m_limits) { // the cache stays within its budget: least recently used boards go
        for (const QString &evicted : m_limits->loaded(boardId, *loaded))
            m_states.remove(evicted);
    }
    return &*m_states.insert(boardId, std::move(*loaded));
}

void CommandService::setLimits(CommandLimits *limits)
{
    m_limits = limits;
    if (m_limits)
        m_limits->setStateLookup([this](const QString &boardId) -> Core::BoardState * {
            const auto it = m_states.find(boardId);
            return it == m_states.end() ? nullptr : &*it;
        });
}

void CommandService::invalidate(const QString &boardId)
{
    m_states.remove(boardId);
    if (m_limits)
        m_limits->dropped(boardId);
}

CommandResult CommandService::reject(Pending &pending, Core::RejectCode code, const QString &message,
                                     std::optional<Core::Item> current, const QList<std::pair<QString, Core::Item>> &conflicts)
{
    CommandResult r = CommandResult::rejected(pending.command.mutationId, code, message, std::move(current));
    r.conflicts = conflicts;
    m_boards.recordMutation(pending.userId, pending.command.mutationId, pending.command.boardId, r.toJson());
    return r;
}

bool CommandService::claimBoards(const QList<Pending> &group)
{
    if (!m_database.isPostgres())
        return true;
    // In one order (by id) on every node, so two nodes' groups on the same boards queue
    // behind each other instead of each holding one board the other waits for.
    QStringList boards;
    for (const Pending &p : group)
        boards.append(p.command.boardId);
    boards.sort();
    boards.removeDuplicates();
    for (const QString &boardId : std::as_const(boards)) {
        if (!claimBoard(boardId))
            return false;
    }
    return true;
}

bool CommandService::claimBoard(const QString &boardId)
{
    const auto head = m_boards.lockHead(boardId);
    if (m_boards.failed())
        return false;
    return catchUp(boardId, head);
}

bool CommandService::catchUp(const QString &boardId, std::optional<qint64> head)
{
    const auto it = m_states.find(boardId);
    if (it == m_states.end() || (head && it->seq == *head))
        return true;
    // Behind: another node committed since. Its events are applied to the cached state as
    // that node applied them to its own (reloading a 100,000-item board at every lock
    // handoff between nodes cost more than the commands); anything unexpected: reload.
    if (head && *head > it->seq && *head - it->seq <= MaxCatchUpEvents) {
        const int missing = int(*head - it->seq);
        const auto events = m_boards.eventsAfter(boardId, it->seq, missing);
        bool ok = events && events->size() == missing && events->first().seq == it->seq + 1;
        for (qsizetype i = 0; ok && i < events->size(); ++i)
            ok = (m_limits ? m_limits->apply(boardId, events->at(i), *it) : Core::apply(events->at(i), *it)).ok;
        if (ok && it->seq == *head) {
            if (m_limits)
                m_limits->grew(boardId, *events);
            return true;
        }
        if (m_boards.failed())
            return false;
    }
    invalidate(boardId);
    return true;
}

bool CommandService::applyOne(Pending &p, GroupOutput &out)
{
    using Core::OpKind;
    const Core::Command &cmd = p.command;
    // The board is claimed already (claimBoards, before any idempotency check): a retry of
    // this command on another node has committed first, and its stored outcome is seen.
    if (const auto stored = m_boards.mutationResult(p.userId, cmd.mutationId)) {
        auto result = CommandResult::fromJson(*stored);
        if (!result) {
            qCWarning(lcCommands, "stored outcome of %s unreadable: %s", qPrintable(cmd.mutationId),
                     qPrintable(result.error().message));
            return false;
        }
        p.result = result.value();
        p.result.duplicate = p.result.status == CommandResult::Status::Ack;
        return true;
    }
    if (m_boards.failed())
        return false;
    Core::BoardState *state = stateOf(cmd.boardId);
    if (!state) {
        if (m_boards.failed())
            return false;
        p.result = reject(p, Core::RejectCode::NotFound, QStringLiteral("unknown board"));
        return !m_boards.failed();
    }
    if (!state->members.contains(p.userId)) { // a non-member learns nothing: as if unknown
        p.result = reject(p, Core::RejectCode::NotFound, QStringLiteral("unknown board"));
        return !m_boards.failed();
    }
    // The events the command makes (a bulk command: one per op, at consecutive seqs), or why not.
    const QString at = Core::nowIso();
    Core::BulkVerdict decided;
    std::optional<Core::User> added;
    if (cmd.isBulk()) {
        decided = Core::validateBulk(cmd, *state, p.userId, state->seq + 1, at);
    } else {
        decided.verdict = Core::validate(cmd, *state, p.userId);
        if (decided.verdict.ok && cmd.op.kind == OpKind::MemberAdd) {
            added = m_users.byId(cmd.op.str(QStringLiteral("userId")));
            if (!added || added->disabled)
                decided.verdict = Core::Verdict::reject(Core::RejectCode::NotFound, QStringLiteral("unknown user"));
        }
        if (decided.verdict.ok)
            decided.events = { Core::makeEvent(cmd, *state, p.userId, state->seq + 1, at, added ? &*added : nullptr) };
    }
    // What only the server can know: ids are unique across boards.
    for (const Core::Op &op : cmd.allOps()) {
        if (!decided.verdict.ok)
            break;
        if (op.kind == OpKind::ItemCreate && m_boards.itemIdTaken(op.itemId()))
            decided.verdict = Core::Verdict::reject(Core::RejectCode::Exists, QStringLiteral("item id is already used"));
        else if (op.kind == OpKind::CommentCreate && m_boards.commentIdTaken(op.str(QStringLiteral("commentId"))))
            decided.verdict = Core::Verdict::reject(Core::RejectCode::Exists, QStringLiteral("comment id is already used"));
        else if (op.kind == OpKind::AttachmentAdd)
            decided.verdict = m_attachmentCheck ? m_attachmentCheck(p.userId, cmd.boardId, op)
                                                : Core::Verdict::reject(Core::RejectCode::Invalid, QStringLiteral("attachments are off"));
    }
    if (decided.verdict.ok && m_limits) // admin-set quotas
        if (const auto why = m_limits->quotaProblem(cmd, *state))
            decided.verdict = Core::Verdict::reject(Core::RejectCode::QuotaExceeded, *why);
    if (m_boards.failed())
        return false;
    if (!decided.verdict.ok) {
        p.result = reject(p, decided.verdict.code, decided.verdict.message, decided.verdict.current, decided.conflicts);
        return !m_boards.failed();
    }

    for (const Core::Event &event : std::as_const(decided.events)) {
        const QList<Notifier::Recipient> recipients = Notifier::compute(event, *state);
        const Core::ApplyResult applied = m_limits ? m_limits->apply(cmd.boardId, event, *state) : Core::apply(event, *state);
        if (!applied.ok) {
            qCWarning(lcCommands, "cannot apply own event: %s", qPrintable(applied.message));
            return false;
        }
        if (!m_boards.append(cmd.boardId, event, *state))
            return false;
        for (const Notifier::Recipient &r : recipients) {
            const auto stored = m_inbox.append(r.userId, r.notification);
            if (!stored)
                return false;
            if (!out.inboxEvents.contains(r.userId))
                out.userOrder.append(r.userId);
            out.inboxEvents[r.userId].append(*stored);
        }
        if (!out.boardEvents.contains(cmd.boardId))
            out.boardOrder.append(cmd.boardId);
        out.boardEvents[cmd.boardId].append(event);
    }
    if (m_limits)
        m_limits->grew(cmd.boardId, decided.events);
    p.result = CommandResult::ack(cmd.mutationId, decided.events.last().seq);
    if (cmd.isBulk())
        p.result.fromSeq = decided.events.first().seq;
    return m_boards.recordMutation(p.userId, cmd.mutationId, cmd.boardId, p.result.toJson());
}

void CommandService::flush()
{
    m_flushTimer.stop();
    if (m_queue.isEmpty())
        return;
    runGroup(std::exchange(m_queue, {}));
}

QList<CommandService::Pending> CommandService::runGroup(QList<Pending> group, qint64 budgetNs)
{
    GroupOutput out;
    QSqlDatabase db = m_database.db();
    QElapsedTimer commitTimer;
    commitTimer.start();
    bool ok = false;
    qsizetype applied = 0;
    for (int attempt = 1;; ++attempt) {
        out = GroupOutput();
        m_boards.clearFailure();
        ok = db.transaction() && claimBoards(group);
        applied = 0;
        while (ok && applied < group.size() && (applied == 0 || budgetNs < 0 || commitTimer.nsecsElapsed() < budgetNs))
            ok = applyOne(group[applied++], out);
        ok = ok && !m_boards.failed() && db.commit();
        // PostgreSQL may pick this transaction to end a deadlock with another node's (two
        // groups notifying the same people in another order; the statement that failed
        // may be any of the group's): nothing of it was kept, so the group runs again.
        if (ok || attempt == MaxGroupAttempts || !m_database.isPostgres())
            break;
        qCInfo(lcCommands, "a group of %d command(s) failed (%s); running it again", int(applied),
               qPrintable(m_boards.failed() ? m_boards.lastError() : db.lastError().text()));
        db.rollback();
        m_states.clear();
        if (m_limits)
            m_limits->clear();
    }
    if (!ok)
        applied = group.size(); // the whole group is answered with the error
    QList<Pending> rest(std::make_move_iterator(group.begin() + applied), std::make_move_iterator(group.end()));
    group.resize(applied);
    if (ok) {
        m_lastWriteError.clear();
    } else {
        m_lastWriteError = m_boards.failed() ? m_boards.lastError() : db.lastError().text();
        if (m_lastWriteError.trimmed().isEmpty())
            m_lastWriteError = QStringLiteral("the transaction could not be committed");
        db.rollback();
        m_boards.clearFailure();
        m_states.clear(); // the cached states may hold changes that were rolled back
        if (m_limits)
            m_limits->clear();
        qCWarning(lcCommands, "a group of %d command(s) failed and was rolled back", int(group.size()));
        for (Pending &p : group) {
            p.result = CommandResult::failed(Core::ErrorCode::Internal,
                                             QStringLiteral("the change could not be stored; nothing was changed, retry later"));
            p.result.mutationId = p.command.mutationId;
        }
    }
    for (Pending &p : group) {
        switch (p.result.status) {
        case CommandResult::Status::Ack:
            ++(p.result.duplicate ? m_counters.duplicates : m_counters.acked);
            break;
        case CommandResult::Status::Reject:
            ++m_counters.rejected;
            break;
        case CommandResult::Status::Error:
            ++m_counters.failed;
            break;
        }
        if (p.done)
            p.done(p.result);
    }
    if (!ok)
        return rest;
    Q_EMIT groupCommitted(group.size(), double(commitTimer.nsecsElapsed()) / 1e9);
    for (const QString &boardId : std::as_const(out.boardOrder))
        Q_EMIT boardEventsCommitted(boardId, out.boardEvents.value(boardId));
    for (const QString &userId : std::as_const(out.userOrder))
        Q_EMIT inboxEventsCommitted(userId, out.inboxEvents.value(userId));
    return rest;
}

int CommandService::markRead(const QString &userId, const QStringList &ids, bool all)
{
    flush();
    QSqlDatabase db = m_database.db();
    if (!db.transaction())
        return -1;
    const auto events = m_inbox.markRead(userId, ids, all);
    if (!events || !db.commit()) {
        db.rollback();
        return -1;
    }
    if (!events->isEmpty())
        Q_EMIT inboxEventsCommitted(userId, *events);
    return m_inbox.unread(userId);
}

bool CommandService::deliver(const std::function<bool(QList<Delivery> &)> &collect)
{
    flush();
    QSqlDatabase db = m_database.db();
    if (!db.transaction())
        return false;
    QList<Delivery> deliveries;
    QHash<QString, Core::EventList> events;
    QStringList order;
    bool ok = collect(deliveries);
    for (qsizetype i = 0; ok && i < deliveries.size(); ++i) {
        const auto stored = m_inbox.append(deliveries.at(i).userId, deliveries.at(i).notification);
        ok = stored.has_value();
        if (!ok)
            break;
        if (!events.contains(deliveries.at(i).userId))
            order.append(deliveries.at(i).userId);
        events[deliveries.at(i).userId].append(*stored);
    }
    if (!ok || !db.commit()) {
        db.rollback();
        qCWarning(lcCommands, "notifications could not be stored; they will be tried again");
        return false;
    }
    for (const QString &userId : std::as_const(order))
        Q_EMIT inboxEventsCommitted(userId, events.value(userId));
    return true;
}

int CommandService::compactLog()
{
    flush();
    const SettingsStore settings(m_database.db());
    const int days = settings.logRetentionDays();
    const int minEvents = settings.logMinEvents();
    const int deleted = m_boards.compact(days, minEvents);
    if (deleted > 0)
        qCInfo(lcCommands, "log retention removed %d event(s) older than %d days", deleted, days);
    return deleted;
}

int CommandService::purgeDeletedBoards()
{
    flush();
    const int days = SettingsStore(m_database.db()).value(QStringLiteral("deleted_board_days")).toInt();
    const int purged = m_boards.purgeDeleted(days);
    if (purged > 0) {
        m_states.clear(); // a purged board must not live on in the cache
        if (m_limits)
            m_limits->clear();
        qCInfo(lcCommands, "removed %d board(s) deleted more than %d days ago", purged, days);
    }
    return purged;
}

} // namespace Tessera::Server
