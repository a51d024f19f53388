#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <utility>

namespace Tessera::Core {

// One enum's wire names, in one place: name(value) and value(name). Use as
//   constexpr NameTable<Mode, 2> ModeNames { { { { Mode::A, "a" }, { Mode::B, "b" } } } };
template<typename Enum, std::size_t N>
struct NameTable
{
    std::array<std::pair<Enum, const char *>, N> entries;

    QString name(Enum value) const
    {
        for (const auto &[v, n] : entries) {
            if (v == value)
                return QString::fromLatin1(n);
        }
        return QString();
    }

    std::optional<Enum> value(const QString &name) const
    {
        for (const auto &[v, n] : entries) {
            if (name == QLatin1String(n))
                return v;
        }
        return std::nullopt;
    }

    QStringList names() const
    {
        QStringList out;
        for (const auto &[v, n] : entries)
            out.append(QString::fromLatin1(n));
        return out;
    }
};

} // namespace Tessera::Core
