#include "localcache.h"

#include "core/protocol/messages.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QSet>

#include <atomic>

namespace Tessera::Core {

Q_LOGGING_CATEGORY(lcCache, "tessera.core.localcache")

namespace {

constexpr int SchemaVersion = 1;

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString compact(const QJsonArray &a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

// An outbox entry's conflict: one item (an object) or a bulk command's items (an array).
QString theirsJson(const OutboxRecord &r)
{
    if (!r.conflicts.isEmpty()) {
        QJsonArray items;
        for (const Item &item : r.conflicts)
            items.append(item.toJson());
        return compact(items);
    }
    return r.theirs ? compact(r.theirs->toJson()) : QString();
}

QJsonObject objectOf(const QVariant &v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

QJsonArray arrayOf(const QVariant &v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).array();
}

QString nextConnectionName()
{
    static std::atomic<int> counter { 0 };
    return QStringLiteral("tessera-cache-%1").arg(++counter);
}

} // namespace

LocalCache::LocalCache(QString filePath) : m_path(std::move(filePath)), m_connection(nextConnectionName()) { }

LocalCache::~LocalCache()
{
    close();
}

QString LocalCache::filePathFor(const QString &dir, const QUrl &server, const QString &userId)
{
    QUrl base = server.adjusted(QUrl::StripTrailingSlash | QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (base.path() == QLatin1String("/"))
        base.setPath(QString());
    const QByteArray key = base.toString().toUtf8() + '\n' + userId.toUtf8();
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(24));
    return QDir(dir).filePath(QStringLiteral("cache-%1.sqlite").arg(hash));
}

bool LocalCache::open()
{
    if (m_open)
        return true;
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    if (openFile())
        return true;
    close();
    // Unreadable: keep it for inspection, start over. The engine refills from snapshots.
    const QString aside = m_path + QStringLiteral(".corrupt-") + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddThhmmsszzz"));
    qCWarning(lcCache) << "cache" << m_path << "is unreadable; moved aside to" << aside;
    QFile::rename(m_path, aside);
    for (const QString &suffix : { QStringLiteral("-wal"), QStringLiteral("-shm") })
        QFile::rename(m_path + suffix, aside + suffix);
    m_movedAside = aside;
    if (openFile())
        return true;
    close();
    return false;
}

bool LocalCache::openFile()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    if (!db.open())
        return false;
    m_open = true;
    QSqlQuery check(db);
    if (!check.exec(QStringLiteral("PRAGMA quick_check")) || !check.next()
        || check.value(0).toString() != QLatin1String("ok"))
        return false;
    check.finish();
    if (!exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !exec(QStringLiteral("PRAGMA synchronous=NORMAL")))
        return false;
    return createSchema();
}

bool LocalCache::createSchema()
{
    const QStringList statements {
        QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS boards (id TEXT PRIMARY KEY, position INTEGER NOT NULL, "
                       "json TEXT NOT NULL, role TEXT NOT NULL, head_seq INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS board_meta (board_id TEXT PRIMARY KEY, board_json TEXT NOT NULL, "
                       "columns_json TEXT NOT NULL, members_json TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS board_views (board_id TEXT PRIMARY KEY, views_json TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS board_attachments (board_id TEXT PRIMARY KEY, attachments_json TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS items (board_id TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, "
                       "PRIMARY KEY (board_id, id))"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS comments (board_id TEXT NOT NULL, id TEXT NOT NULL, "
                       "item_id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (board_id, id))"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS streams (stream TEXT PRIMARY KEY, epoch TEXT NOT NULL, seq INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS notifications (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, json TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS outbox (mutation_id TEXT PRIMARY KEY, position INTEGER NOT NULL, "
                       "board_id TEXT NOT NULL, command_json TEXT NOT NULL, state TEXT NOT NULL, code TEXT, "
                       "message TEXT, theirs_json TEXT)"),
    };
    for (const QString &sql : statements) {
        if (!exec(sql))
            return false;
    }
    const QString version = meta(QStringLiteral("schema"));
    if (version.isEmpty())
        setMeta(QStringLiteral("schema"), QString::number(SchemaVersion));
    else if (version.toInt() != SchemaVersion)
        return false; // a newer or unknown layout: treat like corruption, rebuild
    return true;
}

void LocalCache::close()
{
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
    m_open = false;
}

bool LocalCache::exec(const QString &sql, const QVariantList &binds) const
{
    if (!m_open)
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.prepare(sql)) {
        qCWarning(lcCache) << "prepare failed:" << q.lastError().text() << sql;
        return false;
    }
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!q.exec()) {
        qCWarning(lcCache) << "query failed:" << q.lastError().text() << sql;
        return false;
    }
    return true;
}

QString LocalCache::meta(const QString &key) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

void LocalCache::setMeta(const QString &key, const QString &value)
{
    exec(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"), { key, value });
}

QList<BoardSummary> LocalCache::boards() const
{
    QList<BoardSummary> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT json, role, head_seq FROM boards ORDER BY position")))
        return out;
    while (q.next()) {
        if (auto board = Board::fromJson(objectOf(q.value(0))))
            out.append({ board.value(), roleFromName(q.value(1).toString()).value_or(Role::Viewer), q.value(2).toLongLong() });
    }
    return out;
}

void LocalCache::setBoards(const QList<BoardSummary> &boards)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    exec(QStringLiteral("DELETE FROM boards"));
    for (qsizetype i = 0; i < boards.size(); ++i) {
        const BoardSummary &b = boards.at(i);
        exec(QStringLiteral("INSERT INTO boards (id, position, json, role, head_seq) VALUES (?, ?, ?, ?, ?)"),
             { b.board.id, qint64(i), compact(b.board.toJson()), roleName(b.role), b.headSeq });
    }
    db.commit();
}

std::optional<BoardState> LocalCache::board(const QString &boardId) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT board_json, columns_json, members_json FROM board_meta WHERE board_id = ?"));
    q.addBindValue(boardId);
    if (!q.exec() || !q.next())
        return std::nullopt;
    // Reassemble the snapshot JSON and let the one strict parser check it.
    QJsonArray items;
    QJsonArray comments;
    QSqlQuery rows(db);
    rows.prepare(QStringLiteral("SELECT json FROM items WHERE board_id = ?"));
    rows.addBindValue(boardId);
    if (rows.exec()) {
        while (rows.next())
            items.append(objectOf(rows.value(0)));
    }
    rows.prepare(QStringLiteral("SELECT json FROM comments WHERE board_id = ?"));
    rows.addBindValue(boardId);
    if (rows.exec()) {
        while (rows.next())
            comments.append(objectOf(rows.value(0)));
    }
    QJsonArray views;
    rows.prepare(QStringLiteral("SELECT views_json FROM board_views WHERE board_id = ?"));
    rows.addBindValue(boardId);
    if (rows.exec() && rows.next())
        views = arrayOf(rows.value(0));
    QJsonArray attachments;
    rows.prepare(QStringLiteral("SELECT attachments_json FROM board_attachments WHERE board_id = ?"));
    rows.addBindValue(boardId);
    if (rows.exec() && rows.next())
        attachments = arrayOf(rows.value(0));
    const StreamPosition pos = position(StreamName::board(boardId));
    const QJsonObject snapshot { { QStringLiteral("views"), views }, { QStringLiteral("board"), objectOf(q.value(0)) },
                                 { QStringLiteral("columns"), arrayOf(q.value(1)) },
                                 { QStringLiteral("members"), arrayOf(q.value(2)) },
                                 { QStringLiteral("items"), items },
                                 { QStringLiteral("comments"), comments },
                                 { QStringLiteral("attachments"), attachments },
                                 { QStringLiteral("epoch"), pos.epoch },
                                 { QStringLiteral("seq"), double(pos.seq) } };
    auto state = BoardState::fromSnapshotJson(snapshot);
    if (!state) {
        qCWarning(lcCache) << "cached board" << boardId << "is unreadable:" << state.error().message;
        return std::nullopt;
    }
    return state.value();
}

void LocalCache::writeBoardMeta(const BoardState &state)
{
    QJsonArray columns;
    for (const Column &c : state.columns)
        columns.append(c.toJson());
    QJsonArray members;
    for (const Member &m : state.members)
        members.append(m.toJson());
    exec(QStringLiteral("INSERT OR REPLACE INTO board_meta (board_id, board_json, columns_json, members_json) "
                        "VALUES (?, ?, ?, ?)"),
         { state.board.id, compact(state.board.toJson()), compact(columns), compact(members) });
    QJsonArray views;
    for (const SavedView &v : state.views)
        views.append(v.toJson());
    exec(QStringLiteral("INSERT OR REPLACE INTO board_views (board_id, views_json) VALUES (?, ?)"),
         { state.board.id, compact(views) });
    QJsonArray attachments;
    for (const Attachment &a : state.attachments)
        attachments.append(a.toJson());
    exec(QStringLiteral("INSERT OR REPLACE INTO board_attachments (board_id, attachments_json) VALUES (?, ?)"),
         { state.board.id, compact(attachments) });
    exec(QStringLiteral("INSERT OR REPLACE INTO streams (stream, epoch, seq) VALUES (?, ?, ?)"),
         { StreamName::board(state.board.id), state.epoch, state.seq });
}

void LocalCache::writeItem(const BoardState &state, const QString &itemId)
{
    const auto it = state.items.constFind(itemId);
    if (it == state.items.constEnd())
        exec(QStringLiteral("DELETE FROM items WHERE board_id = ? AND id = ?"), { state.board.id, itemId });
    else
        exec(QStringLiteral("INSERT OR REPLACE INTO items (board_id, id, json) VALUES (?, ?, ?)"),
             { state.board.id, itemId, compact(it->toJson()) });
}

void LocalCache::writeComment(const BoardState &state, const QString &commentId)
{
    const auto it = state.comments.constFind(commentId);
    if (it == state.comments.constEnd())
        exec(QStringLiteral("DELETE FROM comments WHERE board_id = ? AND id = ?"), { state.board.id, commentId });
    else
        exec(QStringLiteral("INSERT OR REPLACE INTO comments (board_id, id, item_id, json) VALUES (?, ?, ?, ?)"),
             { state.board.id, commentId, it->itemId, compact(it->toJson()) });
}

void LocalCache::saveBoard(const BoardState &state)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    exec(QStringLiteral("DELETE FROM items WHERE board_id = ?"), { state.board.id });
    exec(QStringLiteral("DELETE FROM comments WHERE board_id = ?"), { state.board.id });
    writeBoardMeta(state);
    for (auto it = state.items.cbegin(); it != state.items.cend(); ++it)
        writeItem(state, it.key());
    for (auto it = state.comments.cbegin(); it != state.comments.cend(); ++it)
        writeComment(state, it.key());
    db.commit();
}

void LocalCache::saveBoardChanges(const BoardState &state, const EventList &events)
{
    bool allItems = false;
    QSet<QString> itemIds;
    QSet<QString> commentIds;
    for (const Event &e : events) {
        switch (e.kind) {
        case EventKind::ItemCreated:
        case EventKind::ItemUpdated:
        case EventKind::ItemMoved:
        case EventKind::ItemDeleted:
            itemIds.insert(e.itemId());
            break;
        case EventKind::CommentCreated:
        case EventKind::CommentEdited:
        case EventKind::CommentDeleted:
            commentIds.insert(e.payload.value(QStringLiteral("comment")).toObject().value(QStringLiteral("id")).toString());
            break;
        case EventKind::ColumnDeleted:
        case EventKind::ColumnUpdated:
            allItems = true; // may strip or change fields of any item
            break;
        default:
            break;
        }
    }
    if (allItems) {
        saveBoard(state);
        return;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    writeBoardMeta(state);
    for (const QString &id : std::as_const(itemIds))
        writeItem(state, id);
    for (const QString &id : std::as_const(commentIds))
        writeComment(state, id);
    db.commit();
}

void LocalCache::removeBoard(const QString &boardId)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    exec(QStringLiteral("DELETE FROM items WHERE board_id = ?"), { boardId });
    exec(QStringLiteral("DELETE FROM comments WHERE board_id = ?"), { boardId });
    exec(QStringLiteral("DELETE FROM board_meta WHERE board_id = ?"), { boardId });
    exec(QStringLiteral("DELETE FROM board_views WHERE board_id = ?"), { boardId });
    exec(QStringLiteral("DELETE FROM board_attachments WHERE board_id = ?"), { boardId });
    exec(QStringLiteral("DELETE FROM streams WHERE stream = ?"), { StreamName::board(boardId) });
    db.commit();
}

StreamPosition LocalCache::position(const QString &stream) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT epoch, seq FROM streams WHERE stream = ?"));
    q.addBindValue(stream);
    if (!q.exec() || !q.next())
        return {};
    return { q.value(0).toString(), q.value(1).toLongLong() };
}

