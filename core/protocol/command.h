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

// A client's request to change a board: `{mutationId, board, op}`.
struct Command
{
    QString mutationId;
    QString boardId;
    Op op;

    QJsonObject toJson() const; // {mutationId, board, op}
    static Expected<Command> fromJson(const QJsonObject &json, const QString &path = QString());
    bool operator==(const Command &) const = default;
};

} // namespace Tessera::Core
