#include "boardaccess.h"

#include "httpreply.h"

#include "server/accounts/requestauth.h"
#include "server/storage/boardrepository.h"

namespace Tessera::Server {

std::optional<QHttpServerResponse> BoardAccess::requireMember(BoardRepository &boards, const AuthContext &who,
                                                              const QString &boardId)
{
    using Status = QHttpServerResponse::StatusCode;
    const auto heads = boards.heads(boardId);
    if (!heads)
        return HttpReply::error(Status::NotFound, Core::ErrorCode::NotFound, QStringLiteral("no such board"));
    const Core::Role role = boards.roleOf(boardId, who.user.id);
    if (role == Core::Role::None) // the same answer as an unknown board: no existence oracle
        return HttpReply::error(Status::NotFound, Core::ErrorCode::NotFound, QStringLiteral("no such board"));
    if (heads->deleted && role != Core::Role::Owner)
        return HttpReply::error(Status::NotFound, Core::ErrorCode::NotFound, QStringLiteral("this board was deleted"));
    return std::nullopt;
}

} // namespace Tessera::Server
