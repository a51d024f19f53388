// BoardRepository: reads first, then writes (board creation, events and their state
// changes, idempotency records, log retention).
#include "boardrepository.h"

#include "sqldialect.h"

#include "attachmentrows.h"

#include "core/rules/itemfacts.h"
#include "server/ops/logging.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Tessera::Server {

namespace {

QJsonObject parseObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}


QString jsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString jsonText(const QJsonArray &a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

// SQLite binds a null QString as NULL: text columns are NOT NULL, so bind "" instead.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace

BoardRepository::BoardRepository(QSqlDatabase db) : m_db(db), m_statements(db), m_search(db), m_columnPurge(std::move(db), m_search) { }

bool BoardRepository::run(QSqlQuery &q) const
{
    if (q.exec())
        return true;
    m_error = q.lastError().text();
    m_failed = true;
    qCWarning(lcStorage, "SQL error: %s", qPrintable(m_error));
    return false;
}

std::optional<BoardRepository::Heads> BoardRepository::heads(const QString &boardId) const
{
    QSqlQuery &q = m_statements.prepared(QStringLiteral("SELECT head_seq, floor_seq, deleted_at IS NOT NULL FROM boards WHERE id = ?"));
    q.addBindValue(boardId);
    if (!run(q) || !q.next())
        return std::nullopt;
    const Heads heads { q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toBool() };
    q.finish();
    return heads;
}

Core::Role BoardRepository::roleOf(const QString &boardId, const QString &userId) const
{
    QSqlQuery &q = m_statements.prepared(QStringLiteral("SELECT role FROM members WHERE board_id = ? AND user_id = ?"));
    q.addBindValue(boardId);
    q.addBindValue(userId);
    if (!run(q) || !q.next())
        return Core::Role::None;
    const QString role = q.value(0).toString();
    q.finish();
    return Core::roleFromName(role).value_or(Core::Role::None);
}

std::optional<Core::BoardState> BoardRepository::load(const QString &boardId, const QString &epoch) const
{
    Core::BoardState s;
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT name, description, head_seq, archived, deleted_at FROM boards WHERE id = ?"));
        q.addBindValue(boardId);
        if (!run(q) || !q.next())
            return std::nullopt;
        s.board = { boardId, q.value(0).toString(), q.value(1).toString(), q.value(3).toBool(), q.value(4).toString() };
        s.seq = q.value(2).toLongLong();
        s.epoch = epoch;
    }
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT id, name, type, options FROM board_columns WHERE board_id = ? ORDER BY position"));
        q.addBindValue(boardId);
        if (!run(q))
            return std::nullopt;
        while (q.next()) {
            Core::Column c;
            c.id = q.value(0).toString();
            c.name = q.value(1).toString();
            c.type = Core::columnTypeFromName(q.value(2).toString()).value_or(Core::ColumnType::Text);
            const QJsonArray options = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).array();
            if (auto parsed = Core::Column::optionsFromJson(options, QStringLiteral("options")))
                c.options = parsed.value();
            s.columns.append(c);
        }
    }
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT m.user_id, m.role, u.login, u.display_name FROM members m "
                                 "JOIN users u ON u.id = m.user_id WHERE m.board_id = ?"));
        q.addBindValue(boardId);
        if (!run(q))
            return std::nullopt;
        while (q.next()) {
            Core::Member m;
            m.userId = q.value(0).toString();
            m.role = Core::roleFromName(q.value(1).toString()).value_or(Core::Role::Viewer);
            m.login = q.value(2).toString();
            m.displayName = q.value(3).toString();
            s.members.insert(m.userId, m);
        }
    }
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT id, fields, versions, rank, created_by, created_at FROM items WHERE board_id = ?"));
        q.addBindValue(boardId);
        const QStringList deletedColumns = m_columnPurge.pendingFor(boardId); // not purged yet: never shown
        if (!run(q))
            return std::nullopt;
        while (q.next()) {
            Core::Item item;
            item.id = q.value(0).toString();
            item.fields = parseObject(q.value(1).toString());
            const QJsonObject versions = parseObject(q.value(2).toString());
            for (auto it = versions.constBegin(); it != versions.constEnd(); ++it)
                item.versions.insert(it.key(), qint64(it->toDouble()));
            if (!deletedColumns.isEmpty())
                ColumnPurge::strip(item, deletedColumns);
            item.rank = q.value(3).toString();
            item.createdBy = q.value(4).toString();
            item.createdAt = q.value(5).toString();
            s.items.insert(item.id, item);
        }
    }
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT id, item_id, author, body, mentions, created_at, edited_at FROM comments "
                                 "WHERE board_id = ?"));
        q.addBindValue(boardId);
        if (!run(q))
            return std::nullopt;
        while (q.next()) {
            Core::Comment c;
            c.id = q.value(0).toString();
            c.itemId = q.value(1).toString();
            c.author = q.value(2).toString();
            c.body = q.value(3).toString();
            for (const QJsonValue &v : QJsonDocument::fromJson(q.value(4).toString().toUtf8()).array())
                c.mentions.append(v.toString());
            c.createdAt = q.value(5).toString();
            c.editedAt = q.value(6).toString();
            s.comments.insert(c.id, c);
        }
    }
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT id, name, config, created_by FROM views WHERE board_id = ?"));
        q.addBindValue(boardId);
        if (!run(q))
            return std::nullopt;
        while (q.next())
            s.views.insert(q.value(0).toString(), { q.value(0).toString(), q.value(1).toString(),
                                                    parseObject(q.value(2).toString()), q.value(3).toString() });
    }
    if (!AttachmentRows(m_db).load(boardId, s))
        return std::nullopt;
    return s;
}

