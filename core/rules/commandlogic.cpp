#include "commandlogic.h"

#include "mentions.h"
#include "rank.h"

#include "core/protocol/limits.h"

#include <QJsonArray>

namespace Tessera::Core {

namespace {

constexpr qsizetype MaxColumns = 64;
constexpr qsizetype MaxViews = 100;

Verdict checkFields(const QJsonObject &fields, const BoardState &state)
{
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        if (it.key() == Item::descriptionKey()) {
            if (!it.value().isString() && !it.value().isNull())
                return Verdict::reject(RejectCode::Invalid, QStringLiteral("Description: expected text"));
            continue;
        }
        const Column *column = state.column(it.key());
        if (!column)
            return Verdict::reject(RejectCode::NotFound, QStringLiteral("unknown column '%1'").arg(it.key()));
        QString why;
        if (!column->accepts(it.value(), &why))
            return Verdict::reject(RejectCode::Invalid, QStringLiteral("%1: %2").arg(column->name, why));
    }
    return Verdict::accept();
}

Verdict checkBase(const Op &op, const Item &item)
{
    const QMap<QString, qint64> base = op.base();
    const QJsonObject fields = op.fields();
    for (auto it = base.constBegin(); it != base.constEnd(); ++it) {
        if (!fields.contains(it.key()))
            continue; // a base for a field not being changed says nothing
        const qint64 current = item.versions.value(it.key(), 0);
        if (current > it.value()) {
            return Verdict::reject(RejectCode::Conflict,
                                   QStringLiteral("field '%1' changed since version %2 (now %3)")
                                           .arg(it.key())
                                           .arg(it.value())
                                           .arg(current),
                                   item);
        }
    }
    return Verdict::accept();
}

qsizetype ownerCount(const BoardState &state)
{
    qsizetype n = 0;
    for (const Member &m : state.members)
        n += m.role == Role::Owner ? 1 : 0;
    return n;
}

bool optionInUse(const BoardState &state, const QString &columnId, const QString &optionId)
{
    for (const Item &item : state.items) {
        if (item.fields.value(columnId).toString() == optionId)
            return true;
    }
    return false;
}

} // namespace

bool mayPerform(OpKind kind, Role role, bool isAuthor)
{
    switch (kind) {
    case OpKind::ItemCreate:
    case OpKind::ItemUpdate:
    case OpKind::ItemMove:
    case OpKind::ItemDelete:
        return role == Role::Owner || role == Role::Editor;
    case OpKind::CommentCreate:
        return role != Role::None;
    case OpKind::CommentEdit:
        return role != Role::None && isAuthor;
    case OpKind::CommentDelete:
        return role == Role::Owner || (role != Role::None && isAuthor);
    case OpKind::ColumnCreate:
    case OpKind::ColumnUpdate:
    case OpKind::ColumnDelete:
    case OpKind::ColumnMove:
    case OpKind::BoardUpdate:
    case OpKind::BoardDelete:
    case OpKind::BoardRestore:
    case OpKind::MemberAdd:
    case OpKind::MemberRemove:
        return role == Role::Owner;
    case OpKind::ViewCreate:
    case OpKind::ViewUpdate:
    case OpKind::ViewDelete:
    case OpKind::AttachmentAdd:
    case OpKind::AttachmentRemove:
        return role == Role::Owner || role == Role::Editor;
    }
    return false;
}

