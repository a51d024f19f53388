#pragma once

#include <QIcon>

namespace Tessera::App::ToolbarIcons {

// The board toolbar's icons, drawn (no icon theme is guaranteed on every desktop): mid grey
// strokes that read on light and dark palettes, with a lighter disabled state.
QIcon funnel(); // filter conditions
QIcon undo(); // a curved arrow to the left
QIcon redo(); // the same, to the right
QIcon barChart(); // three bars: the Dashboard view

} // namespace Tessera::App::ToolbarIcons
