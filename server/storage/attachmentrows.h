#pragma once

#include "core/protocol/event.h"
#include "core/rules/boardstate.h"

#include <QSqlDatabase>

namespace Tessera::Server {

// The `attachments` table: what BoardRepository writes for attachment.* and item.deleted
// events (inside the command's transaction) and reads back into a board's state. The files
// themselves are the files room's (server/files).
class AttachmentRows final
{
public:
    explicit AttachmentRows(QSqlDatabase db)
        : m_db(std::move(db))
    {
    }

    // Writes what `event` changed of the attachments; events of other kinds change nothing.
    // False (with `error`) on a failed statement.
    bool write(const QString &boardId, const Core::Event &event, const Core::BoardState &after, QString *error) const;
    // Adds the board's attachments to `state`; false on a failed statement.
    bool load(const QString &boardId, Core::BoardState &state) const;

private:
    QSqlDatabase m_db;
};

} // namespace Tessera::Server