Verdict validate(const Command &command, const BoardState &state, const QString &actor)
{
    const Op &op = command.op;
    if (command.boardId != state.board.id)
        return Verdict::reject(RejectCode::NotFound, QStringLiteral("unknown board"));
    const Role role = state.roleOf(actor);
    if (role == Role::None)
        return Verdict::reject(RejectCode::Forbidden, QStringLiteral("you are not a member of this board"));
    // A deleted board takes nothing but its restore.
    if (!state.board.deletedAt.isEmpty() && op.kind != OpKind::BoardRestore)
        return Verdict::reject(RejectCode::NotFound, QStringLiteral("this board was deleted"));

    bool isAuthor = false;
    const Comment *comment = nullptr;
    if (op.kind == OpKind::CommentEdit || op.kind == OpKind::CommentDelete) {
        const auto it = state.comments.constFind(op.str(QStringLiteral("commentId")));
        if (it == state.comments.constEnd())
            return Verdict::reject(RejectCode::NotFound, QStringLiteral("unknown comment"));
        comment = &*it;
        isAuthor = comment->author == actor;
    }
    if (!mayPerform(op.kind, role, isAuthor)) {
        return Verdict::reject(RejectCode::Forbidden,
                               QStringLiteral("a board %1 may not %2").arg(roleName(role), opKindName(op.kind)));
    }

    const auto item = state.items.constFind(op.itemId());
    const bool itemExists = item != state.items.constEnd();
    switch (op.kind) {
    case OpKind::ItemCreate:
        if (itemExists)
            return Verdict::reject(RejectCode::Exists, QStringLiteral("item '%1' already exists").arg(op.itemId()));
        return checkFields(op.fields(), state);
    case OpKind::ItemUpdate:
    case OpKind::ItemMove: {
        if (!itemExists)
            return Verdict::reject(RejectCode::NotFound, QStringLiteral("unknown item '%1'").arg(op.itemId()));
        if (Verdict v = checkFields(op.fields(), state); !v.ok)
            return v;
        return checkBase(op, *item);
    }
    case OpKind::ItemDelete:
    case OpKind::CommentCreate:
        if (!itemExists)
            return Verdict::reject(RejectCode::NotFound, QStringLiteral("unknown item '%1'").arg(op.itemId()));
        if (op.kind == OpKind::CommentCreate && state.comments.contains(op.str(QStringLiteral("commentId"))))
            return Verdict::reject(RejectCode::Exists, QStringLiteral("comment already exists"));
        return Verdict::accept();
    case OpKind::CommentEdit:
    case OpKind::CommentDelete:
        return Verdict::accept();
    case OpKind::ColumnCreate: {
        const QString columnId = op.str(QStringLiteral("columnId"));
        if (state.column(columnId))
            return Verdict::reject(RejectCode::Exists, QStringLiteral("column '%1' already exists").arg(columnId));
        if (state.columns.size() >= MaxColumns)
            return Verdict::reject(RejectCode::Invalid, QStringLiteral("a board has at most %1 columns").arg(MaxColumns));
        if (op.has(QStringLiteral("options")) && op.str(QStringLiteral("type")) != QLatin1String("status"))
            return Verdict::reject(RejectCode::Invalid, QStringLiteral("only status columns have options"));
        return Verdict::accept();
    }
    case OpKind::ColumnUpdate: {
        const Column *column = state.column(op.str(QStringLiteral("columnId")));
        if (!column)
            return Verdict::reject(RejectCode::NotFound, QStringLiteral("unknown column"));
        if (op.has(QStringLiteral("type"))) {
            const ColumnType to = columnTypeFromName(op.str(QStringLiteral("type"))).value_or(column->type);
            int lost = 0;
            for (const Item &each : state.items) {
                const QJsonValue value = each.fields.value(column->id);
                if (!value.isUndefined() && !value.isNull() && !convertValue(*column, to, value, state))
                    ++lost;
            }
            if (lost > 0)
                return Verdict::reject(RejectCode::Invalid,
                                       QStringLiteral("%1 can't become a %2 column: %3 value(s) would be lost")
                                               .arg(column->name, columnTypeName(to))
                                               .arg(lost));
            if (to == ColumnType::Status && !op.has(QStringLiteral("options")) && column->options.isEmpty())
                return Verdict::reject(RejectCode::Invalid, QStringLiteral("a status column needs options"));
        }
        if (op.has(QStringLiteral("options"))) {
            const bool willBeStatus = op.has(QStringLiteral("type"))
                    ? op.str(QStringLiteral("type")) == QLatin1String("status")
                    : column->type == ColumnType::Status;
            if (!willBeStatus)
                return Verdict::reject(RejectCode::Invalid, QStringLiteral("only status columns have options"));
            const auto options = Column::optionsFromJson(op.args.value(QStringLiteral("options")).toArray(),
                                                         QStringLiteral("op.options"));
            for (const StatusOption &old : column->options) {
                const bool kept = std::any_of(options->begin(), options->end(),
                                              [&old](const StatusOption &o) { return o.id == old.id; });
                if (!kept && optionInUse(state, column->id, old.id)) {
                    return Verdict::reject(RejectCode::Invalid,
                                           QStringLiteral("option '%1' is still used by items").arg(old.label));
                }
            }
        }
        return Verdict::accept();
    }
    case OpKind::ColumnDelete:
        if (!state.column(op.str(QStringLiteral("columnId"))))
            return Verdict::reject(RejectCode::NotFound, QStringLiteral("unknown column"));
        return Verdict::accept();
    case OpKind::BoardUpdate:
        return Verdict::accept();
    case OpKind::BoardDelete:
        return Verdict::accept();
    case OpKind::BoardRestore:
        if (state.board.deletedAt.isEmpty())
            return Verdict::reject(RejectCode::Invalid, QStringLiteral("the board is not deleted"));
        return Verdict::accept();
    case OpKind::ColumnMove:
        if (!state.column(op.str(QStringLiteral("columnId"))))
            return Verdict::reject(RejectCode::NotFound, QStringLiteral("unknown column"));
        return Verdict::accept();
    case OpKind::ViewCreate:
        if (state.views.contains(op.str(QStringLiteral("viewId"))))
            return Verdict::reject(RejectCode::Exists, QStringLiteral("view already exists"));
        if (state.views.size() >= MaxViews)
            return Verdict::reject(RejectCode::QuotaExceeded, QStringLiteral("a board has at most %1 views").arg(MaxViews));
        return Verdict::accept();
    case OpKind::ViewUpdate:
    case OpKind::ViewDelete:
        if (!state.views.contains(op.str(QStringLiteral("viewId"))))
            return Verdict::reject(RejectCode::NotFound, QStringLiteral("unknown view"));
        return Verdict::accept();
    case OpKind::AttachmentAdd: {
        if (!itemExists)
            return Verdict::reject(RejectCode::NotFound, QStringLiteral("unknown item '%1'").arg(op.itemId()));
        if (state.attachments.contains(op.str(QStringLiteral("attachmentId"))))
            return Verdict::reject(RejectCode::Exists, QStringLiteral("attachment already exists"));
        if (state.attachmentsOf(op.itemId()).size() >= Limits::maxAttachmentsPerItem)
            return Verdict::reject(RejectCode::QuotaExceeded,
                                   QStringLiteral("an item has at most %1 attachments").arg(Limits::maxAttachmentsPerItem));
        return Verdict::accept();
    }
    case OpKind::AttachmentRemove:
        if (!state.attachments.contains(op.str(QStringLiteral("attachmentId"))))
            return Verdict::reject(RejectCode::NotFound, QStringLiteral("unknown attachment"));
        return Verdict::accept();
    case OpKind::MemberAdd:
    case OpKind::MemberRemove: {
        const QString userId = op.str(QStringLiteral("userId"));
        const Role current = state.roleOf(userId);
        if (op.kind == OpKind::MemberRemove && current == Role::None)
            return Verdict::reject(RejectCode::NotFound, QStringLiteral("not a member of this board"));
        const bool demotes = op.kind == OpKind::MemberRemove || op.str(QStringLiteral("role")) != QLatin1String("owner");
        if (current == Role::Owner && demotes && ownerCount(state) <= 1)
            return Verdict::reject(RejectCode::Invalid, QStringLiteral("a board needs at least one owner"));
        return Verdict::accept();
    }
    }
    return Verdict::reject(RejectCode::Invalid, QStringLiteral("unknown operation"));
}

