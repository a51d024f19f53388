#include "commandservice.h"

#include "server/storage/boardrepository.h"
#include "server/storage/database.h"
#include "server/storage/inboxrepository.h"
#include "notifier.h"
#include "server/storage/settingsstore.h"
#include "server/accounts/userstore.h"

#include "core/rules/commandlogic.h"

#include <QElapsedTimer>


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
    m_retentionTimer.setInterval(RetentionIntervalMs);
    connect(&m_retentionTimer, &QTimer::timeout, this, &CommandService::compactLog);
    m_retentionTimer.start();
    compactLog();
}

// Commands still queued at destruction are dropped unanswered: they were never acked.
CommandService::~CommandService() = default;

void CommandService::submit(const QString &userId, const Core::Command &command, Done done)
{
    m_queue.append({ userId, command, std::move(done), {} });
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

CommandResult CommandService::submitNow(const QString &userId, const Core::Command &command)
{
    CommandResult out = CommandResult::failed(Core::ErrorCode::Internal, QStringLiteral("the command was not processed"));
    out.mutationId = command.mutationId;
    m_queue.append({ userId, command, [&out](const CommandResult &r) { out = r; }, {} });
    flush();
    return out;
}

Core::BoardState *CommandService::stateOf(const QString &boardId)
{
    auto it = m_states.find(boardId);
    if (it != m_states.end())
        return &*it;
    auto loaded = m_boards.load(boardId, m_database.epoch());
    if (!loaded)
        return nullptr;
    return &*m_states.insert(boardId, std::move(*loaded));
}

CommandResult CommandService::reject(Pending &pending, Core::RejectCode code, const QString &message,
                                     std::optional<Core::Item> current)
{
    const CommandResult r = CommandResult::rejected(pending.command.mutationId, code, message, std::move(current));
    m_boards.recordMutation(pending.userId, pending.command.mutationId, pending.command.boardId, r.toJson());
    return r;
}

bool CommandService::applyOne(Pending &p, GroupOutput &out)
{
    using Core::OpKind;
    const Core::Command &cmd = p.command;
    if (const auto stored = m_boards.mutationResult(p.userId, cmd.mutationId)) {
        auto result = CommandResult::fromJson(*stored);
        if (!result) {
            qWarning("tessera-server: stored outcome of %s unreadable: %s", qPrintable(cmd.mutationId),
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
    Core::Verdict verdict = Core::validate(cmd, *state, p.userId);
    std::optional<Core::User> added;
    if (verdict.ok) {
        // What only the server can know: ids are unique across boards, users exist.
        if (cmd.op.kind == OpKind::ItemCreate && m_boards.itemIdTaken(cmd.op.itemId()))
            verdict = Core::Verdict::reject(Core::RejectCode::Exists, QStringLiteral("item id is already used"));
        else if (cmd.op.kind == OpKind::CommentCreate && m_boards.commentIdTaken(cmd.op.str(QStringLiteral("commentId"))))
            verdict = Core::Verdict::reject(Core::RejectCode::Exists, QStringLiteral("comment id is already used"));
        else if (cmd.op.kind == OpKind::MemberAdd) {
            added = m_users.byId(cmd.op.str(QStringLiteral("userId")));
            if (!added || added->disabled)
                verdict = Core::Verdict::reject(Core::RejectCode::NotFound, QStringLiteral("unknown user"));
        }
    }
    if (m_boards.failed())
        return false;
    if (!verdict.ok) {
        p.result = reject(p, verdict.code, verdict.message, verdict.current);
        return !m_boards.failed();
    }

    const Core::Event event = Core::makeEvent(cmd, *state, p.userId, state->seq + 1, Core::nowIso(),
                                              added ? &*added : nullptr);
    const QList<Notifier::Recipient> recipients = Notifier::compute(event, *state);
    if (const Core::ApplyResult applied = Core::apply(event, *state); !applied.ok) {
        qWarning("tessera-server: cannot apply own event: %s", qPrintable(applied.message));
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
    p.result = CommandResult::ack(cmd.mutationId, event.seq);
    if (!m_boards.recordMutation(p.userId, cmd.mutationId, cmd.boardId, p.result.toJson()))
        return false;
    if (!out.boardEvents.contains(cmd.boardId))
        out.boardOrder.append(cmd.boardId);
    out.boardEvents[cmd.boardId].append(event);
    return true;
}

void CommandService::flush()
{
    m_flushTimer.stop();
    if (m_queue.isEmpty())
        return;
    QList<Pending> group = std::move(m_queue);
    m_queue.clear();
    GroupOutput out;
    QSqlDatabase db = m_database.db();
    m_boards.clearFailure();
    QElapsedTimer commitTimer;
    commitTimer.start();
    bool ok = db.transaction();
    for (qsizetype i = 0; ok && i < group.size(); ++i)
        ok = applyOne(group[i], out);
    ok = ok && !m_boards.failed() && db.commit();
    if (!ok) {
        db.rollback();
        m_boards.clearFailure();
        m_states.clear(); // the cached states may hold changes that were rolled back
        qWarning("tessera-server: a group of %d command(s) failed and was rolled back", int(group.size()));
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
        return;
    Q_EMIT groupCommitted(group.size(), double(commitTimer.nsecsElapsed()) / 1e9);
    for (const QString &boardId : std::as_const(out.boardOrder))
        Q_EMIT boardEventsCommitted(boardId, out.boardEvents.value(boardId));
    for (const QString &userId : std::as_const(out.userOrder))
        Q_EMIT inboxEventsCommitted(userId, out.inboxEvents.value(userId));
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

int CommandService::compactLog()
{
    flush();
    const SettingsStore settings(m_database.db());
    const int days = settings.logRetentionDays();
    const int minEvents = settings.logMinEvents();
    const int deleted = m_boards.compact(days, minEvents);
    if (deleted > 0)
        qInfo("tessera-server: log retention removed %d event(s) older than %d days", deleted, days);
    return deleted;
}

} // namespace Tessera::Server
