#include "boardops.h"

#include "core/models/boardstore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QUuid>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {

Op make(OpKind kind, QJsonObject args = {})
{
    return Op { kind, std::move(args) };
}

QJsonArray optionsJson(const QList<StatusOption> &options)
{
    QJsonArray array;
    for (const StatusOption &option : options)
        array.append(option.toJson());
    return array;
}

bool isBoardLevel(EventKind kind)
{
    switch (kind) {
    case EventKind::ColumnCreated:
    case EventKind::ColumnUpdated:
    case EventKind::ColumnDeleted:
    case EventKind::ColumnMoved:
    case EventKind::BoardUpdated:
    case EventKind::BoardDeleted:
    case EventKind::BoardRestored:
    case EventKind::MemberAdded:
    case EventKind::MemberRemoved:
        return true;
    default:
        return false;
    }
}

} // namespace

Op BoardOps::rename(const QString &name)
{
    return make(OpKind::BoardUpdate, { { QStringLiteral("name"), name.trimmed() } });
}

Op BoardOps::describe(const QString &description)
{
    return make(OpKind::BoardUpdate, { { QStringLiteral("description"), description } });
}

Op BoardOps::archive(bool archived)
{
    return make(OpKind::BoardUpdate, { { QStringLiteral("archived"), archived } });
}

Op BoardOps::remove()
{
    return make(OpKind::BoardDelete);
}

Op BoardOps::restore()
{
    return make(OpKind::BoardRestore);
}

Op BoardOps::addMember(const QString &userId, Role role)
{
    return make(OpKind::MemberAdd, { { QStringLiteral("userId"), userId }, { QStringLiteral("role"), roleName(role) } });
}

Op BoardOps::removeMember(const QString &userId)
{
    return make(OpKind::MemberRemove, { { QStringLiteral("userId"), userId } });
}

Op BoardOps::createColumn(const Column &column)
{
    QJsonObject args { { QStringLiteral("columnId"), column.id },
                       { QStringLiteral("name"), column.name.trimmed() },
                       { QStringLiteral("type"), columnTypeName(column.type) } };
    if (column.type == ColumnType::Status)
        args.insert(QStringLiteral("options"), optionsJson(column.options.isEmpty() ? starterOptions() : column.options));
    return make(OpKind::ColumnCreate, args);
}

Op BoardOps::renameColumn(const QString &columnId, const QString &name)
{
    return make(OpKind::ColumnUpdate, { { QStringLiteral("columnId"), columnId }, { QStringLiteral("name"), name.trimmed() } });
}

Op BoardOps::retypeColumn(const QString &columnId, ColumnType type, const QList<StatusOption> &options)
{
    QJsonObject args { { QStringLiteral("columnId"), columnId }, { QStringLiteral("type"), columnTypeName(type) } };
    if (type == ColumnType::Status)
        args.insert(QStringLiteral("options"), optionsJson(options.isEmpty() ? starterOptions() : options));
    return make(OpKind::ColumnUpdate, args);
}

Op BoardOps::setOptions(const QString &columnId, const QList<StatusOption> &options)
{
    return make(OpKind::ColumnUpdate, { { QStringLiteral("columnId"), columnId }, { QStringLiteral("options"), optionsJson(options) } });
}

Op BoardOps::moveColumn(const QString &columnId, int index)
{
    return make(OpKind::ColumnMove, { { QStringLiteral("columnId"), columnId }, { QStringLiteral("index"), index } });
}

Op BoardOps::deleteColumn(const QString &columnId)
{
    return make(OpKind::ColumnDelete, { { QStringLiteral("columnId"), columnId } });
}

QList<StatusOption> BoardOps::starterOptions()
{
    return { { QStringLiteral("todo"), QCoreApplication::translate("BoardOps", "To do"), QStringLiteral("#9e9e9e") },
             { QStringLiteral("doing"), QCoreApplication::translate("BoardOps", "Doing"), QStringLiteral("#1e88e5") },
             { QStringLiteral("done"), QCoreApplication::translate("BoardOps", "Done"), QStringLiteral("#43a047") } };
}

QString BoardOps::newShortId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
}

BoardState BoardOps::effective(const BoardStore &store)
{
    BoardState state = store.confirmed();
    for (const LocalMutation &m : store.mutations()) {
        if (m.state != ItemState::Pending || !isBoardLevel(m.event.kind))
            continue;
        BoardState next = state;
        if (apply(m.event, next).ok) // one that no longer applies shows nothing
            state = std::move(next);
    }
    return state;
}

} // namespace Tessera::App
