#pragma once

#include "apiclient.h"
#include "core/rules/boardstate.h"
#include "core/protocol/command.h"

#include <QSqlDatabase>

#include <optional>

namespace Tessera::Core {

// A stream's position: the server's epoch and the last applied seq.
struct StreamPosition
{
    QString epoch;
    qint64 seq = 0;
    bool operator==(const StreamPosition &) const = default;
};

// One persisted outbox entry (see Outbox).
struct OutboxRecord
{
    qint64 position = 0; // send order
    Command command;
    QString state; // "queued", "failed", "conflict"
    QString code;
    QString message;
    std::optional<Item> theirs;
    QList<Item> conflicts; // a bulk command's conflicting items (stored as an array in theirs_json)
};

// The client's SQLite file for one server and user: board list, every opened board
// (columns, members, items, comments), notifications, each stream's epoch and seq, the
// outbox and small settings (e.g. a pinned certificate). WAL, its own connection name.
// A file that cannot be read is moved aside to "<file>.corrupt-<timestamp>" and a fresh
// one is made: the caller then reloads from snapshots. Never throws or crashes on bad data.
class LocalCache final
{
public:
    explicit LocalCache(QString filePath);
    ~LocalCache();
    LocalCache(const LocalCache &) = delete;
    LocalCache &operator=(const LocalCache &) = delete;

    // "<dir>/<hash of server+user>.sqlite"
    static QString filePathFor(const QString &dir, const QUrl &server, const QString &userId);

    bool open(); // false only if even a fresh file cannot be made
    bool isOpen() const { return m_open; }
    QString filePath() const { return m_path; }
    QString movedAsideTo() const { return m_movedAside; } // set when a corrupt file was replaced

    QString meta(const QString &key) const;
    void setMeta(const QString &key, const QString &value);

    QList<BoardSummary> boards() const;
    void setBoards(const QList<BoardSummary> &boards);

    std::optional<BoardState> board(const QString &boardId) const;
    void saveBoard(const BoardState &state); // replaces everything of that board
    // After a batch: writes the items and comments the events touched, plus board, columns,
    // members and position, in one transaction.
    void saveBoardChanges(const BoardState &state, const EventList &events);
    void removeBoard(const QString &boardId);

    StreamPosition position(const QString &stream) const;
    void setPosition(const QString &stream, const StreamPosition &position);

    QList<Notification> notifications() const; // newest first
    void saveNotifications(const QList<Notification> &notifications, const StreamPosition &inbox);
    void clearNotifications();

    QList<OutboxRecord> outbox() const; // in send order
    bool putOutbox(const OutboxRecord &record); // insert or replace by mutationId
    bool removeOutbox(const QString &mutationId);

private:
    bool openFile();
    bool createSchema();
    void close();
    bool exec(const QString &sql, const QVariantList &binds = {}) const;
    void writeBoardMeta(const BoardState &state);
    void writeItem(const BoardState &state, const QString &itemId);
    void writeComment(const BoardState &state, const QString &commentId);

    QString m_path;
    QString m_connection;
    QString m_movedAside;
    bool m_open = false;
};

} // namespace Tessera::Core
