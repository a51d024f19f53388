#pragma once

#include "core/protocol/domain.h"

#include <QList>

namespace Tessera::Core {

// Sorts items into row order: by rank, then by id (ranks are compared as plain strings).
// Loading a board sorts every item once, so this compares packed 8-character prefixes of
// the ranks first and reads the strings only when two prefixes tie.
void sortByRank(QList<const Item *> &items);

} // namespace Tessera::Core
