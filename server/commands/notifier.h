#pragma once

#include "core/rules/boardstate.h"
#include "core/protocol/event.h"

namespace Tessera::Server {

// Who is notified of an accepted board event, computed from the event and the board's
// state *before* it. Only board members are ever notified, and never of their own act:
// - mention: a comment (created, or edited to add the mention) names "@login" of a member;
// - assigned: a person-type field is set to a member by someone else;
// - comment: someone else commented on an item assigned to you (unless you were
//   already notified of that comment by a mention).
namespace Notifier {

struct Recipient
{
    QString userId;
    Core::Notification notification; // id and seq are assigned when stored
};

QList<Recipient> compute(const Core::Event &event, const Core::BoardState &before);

} // namespace Notifier
} // namespace Tessera::Server
