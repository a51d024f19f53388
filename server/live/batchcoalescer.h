#pragma once

#include "core/protocol/event.h"
#include "server/storage/loggedevent.h"

#include <optional>

namespace Tessera::Server {

// Collapses a run of events for one batch frame: several item.updated of one item
// become one carrying each field's final value and version (placed where the last of
// them was), as long as no other event about that item lies between them. The range a
// batch covers is not changed by this; only the number of events shrinks.
Core::EventList coalesce(const Core::EventList &events);

// A catch-up page (events fromSeq.. in order, no gap) as one batch frame. When coalescing
// would change nothing (no two item.updated of one item) the stored JSON is spliced in as
// it is, with nothing parsed or encoded again; otherwise the page is parsed, coalesced and
// encoded. `sent`: how many events the frame holds. Nothing when a stored event is unreadable.
std::optional<QByteArray> replayFrame(const QString &stream, qint64 fromSeq, const LoggedEventList &page, qsizetype *sent);

} // namespace Tessera::Server
