#pragma once

#include "expected.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace Tessera::Core {

enum class OpKind {
    ItemCreate,
    ItemUpdate,
    ItemMove,
    ItemDelete,
    CommentCreate,
    CommentEdit,
    CommentDelete,
    ColumnCreate,
    ColumnUpdate,
    ColumnDelete,
    BoardUpdate,
    MemberAdd,
    MemberRemove,
    BoardDelete, // owners: {} -> board.deleted
    BoardRestore, // owners: {} -> board.restored
    ColumnMove, // owners: {columnId, index} -> column.moved
    ViewCreate, // owners, editors: {viewId, name, config} -> view.created
    ViewUpdate, // owners, editors: {viewId, name?, config?} -> view.updated
    ViewDelete, // owners, editors: {viewId} -> view.deleted
    AttachmentAdd, // owners, editors: {attachmentId, itemId, uploadId, name, size, sha256, contentType} -> attachment.added
    AttachmentRemove, // owners, editors: {attachmentId} -> attachment.removed
};

QString opKindName(OpKind kind);
std::optional<OpKind> opKindFromName(const QString &name);
QStringList opKindNames();

// One operation of a command. `args` holds the kind-specific fields exactly as on the
// wire (itemId, fields, base, rank, commentId, body, columnId, name, type, options,
// description, userId, role); fromJson checks their shape, `validate()` their meaning.
struct Op
{
    OpKind kind = OpKind::ItemUpdate;
    QJsonObject args;

    QString itemId() const { return args.value(QStringLiteral("itemId")).toString(); }
    QJsonObject fields() const { return args.value(QStringLiteral("fields")).toObject(); }
    QMap<QString, qint64> base() const;
    QString str(const QString &key) const { return args.value(key).toString(); }
    bool has(const QString &key) const { return args.contains(key); }

    QJsonObject toJson() const;
    static Expected<Op> fromJson(const QJsonObject &json, const QString &path = QStringLiteral("op"));
    bool operator==(const Op &) const = default;
};

// A client's request to change a board: `{mutationId, board, op}`, or a bulk command
// `{mutationId, board, ops:[…]}` (at most Limits::maxOpsPerCommand) whose ops apply all or
// none, with consecutive seqs.
struct Command
{
    QString mutationId;
    QString boardId;
    Op op; // a single-op command
    QList<Op> ops; // a bulk command (then `op` is unused)

    bool isBulk() const { return !ops.isEmpty(); }
    QList<Op> allOps() const { return isBulk() ? ops : QList<Op> { op }; }
    QJsonObject toJson() const; // {mutationId, board, op} or {mutationId, board, ops}
    static Expected<Command> fromJson(const QJsonObject &json, const QString &path = QString());
    bool operator==(const Command &) const = default;
};

} // namespace Tessera::Core
