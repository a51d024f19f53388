#include "opundocommand.h"

#include "opbuilder.h"

#include "core/models/boardstore.h"

namespace Tessera::App {

OpUndoCommand::OpUndoCommand(const Core::BoardStore *store, const QList<Core::Op> &forward,
                             const QList<Core::Op> &backward, Send send, const QString &text)
    : QUndoCommand(text), m_store(store), m_forward(forward), m_backward(backward), m_send(std::move(send))
{
}

QList<Core::Op> OpUndoCommand::rebased(const QList<Core::Op> &ops) const
{
    QList<Core::Op> out;
    out.reserve(ops.size());
    for (const Core::Op &op : ops)
        out.append(OpBuilder::rebased(*m_store, op));
    return out;
}

void OpUndoCommand::redo()
{
    // The first redo (from QUndoStack::push) sends the ops exactly as the view built them.
    m_send(m_first ? m_forward : rebased(m_forward));
    m_first = false;
}

void OpUndoCommand::undo()
{
    // Undone in reverse order: the last op's effect goes first.
    QList<Core::Op> backward = rebased(m_backward);
    std::reverse(backward.begin(), backward.end());
    m_send(backward);
}

} // namespace Tessera::App
