#pragma once
// Writers over the WebSocket: W signed-in connections sending `mutate` frames, either
// at a fixed total rate or keeping a window of unanswered commands each (saturation).
// Records ack latency (send -> ack, same clock) and the highest acked seq. Writer i connects
// to the server's node i (round robin when it has several).
#include "benchcommon.h"
#include "stats.h"

#include <QTimer>

#include <vector>

namespace Tessera::Bench {

class WriterPool : public QObject
{
public:
    // Builds the frame for one command; the rid is the pool's.
    using FrameMaker = std::function<QJsonObject(qint64 rid, qint64 index)>;

    WriterPool(const BenchServer &server, int writers, QObject *parent = nullptr);
    bool connectAll(int timeoutMs = 30000);

    void startRate(double perSecond, FrameMaker maker); // spread round-robin over the writers
    void startWindow(int window, FrameMaker maker); // each writer keeps `window` commands in flight
    void stop();
    void setLimit(qint64 total) { m_limit = total; } // sends at most this many in all (0: no limit)
    void resetCounters(); // latency samples and reject count, before a measured phase
    bool waitIdle(int timeoutMs); // every sent command answered (gives up early once every socket has closed)

    int currentWriter() const { return m_current; } // in a FrameMaker: the index of the writer it is for
    qint64 sent() const { return m_sent; }
    qint64 acked() const { return m_acked; }
    qint64 rejected() const { return m_rejected; }
    QByteArray firstReject() const { return m_firstReject; } // the first reject or error frame (500 bytes), to say why
    qint64 maxSeq() const { return m_maxSeq; }
    Samples &ackLatencyMs() { return m_ackMs; }

private:
    struct Writer
    {
        BenchSocket *socket = nullptr;
        QByteArray token;
        bool welcomed = false;
        bool closed = false;
        QHash<qint64, qint64> inFlight; // rid -> send time (ns)
    };
    void sendOne(Writer &w);
    void onFrame(Writer &w, const QByteArray &frame);

    const BenchServer &m_server;
    std::vector<Writer> m_writers;
    FrameMaker m_maker;
    QTimer m_rateTimer;
    qint64 m_rateStartNs = 0;
    double m_rate = 0;
    int m_window = 0;
    bool m_running = false;
    qint64 m_limit = 0;
    qint64 m_rateBase = 0;
    qint64 m_nextRid = 1;
    qint64 m_sent = 0;
    qint64 m_acked = 0;
    qint64 m_rejected = 0;
    qint64 m_maxSeq = 0;
    size_t m_next = 0;
    int m_current = 0;
    Samples m_ackMs;
    QByteArray m_firstReject;
};

} // namespace Tessera::Bench
