#include "palette.h"

#include <QCoreApplication>
#include <QColor>
#include <QPainter>
#include <QPixmap>

#include <iterator>
#include <limits>

namespace Tessera::App {

namespace {

struct Entry
{
    const char *name;
    const char *hex;
};

// Material 600 shades: readable as a dot or chip on light and dark backgrounds.
constexpr Entry kEntries[] = {
    { QT_TRANSLATE_NOOP("Palette", "Grey"), "#9e9e9e" },   { QT_TRANSLATE_NOOP("Palette", "Blue"), "#1e88e5" },
    { QT_TRANSLATE_NOOP("Palette", "Green"), "#43a047" },  { QT_TRANSLATE_NOOP("Palette", "Yellow"), "#fdd835" },
    { QT_TRANSLATE_NOOP("Palette", "Orange"), "#fb8c00" }, { QT_TRANSLATE_NOOP("Palette", "Red"), "#e53935" },
    { QT_TRANSLATE_NOOP("Palette", "Purple"), "#8e24aa" }, { QT_TRANSLATE_NOOP("Palette", "Pink"), "#d81b60" },
    { QT_TRANSLATE_NOOP("Palette", "Teal"), "#00897b" },   { QT_TRANSLATE_NOOP("Palette", "Brown"), "#6d4c41" },
};

// Distance in a rough perceptual space: hue matters more than lightness, so "#3b82f6"
// reads as Blue and "#8e9aaf" as Grey.
double distance(const QColor &a, const QColor &b)
{
    const double meanRed = (a.red() + b.red()) / 2.0;
    const double dr = a.red() - b.red();
    const double dg = a.green() - b.green();
    const double db = a.blue() - b.blue();
    return (2 + meanRed / 256) * dr * dr + 4 * dg * dg + (2 + (255 - meanRed) / 256) * db * db;
}

const Entry &nearestEntry(const QString &hex)
{
    const QColor wanted(hex);
    const Entry *best = &kEntries[0];
    double bestDistance = std::numeric_limits<double>::max();
    for (const Entry &e : kEntries) {
        const double d = wanted.isValid() ? distance(wanted, QColor(QLatin1String(e.hex))) : 0;
        if (d < bestDistance) {
            best = &e;
            bestDistance = d;
        }
    }
    return *best;
}

} // namespace

QList<Palette::Colour> Palette::colours()
{
    QList<Colour> out;
    for (const Entry &e : kEntries)
        out.append({ QCoreApplication::translate("Palette", e.name), QLatin1String(e.hex) });
    return out;
}

QString Palette::nameOf(const QString &hex)
{
    return QCoreApplication::translate("Palette", nearestEntry(hex).name);
}

QString Palette::nearest(const QString &hex)
{
    return QLatin1String(nearestEntry(hex).hex);
}

QString Palette::forIndex(int index)
{
    constexpr int count = int(std::size(kEntries)) - 1;
    return QLatin1String(kEntries[1 + (index % count + count) % count].hex);
}

QIcon Palette::swatch(const QString &hex, int size)
{
    QPixmap pixmap(size * 2, size * 2);
    pixmap.setDevicePixelRatio(2.0);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QColor(hex).darker(130));
    painter.setBrush(QColor(hex));
    painter.drawEllipse(QRectF(1.5, 1.5, size - 3, size - 3));
    return QIcon(pixmap);
}

} // namespace Tessera::App
