#pragma once

#include "core/protocol/command.h"

#include <QJsonObject>
#include <QString>

namespace Tessera::Core {
class BoardStore;
struct Column;
}

namespace Tessera::App {

// Builds ready-to-send ops the way the desktop client sends them: every change of an
// existing item carries `base`, the item's current versions of the changed fields.
// Pure functions over the store; nothing here talks to the network.
class OpBuilder final
{
public:
    static QString newId(); // a fresh client-generated id (UUID without braces)

    // `editBase` (from editBase() when the person began editing) wins over the store's
    // current versions: a change someone else made while the editor was open makes the
    // save a conflict instead of silently overwriting it.
    static Core::Op updateItem(const Core::BoardStore &store, const QString &itemId, const QJsonObject &fields,
                               const QJsonObject &editBase = {});
    // The versions an edit of `columnIds` starts from. Fields my own pending commands are
    // writing are left out: the outbox moves those along as my commands are acked.
    static QJsonObject editBase(const Core::BoardStore &store, const QString &itemId, const QStringList &columnIds);
    static Core::Op moveItem(const Core::BoardStore &store, const QString &itemId, const QString &rank,
                             const QJsonObject &fields = {});
    static Core::Op createItem(const QString &itemId, const QJsonObject &fields, const QString &rank);
    static Core::Op deleteItem(const QString &itemId);
    static Core::Op createComment(const QString &itemId, const QString &body);
    static Core::Op editComment(const QString &commentId, const QString &body);
    static Core::Op deleteComment(const QString &commentId);
    static Core::Op createColumn(const Core::Column &column);
    static Core::Op updateColumn(const Core::Column &column);
    static Core::Op deleteColumn(const QString &columnId);

    // The same op with `base` refreshed from the store's current versions of its fields
    // (for undo/redo, which replay an op later).
    static Core::Op rebased(const Core::BoardStore &store, const Core::Op &op);
    // The op that undoes `op` given the store as it is *before* `op` is applied;
    // nullopt when the op is not undoable (column and board changes, comments).
    static std::optional<Core::Op> inverse(const Core::BoardStore &store, const Core::Op &op);

    // A rank after the last item of the store (for new items).
    static QString rankAtEnd(const Core::BoardStore &store);
};

} // namespace Tessera::App
