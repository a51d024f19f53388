#pragma once

#include <QString>

#include <optional>

namespace Tessera::Core::Rank {

// Fractional ranks: strings over 0-9A-Za-z (ASCII order), compared as plain strings,
// never ending in '0' so there is always room between two ranks.
//
// between() picks a short key: next to the longer neighbour (the one that was most
// likely inserted last) so repeated inserts at one spot step by one unit at the current
// length, and the length doubles when a length is used up. 10,000 inserts at one spot
// therefore cost a handful of characters, not thousands.

bool isValid(const QString &rank);
// A rank strictly between `before` and `after`; an empty string means "no bound".
// Returns nullopt when before >= after or either is invalid.
std::optional<QString> between(const QString &before, const QString &after);
inline std::optional<QString> first() { return between(QString(), QString()); }
inline std::optional<QString> after(const QString &rank) { return between(rank, QString()); }
inline std::optional<QString> before(const QString &rank) { return between(QString(), rank); }
// Where a dropped card or row goes: between its new neighbours, or right after the earlier
// one when they share a rank (so there is no room between them).
inline std::optional<QString> forDrop(const QString &before, const QString &after)
{
    auto rank = between(before, after);
    return rank ? rank : Rank::after(before);
}

} // namespace Tessera::Core::Rank
