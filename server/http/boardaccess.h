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
    // 404 for an unknown board, 403 stream.forbidden for a non-member, nothing if allowed.
    static std::optional<QHttpServerResponse> requireMember(BoardRepository &boards, const AuthContext &who,
                                                            const QString &boardId);
};

} // namespace Tessera::Server
