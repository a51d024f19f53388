#pragma once

#include "core/protocol/event.h"

namespace Tessera::Server {

// Collapses a run of events for one batch frame: several item.updated of one item
// become one carrying each field's final value and version (placed where the last of
// them was), as long as no other event about that item lies between them. The range a
// batch covers is not changed by this; only the number of events shrinks.
Core::EventList coalesce(const Core::EventList &events);

} // namespace Tessera::Server