void LocalCache::setPosition(const QString &stream, const StreamPosition &pos)
{
    exec(QStringLiteral("INSERT OR REPLACE INTO streams (stream, epoch, seq) VALUES (?, ?, ?)"), { stream, pos.epoch, pos.seq });
}

QList<Notification> LocalCache::notifications() const
{
    QList<Notification> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT json FROM notifications ORDER BY seq DESC")))
        return out;
    while (q.next()) {
        if (auto n = Notification::fromJson(objectOf(q.value(0))))
            out.append(n.value());
    }
    return out;
}

void LocalCache::saveNotifications(const QList<Notification> &notifications, const StreamPosition &inbox)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    for (const Notification &n : notifications)
        exec(QStringLiteral("INSERT OR REPLACE INTO notifications (id, seq, json) VALUES (?, ?, ?)"),
             { n.id, n.seq, compact(n.toJson()) });
    setPosition(StreamName::inbox(), inbox);
    db.commit();
}

void LocalCache::clearNotifications()
{
    exec(QStringLiteral("DELETE FROM notifications"));
    exec(QStringLiteral("DELETE FROM streams WHERE stream = ?"), { StreamName::inbox() });
}

QList<OutboxRecord> LocalCache::outbox() const
{
    QList<OutboxRecord> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT position, command_json, state, code, message, theirs_json FROM outbox ORDER BY position")))
        return out;
    while (q.next()) {
        auto command = Command::fromJson(objectOf(q.value(1)));
        if (!command) {
            qCWarning(lcCache) << "dropping an unreadable outbox entry:" << command.error().message;
            continue;
        }
        OutboxRecord r;
        r.position = q.value(0).toLongLong();
        r.command = command.value();
        r.state = q.value(2).toString();
        r.code = q.value(3).toString();
        r.message = q.value(4).toString();
        const QJsonDocument theirs = QJsonDocument::fromJson(q.value(5).toString().toUtf8());
        if (theirs.isObject()) {
            if (auto item = Item::fromJson(theirs.object()))
                r.theirs = item.value();
        } else if (theirs.isArray()) {
            for (const QJsonValue &v : theirs.array()) {
                if (auto item = Item::fromJson(v.toObject()))
                    r.conflicts.append(item.value());
            }
        }
        out.append(r);
    }
    return out;
}

bool LocalCache::putOutbox(const OutboxRecord &r)
{
    return exec(QStringLiteral("INSERT OR REPLACE INTO outbox (mutation_id, position, board_id, command_json, state, code, "
                               "message, theirs_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                { r.command.mutationId, r.position, r.command.boardId, compact(r.command.toJson()), r.state, r.code,
                  r.message, theirsJson(r) });
}

bool LocalCache::removeOutbox(const QString &mutationId)
{
    return exec(QStringLiteral("DELETE FROM outbox WHERE mutation_id = ?"), { mutationId });
}

} // namespace Tessera::Core
