#pragma once
// Helpers shared by the chaos suites (on top of the SyncClient harness).
#include "syncharness.h"

#include "../bench/procstats.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QTimer>

#include <chrono>

namespace Tessera::Test {

// True when the long variants were asked for (TESSERA_CHAOS_LONG=1).
inline bool chaosLong()
{
    return qEnvironmentVariableIntValue("TESSERA_CHAOS_LONG") != 0;
}

inline qint64 monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Lets `ms` of time pass with the event loop running (for when time passing is the point).
inline void letTimePass(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

inline qint64 serverHead(const ServerProcess &server, const QByteArray &token, const QString &boardId)
{
    return httpCall(server, "GET", QStringLiteral("/api/v1/boards/%1/digest").arg(boardId), token)
            .json()
            .value(QStringLiteral("seq"))
            .toInteger();
}

// How often each mutationId occurs in the board's log after `sinceSeq` (paged).
inline QHash<QString, int> mutationCounts(const ServerProcess &server, const QByteArray &token, const QString &boardId,
                                          qint64 sinceSeq)
{
    QHash<QString, int> counts;
    for (int page = 0; page < 1000; ++page) {
        const QJsonObject r = httpCall(server, "GET",
                                       QStringLiteral("/api/v1/streams/board:%1/changes?sinceSeq=%2&limit=5000").arg(boardId).arg(sinceSeq),
                                       token)
                                      .json();
        const QJsonArray events = r.value(QStringLiteral("events")).toArray();
        for (const QJsonValue &v : events)
            ++counts[v.toObject().value(QStringLiteral("mutationId")).toString()];
        sinceSeq = r.value(QStringLiteral("toSeq")).toInteger();
        if (events.isEmpty() || sinceSeq >= r.value(QStringLiteral("headSeq")).toInteger())
            break;
    }
    return counts;
}

inline QStringList listenArgs(quint16 port)
{
    return { QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) };
}

} // namespace Tessera::Test