std::optional<Core::EventList> BoardRepository::eventsAfter(const QString &boardId, qint64 afterSeq, int limit) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT body FROM events WHERE board_id = ? AND seq > ? AND seq <= ? ORDER BY seq"));
    q.addBindValue(boardId);
    q.addBindValue(afterSeq);
    q.addBindValue(afterSeq + limit);
    if (!run(q))
        return std::nullopt;
    Core::EventList out;
    while (q.next()) {
        auto event = Core::Event::fromJson(parseObject(q.value(0).toString()));
        if (!event) {
            m_error = QStringLiteral("stored event is unreadable: %1").arg(event.error().message);
            return std::nullopt;
        }
        out.append(event.value());
    }
    return out;
}

std::optional<LoggedEventList> BoardRepository::loggedEventsAfter(const QString &boardId, qint64 afterSeq, int limit,
                                                                  qint64 maxBytes) const
{
    // SQLite reads the item id of an item.updated (instr() first: most events are not);
    // the body comes as its UTF-8 bytes (a blob: no conversion to QString and back) and
    // goes out as it was stored, "the event's JSON as sent on the wire".
    // PostgreSQL: the same with its own names (convert_to gives the UTF-8 bytes).
    static const QString sqlite = QStringLiteral(
            "SELECT seq, CAST(body AS BLOB), CASE WHEN instr(body, '\"item.updated\"') > 0 AND json_extract(body, '$.kind') = "
            "'item.updated' THEN json_extract(body, '$.itemId') END "
            "FROM events WHERE board_id = ? AND seq > ? AND seq <= ? ORDER BY seq");
    static const QString postgres = QStringLiteral(
            "SELECT seq, convert_to(body, 'UTF8'), CASE WHEN strpos(body, '\"item.updated\"') > 0 AND body::jsonb->>'kind' = "
            "'item.updated' THEN body::jsonb->>'itemId' END "
            "FROM events WHERE board_id = ? AND seq > ? AND seq <= ? ORDER BY seq");
    QSqlQuery &q = m_statements.prepared(isPostgres(m_db) ? postgres : sqlite);
    q.addBindValue(boardId);
    q.addBindValue(afterSeq);
    q.addBindValue(afterSeq + limit);
    if (!run(q))
        return std::nullopt;
    LoggedEventList out;
    qint64 bytes = 0;
    while (q.next()) {
        LoggedEvent e { q.value(0).toLongLong(), q.value(1).toByteArray(), q.value(2).toString() };
        bytes += e.json.size() + 1;
        if (!out.isEmpty() && bytes > maxBytes)
            break;
        out.append(std::move(e));
    }
    q.finish();
    return out;
}

