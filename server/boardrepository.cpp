// BoardRepository: reads. Writes are in boardrepositorywrite.cpp.
#include "boardrepository.h"

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

} // namespace

BoardRepository::BoardRepository(QSqlDatabase db) : m_db(std::move(db)) { }

bool BoardRepository::run(QSqlQuery &q) const
{
    if (q.exec())
        return true;
    m_error = q.lastError().text();
    m_failed = true;
    qWarning("tessera-server: SQL error: %s", qPrintable(m_error));
    return false;
}

std::optional<BoardRepository::Heads> BoardRepository::heads(const QString &boardId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT head_seq, floor_seq FROM boards WHERE id = ?"));
    q.addBindValue(boardId);
    if (!run(q) || !q.next())
        return std::nullopt;
    return Heads { q.value(0).toLongLong(), q.value(1).toLongLong() };
}

Core::Role BoardRepository::roleOf(const QString &boardId, const QString &userId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT role FROM members WHERE board_id = ? AND user_id = ?"));
    q.addBindValue(boardId);
    q.addBindValue(userId);
    if (!run(q) || !q.next())
        return Core::Role::None;
    return Core::roleFromName(q.value(0).toString()).value_or(Core::Role::None);
}

std::optional<Core::BoardState> BoardRepository::load(const QString &boardId, const QString &epoch) const
{
    Core::BoardState s;
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT name, description, head_seq FROM boards WHERE id = ?"));
        q.addBindValue(boardId);
        if (!run(q) || !q.next())
            return std::nullopt;
        s.board = { boardId, q.value(0).toString(), q.value(1).toString() };
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
        if (!run(q))
            return std::nullopt;
        while (q.next()) {
            Core::Item item;
            item.id = q.value(0).toString();
            item.fields = parseObject(q.value(1).toString());
            const QJsonObject versions = parseObject(q.value(2).toString());
            for (auto it = versions.constBegin(); it != versions.constEnd(); ++it)
                item.versions.insert(it.key(), qint64(it->toDouble()));
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
    if (!run(q))
        return std::nullopt;
    while (q.next()) {
        qint64 version = 0;
        const QJsonObject versions = parseObject(q.value(1).toString());
        for (auto it = versions.constBegin(); it != versions.constEnd(); ++it)
            version = std::max(version, qint64(it->toDouble()));
        out.items.append({ q.value(0).toString(), version });
    }
    return out;
}

QList<BoardRepository::BoardSummary> BoardRepository::boardsOf(const QString &userId) const
{
    QList<BoardSummary> out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT b.id, b.name, b.description, m.role, b.head_seq FROM boards b "
                             "JOIN members m ON m.board_id = b.id WHERE m.user_id = ? ORDER BY b.name, b.id"));
    q.addBindValue(userId);
    if (!run(q))
        return out;
    while (q.next()) {
        BoardSummary s;
        s.board = { q.value(0).toString(), q.value(1).toString(), q.value(2).toString() };
        s.role = Core::roleFromName(q.value(3).toString()).value_or(Core::Role::None);
        s.headSeq = q.value(4).toLongLong();
        out.append(s);
    }
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
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT result FROM mutations WHERE user_id = ? AND mutation_id = ?"));
    q.addBindValue(userId);
    q.addBindValue(mutationId);
    if (!run(q) || !q.next())
        return std::nullopt;
    return parseObject(q.value(0).toString());
}

ReadTransaction::ReadTransaction(QSqlDatabase db) : m_db(std::move(db))
{
    m_open = m_db.transaction();
}

ReadTransaction::~ReadTransaction()
{
    if (m_open)
        m_db.commit();
}

} // namespace Tessera::Server
