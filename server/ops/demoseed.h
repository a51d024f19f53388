#pragma once

#include <QString>

namespace Tessera::Server {

class BoardRepository;
class CommandService;
class Database;
class UserStore;

// `--demo`: on first start, demo users (ana — admin, ben, cy; password "tessera-demo")
// and a "Product launch" board with members, items across statuses and due dates in
// the current month, and a comment mentioning @ben. Everything after the board itself
// goes through the ordinary command path, so the demo has a real event log.
class DemoSeed
{
public:
    DemoSeed(Database &database, UserStore &users, BoardRepository &boards, CommandService &commands);

    bool run(); // no-op when already seeded
    QString errorString() const { return m_error; }

    static QString password() { return QStringLiteral("tessera-demo"); }

private:
    bool seedBoard(const QString &ownerId, const QString &editorId, const QString &viewerId);

    Database &m_database;
    UserStore &m_users;
    BoardRepository &m_boards;
    CommandService &m_commands;
    QString m_error;
};

} // namespace Tessera::Server