std::optional<qint64> BoardRepository::lockHead(const QString &boardId)
{
    QSqlQuery &q = m_statements.prepared(isPostgres(m_db) ? QStringLiteral("SELECT head_seq FROM boards WHERE id = ? FOR UPDATE")
                                                          : QStringLiteral("SELECT head_seq FROM boards WHERE id = ?"));
    q.addBindValue(boardId);
    if (!run(q))
        return std::nullopt;
    std::optional<qint64> head;
    if (q.next())
        head = q.value(0).toLongLong();
    q.finish();
    return head;
}

std::optional<BoardRepository::DigestInputs> BoardRepository::digestInputs(const QString &boardId) const
{
    const auto h = heads(boardId);
    if (!h)
        return std::nullopt;
    DigestInputs out;
    out.seq = h->head;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, versions FROM items WHERE board_id = ?"));
    q.addBindValue(boardId);
    const QStringList deletedColumns = m_columnPurge.pendingFor(boardId); // not purged yet: not counted
    if (!run(q))
        return std::nullopt;
    while (q.next()) {
        qint64 version = 0;
        const QJsonObject versions = parseObject(q.value(1).toString());
        for (auto it = versions.constBegin(); it != versions.constEnd(); ++it) {
            if (!deletedColumns.contains(it.key()))
                version = std::max(version, qint64(it->toDouble()));
        }
        out.items.append({ q.value(0).toString(), version });
    }
    return out;
}

QList<Core::BoardSummary> BoardRepository::boardsOf(const QString &userId) const
{
    QList<Core::BoardSummary> out;
    QSqlQuery q(m_db);
    // A deleted board is listed only to its owners, who may restore it until it is purged.
    q.prepare(QStringLiteral("SELECT b.id, b.name, b.description, m.role, b.head_seq, b.archived, b.deleted_at "
                             "FROM boards b JOIN members m ON m.board_id = b.id "
                             "WHERE m.user_id = ? AND (b.deleted_at IS NULL OR m.role = 'owner') ORDER BY b.name, b.id"));
    q.addBindValue(userId);
    if (!run(q))
        return out;
    while (q.next()) {
        Core::BoardSummary s;
        s.board = { q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(5).toBool(),
                    q.value(6).toString() };
        s.role = Core::roleFromName(q.value(3).toString()).value_or(Core::Role::None);
        s.headSeq = q.value(4).toLongLong();
        out.append(s);
    }
    return out;
}

QStringList BoardRepository::memberIds(const QString &boardId) const
{
    QStringList out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT user_id FROM members WHERE board_id = ?"));
    q.addBindValue(boardId);
    if (run(q)) {
        while (q.next())
            out.append(q.value(0).toString());
    }
    return out;
}

