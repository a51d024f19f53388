#pragma once

#include "boardstate.h"
#include "core/protocol/codes.h"
#include "core/protocol/command.h"

#include <optional>

namespace Tessera::Core {

// The outcome of checking a command against a board: accepted, or rejected with a
// wire code (forbidden, not_found, conflict, invalid, exists) and, for conflicts,
// the item's current fields and versions.
struct Verdict
{
    bool ok = true;
    RejectCode code = RejectCode::Invalid;
    QString message;
    std::optional<Item> current;

    static Verdict accept() { return {}; }
    static Verdict reject(RejectCode code, const QString &message, std::optional<Item> current = std::nullopt)
    {
        return { false, code, message, std::move(current) };
    }
};

// May someone with `role` perform `kind`? `isAuthor` matters for comment edit/delete.
// The one authorization rule for board operations, used by server and client alike.
bool mayPerform(OpKind kind, Role role, bool isAuthor = false);

// Checks `command` by `actor` against `state`: authorization, existence, column
// types, status options, ranks and field versions (conflicts).
Verdict validate(const Command &command, const BoardState &state, const QString &actor);

// A bulk command (`ops`), checked op by op against the state the earlier ops leave: all
// apply or none. Only item and comment ops may be bulk. Accepted: `events`, one per op, at
// consecutive seqs from `firstSeq`. Refused: the first refusal, or, when the refusals are
// conflicts, every conflicting item (`conflicts`, with its current state).
struct BulkVerdict
{
    Verdict verdict;
    QList<std::pair<QString, Item>> conflicts; // item id, its current state
    EventList events;
};
BulkVerdict validateBulk(const Command &command, const BoardState &state, const QString &actor, qint64 firstSeq,
                         const QString &at);

// The events a command produces at consecutive seqs from `firstSeq`, each op on the state
// the earlier ones leave (a single-op command: one event). For the client's optimistic view.
EventList makeEvents(const Command &command, const BoardState &state, const QString &actor, qint64 firstSeq,
                     const QString &at);

// The event an accepted command produces at `seq`. Call only after validate() accepted it.
// `userDirectory` resolves member.add user ids to login and display name (server side).
Event makeEvent(const Command &command, const BoardState &state, const QString &actor, qint64 seq,
                const QString &at, const User *addedUser = nullptr);

} // namespace Tessera::Core