Event makeEvent(const Command &command, const BoardState &state, const QString &actor, qint64 seq,
                const QString &at, const User *addedUser)
{
    const Op &op = command.op;
    Event e;
    e.seq = seq;
    e.actor = actor;
    e.mutationId = command.mutationId;
    e.at = at;
    const auto versionsFor = [seq](const QJsonObject &fields) {
        QJsonObject v;
        for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
            v.insert(it.key(), double(seq));
        return v;
    };
    const auto findComment = [&]() { return state.comments.value(op.str(QStringLiteral("commentId"))); };
    switch (op.kind) {
    case OpKind::ItemCreate: {
        Item item;
        item.id = op.itemId();
        item.fields = op.fields();
        for (auto it = item.fields.constBegin(); it != item.fields.constEnd(); ++it)
            item.versions.insert(it.key(), seq);
        item.rank = op.str(QStringLiteral("rank"));
        item.createdBy = actor;
        item.createdAt = at;
        e.kind = EventKind::ItemCreated;
        e.payload.insert(QStringLiteral("item"), item.toJson());
        break;
    }
    case OpKind::ItemUpdate:
        e.kind = EventKind::ItemUpdated;
        e.payload = { { QStringLiteral("itemId"), op.itemId() },
                      { QStringLiteral("fields"), op.fields() },
                      { QStringLiteral("versions"), versionsFor(op.fields()) } };
        break;
    case OpKind::ItemMove:
        e.kind = EventKind::ItemMoved;
        e.payload = { { QStringLiteral("itemId"), op.itemId() }, { QStringLiteral("rank"), op.str(QStringLiteral("rank")) } };
        if (!op.fields().isEmpty()) {
            e.payload.insert(QStringLiteral("fields"), op.fields());
            e.payload.insert(QStringLiteral("versions"), versionsFor(op.fields()));
        }
        break;
    case OpKind::ItemDelete:
        e.kind = EventKind::ItemDeleted;
        e.payload = { { QStringLiteral("itemId"), op.itemId() } };
        break;
    case OpKind::CommentCreate: {
        Comment c;
        c.id = op.str(QStringLiteral("commentId"));
        c.itemId = op.itemId();
        c.author = actor;
        c.body = op.str(QStringLiteral("body"));
        c.mentions = Mentions::resolve(c.body, state);
        c.createdAt = at;
        e.kind = EventKind::CommentCreated;
        e.payload = { { QStringLiteral("comment"), c.toJson() } };
        break;
    }
    case OpKind::CommentEdit: {
        Comment c = findComment();
        c.body = op.str(QStringLiteral("body"));
        c.mentions = Mentions::resolve(c.body, state);
        c.editedAt = at;
        e.kind = EventKind::CommentEdited;
        e.payload = { { QStringLiteral("comment"), c.toJson() } };
        break;
    }
    case OpKind::CommentDelete:
        e.kind = EventKind::CommentDeleted;
        e.payload = { { QStringLiteral("comment"), findComment().toJson() } };
        break;
    case OpKind::ColumnCreate: {
        Column c;
        c.id = op.str(QStringLiteral("columnId"));
        c.name = op.str(QStringLiteral("name")).trimmed();
        c.type = columnTypeFromName(op.str(QStringLiteral("type"))).value_or(ColumnType::Text);
        if (op.has(QStringLiteral("options")))
            c.options = Column::optionsFromJson(op.args.value(QStringLiteral("options")).toArray(), QString()).value();
        e.kind = EventKind::ColumnCreated;
        e.payload = { { QStringLiteral("column"), c.toJson() } };
        break;
    }
    case OpKind::ColumnUpdate: {
        Column c = *state.column(op.str(QStringLiteral("columnId")));
        if (op.has(QStringLiteral("name")))
            c.name = op.str(QStringLiteral("name")).trimmed();
        if (op.has(QStringLiteral("type"))) {
            c.type = columnTypeFromName(op.str(QStringLiteral("type"))).value_or(c.type);
            if (c.type != ColumnType::Status && !op.has(QStringLiteral("options")))
                c.options.clear();
        }
        if (op.has(QStringLiteral("options")))
            c.options = Column::optionsFromJson(op.args.value(QStringLiteral("options")).toArray(), QString()).value();
        e.kind = EventKind::ColumnUpdated;
        e.payload = { { QStringLiteral("column"), c.toJson() } };
        break;
    }
    case OpKind::ColumnDelete:
        e.kind = EventKind::ColumnDeleted;
        e.payload = { { QStringLiteral("columnId"), op.str(QStringLiteral("columnId")) } };
        break;
    case OpKind::BoardUpdate: {
        Board b = state.board;
        if (op.has(QStringLiteral("name")))
            b.name = op.str(QStringLiteral("name")).trimmed();
        if (op.has(QStringLiteral("description")))
            b.description = op.str(QStringLiteral("description"));
        if (op.has(QStringLiteral("archived")))
            b.archived = op.args.value(QStringLiteral("archived")).toBool();
        e.kind = EventKind::BoardUpdated;
        e.payload = { { QStringLiteral("board"), b.toJson() } };
        break;
    }
    case OpKind::BoardDelete:
    case OpKind::BoardRestore: {
        Board b = state.board;
        b.deletedAt = op.kind == OpKind::BoardDelete ? at : QString();
        e.kind = op.kind == OpKind::BoardDelete ? EventKind::BoardDeleted : EventKind::BoardRestored;
        e.payload = { { QStringLiteral("board"), b.toJson() } };
        break;
    }
    case OpKind::ColumnMove:
        e.kind = EventKind::ColumnMoved;
        e.payload = { { QStringLiteral("columnId"), op.str(QStringLiteral("columnId")) },
                      { QStringLiteral("index"), double(std::clamp<qint64>(op.args.value(QStringLiteral("index")).toInteger(), 0,
                                                                            std::max<qint64>(0, state.columns.size() - 1))) } };
        break;
    case OpKind::ViewCreate:
    case OpKind::ViewUpdate: {
        SavedView v = state.views.value(op.str(QStringLiteral("viewId")));
        v.id = op.str(QStringLiteral("viewId"));
        if (op.has(QStringLiteral("name")))
            v.name = op.str(QStringLiteral("name")).trimmed();
        if (op.has(QStringLiteral("config")))
            v.config = op.args.value(QStringLiteral("config")).toObject();
        if (op.kind == OpKind::ViewCreate)
            v.createdBy = actor;
        e.kind = op.kind == OpKind::ViewCreate ? EventKind::ViewCreated : EventKind::ViewUpdated;
        e.payload = { { QStringLiteral("view"), v.toJson() } };
        break;
    }
    case OpKind::ViewDelete:
        e.kind = EventKind::ViewDeleted;
        e.payload = { { QStringLiteral("viewId"), op.str(QStringLiteral("viewId")) } };
        break;
    case OpKind::AttachmentAdd: {
        Attachment a;
        a.id = op.str(QStringLiteral("attachmentId"));
        a.itemId = op.itemId();
        a.name = op.str(QStringLiteral("name"));
        a.size = op.args.value(QStringLiteral("size")).toInteger();
        a.contentType = op.str(QStringLiteral("contentType"));
        a.sha256 = op.str(QStringLiteral("sha256"));
        a.uploadedBy = actor;
        a.uploadedAt = at;
        e.kind = EventKind::AttachmentAdded;
        e.payload = { { QStringLiteral("attachment"), a.toJson() } };
        break;
    }
    case OpKind::AttachmentRemove: {
        const Attachment a = state.attachments.value(op.str(QStringLiteral("attachmentId")));
        e.kind = EventKind::AttachmentRemoved;
        e.payload = { { QStringLiteral("attachmentId"), a.id }, { QStringLiteral("itemId"), a.itemId },
                      { QStringLiteral("sha256"), a.sha256 } };
        break;
    }
    case OpKind::MemberAdd: {
        Member m;
        m.userId = op.str(QStringLiteral("userId"));
        m.role = roleFromName(op.str(QStringLiteral("role"))).value_or(Role::Viewer);
        if (addedUser) {
            m.login = addedUser->login;
            m.displayName = addedUser->displayName;
        } else if (const auto it = state.members.constFind(m.userId); it != state.members.constEnd()) {
            m.login = it->login;
            m.displayName = it->displayName;
        }
        e.kind = EventKind::MemberAdded;
        e.payload = { { QStringLiteral("member"), m.toJson() } };
        break;
    }
    case OpKind::MemberRemove:
        e.kind = EventKind::MemberRemoved;
        e.payload = { { QStringLiteral("userId"), op.str(QStringLiteral("userId")) } };
        break;
    }
    return e;
}