QStringList BoardRepository::liveBoardIds() const
{
    QStringList out;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id FROM boards WHERE deleted_at IS NULL ORDER BY id"))) {
        m_error = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

bool BoardRepository::itemIdTaken(const QString &itemId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM items WHERE id = ?"));
    q.addBindValue(itemId);
    return run(q) && q.next();
}

bool BoardRepository::commentIdTaken(const QString &commentId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM comments WHERE id = ?"));
    q.addBindValue(commentId);
    return run(q) && q.next();
}

std::optional<QJsonObject> BoardRepository::mutationResult(const QString &userId, const QString &mutationId) const
{
    QSqlQuery &q = m_statements.prepared(QStringLiteral("SELECT result FROM mutations WHERE user_id = ? AND mutation_id = ?"));
    q.addBindValue(userId);
    q.addBindValue(mutationId);
    if (!run(q) || !q.next())
        return std::nullopt;
    const QString result = q.value(0).toString();
    q.finish();
    return parseObject(result);
}

ReadTransaction::ReadTransaction(QSqlDatabase db) : m_db(std::move(db))
{
    m_open = m_db.transaction();
    // PostgreSQL's default (read committed) gives each statement its own snapshot, and
    // another node may commit between two of them: one snapshot for the whole read.
    if (m_open && isPostgres(m_db))
        QSqlQuery(m_db).exec(QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
}

ReadTransaction::~ReadTransaction()
{
    if (m_open)
        m_db.commit();
}

// ---- writes
QList<Core::Column> BoardRepository::defaultColumns()
{
    using Core::ColumnType;
    Core::Column status { QStringLiteral("status"), QStringLiteral("Status"), ColumnType::Status, {} };
    status.options = { { QStringLiteral("todo"), QStringLiteral("To do"), QStringLiteral("#9e9e9e") },
                       { QStringLiteral("doing"), QStringLiteral("In progress"), QStringLiteral("#1e88e5") },
                       { QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("#43a047") } };
    return { { QStringLiteral("title"), QStringLiteral("Title"), ColumnType::Text, {} },
             status,
             { QStringLiteral("assignee"), QStringLiteral("Assignee"), ColumnType::Person, {} },
             { QStringLiteral("due"), QStringLiteral("Due"), ColumnType::Date, {} } };
}

bool BoardRepository::create(const Core::Board &board, const QList<Core::Column> &columns, const Core::User &creator)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO boards (id, name, description, head_seq, floor_seq, created_by, created_at) "
                             "VALUES (?, ?, ?, 0, 0, ?, ?)"));
    q.addBindValue(board.id);
    q.addBindValue(board.name);
    q.addBindValue(text(board.description));
    q.addBindValue(creator.id);
    q.addBindValue(Core::nowIso());
    if (!run(q) || !writeColumns(board.id, columns.isEmpty() ? defaultColumns() : columns))
        return false;
    QSqlQuery m(m_db);
    m.prepare(QStringLiteral("INSERT INTO members (board_id, user_id, role) VALUES (?, ?, 'owner')"));
    m.addBindValue(board.id);
    m.addBindValue(creator.id);
    return run(m);
}

bool BoardRepository::writeColumns(const QString &boardId, const QList<Core::Column> &columns)
{
    QSqlQuery del(m_db);
    del.prepare(QStringLiteral("DELETE FROM board_columns WHERE board_id = ?"));
    del.addBindValue(boardId);
    if (!run(del))
        return false;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO board_columns (board_id, id, position, name, type, options) "
                             "VALUES (?, ?, ?, ?, ?, ?)"));
    for (qsizetype i = 0; i < columns.size(); ++i) {
        const Core::Column &c = columns.at(i);
        QJsonArray options;
        for (const Core::StatusOption &o : c.options)
            options.append(o.toJson());
        q.addBindValue(boardId);
        q.addBindValue(c.id);
        q.addBindValue(qint64(i));
        q.addBindValue(text(c.name));
        q.addBindValue(Core::columnTypeName(c.type));
        q.addBindValue(jsonText(options));
        if (!run(q))
            return false;
    }
    return true;
}

bool BoardRepository::upsertItem(const QString &boardId, const Core::Item &item)
{
    QSqlQuery &q = m_statements.prepared(QStringLiteral("INSERT INTO items (id, board_id, fields, versions, rank, created_by, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                             "fields = excluded.fields, versions = excluded.versions, rank = excluded.rank "
                             "WHERE items.board_id = excluded.board_id"));
    q.addBindValue(item.id);
    q.addBindValue(boardId);
    q.addBindValue(jsonText(item.fields));
    q.addBindValue(jsonText(Core::versionsToJson(item.versions)));
    q.addBindValue(text(item.rank));
    q.addBindValue(item.createdBy);
    q.addBindValue(item.createdAt);
    return run(q);
}

