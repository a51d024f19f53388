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
        return HttpReply::error(Status::NotFound, QStringLiteral("not_found"), QStringLiteral("no such board"));
    if (boards.roleOf(boardId, who.user.id) == Core::Role::None)
        return HttpReply::error(Status::Forbidden, QStringLiteral("stream.forbidden"),
                                QStringLiteral("you are not a member of this board"));
    return std::nullopt;
}

} // namespace Tessera::Server
