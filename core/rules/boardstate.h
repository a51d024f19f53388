#pragma once

#include "core/protocol/domain.h"
#include "core/protocol/event.h"

#include <QHash>

namespace Tessera::Core {

// Everything known about one board at one `seq`: the state both the server (in its
// database) and a client (in its cache) hold, and that `apply()` advances event by event.
struct BoardState
{
    Board board;
    QList<Column> columns; // in display order
    QMap<QString, Member> members; // by user id
    QHash<QString, Item> items;
    QHash<QString, Comment> comments;
    QMap<QString, SavedView> views; // by id
    QMap<QString, Attachment> attachments; // by id
    QString epoch;
    qint64 seq = 0;

    const Column *column(const QString &columnId) const;
    qsizetype columnIndex(const QString &columnId) const;
    Role roleOf(const QString &userId) const;
    const Member *memberByLogin(const QString &login) const;
    QList<Comment> commentsOf(const QString &itemId) const; // oldest first
    QList<Attachment> attachmentsOf(const QString &itemId) const; // oldest first

    // Hex SHA-256 over the items sorted by id, each "id:version", joined with '\n'.
    QString digest() const;
    static QString digestOf(QList<std::pair<QString, qint64>> idVersions);

    // {board, columns, members, items, comments, views, attachments, epoch, seq}
    QJsonObject toSnapshotJson() const;
    static Expected<BoardState> fromSnapshotJson(const QJsonObject &json);
};

struct ApplyResult
{
    bool ok = true;
    QString message;
};

// Advances `state` by one event of its board stream (does not check seq order: callers do).
ApplyResult apply(const Event &event, BoardState &state);

// A value of column `from` as it reads after the column becomes `to`: anything reads as
// text (a status as its label, a person as their name, a date as ISO, a checkbox as yes/no);
// text becomes a number or a date when it is one. nullopt: it cannot be converted.
std::optional<QJsonValue> convertValue(const Column &from, ColumnType to, const QJsonValue &value,
                                       const BoardState &state);

} // namespace Tessera::Core
