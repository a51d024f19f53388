#pragma once

#include "core/protocol/command.h"

#include <QUndoCommand>

#include <functional>

namespace Tessera::Core {
class BoardStore;
}

namespace Tessera::App {

// One of the person's own edits on the undo stack: the ops it sent and the ops that undo
// it. Several ops (a bulk edit) go out as one atomic command both ways, so undo takes the
// whole change back or nothing. Each op is re-based on the store's current versions when
// sent, so an undo made after other people's edits still carries an honest base (and
// conflicts visibly instead of overwriting).
class OpUndoCommand final : public QUndoCommand
{
public:
    using Send = std::function<void(const QList<Core::Op> &)>;

    OpUndoCommand(const Core::BoardStore *store, const QList<Core::Op> &forward, const QList<Core::Op> &backward,
                  Send send, const QString &text);

    void redo() override;
    void undo() override;

private:
    QList<Core::Op> rebased(const QList<Core::Op> &ops) const;

    const Core::BoardStore *m_store;
    QList<Core::Op> m_forward;
    QList<Core::Op> m_backward;
    Send m_send;
    bool m_first = true;
};

} // namespace Tessera::App
