#include "commandoutcome.h"

#include "jsonreader.h"
#include "limits.h"

#include <QJsonArray>

namespace Tessera::Core {

CommandOutcome CommandOutcome::ack(const QString &mutationId, qint64 seq, bool duplicate)
{
    CommandOutcome o;
    o.status = Status::Ack;
    o.mutationId = mutationId;
    o.seq = seq;
    o.duplicate = duplicate;
    return o;
}

CommandOutcome CommandOutcome::rejected(const QString &mutationId, RejectCode code, const QString &message,
                                        std::optional<Item> current)
{
    CommandOutcome o;
    o.status = Status::Reject;
    o.mutationId = mutationId;
    o.reject = code;
    o.message = message;
    o.current = std::move(current);
    return o;
}

CommandOutcome CommandOutcome::failed(ErrorCode code, const QString &message)
{
    CommandOutcome o;
    o.status = Status::Error;
    o.error = code;
    o.message = message;
    return o;
}

QJsonObject CommandOutcome::toJson() const
{
    switch (status) {
    case Status::Ack: {
        QJsonObject o { { QStringLiteral("type"), QStringLiteral("ack") },
                        { QStringLiteral("mutationId"), mutationId },
                        { QStringLiteral("seq"), double(seq) },
                        { QStringLiteral("duplicate"), duplicate } };
        if (fromSeq > 0)
            o.insert(QStringLiteral("fromSeq"), double(fromSeq));
        return o;
    }
    case Status::Reject: {
        QJsonObject o { { QStringLiteral("type"), QStringLiteral("reject") },
                        { QStringLiteral("mutationId"), mutationId },
                        { QStringLiteral("code"), rejectCodeName(reject) },
                        { QStringLiteral("message"), message } };
        if (current)
            o.insert(QStringLiteral("current"), current->toJson());
        if (!conflicts.isEmpty()) {
            QJsonArray list;
            for (const auto &[itemId, item] : conflicts)
                list.append(QJsonObject { { QStringLiteral("itemId"), itemId }, { QStringLiteral("current"), item.toJson() } });
            o.insert(QStringLiteral("conflicts"), list);
        }
        if (retryAfterMs)
            o.insert(QStringLiteral("retryAfterMs"), double(*retryAfterMs));
        return o;
    }
    case Status::Error:
        break;
    }
    return { { QStringLiteral("type"), QStringLiteral("error") },
             { QStringLiteral("code"), errorCodeName(error) },
             { QStringLiteral("message"), message } };
}

Expected<CommandOutcome> CommandOutcome::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    CommandOutcome o;
    const QString type = r.oneOf(QStringLiteral("type"), { QStringLiteral("ack"), QStringLiteral("reject"), QStringLiteral("error") });
    if (!r.ok())
        return r.error();
    if (type == QLatin1String("ack")) {
        o.status = Status::Ack;
        o.mutationId = r.id(QStringLiteral("mutationId"));
        o.seq = r.integer(QStringLiteral("seq"), JsonReader::Required, 0);
        o.fromSeq = r.integer(QStringLiteral("fromSeq"), JsonReader::Optional, 0);
        o.duplicate = r.boolean(QStringLiteral("duplicate"), JsonReader::Optional);
    } else if (type == QLatin1String("reject")) {
        o.status = Status::Reject;
        o.mutationId = r.id(QStringLiteral("mutationId"));
        const QString code = r.string(QStringLiteral("code"), JsonReader::Required, 64);
        o.message = r.string(QStringLiteral("message"), JsonReader::Required, 4096);
        o.retryAfterMs = r.optionalInteger(QStringLiteral("retryAfterMs"), 0);
        const QJsonObject current = r.object(QStringLiteral("current"), JsonReader::Optional);
        const QJsonArray conflicts = r.array(QStringLiteral("conflicts"), JsonReader::Optional, Limits::maxOpsPerCommand);
        if (!r.ok())
            return r.error();
        for (qsizetype i = 0; i < conflicts.size(); ++i) {
            JsonReader c(conflicts.at(i).toObject(), QStringLiteral("conflicts[%1]").arg(i));
            const QString itemId = c.id(QStringLiteral("itemId"));
            const QJsonObject item = c.object(QStringLiteral("current"));
            if (!c.ok())
                return c.error();
            auto parsed = Item::fromJson(item, QStringLiteral("conflicts[%1].current").arg(i));
            if (!parsed)
                return parsed.error();
            o.conflicts.append({ itemId, parsed.value() });
        }
        // A code this client does not know yet still refuses the command: as `invalid`.
        o.reject = rejectCodeFromName(code).value_or(RejectCode::Invalid);
        if (json.contains(QStringLiteral("current"))) {
            auto item = Item::fromJson(current, QStringLiteral("current"));
            if (!item)
                return item.error();
            o.current = item.value();
        }
    } else {
        o.status = Status::Error;
        o.error = errorCodeFromName(r.string(QStringLiteral("code"), JsonReader::Required, 64));
        o.message = r.string(QStringLiteral("message"), JsonReader::Required, 4096);
    }
    if (!r.ok())
        return r.error();
    return o;
}

} // namespace Tessera::Core
