#include "opundocommand.h"

#include "opbuilder.h"

#include "core/models/boardstore.h"

namespace Tessera::App {

OpUndoCommand::OpUndoCommand(const Core::BoardStore *store, const Core::Op &forward, const Core::Op &backward,
                             Send send, const QString &text)
    : QUndoCommand(text), m_store(store), m_forward(forward), m_backward(backward), m_send(std::move(send))
{
}

void OpUndoCommand::redo()
{
    // The first redo (from QUndoStack::push) sends the op exactly as the view built it.
    m_send(m_first ? m_forward : OpBuilder::rebased(*m_store, m_forward));
    m_first = false;
}

void OpUndoCommand::undo()
{
    m_send(OpBuilder::rebased(*m_store, m_backward));
}

} // namespace Tessera::App
