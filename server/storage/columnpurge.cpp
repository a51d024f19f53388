#include "columnpurge.h"

#include "searchindex.h"
#include "server/ops/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace Tessera::Server {

namespace {

const QString MetaKey = QStringLiteral("column_purge");

QJsonObject parse(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QString text(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

ColumnPurge::ColumnPurge(QSqlDatabase db, SearchIndex &search) : m_db(std::move(db)), m_search(search) { }

QList<std::pair<QString, QString>> ColumnPurge::pending() const
{
    QList<std::pair<QString, QString>> out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(MetaKey);
    if (!q.exec() || !q.next())
        return out;
    for (const QJsonValue &v : QJsonDocument::fromJson(q.value(0).toString().toUtf8()).array()) {
        const QJsonObject o = v.toObject();
        out.append({ o.value(QStringLiteral("board")).toString(), o.value(QStringLiteral("column")).toString() });
    }
    return out;
}

bool ColumnPurge::save(const QList<std::pair<QString, QString>> &list)
{
    QJsonArray a;
    for (const auto &[board, column] : list)
        a.append(QJsonObject { { QStringLiteral("board"), board }, { QStringLiteral("column"), column } });
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(MetaKey);
    q.addBindValue(QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)));
    return q.exec();
}

QStringList ColumnPurge::pendingFor(const QString &boardId) const
{
    QStringList out;
    for (const auto &[board, column] : pending()) {
        if (board == boardId)
            out.append(column);
    }
    return out;
}

bool ColumnPurge::isPending() const
{
    return !pending().isEmpty();
}

bool ColumnPurge::add(const QString &boardId, const QString &columnId)
{
    auto list = pending();
    if (list.contains({ boardId, columnId }))
        return true;
    list.append({ boardId, columnId });
    return save(list);
}

void ColumnPurge::strip(Core::Item &item, const QStringList &columnIds)
{
    for (const QString &id : columnIds) {
        item.fields.remove(id);
        item.versions.remove(id);
    }
}

std::optional<QString> ColumnPurge::purge(const QString &boardId, const QString &columnId, const QString &after, int rows,
                                          int *read)
{
    QList<Core::Column> columns;
    {
        QSqlQuery c(m_db);
        c.prepare(QStringLiteral("SELECT id, type FROM board_columns WHERE board_id = ? ORDER BY position"));
        c.addBindValue(boardId);
        if (!c.exec())
            return std::nullopt;
        while (c.next())
            columns.append({ c.value(0).toString(), QString(),
                             Core::columnTypeFromName(c.value(1).toString()).value_or(Core::ColumnType::Text), {} });
    }
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (rows > 0) {
        q.prepare(QStringLiteral("SELECT id, fields, versions FROM items WHERE board_id = ? AND id > ? "
                                 "ORDER BY id LIMIT ?"));
        q.addBindValue(boardId);
        q.addBindValue(after);
        q.addBindValue(rows);
    } else {
        q.prepare(QStringLiteral("SELECT id, fields, versions FROM items WHERE board_id = ? AND id > ? ORDER BY id"));
        q.addBindValue(boardId);
        q.addBindValue(after);
    }
    if (!q.exec())
        return std::nullopt;
    QList<Core::Item> touched;
    QString last = after;
    *read = 0;
    while (q.next()) {
        ++*read;
        last = q.value(0).toString();
        QJsonObject fields = parse(q.value(1).toString());
        QJsonObject versions = parse(q.value(2).toString());
        if (!fields.contains(columnId) && !versions.contains(columnId))
            continue;
        fields.remove(columnId);
        versions.remove(columnId);
        Core::Item item;
        item.id = last;
        item.fields = fields;
        for (auto it = versions.constBegin(); it != versions.constEnd(); ++it)
            item.versions.insert(it.key(), qint64(it->toDouble()));
        touched.append(item);
    }
    q.finish();
    QSqlQuery update(m_db);
    update.prepare(QStringLiteral("UPDATE items SET fields = ?, versions = ? WHERE id = ?"));
    for (const Core::Item &item : std::as_const(touched)) {
        update.addBindValue(text(item.fields));
        update.addBindValue(text(Core::versionsToJson(item.versions)));
        update.addBindValue(item.id);
        if (!update.exec() || !m_search.indexItem(boardId, item, columns))
            return std::nullopt;
    }
    return last;
}

bool ColumnPurge::finish(const QString &boardId, const QString &columnId)
{
    auto list = pending();
    if (!list.contains({ boardId, columnId }))
        return true;
    int read = 0;
    if (!purge(boardId, columnId, QString(), 0, &read))
        return false;
    if (!list.isEmpty() && list.first() == std::pair<QString, QString>(boardId, columnId))
        m_cursor.clear();
    list.removeAll({ boardId, columnId });
    return save(list);
}

bool ColumnPurge::step(int rows)
{
    auto list = pending();
    if (list.isEmpty())
        return false;
    const auto [boardId, columnId] = list.first();
    if (!m_db.transaction())
        return true;
    int read = 0;
    const auto last = purge(boardId, columnId, m_cursor, rows, &read);
    bool ok = last.has_value();
    if (ok && read < rows) {
        list.removeFirst(); // this column is done
        ok = save(list);
    }
    if (!ok || !m_db.commit()) {
        m_db.rollback();
        qCWarning(lcStorage, "purging deleted column %s of board %s failed; retrying later", qPrintable(columnId),
                 qPrintable(boardId));
        return true;
    }
    m_cursor = read < rows ? QString() : *last;
    return read >= rows || list.size() > 0;
}

} // namespace Tessera::Server
