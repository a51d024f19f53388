#pragma once

#include <QHttpServerResponse>

#include <optional>

namespace Tessera::Server {

class BoardRepository;
struct AuthContext;

// Who may read a board over HTTP: its members.
class BoardAccess final
{
public:
    // 404 not_found for an unknown board and, word for word the same, for a board the
    // caller is not a member of (no existence oracle); nothing if allowed.
    static std::optional<QHttpServerResponse> requireMember(BoardRepository &boards, const AuthContext &who,
                                                            const QString &boardId);
};

} // namespace Tessera::Server
