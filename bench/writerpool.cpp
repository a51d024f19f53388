#include "writerpool.h"

#include <algorithm>

namespace Tessera::Bench {

WriterPool::WriterPool(const BenchServer &server, int writers, QObject *parent)
    : QObject(parent), m_server(server), m_writers(size_t(std::max(writers, 1)))
{
    m_rateTimer.setTimerType(Qt::PreciseTimer);
    m_rateTimer.setInterval(1);
    connect(&m_rateTimer, &QTimer::timeout, this, [this] {
        const double due = double(nowNs() - m_rateStartNs) / 1e9 * m_rate;
        while (m_running && double(m_sent - m_rateBase) < due && (m_limit == 0 || m_sent < m_limit)) {
            sendOne(m_writers[m_next]);
            m_next = (m_next + 1) % m_writers.size();
        }
    });
}

bool WriterPool::connectAll(int timeoutMs)
{
    for (size_t i = 0; i < m_writers.size(); ++i) {
        Writer &w = m_writers[i];
        w.token = m_server.login(); // a session each, as separate people would have
        if (w.token.isEmpty())
            return false;
        w.socket = new BenchSocket(this);
        Writer *wp = &w;
        w.socket->onConnected = [wp] { wp->socket->hello(wp->token); };
        w.socket->onFrame = [this, wp](const QByteArray &frame) { onFrame(*wp, frame); };
        w.socket->onDisconnected = [wp] { wp->closed = true; };
        w.socket->open(m_server.nodeUrl(qsizetype(i))); // several nodes: round robin
    }
    return waitUntil([this] {
        for (const Writer &w : m_writers) {
            if (!w.welcomed)
                return false;
        }
        return true;
    }, timeoutMs);
}

void WriterPool::onFrame(Writer &w, const QByteArray &frame)
{
    if (!w.welcomed) {
        w.welcomed = isType(frame, "welcome");
        return;
    }
    const QByteArray type = stringField(frame, "type");
    if (type != "ack" && type != "reject" && type != "error")
        return;
    const qint64 rid = intField(frame, "rid");
    const auto it = w.inFlight.find(rid);
    if (it == w.inFlight.end())
        return;
    if (type == "ack") {
        ++m_acked;
        m_ackMs.add(double(nowNs() - it.value()) / 1e6);
        m_maxSeq = std::max(m_maxSeq, intField(frame, "seq", 0));
    } else {
        ++m_rejected;
        if (m_firstReject.isEmpty())
            m_firstReject = frame.left(500);
    }
    w.inFlight.erase(it);
    if (m_running && m_window > 0)
        sendOne(w);
}

void WriterPool::sendOne(Writer &w)
{
    if (m_limit > 0 && m_sent >= m_limit)
        return;
    const qint64 rid = m_nextRid++;
    m_current = int(&w - m_writers.data());
    const QJsonObject frame = m_maker(rid, m_sent);
    w.inFlight.insert(rid, nowNs());
    ++m_sent;
    w.socket->send(frame);
}

void WriterPool::startRate(double perSecond, FrameMaker maker)
{
    m_maker = std::move(maker);
    m_rate = perSecond;
    m_rateBase = m_sent;
    m_window = 0;
    m_running = true;
    m_rateStartNs = nowNs();
    m_rateTimer.start();
}

void WriterPool::startWindow(int window, FrameMaker maker)
{
    m_maker = std::move(maker);
    m_window = std::max(window, 1);
    m_running = true;
    for (Writer &w : m_writers) {
        for (int i = 0; i < m_window; ++i)
            sendOne(w);
    }
}

void WriterPool::stop()
{
    m_running = false;
    m_rateTimer.stop();
}

void WriterPool::resetCounters()
{
    m_ackMs = Samples();
    m_rejected = 0;
}

bool WriterPool::waitIdle(int timeoutMs)
{
    const auto allClosed = [this] {
        return std::all_of(m_writers.cbegin(), m_writers.cend(), [](const Writer &w) { return w.closed; });
    };
    waitUntil([&] { return m_acked + m_rejected >= m_sent || allClosed(); }, timeoutMs);
    return m_acked + m_rejected >= m_sent;
}

} // namespace Tessera::Bench
