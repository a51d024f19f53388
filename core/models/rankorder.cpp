#include "rankorder.h"

#include <algorithm>
#include <vector>

namespace Tessera::Core {

namespace {

// The first 8 UTF-16 units of `rank` as bytes, most significant first, zero-padded.
// Packing stops at the first unit >= 0xFF (written as 0xFF, the rest left zero), so two
// keys that differ order their strings exactly as QString's operator< does; equal keys
// say nothing and the strings decide.
quint64 prefixKey(const QString &rank)
{
    quint64 key = 0;
    const qsizetype n = std::min<qsizetype>(rank.size(), 8);
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t unit = rank.at(i).unicode();
        if (unit >= 0xFF) {
            key |= quint64(0xFF) << (8 * (7 - i));
            break;
        }
        key |= quint64(unit) << (8 * (7 - i));
    }
    return key;
}

struct Entry
{
    quint64 key;
    const Item *item;
};

} // namespace

void sortByRank(QList<const Item *> &items)
{
    std::vector<Entry> entries;
    entries.reserve(size_t(items.size()));
    for (const Item *item : std::as_const(items))
        entries.push_back({ prefixKey(item->rank), item });
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        if (a.key != b.key)
            return a.key < b.key;
        if (const int c = QString::compare(a.item->rank, b.item->rank); c != 0)
            return c < 0;
        return a.item->id < b.item->id;
    });
    for (size_t i = 0; i < entries.size(); ++i)
        items[qsizetype(i)] = entries[i].item;
}

} // namespace Tessera::Core
