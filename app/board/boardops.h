#pragma once

#include "core/protocol/command.h"
#include "core/protocol/domain.h"
#include "core/rules/boardstate.h"

namespace Tessera::Core {
class BoardStore;
}

namespace Tessera::App {

// The ops that change a board itself, its members and its columns (owners only), built
// the way the desktop client sends them; and the board as the person sees it while such
// ops of theirs wait in the outbox. Pure functions; nothing here talks to the network.
class BoardOps final
{
public:
    static Core::Op rename(const QString &name);
    static Core::Op describe(const QString &description);
    static Core::Op archive(bool archived);
    static Core::Op remove();
    static Core::Op restore();

    static Core::Op addMember(const QString &userId, Core::Role role); // also changes a role
    static Core::Op removeMember(const QString &userId);

    static Core::Op createColumn(const Core::Column &column);
    static Core::Op renameColumn(const QString &columnId, const QString &name);
    // A change of type; a column becoming a status column gets `options` (a starter set
    // when empty). The server refuses a change that would lose values.
    static Core::Op retypeColumn(const QString &columnId, Core::ColumnType type,
                                 const QList<Core::StatusOption> &options = {});
    static Core::Op setOptions(const QString &columnId, const QList<Core::StatusOption> &options);
    static Core::Op moveColumn(const QString &columnId, int index);
    static Core::Op deleteColumn(const QString &columnId);

    // Options for a column that just became a status column: To do, Doing, Done.
    static QList<Core::StatusOption> starterOptions();
    // A fresh short id for a column or an option.
    static QString newShortId();

    // The confirmed board with my pending board, member and column changes applied on
    // top (the store's overlay shows item changes only), as dialogs show it offline.
    static Core::BoardState effective(const Core::BoardStore &store);
};

} // namespace Tessera::App
