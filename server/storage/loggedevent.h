#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Tessera::Server {

// An event of a stream's log as stored: its wire JSON (compact UTF-8) untouched, so a
// catch-up can put it into a batch frame without parsing and encoding it again, and
// what coalescing needs to know of it: the item of an item.updated (empty otherwise).
struct LoggedEvent
{
    qint64 seq = 0;
    QByteArray json;
    QString updatedItemId;
};
using LoggedEventList = QList<LoggedEvent>;

} // namespace Tessera::Server
