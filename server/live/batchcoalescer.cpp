#include "batchcoalescer.h"

#include "core/protocol/messages.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

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

std::optional<QByteArray> replayFrame(const QString &stream, qint64 fromSeq, const LoggedEventList &page, qsizetype *sent)
{
    if (page.isEmpty())
        return std::nullopt;
    const qint64 toSeq = page.last().seq;
    QSet<QString> updated;
    updated.reserve(page.size()); // no rehashing while a page of updates is scanned
    bool merges = false;
    for (const LoggedEvent &e : page) {
        if (e.updatedItemId.isEmpty())
            continue;
        if (updated.contains(e.updatedItemId)) {
            merges = true;
            break;
        }
        updated.insert(e.updatedItemId);
    }
    if (!merges) {
        QByteArrayList json;
        json.reserve(page.size());
        for (const LoggedEvent &e : page)
            json.append(e.json);
        *sent = json.size();
        return Core::ServerMessage::encodeBatch(stream, fromSeq, toSeq, json);
    }
    Core::EventList events;
    events.reserve(page.size());
    for (const LoggedEvent &e : page) {
        auto event = Core::Event::fromJson(QJsonDocument::fromJson(e.json).object());
        if (!event)
            return std::nullopt;
        events.append(std::move(event).value());
    }
    Core::ServerMessage batch;
    batch.type = Core::ServerMessage::Type::Batch;
    batch.stream = stream;
    batch.fromSeq = fromSeq;
    batch.toSeq = toSeq;
    batch.events = coalesce(events);
    *sent = batch.events.size();
    return batch.encode();
}

} // namespace Tessera::Server
