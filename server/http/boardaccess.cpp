#include "boardaccess.h"

#include "httpreply.h"

#include "server/accounts/requestauth.h"
#include "server/storage/boardrepository.h"

namespace Tessera::Server {

std::optional<QHttpServerResponse> BoardAccess::requireMember(BoardRepository &boards, const AuthContext &who,
                                                              const QString &boardId)
{
    using Status = QHttpServerResponse::StatusCode;
    if (!boards.exists(boardId))
        return HttpReply::error(Status::NotFound, Core::ErrorCode::NotFound, QStringLiteral("no such board"));
    if (boards.roleOf(boardId, who.user.id) == Core::Role::None)
        return HttpReply::error(Status::Forbidden, Core::ErrorCode::StreamForbidden,
                                QStringLiteral("you are not a member of this board"));
    return std::nullopt;
}

} // namespace Tessera::Server
