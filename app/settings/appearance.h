#pragma once

#include <QPalette>

namespace Tessera::App {

// The app's colour scheme: follow the system, or force light or dark (a dark QPalette
// applied to the whole application, with the Fusion style so every widget honours it).
class Appearance final
{
public:
    enum class Mode { System, Light, Dark };

    static void apply(Mode mode);
    static QPalette darkPalette();
    static QPalette lightPalette();
    static QString modeName(Mode mode); // "system", "light", "dark"
    static Mode modeFromName(const QString &name);
};

} // namespace Tessera::App
