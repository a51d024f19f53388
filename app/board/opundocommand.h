#pragma once

#include "core/protocol/command.h"

#include <QUndoCommand>

#include <functional>

namespace Tessera::Core {
class BoardStore;
}

namespace Tessera::App {

// One of the person's own edits on the undo stack, as a pair of ops: redo sends the
// forward op, undo sends its inverse. Each is re-based on the store's current versions
// when sent, so an undo made after other people's edits still carries an honest base
// (and conflicts visibly instead of overwriting).
class OpUndoCommand final : public QUndoCommand
{
public:
    using Send = std::function<void(const Core::Op &)>;

    OpUndoCommand(const Core::BoardStore *store, const Core::Op &forward, const Core::Op &backward, Send send,
                  const QString &text);

    void redo() override;
    void undo() override;

private:
    const Core::BoardStore *m_store;
    Core::Op m_forward;
    Core::Op m_backward;
    Send m_send;
    bool m_first = true;
};

} // namespace Tessera::App
