#pragma once

#include <QString>
#include <QStringList>

namespace Tessera::Server {

class BoardRepository;

// `admin check` for one board: replays its event log with the rules that apply events for
// real (Core::apply, as CommandService does) and compares the result with what the items
// table holds (ids, fields, field versions, rank, creator, creation time), with the
// board's head seq, with the comments (complete logs) and with the board row (name,
// description, archived, deleted; when the log sets them). Reads only.
//
// What the log cannot vouch for is said, not guessed:
// - A board's columns at creation are not in the log (board creation is not an event), so
//   a column whose first event in the log is an update starts with that update's
//   definition: a retype at that event is not replayed, and values of that column written
//   at or before it are not compared (notes say which).
// - When retention trimmed the log (floor_seq > 0), the board's state at the floor is
//   gone: items older than the floor start from their stored fields of version <= floor
//   (and their stored rank and creator), and only what the retained log wrote is checked.
//   Members start as the stored ones (for a person -> text retype, names are today's).
class BoardReplay
{
public:
    struct Result
    {
        bool ok = false;
        QString problem; // the first mismatch, naming board, item and field
        qint64 events = 0; // events replayed
        int items = 0; // items compared
        bool trimmed = false; // the log no longer starts at the board's creation
        QStringList notes; // what could not be checked
    };

    static Result run(const BoardRepository &boards, const QString &boardId);
};

} // namespace Tessera::Server