BulkVerdict validateBulk(const Command &command, const BoardState &state, const QString &actor, qint64 firstSeq,
                         const QString &at)
{
    BulkVerdict out;
    BoardState scratch = state; // the later ops see what the earlier ones did
    qint64 seq = firstSeq;
    for (const Op &op : command.allOps()) {
        const bool itemOrComment = op.kind == OpKind::ItemCreate || op.kind == OpKind::ItemUpdate || op.kind == OpKind::ItemMove
                || op.kind == OpKind::ItemDelete || op.kind == OpKind::CommentCreate || op.kind == OpKind::CommentEdit
                || op.kind == OpKind::CommentDelete;
        if (command.isBulk() && !itemOrComment) {
            out.verdict = Verdict::reject(RejectCode::Invalid, QStringLiteral("%1 cannot be part of a bulk command").arg(opKindName(op.kind)));
            return out;
        }
        const Command one { command.mutationId, command.boardId, op, {} };
        const Verdict v = validate(one, scratch, actor);
        if (!v.ok && v.code == RejectCode::Conflict && v.current) {
            out.conflicts.append({ op.itemId(), *v.current }); // go on: list every conflict
            continue;
        }
        if (!v.ok) {
            out.verdict = v;
            out.events.clear();
            return out;
        }
        const Event event = makeEvent(one, scratch, actor, seq, at);
        if (const ApplyResult applied = apply(event, scratch); !applied.ok) {
            out.verdict = Verdict::reject(RejectCode::Invalid, applied.message);
            out.events.clear();
            return out;
        }
        out.events.append(event);
        ++seq;
    }
    if (!out.conflicts.isEmpty()) {
        out.verdict = Verdict::reject(RejectCode::Conflict,
                                      out.conflicts.size() == 1 ? QStringLiteral("an item changed meanwhile")
                                                                : QStringLiteral("%1 items changed meanwhile").arg(out.conflicts.size()),
                                      out.conflicts.first().second);
        out.events.clear();
        return out;
    }
    out.verdict = Verdict::accept();
    return out;
}

EventList makeEvents(const Command &command, const BoardState &state, const QString &actor, qint64 firstSeq,
                     const QString &at)
{
    if (!command.isBulk())
        return { makeEvent(command, state, actor, firstSeq, at) };
    EventList events;
    BoardState scratch = state;
    qint64 seq = firstSeq;
    for (const Op &op : command.ops) {
        const Command one { command.mutationId, command.boardId, op, {} };
        if (!validate(one, scratch, actor).ok)
            continue; // the server will say why; nothing to show for it
        Event event = makeEvent(one, scratch, actor, seq, at);
        if (!apply(event, scratch).ok)
            continue;
        events.append(std::move(event));
        if (seq > 0)
            ++seq;
    }
    return events;
}

} // namespace Tessera::Core
