// Fuzz target: command validation + event application. A command the shared rules
// accept must always apply cleanly, produce an event that survives the wire, and leave
// the board consistent; a rejected one must say why.
#include "core/rules/commandlogic.h"
#include "core/protocol/jsonreader.h"
#include "core/protocol/limits.h"

#include <cstdint>
#include <cstdlib>

namespace {

Tessera::Core::BoardState board()
{
    using namespace Tessera::Core;
    BoardState s;
    s.board = { QStringLiteral("b1"), QStringLiteral("Board"), QString(), false, QString() };
    s.columns = { { QStringLiteral("title"), QStringLiteral("Title"), ColumnType::Text, {} },
                  { QStringLiteral("status"), QStringLiteral("Status"), ColumnType::Status,
                    { { QStringLiteral("todo"), QStringLiteral("To do"), QStringLiteral("#888888") },
                      { QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("#00aa00") } } },
                  { QStringLiteral("who"), QStringLiteral("Who"), ColumnType::Person, {} },
                  { QStringLiteral("due"), QStringLiteral("Due"), ColumnType::Date, {} },
                  { QStringLiteral("n"), QStringLiteral("N"), ColumnType::Number, {} },
                  { QStringLiteral("ok"), QStringLiteral("Ok"), ColumnType::Checkbox, {} } };
    s.members.insert(QStringLiteral("u1"), { QStringLiteral("u1"), Role::Owner, QStringLiteral("ana"), QStringLiteral("Ana") });
    s.members.insert(QStringLiteral("u2"), { QStringLiteral("u2"), Role::Editor, QStringLiteral("ben"), QStringLiteral("Ben") });
    s.members.insert(QStringLiteral("u3"), { QStringLiteral("u3"), Role::Viewer, QStringLiteral("cy"), QStringLiteral("Cy") });
    Item item;
    item.id = QStringLiteral("i1");
    item.fields = { { QStringLiteral("title"), QStringLiteral("One") }, { QStringLiteral("status"), QStringLiteral("todo") } };
    item.versions = { { QStringLiteral("title"), 1 }, { QStringLiteral("status"), 2 } };
    item.rank = QStringLiteral("V");
    s.items.insert(item.id, item);
    Comment c { QStringLiteral("c1"), QStringLiteral("i1"), QStringLiteral("u2"), QStringLiteral("hi"), {}, QStringLiteral("t"), {} };
    s.comments.insert(c.id, c);
    s.seq = 3;
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Tessera::Core;
    if (size < 1)
        return 0;
    // The first byte picks the actor, the rest is the command JSON.
    static const QString actors[] = { QStringLiteral("u1"), QStringLiteral("u2"), QStringLiteral("u3"), QStringLiteral("zz") };
    const QString actor = actors[data[0] % 4];
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const ParsedJson parsed = parseJsonObject(bytes, Limits::maxMessageBytes, Limits::maxJsonDepth);
    if (parsed.error.isError())
        return 0;
    const auto command = Command::fromJson(parsed.object);
    if (!command.ok())
        return 0;
    BoardState state = board();
    const Verdict verdict = validate(command.value(), state, actor);
    if (!verdict.ok) {
        if (verdict.message.isEmpty())
            std::abort();
        return 0;
    }
    const Event event = makeEvent(command.value(), state, actor, state.seq + 1, QStringLiteral("2026-01-01T00:00:00Z"));
    const auto wire = Event::fromJson(event.toJson());
    if (!wire.ok() || !(wire.value() == event))
        std::abort();
    if (!apply(event, state).ok || state.seq != 4)
        std::abort();
    // The state still round-trips as a snapshot.
    if (!BoardState::fromSnapshotJson(state.toSnapshotJson()).ok())
        std::abort();
    return 0;
}