bool BoardRepository::upsertComment(const QString &boardId, const Core::Comment &c)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO comments (id, board_id, item_id, author, body, mentions, created_at, edited_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                             "body = excluded.body, mentions = excluded.mentions, edited_at = excluded.edited_at "
                             "WHERE comments.board_id = excluded.board_id"));
    q.addBindValue(c.id);
    q.addBindValue(boardId);
    q.addBindValue(c.itemId);
    q.addBindValue(c.author);
    q.addBindValue(text(c.body));
    q.addBindValue(jsonText(QJsonArray::fromStringList(c.mentions)));
    q.addBindValue(c.createdAt);
    q.addBindValue(c.editedAt.isEmpty() ? QVariant() : QVariant(c.editedAt));
    return run(q);
}

bool BoardRepository::append(const QString &boardId, const Core::Event &event, const Core::BoardState &after)
{
    using Core::EventKind;
    QSqlQuery &log = m_statements.prepared(QStringLiteral("INSERT INTO events (board_id, seq, at, body) VALUES (?, ?, ?, ?)"));
    log.addBindValue(boardId);
    log.addBindValue(event.seq);
    log.addBindValue(event.at);
    log.addBindValue(jsonText(event.toJson()));
    if (!run(log))
        return false;
    QSqlQuery &head = m_statements.prepared(QStringLiteral("UPDATE boards SET head_seq = ? WHERE id = ? AND head_seq = ?"));
    head.addBindValue(event.seq);
    head.addBindValue(boardId);
    head.addBindValue(event.seq - 1);
    if (!run(head))
        return false;
    if (head.numRowsAffected() != 1) {
        m_error = QStringLiteral("board %1 head is not at %2").arg(boardId).arg(event.seq - 1);
        m_failed = true;
        return false;
    }

    if (!AttachmentRows(m_db).write(boardId, event, after, &m_error)) {
        m_failed = true;
        return false;
    }
    const QJsonObject &p = event.payload;
    const auto byKey = [&p](const char *key) { return p.value(QLatin1String(key)); };
    QSqlQuery q(m_db);
    switch (event.kind) {
    case EventKind::ItemCreated:
    case EventKind::ItemUpdated:
    case EventKind::ItemMoved: {
        const QString itemId = event.kind == EventKind::ItemCreated ? byKey("item").toObject().value(QStringLiteral("id")).toString()
                                                                    : byKey("itemId").toString();
        const Core::Item &item = after.items.value(itemId);
        // A move or an update that writes no text field leaves the searchable text as it was.
        if (event.kind != EventKind::ItemCreated && !Core::touchesSearchText(byKey("fields").toObject(), after.columns))
            return upsertItem(boardId, item);
        return upsertItem(boardId, item) && m_search.indexItem(boardId, item, after.columns);
    }
    case EventKind::ItemDeleted:
        if (!m_search.removeItem(boardId, byKey("itemId").toString()))
            return false;
        q.prepare(QStringLiteral("DELETE FROM comments WHERE board_id = ? AND item_id = ?"));
        q.addBindValue(boardId);
        q.addBindValue(byKey("itemId").toString());
        if (!run(q))
            return false;
        q.prepare(QStringLiteral("DELETE FROM items WHERE board_id = ? AND id = ?"));
        q.addBindValue(boardId);
        q.addBindValue(byKey("itemId").toString());
        return run(q);
    case EventKind::ColumnCreated: // a column id used before gets none of its old values back
        return m_columnPurge.finish(boardId, byKey("column").toObject().value(QStringLiteral("id")).toString())
                && writeColumns(boardId, after.columns);
    case EventKind::ColumnMoved:
        return writeColumns(boardId, after.columns);
    case EventKind::ColumnDeleted:
        // The values go in the background (ColumnPurge): rewriting every item here kept the
        // event loop for seconds on a large board.
        return writeColumns(boardId, after.columns) && m_columnPurge.add(boardId, byKey("columnId").toString());
    case EventKind::ColumnUpdated: {
        // A retype converts values, a delete clears them: every item is written again
        // (and re-indexed: which text is searchable may have changed).
        const QString columnId = event.kind == EventKind::ColumnDeleted
                ? byKey("columnId").toString()
                : byKey("column").toObject().value(QStringLiteral("id")).toString();
        if (!writeColumns(boardId, after.columns))
            return false;
        for (const Core::Item &item : after.items) {
            if (item.versions.value(columnId) != event.seq && event.kind == EventKind::ColumnUpdated)
                continue; // untouched by this event
            if (!upsertItem(boardId, item) || !m_search.indexItem(boardId, item, after.columns))
                return false;
        }
        return true;
    }
    case EventKind::BoardUpdated:
    case EventKind::BoardDeleted:
    case EventKind::BoardRestored:
        q.prepare(QStringLiteral("UPDATE boards SET name = ?, description = ?, archived = ?, deleted_at = ? WHERE id = ?"));
        q.addBindValue(after.board.name);
        q.addBindValue(text(after.board.description));
        q.addBindValue(after.board.archived ? 1 : 0);
        q.addBindValue(after.board.deletedAt.isEmpty() ? QVariant() : QVariant(after.board.deletedAt));
        q.addBindValue(boardId);
        return run(q);
    case EventKind::ViewCreated:
    case EventKind::ViewUpdated: {
        const Core::SavedView view = after.views.value(byKey("view").toObject().value(QStringLiteral("id")).toString());
        q.prepare(QStringLiteral("INSERT INTO views (board_id, id, name, config, created_by) VALUES (?, ?, ?, ?, ?) "
                                 "ON CONFLICT(board_id, id) DO UPDATE SET name = excluded.name, config = excluded.config"));
        q.addBindValue(boardId);
        q.addBindValue(view.id);
        q.addBindValue(view.name);
        q.addBindValue(jsonText(view.config));
        q.addBindValue(text(view.createdBy));
        return run(q);
    }
    case EventKind::ViewDeleted:
        q.prepare(QStringLiteral("DELETE FROM views WHERE board_id = ? AND id = ?"));
        q.addBindValue(boardId);
        q.addBindValue(byKey("viewId").toString());
        return run(q);
    case EventKind::MemberAdded: {
        const Core::Member m = after.members.value(byKey("member").toObject().value(QStringLiteral("userId")).toString());
        q.prepare(QStringLiteral("INSERT INTO members (board_id, user_id, role) VALUES (?, ?, ?) "
                                 "ON CONFLICT(board_id, user_id) DO UPDATE SET role = excluded.role"));
        q.addBindValue(boardId);
        q.addBindValue(m.userId);
        q.addBindValue(Core::roleName(m.role));
        return run(q);
    }
    case EventKind::MemberRemoved:
        q.prepare(QStringLiteral("DELETE FROM members WHERE board_id = ? AND user_id = ?"));
        q.addBindValue(boardId);
        q.addBindValue(byKey("userId").toString());
        return run(q);
    case EventKind::CommentCreated:
    case EventKind::CommentEdited: {
        const Core::Comment &c = after.comments.value(byKey("comment").toObject().value(QStringLiteral("id")).toString());
        return upsertComment(boardId, c) && m_search.indexComment(boardId, c);
    }
    case EventKind::CommentDeleted:
        if (!m_search.removeComment(boardId, byKey("comment").toObject().value(QStringLiteral("id")).toString()))
            return false;
        q.prepare(QStringLiteral("DELETE FROM comments WHERE board_id = ? AND id = ?"));
        q.addBindValue(boardId);
        q.addBindValue(byKey("comment").toObject().value(QStringLiteral("id")).toString());
        return run(q);
    case EventKind::AttachmentAdded:
    case EventKind::AttachmentRemoved:
        return true; // AttachmentRows wrote them above
    case EventKind::NotificationCreated:
    case EventKind::NotificationRead:
        break;
    }
    m_error = QStringLiteral("event kind %1 is not a board event").arg(Core::eventKindName(event.kind));
    m_failed = true;
    return false;
}

