#include "batchcoalescer.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

namespace Tessera::Server {

namespace {

QJsonObject merged(const QJsonObject &older, const QJsonObject &newer)
{
    QJsonObject out = older;
    for (auto it = newer.begin(); it != newer.end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

} // namespace

Core::EventList coalesce(const Core::EventList &events)
{
    if (events.size() < 2)
        return events;
    const QString fieldsKey = QStringLiteral("fields");
    const QString versionsKey = QStringLiteral("versions");
    QList<std::optional<Core::Event>> slots;
    slots.reserve(events.size());
    QHash<QString, qsizetype> openUpdate; // itemId -> slot of its last item.updated
    for (const Core::Event &e : events) {
        const QString itemId = e.itemId();
        if (e.kind == Core::EventKind::ItemUpdated && !itemId.isEmpty()) {
            const auto it = openUpdate.constFind(itemId);
            if (it != openUpdate.constEnd()) {
                Core::Event combined = e;
                const QJsonObject &old = slots[*it]->payload;
                combined.payload.insert(fieldsKey, merged(old.value(fieldsKey).toObject(), e.payload.value(fieldsKey).toObject()));
                combined.payload.insert(versionsKey,
                                        merged(old.value(versionsKey).toObject(), e.payload.value(versionsKey).toObject()));
                slots[*it].reset();
                slots.append(std::move(combined));
            } else {
                slots.append(e);
            }
            openUpdate.insert(itemId, slots.size() - 1);
            continue;
        }
        if (!itemId.isEmpty())
            openUpdate.remove(itemId);
        else if (e.kind == Core::EventKind::ColumnDeleted || e.kind == Core::EventKind::ColumnUpdated)
            openUpdate.clear(); // a column change may touch every item's fields: keep order exact
        slots.append(e);
    }
    Core::EventList out;
    for (auto &slot : slots) {
        if (slot)
            out.append(std::move(*slot));
    }
    return out;
}

} // namespace Tessera::Server
