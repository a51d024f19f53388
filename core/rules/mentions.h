#pragma once

#include <QStringList>

namespace Tessera::Core {

struct BoardState;

namespace Mentions {

// The distinct logins written as "@login" in `body` (not inside e-mail addresses), in order.
QStringList logins(const QString &body);
// User ids of board members mentioned in `body`; anyone else is never mentioned.
QStringList resolve(const QString &body, const BoardState &state);

} // namespace Mentions
} // namespace Tessera::Core
