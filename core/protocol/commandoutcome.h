#pragma once

#include "codes.h"
#include "domain.h"
#include "expected.h"

#include <QJsonObject>

#include <optional>

namespace Tessera::Core {

// What became of one command: the same shape on the WebSocket (`ack`/`reject` frames, with
// `rid`) and as the body of POST /api/v1/mutations, encoded and decoded only here.
//   ack    {type:"ack", mutationId, seq, duplicate, fromSeq?}     (fromSeq: a bulk command's first)
//   reject {type:"reject", mutationId, code, message, current?, conflicts?:[{itemId, current}], retryAfterMs?}
//   error  {type:"error", code, message}                         (not a decision: e.g. storage failed)
struct CommandOutcome
{
    enum class Status { Ack, Reject, Error };

    Status status = Status::Error;
    QString mutationId;
    qint64 seq = 0; // ack: the command's (last) seq
    qint64 fromSeq = 0; // ack of a bulk command: its first seq (0: a single op)
    bool duplicate = false; // ack: a retried mutationId, answered with the original result
    RejectCode reject = RejectCode::Invalid;
    ErrorCode error = ErrorCode::Internal;
    QString message;
    std::optional<Item> current; // conflict: the item as it is now (a bulk command's first)
    QList<std::pair<QString, Item>> conflicts; // a bulk command's conflicts: every item, as it is now
    std::optional<qint64> retryAfterMs; // rate_limited

    static CommandOutcome ack(const QString &mutationId, qint64 seq, bool duplicate = false);
    static CommandOutcome rejected(const QString &mutationId, RejectCode code, const QString &message,
                                   std::optional<Item> current = std::nullopt);
    static CommandOutcome failed(ErrorCode code, const QString &message);

    QJsonObject toJson() const;
    static Expected<CommandOutcome> fromJson(const QJsonObject &json);
    bool operator==(const CommandOutcome &) const = default;
};

} // namespace Tessera::Core