bool BoardRepository::recordMutation(const QString &userId, const QString &mutationId, const QString &boardId,
                                     const QJsonObject &result)
{
    QSqlQuery &q = m_statements.prepared(QStringLiteral("INSERT INTO mutations (user_id, mutation_id, board_id, result, at) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(userId);
    q.addBindValue(mutationId);
    q.addBindValue(boardId);
    q.addBindValue(jsonText(result));
    q.addBindValue(Core::nowIso());
    return run(q);
}

int BoardRepository::compact(int maxAgeDays, int minEventsPerBoard)
{
    const QString cutoff = QDateTime::currentDateTimeUtc().addDays(-maxAgeDays).toString(Qt::ISODateWithMs);
    struct Candidate
    {
        QString id;
        qint64 head;
        qint64 floor;
    };
    QList<Candidate> boards;
    if (!m_db.transaction())
        return -1;
    clearFailure();
    QSqlQuery list(m_db);
    list.prepare(QStringLiteral("SELECT id, head_seq, floor_seq FROM boards WHERE head_seq - floor_seq > ?"));
    list.addBindValue(qint64(std::max(0, minEventsPerBoard)));
    if (run(list)) {
        while (list.next())
            boards.append({ list.value(0).toString(), list.value(1).toLongLong(), list.value(2).toLongLong() });
    }
    int deleted = 0;
    for (const Candidate &b : boards) {
        QSqlQuery newest(m_db);
        newest.prepare(QStringLiteral("SELECT MAX(seq) FROM events WHERE board_id = ? AND seq <= ? AND at < ?"));
        newest.addBindValue(b.id);
        newest.addBindValue(b.head - std::max(0, minEventsPerBoard));
        newest.addBindValue(cutoff);
        if (!run(newest) || !newest.next() || newest.value(0).isNull())
            continue;
        const qint64 floor = newest.value(0).toLongLong();
        if (floor <= b.floor)
            continue;
        QSqlQuery del(m_db);
        del.prepare(QStringLiteral("DELETE FROM events WHERE board_id = ? AND seq <= ?"));
        del.addBindValue(b.id);
        del.addBindValue(floor);
        if (!run(del))
            break;
        deleted += del.numRowsAffected();
        QSqlQuery raise(m_db);
        raise.prepare(QStringLiteral("UPDATE boards SET floor_seq = ? WHERE id = ?"));
        raise.addBindValue(floor);
        raise.addBindValue(b.id);
        if (!run(raise))
            break;
    }
    if (failed() || !m_db.commit()) {
        m_db.rollback();
        clearFailure();
        return -1;
    }
    return deleted;
}

int BoardRepository::purgeDeleted(int graceDays)
{
    const QString cutoff = QDateTime::currentDateTimeUtc().addDays(-graceDays).toString(Qt::ISODateWithMs);
    if (!m_db.transaction())
        return -1;
    clearFailure();
    QStringList doomed;
    QSqlQuery list(m_db);
    list.prepare(QStringLiteral("SELECT id FROM boards WHERE deleted_at IS NOT NULL AND deleted_at < ?"));
    list.addBindValue(cutoff);
    if (run(list)) {
        while (list.next())
            doomed.append(list.value(0).toString());
    }
    for (const QString &boardId : std::as_const(doomed)) {
        if (!m_search.removeBoard(boardId)) {
            m_failed = true;
            break;
        }
        // The state tables and the log go with the board (ON DELETE CASCADE).
        QSqlQuery del(m_db);
        del.prepare(QStringLiteral("DELETE FROM boards WHERE id = ?"));
        del.addBindValue(boardId);
        if (!run(del))
            break;
    }
    if (failed() || !m_db.commit()) {
        m_db.rollback();
        clearFailure();
        return -1;
    }
    return int(doomed.size());
}

bool BoardRepository::rebuildSearchIndex(const QString &epoch)
{
    QStringList boardIds;
    QSqlQuery list(m_db);
    if (!list.exec(QStringLiteral("SELECT id FROM boards")))
        return false;
    while (list.next())
        boardIds.append(list.value(0).toString());
    if (!m_db.transaction())
        return false;
    for (const QString &boardId : std::as_const(boardIds)) {
        const auto state = load(boardId, epoch);
        if (!state || !m_search.indexBoard(*state)) {
            m_db.rollback();
            return false;
        }
    }
    return m_db.commit();
}

} // namespace Tessera::Server
