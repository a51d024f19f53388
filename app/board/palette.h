#pragma once

#include <QIcon>
#include <QList>
#include <QString>

namespace Tessera::App {

// The named colours people choose status options from. The wire keeps "#rrggbb"; people
// only ever see the names ("Green", "Blue"). A colour from elsewhere (an older board, the
// server's starter set) is shown under the name of the nearest palette colour.
class Palette final
{
public:
    struct Colour
    {
        QString name; // translated, as shown
        QString hex; // "#rrggbb", as stored
    };

    static QList<Colour> colours();
    static QString nameOf(const QString &hex); // the exact or nearest colour's name
    static QString nearest(const QString &hex); // the exact or nearest palette hex
    // A colour for the n-th option of a new set: the palette in order, skipping grey.
    static QString forIndex(int index);
    static QIcon swatch(const QString &hex, int size = 14);
};

} // namespace Tessera::App
